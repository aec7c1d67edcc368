//! `POST /payments/batches/{id}/pay` (FI, AD; `domain.md` §5.14.5): every withdrawal of an
//! exported batch paid in one transaction with the one-payment rules (`payments::rules`), or none:
//! when any withdrawal is refused the answer is 409 `batch_conflict` listing each refused id with
//! its code, and the transaction rolls back. Each payment's reference is
//! `<batch reference>/AFI-xxxxxxxxxxxx`.
//!
//! Lock order as everywhere money moves: the batch's balance rows first, in
//! `(influencer_id, brand_id)` order (one `SELECT … FOR UPDATE`), then the batch row, then its
//! withdrawal rows. The rules run in memory per withdrawal; the payments are planned in memory
//! (`payments::record::plan`, the balance of several withdrawals of one influencer and brand
//! chaining from one to the next) and written set-based (`payments::record::write_planned`), so
//! the statement count grows by chunk of `record::CHUNK`, not by withdrawal (ADR 0073).

use std::collections::{BTreeMap, HashMap, HashSet};

use afiliados_api_types::ErrorCode;
use afiliados_api_types::payments::{PayBatchRequest, PayoutBatchResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_domain::commission::{Buckets, LedgerMovement, post};
use afiliados_domain::{Actor, FieldCode, Money, PayoutBatchStatus};
use serde_json::json;
use uuid::Uuid;

use super::{payment_reference, read::stored_batch, representation};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::orders::ledger::{BalanceKey, lock_many};
use crate::usecases::payments::profiles::ProfileBook;
use crate::usecases::payments::record::{self, PayAct, Payee, PaymentToWrite, approved_amount};
use crate::usecases::payments::rules::{self, Situation};
use crate::usecases::payments::{actor_label, representation as payment_representation};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Longest batch reference: with `/AFI-xxxxxxxxxxxx` (17 characters, ADR 0079) each payment's
/// reference stays within the 100 characters a payment reference may have.
pub const BATCH_REFERENCE_MAX: usize = 83;

/// Pays batch `id`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, batch.id = %id))]
pub async fn pay(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &PayBatchRequest,
) -> Result<PayoutBatchResponse, UseCaseError> {
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
    // The balances to lock, from an unlocked read of the members, in lock order.
    let members = afiliados_db::payout_batch_queries::withdrawals_of(tx, id, false).await?;
    let mut keys: BTreeMap<(Uuid, Uuid), String> = BTreeMap::new();
    for row in &members {
        keys.insert((row.influencer_id, row.brand_id), row.currency.clone());
    }
    let wanted: Vec<BalanceKey<'_>> = keys
        .iter()
        .map(|((influencer_id, brand_id), currency)| BalanceKey {
            influencer_id: *influencer_id,
            brand_id: *brand_id,
            currency,
        })
        .collect();
    let mut balances: HashMap<(Uuid, Uuid), Buckets> = lock_many(tx, ctx, &wanted).await?;
    let batch = stored_batch(tx, ctx, actor, id, true).await?;
    if batch.status != PayoutBatchStatus::Exported.as_str() {
        return Err(UseCaseError::conflict(ErrorCode::BatchNotOpen));
    }
    let rows = afiliados_db::payout_batch_queries::withdrawals_of(tx, id, true).await?;
    if rows
        .iter()
        .any(|r| !balances.contains_key(&(r.influencer_id, r.brand_id)))
    {
        // Only a cancel changes a batch's members, and it needs the batch row we now hold.
        return Err(UseCaseError::internal(
            "batch members changed while locking",
        ));
    }
    let now = ctx.now();
    let threshold = ctx.settings.payments.dual_control_threshold;
    // Every rule first, on the balances as they will be when each payment is written (a
    // payment moves pending → withdrawn and leaves available as it is, but checks run in order).
    let mut refused = Vec::new();
    let mut preview = balances.clone();
    for row in &rows {
        let key = (row.influencer_id, row.brand_id);
        let balance = preview
            .get(&key)
            .copied()
            .ok_or_else(|| UseCaseError::internal("balance not locked"))?;
        let situation = Situation {
            payer: actor,
            balance: &balance,
            threshold,
            now,
            batch_id: Some(id),
        };
        match rules::check(row, None, &terms, situation)? {
            Ok(()) => {
                let (_, after) = post(&balance, LedgerMovement::Payment, approved_amount(row)?)
                    .map_err(|e| {
                        UseCaseError::internal(format!("payment refused by the ledger: {e}"))
                    })?;
                preview.insert(key, after);
            }
            Err(refusal) => {
                let mut detail = json!({ "withdrawalId": row.id, "code": refusal.code() });
                if let (Some(detail), Some(facts)) =
                    (detail.as_object_mut(), refusal.facts().as_object())
                {
                    detail.extend(facts.clone());
                }
                refused.push(detail);
            }
        }
    }
    if !refused.is_empty() {
        return Err(UseCaseError::Conflict {
            code: ErrorCode::BatchConflict,
            details: refused,
        });
    }
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
    let brand_names: HashMap<Uuid, String> = afiliados_db::brands::all(tx, ctx.tenant_id)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let book = ProfileBook::load(tx, ctx).await?;
    let influencer_rows: Vec<&afiliados_db::influencers::Influencer> =
        influencers.values().collect();
    let payees = Payee::load_many(tx, ctx, &influencer_rows).await?;
    let label = actor_label(actor);
    let act = PayAct {
        terms: &terms,
        batch_id: Some(id),
        actor_label: &label,
        paid_by: actor.user_id,
        now,
    };
    let (mut gross, mut withheld, mut net) = (Money::ZERO, Money::ZERO, Money::ZERO);
    let mut planned = Vec::with_capacity(rows.len());
    for row in &rows {
        let key = (row.influencer_id, row.brand_id);
        let influencer = influencers
            .get(&row.influencer_id)
            .ok_or_else(|| UseCaseError::internal("withdrawal without its influencer"))?;
        let payee = payees
            .get(&influencer.id)
            .ok_or_else(|| UseCaseError::internal("withdrawal without its payee"))?;
        let profile = book.profile_of(influencer.tax_profile_id);
        let w = book.withholding(approved_amount(row)?, influencer.tax_profile_id);
        let reference = format!("{}/{}", terms.reference, payment_reference(row.id));
        let balance = balances
            .get(&key)
            .copied()
            .ok_or_else(|| UseCaseError::internal("balance not locked"))?;
        let payment = record::plan(
            ctx,
            &act,
            PaymentToWrite {
                row,
                balance: &balance,
                reference: &reference,
                withholding: w,
                profile_code: profile.map(|p| p.code.as_str()),
                brand_name: brand_names.get(&row.brand_id).map_or("", String::as_str),
                payee,
            },
        )?;
        balances.insert(key, payment.after);
        gross = gross + w.gross;
        withheld = withheld + w.withheld;
        net = net + w.net;
        planned.push(payment);
    }
    record::write_planned(tx, ctx, &act, &planned).await?;
    drop(planned);
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
                "withdrawalCount": rows.len(),
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
    let payments = afiliados_db::payment_queries::of_batch(tx, ctx.tenant_id, id)
        .await?
        .into_iter()
        .map(payment_representation::fresh)
        .collect::<Result<Vec<_>, _>>()?;
    let stored = stored_batch(tx, ctx, actor, id, false).await?;
    let ids = rows.iter().map(|r| r.id).collect();
    representation::build(stored, ids, Some(payments))
}
