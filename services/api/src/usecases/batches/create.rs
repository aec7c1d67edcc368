//! `POST /payments/batches` (FI, AD; `domain.md` §5.14.5): every approved, payable, unbatched
//! withdrawal in scope (one brand, or an explicit list whose every id must qualify) is locked,
//! marked with the new batch (event `exported`), previewed with its withholding for the totals,
//! and written to the payout CSV, which is sealed into object storage as the batch's document.
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
    let rows = afiliados_db::payout_batch_queries::lock_batchable(
        tx,
        ctx.tenant_id,
        brand_id,
        listed.as_deref(),
        now,
    )
    .await?;
    if let Some(listed) = &listed {
        let taken: HashSet<Uuid> = rows.iter().map(|r| r.id).collect();
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
    if rows.is_empty() {
        return Err(UseCaseError::conflict(ErrorCode::BatchEmpty));
    }
    let batch_id = afiliados_db::new_id();
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
    let mut csv = PayoutCsv::new()?;
    let (mut gross, mut withheld, mut net) = (Money::ZERO, Money::ZERO, Money::ZERO);
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
    let count = i32::try_from(rows.len()).map_err(|e| UseCaseError::Internal(e.into()))?;
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
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
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
    let bytes = csv.finish()?;
    let document_id = store_csv(tx, ctx, actor, batch_id, &bytes).await?;
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

/// Seals the CSV into object storage and records its document row. The object is written inside
/// the request's transaction because the CSV comes from rows locked in it; if the transaction
/// then rolls back, the sealed object is unreachable garbage, never a row without its file.
async fn store_csv(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    batch_id: Uuid,
    bytes: &[u8],
) -> Result<Uuid, UseCaseError> {
    let id = afiliados_db::new_id();
    let key = storage_key(OWNER, batch_id, id);
    let key_id = ctx
        .storage
        .put_sealed(&key, bytes, ctx.data_keys, id.as_bytes())
        .await
        .map_err(|e| UseCaseError::Internal(e.into()))?;
    let size = i64::try_from(bytes.len()).map_err(|e| UseCaseError::Internal(e.into()))?;
    let sha256 = afiliados_crypto::sha256_hex(bytes);
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
            sha256: &sha256,
            storage_key: &key,
            encryption_key_id: Some(&key_id),
            uploaded_by: &actor.email,
            notes: None,
        },
    )
    .await?;
    Ok(id)
}
