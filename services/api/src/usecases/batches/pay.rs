//! `POST /payments/batches/{id}/pay` (FI, AD; `domain.md` §5.14.5): every withdrawal of an
//! exported batch paid in one transaction with the one-payment rules (`payments::rules`), or none:
//! when any withdrawal is refused the answer is 409 `batch_conflict` listing each refused id with
//! its code, and the transaction rolls back. Each payment's reference is
//! `<batch reference>/AFI-xxxxxxxxxxxx`.
//!
//! Lock order as everywhere money moves: the batch's balance rows first, in
//! `(influencer_id, brand_id)` order (a page of [`ROWS_PER_CHUNK`] keys per `SELECT … FOR
//! UPDATE`, pages in that same order), then the batch row, then its withdrawal rows (ids only).
//! The withdrawals then go through in chunks of [`ROWS_PER_CHUNK`] in id order (ADR 0081): each
//! chunk's rows, influencers, payees and balances are read, the rules run on each withdrawal on
//! its balance as the earlier payments of the batch left it, the payments are planned
//! (`payments::record::plan`) and written set-based (`payments::record::write_planned`, ADR 0073),
//! and the chunk is dropped. A chunk's balances are re-read from the rows it locked, which the
//! earlier chunks' writes have already moved, so nothing is carried from one chunk to the next but
//! the totals, the refusals and the ids. Once a withdrawal is refused the remaining chunks are
//! still checked and written (their refusals listed too); the 409 rolls every write back, and the
//! rules saw exactly the balances of the one-pass preview they used before.
//!
//! The answer lists every payment (`api.md` §11); it is written as JSON text a page of payments at
//! a time, never as a list of representations or a `serde_json::Value` tree.

use std::collections::{HashMap, HashSet};

use afiliados_api_types::ErrorCode;
use afiliados_api_types::payments::PayBatchRequest;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::commission::Buckets;
use afiliados_domain::{Actor, FieldCode, Money, PayoutBatchStatus};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{payment_reference, read::stored_batch, representation};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::orders::ledger::{BalanceKey, lock_many};
use crate::usecases::payments::profiles::ProfileBook;
use crate::usecases::payments::record::{self, PayAct, Payee, PaymentToWrite, approved_amount};
use crate::usecases::payments::rules::{self, PayTerms, Situation};
use crate::usecases::payments::{actor_label, representation as payment_representation};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Longest batch reference: with `/AFI-xxxxxxxxxxxx` (17 characters, ADR 0079) each payment's
/// reference stays within the 100 characters a payment reference may have.
pub const BATCH_REFERENCE_MAX: usize = 83;

/// Withdrawals (and balance keys, and payments of the answer) handled at a time (ADR 0081).
pub const ROWS_PER_CHUNK: usize = 1_000;

/// The paid batch's answer: the PayoutBatch with its `payments`, as JSON text.
#[derive(Debug)]
pub struct PaidBatch {
    /// The JSON body.
    pub json: String,
}

fn internal_json(error: serde_json::Error) -> UseCaseError {
    UseCaseError::internal(format!("serialising the paid batch: {error}"))
}

/// Pays batch `id`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, batch.id = %id))]
pub async fn pay(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &PayBatchRequest,
) -> Result<PaidBatch, UseCaseError> {
    let batch = stored_batch(tx, ctx, actor, id, false).await?;
    let mut problems = Problems::new();
    let terms = rules::terms(
        request.payment_date,
        &request.method,
        &request.reference,
        request.notes.as_deref(),
        ctx.today(),
        &mut problems,
    );
    if request.reference.trim().chars().count() > BATCH_REFERENCE_MAX {
        problems.push("reference", FieldCode::TooLong);
    }
    problems.finish()?;
    let terms = terms.ok_or_else(|| UseCaseError::internal("validated pay terms missing"))?;
    if batch.status != PayoutBatchStatus::Exported.as_str() {
        return Err(UseCaseError::conflict(ErrorCode::BatchNotOpen));
    }
    // The balances to lock, from an unlocked read of the members, a page at a time in lock order.
    let mut locked_keys: i64 = 0;
    let mut after: Option<(Uuid, Uuid)> = None;
    loop {
        let page = afiliados_db::payout_batch_queries::balance_keys_of(
            tx,
            id,
            after,
            ROWS_PER_CHUNK as i64,
        )
        .await?;
        let Some(last) = page.last() else { break };
        after = Some((last.0, last.1));
        let wanted: Vec<BalanceKey<'_>> = page
            .iter()
            .map(|(influencer_id, brand_id, currency)| BalanceKey {
                influencer_id: *influencer_id,
                brand_id: *brand_id,
                currency,
            })
            .collect();
        lock_many(tx, ctx, &wanted).await?;
        locked_keys += page.len() as i64;
    }
    let batch = stored_batch(tx, ctx, actor, id, true).await?;
    if batch.status != PayoutBatchStatus::Exported.as_str() {
        return Err(UseCaseError::conflict(ErrorCode::BatchNotOpen));
    }
    if afiliados_db::payout_batch_queries::count_balance_keys_of(tx, id).await? != locked_keys {
        // Only a cancel changes a batch's members, and it needs the batch row we now hold.
        return Err(UseCaseError::internal(
            "batch members changed while locking",
        ));
    }
    let ids = afiliados_db::payout_batch_queries::lock_ids_of(tx, id).await?;
    let now = ctx.now();
    let label = actor_label(actor);
    let act = PayAct {
        terms: &terms,
        batch_id: Some(id),
        actor_label: &label,
        paid_by: actor.user_id,
        now,
    };
    let brand_names: HashMap<Uuid, String> = afiliados_db::brands::all(tx, ctx.tenant_id)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let book = ProfileBook::load(tx, ctx).await?;
    let mut paid = Paid {
        gross: Money::ZERO,
        withheld: Money::ZERO,
        net: Money::ZERO,
        refused: Vec::new(),
    };
    for chunk in ids.chunks(ROWS_PER_CHUNK) {
        pay_chunk(
            tx,
            ctx,
            &act,
            Shared {
                actor,
                terms: &terms,
                book: &book,
                brand_names: &brand_names,
            },
            chunk,
            &mut paid,
        )
        .await?;
    }
    if !paid.refused.is_empty() {
        return Err(UseCaseError::Conflict {
            code: ErrorCode::BatchConflict,
            details: paid.refused,
        });
    }
    let (gross, withheld, net) = (paid.gross, paid.withheld, paid.net);
    afiliados_db::payout_batch_queries::mark_paid(
        tx,
        id,
        actor.user_id,
        (gross.amount(), withheld.amount(), net.amount()),
        now,
    )
    .await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("batch.paid", "payout_batch", id).changes(
            Some(json!({"status": "exported"})),
            Some(json!({
                "status": "paid",
                "withdrawalCount": ids.len(),
                "totalGross": gross.amount(),
                "totalWithheld": withheld.amount(),
                "totalNet": net.amount(),
                "method": terms.method.as_str(),
                "reference": terms.reference,
                "paymentDate": terms.payment_date,
            })),
        ),
    )
    .await?;
    let stored = stored_batch(tx, ctx, actor, id, false).await?;
    // Reserved once (~40 bytes per id and ~650 per payment; pages never written are never
    // resident), so the text is not copied over and over as it grows.
    let mut json: Vec<u8> = Vec::with_capacity(1_024 + ids.len() * 1_024);
    let response = representation::build(stored, ids, None)?;
    serde_json::to_writer(&mut json, &response).map_err(internal_json)?;
    drop(response);
    // `payments` is the representation's last member, absent when `None`: the object is
    // reopened and the payments appended a page at a time.
    if json.pop() != Some(b'}') {
        return Err(UseCaseError::internal("a batch that is not a JSON object"));
    }
    json.extend_from_slice(b",\"payments\":[");
    let mut after: Option<Uuid> = None;
    let mut first = true;
    loop {
        let page = afiliados_db::payment_queries::of_batch_after(
            tx,
            ctx.tenant_id,
            id,
            after,
            ROWS_PER_CHUNK as i64,
        )
        .await?;
        let Some(last) = page.last() else { break };
        after = Some(last.withdrawal_id);
        for row in page {
            if !first {
                json.push(b',');
            }
            first = false;
            let payment = payment_representation::fresh(row)?;
            serde_json::to_writer(&mut json, &payment).map_err(internal_json)?;
        }
    }
    json.extend_from_slice(b"]}");
    let json = String::from_utf8(json)
        .map_err(|_| UseCaseError::internal("the paid batch's JSON is not UTF-8"))?;
    Ok(PaidBatch { json })
}

/// What every chunk reads and nothing changes.
#[derive(Clone, Copy)]
struct Shared<'a> {
    actor: &'a Actor,
    terms: &'a PayTerms,
    book: &'a ProfileBook,
    brand_names: &'a HashMap<Uuid, String>,
}

/// What the chunks add up.
struct Paid {
    gross: Money,
    withheld: Money,
    net: Money,
    refused: Vec<Value>,
}

/// Checks, plans and writes the payments of the locked withdrawals `chunk` (in id order).
async fn pay_chunk(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    act: &PayAct<'_>,
    shared: Shared<'_>,
    chunk: &[Uuid],
    paid: &mut Paid,
) -> Result<(), UseCaseError> {
    let rows =
        afiliados_db::payout_batch_queries::withdrawals_by_id(tx, ctx.tenant_id, chunk).await?;
    if rows.len() != chunk.len() {
        return Err(UseCaseError::internal("a locked withdrawal is missing"));
    }
    // The chunk's balances, already locked by this transaction, as the earlier chunks left them.
    let mut keys: Vec<BalanceKey<'_>> = Vec::new();
    let mut seen: HashSet<(Uuid, Uuid)> = HashSet::new();
    for row in &rows {
        if seen.insert((row.influencer_id, row.brand_id)) {
            keys.push(BalanceKey {
                influencer_id: row.influencer_id,
                brand_id: row.brand_id,
                currency: &row.currency,
            });
        }
    }
    let mut balances: HashMap<(Uuid, Uuid), Buckets> = lock_many(tx, ctx, &keys).await?;
    drop(keys);
    let influencer_ids: Vec<Uuid> = rows
        .iter()
        .map(|r| r.influencer_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let influencers: HashMap<Uuid, afiliados_db::influencers::Influencer> =
        afiliados_db::payout_batch_queries::influencers_by_id(tx, ctx.tenant_id, &influencer_ids)
            .await?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
    let influencer_rows: Vec<&afiliados_db::influencers::Influencer> =
        influencers.values().collect();
    let payees = Payee::load_many(tx, ctx, &influencer_rows).await?;
    drop(influencer_rows);
    let threshold = ctx.settings.payments.dual_control_threshold;
    let mut planned = Vec::with_capacity(rows.len());
    for row in &rows {
        let key = (row.influencer_id, row.brand_id);
        let balance = balances
            .get(&key)
            .copied()
            .ok_or_else(|| UseCaseError::internal("balance not locked"))?;
        let situation = Situation {
            payer: shared.actor,
            balance: &balance,
            threshold,
            now: act.now,
            batch_id: act.batch_id,
        };
        if let Err(refusal) = rules::check(row, None, shared.terms, situation)? {
            let mut detail = json!({ "withdrawalId": row.id, "code": refusal.code() });
            if let (Some(detail), Some(facts)) =
                (detail.as_object_mut(), refusal.facts().as_object())
            {
                detail.extend(facts.clone());
            }
            paid.refused.push(detail);
            continue;
        }
        let influencer = influencers
            .get(&row.influencer_id)
            .ok_or_else(|| UseCaseError::internal("withdrawal without its influencer"))?;
        let payee = payees
            .get(&influencer.id)
            .ok_or_else(|| UseCaseError::internal("withdrawal without its payee"))?;
        let profile = shared.book.profile_of(influencer.tax_profile_id);
        let w = shared
            .book
            .withholding(approved_amount(row)?, influencer.tax_profile_id);
        let reference = format!("{}/{}", shared.terms.reference, payment_reference(row.id));
        let payment = record::plan(
            ctx,
            act,
            PaymentToWrite {
                row,
                balance: &balance,
                reference: &reference,
                withholding: w,
                profile_code: profile.map(|p| p.code.as_str()),
                brand_name: shared
                    .brand_names
                    .get(&row.brand_id)
                    .map_or("", String::as_str),
                payee,
            },
        )?;
        balances.insert(key, payment.after);
        paid.gross = paid.gross + w.gross;
        paid.withheld = paid.withheld + w.withheld;
        paid.net = paid.net + w.net;
        planned.push(payment);
    }
    // Written even after a refusal (the 409 rolls it back): the next chunks' balances must be
    // the preview's, which moves on every payment that passed its rules.
    record::write_planned(tx, ctx, act, &planned).await?;
    Ok(())
}
