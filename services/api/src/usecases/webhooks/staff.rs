//! The delivery log as staff see it (`api.md` §19; admin_dentsu and finance, `domain.md` §2.2):
//! a filtered list without payloads, one delivery with its payload (order documents without the
//! customer's data), and reprocessing one delivery or a range.

use afiliados_api_types::deliveries::{
    Delivery, ListDeliveriesQuery, ReprocessRangeRequest, ReprocessRangeResponse,
};
use afiliados_api_types::{ErrorCode, Page};
use afiliados_db::AsyncPgConnection;
use afiliados_db::webhook_delivery_log::{self as log, DeliveryFilter};
use afiliados_domain::{
    Actor, DeliveryKind, DeliveryStatus, DeliveryVerification, FieldCode, Role,
};
use afiliados_jobs::IngestVtexOrder;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::payload;
use super::worker::{NEVER_PROCESSED, is_purged};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Who reads and reprocesses deliveries.
pub const STAFF: [Role; 2] = [Role::AdminDentsu, Role::Finance];

/// A `received` or `processing` delivery untouched this long is stuck and may be reprocessed.
const STUCK_AFTER_MINUTES: i64 = 10;

/// The range reprocess covers at most this many days.
const MAX_RANGE_DAYS: i64 = 31;

fn view(row: log::Delivery, payload: Option<serde_json::Value>) -> Delivery {
    Delivery {
        id: row.id,
        received_at: row.received_at,
        kind: row.kind,
        vtex_order_id: row.vtex_order_id,
        state: row.vtex_state,
        last_state: row.vtex_last_state,
        last_change: row.last_change,
        current_change: row.current_change,
        origin_account: row.origin_account,
        origin_key: row.origin_key,
        idempotency_key: row.idempotency_key,
        duplicate_of: row.duplicate_of,
        verification: row.verification,
        verification_error: row.verification_error,
        status: row.status,
        attempts: row.attempts,
        last_attempt_at: row.last_attempt_at,
        processed_at: row.processed_at,
        error: row.error,
        response_code: row.response_code,
        payload_sha256: row.payload_sha256,
        payload_size: row.payload_size,
        source_ip: row.source_ip.map(|ip| ip.addr().to_string()),
        order_id: row.order_id,
        payload_purged_at: row.payload_purged_at,
        payload,
    }
}

/// A comma list of `T` spellings; 422 `invalid_enum` at `field` for any other value.
fn enum_list<T: std::str::FromStr>(raw: Option<&str>, field: &str) -> Result<Vec<T>, UseCaseError> {
    raw.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse()
                .map_err(|_| UseCaseError::invalid(field, FieldCode::InvalidEnum))
        })
        .collect()
}

/// One page of the tenant's deliveries, newest first, without payloads.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListDeliveriesQuery,
) -> Result<Page<Delivery>, UseCaseError> {
    actor.require_any(&STAFF)?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let filter = DeliveryFilter {
        status: enum_list::<DeliveryStatus>(query.status.as_deref(), "status")?,
        kind: enum_list::<DeliveryKind>(query.kind.as_deref(), "kind")?,
        verification: enum_list::<DeliveryVerification>(
            query.verification.as_deref(),
            "verification",
        )?,
        vtex_order_id: query
            .vtex_order_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned),
        from: query.from,
        to: query.to,
    };
    let (rows, total) =
        log::list(tx, ctx.tenant_id, &filter, paging.offset(), paging.limit()).await?;
    Ok(paging.page(rows.into_iter().map(|row| view(row, None)).collect(), total))
}

/// One delivery with its payload: hooks and pings as received, documents opened and without
/// the customer's data; `null` for rejected requests and purged documents.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, delivery.id = %id))]
pub async fn detail(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<Delivery, UseCaseError> {
    actor.require_any(&STAFF)?;
    let row = log::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let shown = match (&row.payload, &row.payload_ciphertext, row.payload_purged_at) {
        (_, _, Some(_)) => None,
        (Some(json), _, _) => Some(payload::redact(json.clone())),
        (None, Some(sealed), _) => Some(payload::redact(payload::open(
            ctx.data_keys,
            row.id,
            sealed,
        )?)),
        (None, None, _) => None,
    };
    Ok(view(row, shown))
}

/// Why `row` may not be reprocessed now, if it may not.
fn not_reprocessable(row: &log::Delivery, now: DateTime<Utc>) -> Option<&'static str> {
    if NEVER_PROCESSED.contains(&row.status) {
        return Some("never enqueued");
    }
    if is_purged(row) {
        return Some("payload purged: refetch the order instead");
    }
    let stuck_since = now - Duration::minutes(STUCK_AFTER_MINUTES);
    let last_touched = row.last_attempt_at.unwrap_or(row.received_at);
    match row.status {
        DeliveryStatus::Received | DeliveryStatus::Processing if last_touched > stuck_since => {
            Some("in progress")
        }
        _ => None,
    }
}

async fn requeue(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    row: &log::Delivery,
) -> Result<(), UseCaseError> {
    log::mark_received(tx, row.id, ctx.now()).await?;
    crate::jobs::enqueue(
        tx,
        &IngestVtexOrder {
            delivery_id: row.id,
            force: true,
        },
    )
    .await?;
    let event = AuditEvent::new("webhook.reprocessed", "webhook_delivery", row.id).changes(
        Some(serde_json::json!({ "status": row.status })),
        Some(serde_json::json!({ "status": DeliveryStatus::Received })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(())
}

/// `POST /vtex/webhooks/deliveries/{id}/reprocess`: back to `received` with a forced
/// `IngestVtexOrder`. Allowed for `failed`, `processed` and stuck `received`/`processing`;
/// 409 `delivery_not_reprocessable` otherwise.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, delivery.id = %id))]
pub async fn reprocess(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<Delivery, UseCaseError> {
    actor.require_any(&STAFF)?;
    let row = log::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    if let Some(reason) = not_reprocessable(&row, ctx.now()) {
        return Err(UseCaseError::conflict_with(
            ErrorCode::DeliveryNotReprocessable,
            serde_json::json!({ "status": row.status, "reason": reason }),
        ));
    }
    requeue(tx, ctx, actor, &row).await?;
    let row = log::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    Ok(view(row, None))
}

/// `POST /vtex/webhooks/deliveries/reprocess`: every reprocessable delivery in `status`
/// (default `failed`) received in `[from, to)` (≤ 31 days), up to `limit` (1–1 000, default
/// 500), oldest first; the ones that may not be reprocessed now are skipped.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn reprocess_range(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    request: &ReprocessRangeRequest,
) -> Result<ReprocessRangeResponse, UseCaseError> {
    actor.require_any(&STAFF)?;
    let mut problems = Problems::new();
    let status = request.status.unwrap_or(DeliveryStatus::Failed);
    if NEVER_PROCESSED.contains(&status) {
        problems.push("status", FieldCode::InvalidEnum);
    }
    let limit = request.limit.unwrap_or(500);
    if !(1..=1000).contains(&limit) {
        problems.push("limit", FieldCode::OutOfRange);
    }
    if request.from.is_none() {
        problems.push("from", FieldCode::Required);
    }
    if request.to.is_none() {
        problems.push("to", FieldCode::Required);
    }
    if let (Some(from), Some(to)) = (request.from, request.to) {
        if to <= from {
            problems.push("to", FieldCode::DateOrder);
        } else if to - from > Duration::days(MAX_RANGE_DAYS) {
            problems.push("to", FieldCode::OutOfRange);
        }
    }
    let (Some(from), Some(to)) = (request.from, request.to) else {
        return Err(UseCaseError::Invalid(problems));
    };
    if !problems.is_empty() {
        return Err(UseCaseError::Invalid(problems));
    }
    let rows =
        log::in_range_for_update(tx, ctx.tenant_id, status, from, to, i64::from(limit)).await?;
    let mut enqueued = 0;
    for row in rows
        .iter()
        .filter(|row| not_reprocessable(row, ctx.now()).is_none())
    {
        requeue(tx, ctx, actor, row).await?;
        enqueued += 1;
    }
    Ok(ReprocessRangeResponse { enqueued })
}
