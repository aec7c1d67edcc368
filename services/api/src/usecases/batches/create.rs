//! `POST /payments/batches` (FI, AD; `domain.md` §5.14.5): every approved, payable, unbatched
//! withdrawal in scope (one brand, or an explicit list whose every id must qualify) is locked,
//! marked with the new batch (event `exported`), previewed with its withholding for the totals,
//! and written to the payout CSV, which is sealed into object storage as the batch's document.
//! Only the ids are held for the whole batch (the response lists them); the rows, their
//! influencers and the CSV's bytes go through in chunks of [`ROWS_PER_READ`], the CSV sealed and
//! streamed to storage as it is written (ADR 0081), so memory does not grow with the batch.
//!
//! Only withdrawal rows are locked (no balance changes here), so this never waits in the other
//! order from a payment (balance, then withdrawal).

use std::collections::{HashMap, HashSet};

use afiliados_api_types::ErrorCode;
use afiliados_api_types::payments::{CreateBatchRequest, PayoutBatchResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::payout_batches::NewPayoutBatch;
use afiliados_db::stored_documents::NewDocument;
use afiliados_db::withdrawal_events::NewWithdrawalEvent;
use afiliados_db::withdrawal_requests::WithdrawalRow;
use afiliados_domain::{
    Actor, DocumentKind, FieldCode, Money, WithdrawalEventAction, WithdrawalStatus,
};
use afiliados_storage::{SealedObject, SealedWriter};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::payout_csv::{Line, PayoutCsv, brand_name};
use super::{OWNER, representation};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::documents::store::storage_key;
use crate::usecases::payments::profiles::ProfileBook;
use crate::usecases::payments::record::approved_amount;
use crate::usecases::payments::{PAYERS, actor_label};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Rows per multi-row insert (PostgreSQL takes at most 65 535 parameters per statement).
pub const CHUNK: usize = 5_000;

/// Withdrawals read, written to the CSV and dropped at a time (ADR 0081).
pub const ROWS_PER_READ: usize = 1_000;

/// Why a listed id cannot go in a batch.
fn refusal(
    row: Option<&WithdrawalRow>,
    brand_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> &'static str {
    let Some(row) = row else {
        return ErrorCode::NotFound.as_str();
    };
    match WithdrawalStatus::parse(&row.status) {
        Some(WithdrawalStatus::Pending) => ErrorCode::WithdrawalNotApproved.as_str(),
        Some(WithdrawalStatus::Approved) if row.batch_id.is_some() => {
            ErrorCode::WithdrawalInBatch.as_str()
        }
        Some(WithdrawalStatus::Approved) if row.payable_from.is_none_or(|at| at > now) => {
            ErrorCode::WithdrawalOnHold.as_str()
        }
        Some(WithdrawalStatus::Approved) if brand_id.is_some_and(|b| b != row.brand_id) => {
            ErrorCode::NotFound.as_str()
        }
        _ => ErrorCode::WithdrawalAlreadyDecided.as_str(),
    }
}

async fn explain(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    offending: &[Uuid],
    brand_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Vec<Value>, UseCaseError> {
    let rows =
        afiliados_db::payout_batch_queries::withdrawals_by_id(tx, ctx.tenant_id, offending).await?;
    let by_id: HashMap<Uuid, &WithdrawalRow> = rows.iter().map(|r| (r.id, r)).collect();
    Ok(offending
        .iter()
        .map(|id| {
            json!({
                "withdrawalId": id,
                "code": refusal(by_id.get(id).copied(), brand_id, now),
            })
        })
        .collect())
}

/// Creates a batch.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn create(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    request: &CreateBatchRequest,
) -> Result<PayoutBatchResponse, UseCaseError> {
    actor.require_any(&PAYERS)?;
    let brand_id: Option<Uuid> = request.brand_id.map(Into::into);
    if let Some(brand_id) = brand_id {
        afiliados_db::brands::find(tx, ctx.tenant_id, brand_id)
            .await?
            .ok_or_else(|| UseCaseError::invalid("brandId", FieldCode::UnknownReference))?;
    }
    let listed: Option<Vec<Uuid>> = request.withdrawal_ids.as_ref().map(|ids| {
        let mut seen = HashSet::new();
        ids.iter()
            .map(|id| Uuid::from(*id))
            .filter(|id| seen.insert(*id))
            .collect()
    });
    if listed.as_ref().is_some_and(Vec::is_empty) {
        return Err(UseCaseError::invalid("withdrawalIds", FieldCode::TooShort));
    }
    let now = ctx.now();
    let ids = afiliados_db::payout_batch_queries::lock_batchable(
        tx,
        ctx.tenant_id,
        brand_id,
        listed.as_deref(),
        now,
    )
    .await?;
    if let Some(listed) = &listed {
        let taken: HashSet<Uuid> = ids.iter().copied().collect();
        let offending: Vec<Uuid> = listed
            .iter()
            .copied()
            .filter(|id| !taken.contains(id))
            .collect();
        if !offending.is_empty() {
            return Err(UseCaseError::Conflict {
                code: ErrorCode::BatchConflict,
                details: explain(tx, ctx, &offending, brand_id, now).await?,
            });
        }
    }
    if ids.is_empty() {
        return Err(UseCaseError::conflict(ErrorCode::BatchEmpty));
    }
    let batch_id = afiliados_db::new_id();
    let document_id = afiliados_db::new_id();
    let key = storage_key(OWNER, batch_id, document_id);
    // The CSV is sealed into object storage as it is written (ADR 0081). The object is written
    // inside the request's transaction because the CSV comes from rows locked in it; if the
    // transaction then rolls back, the sealed object is unreachable garbage, never a row without
    // its file.
    let mut writer = ctx
        .storage
        .sealed_writer(&key, ctx.data_keys, document_id.as_bytes())
        .await
        .map_err(|e| UseCaseError::Internal(e.into()))?;
    let totals = match write_csv(tx, ctx, batch_id, &ids, &mut writer).await {
        Ok(totals) => totals,
        Err(error) => {
            writer.abort().await;
            return Err(error);
        }
    };
    let sealed = writer
        .finish()
        .await
        .map_err(|e| UseCaseError::Internal(e.into()))?;
    let (gross, withheld, net) = totals;
    let count = i32::try_from(ids.len()).map_err(|e| UseCaseError::Internal(e.into()))?;
    afiliados_db::payout_batches::insert(
        tx,
        &NewPayoutBatch {
            id: batch_id,
            tenant_id: ctx.tenant_id,
            brand_id,
            created_by: actor.user_id,
            withdrawal_count: count,
            total_gross: gross.amount(),
            total_withheld: withheld.amount(),
            total_net: net.amount(),
            csv_document_id: None,
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    for chunk in ids.chunks(CHUNK) {
        afiliados_db::withdrawal_requests::set_batch(tx, chunk, Some(batch_id), now).await?;
    }
    let label = actor_label(actor);
    let note = afiliados_db::payout_batch_queries::batch_note(batch_id);
    for chunk in ids.chunks(CHUNK) {
        let events: Vec<NewWithdrawalEvent<'_>> = chunk
            .iter()
            .map(|id| NewWithdrawalEvent {
                id: afiliados_db::new_id(),
                withdrawal_id: *id,
                action: WithdrawalEventAction::Exported.as_str(),
                actor: &label,
                notes: Some(&note),
                occurred_at: now,
            })
            .collect();
        afiliados_db::withdrawal_events::append(tx, &events).await?;
    }
    record_csv(tx, ctx, actor, batch_id, document_id, &key, &sealed).await?;
    afiliados_db::payout_batch_queries::set_csv_document(tx, batch_id, document_id, now).await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("batch.created", "payout_batch", batch_id).changes(
            None,
            Some(json!({
                "brandId": brand_id,
                "withdrawalCount": count,
                "totalGross": gross.amount(),
                "totalWithheld": withheld.amount(),
                "totalNet": net.amount(),
                "csvDocumentId": document_id,
            })),
        ),
    )
    .await?;
    let stored = afiliados_db::payout_batches::find(tx, ctx.tenant_id, batch_id, false)
        .await?
        .ok_or_else(|| UseCaseError::internal("batch just written is missing"))?;
    representation::build(stored, ids, None)
}

/// Writes the payout CSV of the locked withdrawals `ids` into `writer`, [`ROWS_PER_READ`] rows
/// at a time: each chunk's rows and influencers are read, written as lines, handed to the writer
/// and dropped before the next, so memory does not grow with the batch. Returns the previewed
/// totals (gross, withheld, net).
async fn write_csv(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    batch_id: Uuid,
    ids: &[Uuid],
    writer: &mut SealedWriter,
) -> Result<(Money, Money, Money), UseCaseError> {
    let brand_names: HashMap<Uuid, String> = afiliados_db::brands::all(tx, ctx.tenant_id)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let book = ProfileBook::load(tx, ctx).await?;
    let mut csv = PayoutCsv::new()?;
    let (mut gross, mut withheld, mut net) = (Money::ZERO, Money::ZERO, Money::ZERO);
    for chunk in ids.chunks(ROWS_PER_READ) {
        let rows =
            afiliados_db::payout_batch_queries::withdrawals_by_id(tx, ctx.tenant_id, chunk).await?;
        if rows.len() != chunk.len() {
            return Err(UseCaseError::internal("a locked withdrawal is missing"));
        }
        let influencer_ids: Vec<Uuid> = rows
            .iter()
            .map(|r| r.influencer_id)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let influencers: HashMap<Uuid, afiliados_db::influencers::Influencer> =
            afiliados_db::payout_batch_queries::influencers_by_id(
                tx,
                ctx.tenant_id,
                &influencer_ids,
            )
            .await?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        for row in &rows {
            let influencer = influencers
                .get(&row.influencer_id)
                .ok_or_else(|| UseCaseError::internal("withdrawal without its influencer"))?;
            let w = book.withholding(approved_amount(row)?, influencer.tax_profile_id);
            gross = gross + w.gross;
            withheld = withheld + w.withheld;
            net = net + w.net;
            csv.line(
                ctx.data_keys,
                Line {
                    batch_id,
                    row,
                    influencer,
                    brand_name: brand_name(&brand_names, row.brand_id),
                    withholding: w,
                },
            )?;
        }
        writer
            .write(&csv.take()?)
            .await
            .map_err(|e| UseCaseError::Internal(e.into()))?;
    }
    writer
        .write(&csv.finish()?)
        .await
        .map_err(|e| UseCaseError::Internal(e.into()))?;
    Ok((gross, withheld, net))
}

/// Records the document row of the CSV sealed under `key`.
async fn record_csv(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    batch_id: Uuid,
    id: Uuid,
    key: &str,
    sealed: &SealedObject,
) -> Result<(), UseCaseError> {
    let size = i64::try_from(sealed.size_bytes).map_err(|e| UseCaseError::Internal(e.into()))?;
    let filename = format!("payout-batch-{batch_id}.csv");
    afiliados_db::stored_documents::insert(
        tx,
        &NewDocument {
            id,
            tenant_id: ctx.tenant_id,
            owner_type: OWNER,
            owner_id: batch_id,
            kind: DocumentKind::Export.as_str(),
            filename: &filename,
            content_type: "text/csv; charset=utf-8",
            size_bytes: size,
            sha256: &sealed.sha256,
            storage_key: key,
            encryption_key_id: Some(&sealed.key_id),
            uploaded_by: &actor.email,
            notes: None,
        },
    )
    .await?;
    Ok(())
}
