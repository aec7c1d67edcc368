//! `webhook_delivery_log`: every request that reached the VTEX webhook, and what became of it
//! (`domain.md` §3.9, states in §4.10). Hooks and pings keep their JSON; order documents only
//! their sealed bytes (the caller seals and opens them); rejected requests keep no payload.

use afiliados_domain::{DeliveryKind, DeliveryStatus, DeliveryVerification};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use ipnet::IpNet;
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::webhook_delivery_log as log;

/// A delivery row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = log, check_for_backend(diesel::pg::Pg))]
pub struct Delivery {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// When the request arrived.
    pub received_at: DateTime<Utc>,
    /// What the body was recognised as.
    pub kind: DeliveryKind,
    /// The VTEX order it names.
    pub vtex_order_id: Option<String>,
    /// Hook `State` (the document's `status`).
    pub vtex_state: Option<String>,
    /// Hook `LastState`.
    pub vtex_last_state: Option<String>,
    /// Hook `LastChange` (the document's `lastChange`).
    pub last_change: Option<DateTime<Utc>>,
    /// Hook `CurrentChange`.
    pub current_change: Option<DateTime<Utc>>,
    /// `Origin.Account`.
    pub origin_account: Option<String>,
    /// `Origin.Key`.
    pub origin_key: Option<String>,
    /// Hook `Domain`.
    pub domain: Option<String>,
    /// `<OrderId>|<State>|<LastChange>`.
    pub idempotency_key: Option<String>,
    /// The live delivery this one repeats.
    pub duplicate_of: Option<Uuid>,
    /// How the request was authenticated.
    pub verification: DeliveryVerification,
    /// Why authentication failed.
    pub verification_error: Option<String>,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Worker claims so far.
    pub attempts: i32,
    /// Last claim.
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// When processed.
    pub processed_at: Option<DateTime<Utc>>,
    /// Last processing error (or why the body was refused).
    pub error: Option<String>,
    /// What the webhook answered.
    pub response_code: i32,
    /// Hook or ping JSON.
    pub payload: Option<serde_json::Value>,
    /// Order document sealed with the data key ring.
    pub payload_ciphertext: Option<Vec<u8>>,
    /// SHA-256 of the raw body, hex.
    pub payload_sha256: String,
    /// Raw body size in bytes.
    pub payload_size: i32,
    /// Client address.
    pub source_ip: Option<IpNet>,
    /// Selected request headers (never signatures or secrets).
    pub headers: serde_json::Value,
    /// The order it produced.
    pub order_id: Option<Uuid>,
    /// When the document was purged (retention).
    pub payload_purged_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// A new delivery (every field the webhook decides at receipt).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = log)]
pub struct NewDelivery<'a> {
    /// Id (the caller picks it: it seals the document with it).
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Arrival.
    pub received_at: DateTime<Utc>,
    /// Kind.
    pub kind: DeliveryKind,
    /// VTEX order id.
    pub vtex_order_id: Option<&'a str>,
    /// State.
    pub vtex_state: Option<&'a str>,
    /// Last state.
    pub vtex_last_state: Option<&'a str>,
    /// Last change.
    pub last_change: Option<DateTime<Utc>>,
    /// Current change.
    pub current_change: Option<DateTime<Utc>>,
    /// Origin account.
    pub origin_account: Option<&'a str>,
    /// Origin key.
    pub origin_key: Option<&'a str>,
    /// Domain.
    pub domain: Option<&'a str>,
    /// Idempotency key.
    pub idempotency_key: Option<&'a str>,
    /// Original of a duplicate.
    pub duplicate_of: Option<Uuid>,
    /// Verification.
    pub verification: DeliveryVerification,
    /// Verification failure reason.
    pub verification_error: Option<&'a str>,
    /// Status.
    pub status: DeliveryStatus,
    /// Error.
    pub error: Option<&'a str>,
    /// Answer status code.
    pub response_code: i32,
    /// Hook/ping JSON.
    pub payload: Option<&'a serde_json::Value>,
    /// Sealed document.
    pub payload_ciphertext: Option<&'a [u8]>,
    /// Body digest.
    pub payload_sha256: &'a str,
    /// Body size.
    pub payload_size: i32,
    /// Client address.
    pub source_ip: Option<IpNet>,
    /// Selected headers.
    pub headers: &'a serde_json::Value,
}

/// Inserts a delivery.
pub async fn insert(conn: &mut AsyncPgConnection, row: &NewDelivery<'_>) -> crate::Result<()> {
    diesel::insert_into(log::table)
        .values(row)
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// Inserts `row` as the live delivery of its idempotency key unless the tenant already holds
/// one (`webhook_delivery_log_tenant_key_live`). A concurrent receipt of the same key waits for
/// the transaction that inserted it first and then inserts nothing. Returns whether the row was
/// inserted.
pub async fn insert_live(
    conn: &mut AsyncPgConnection,
    row: &NewDelivery<'_>,
) -> crate::Result<bool> {
    use diesel::upsert::DecoratableTarget;
    diesel::insert_into(log::table)
        .values(row)
        .on_conflict((log::tenant_id, log::idempotency_key))
        // The index's own predicate, as literals, so PostgreSQL infers the partial index.
        .filter_target(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "duplicate_of IS NULL AND status NOT IN ('rejected', 'ignored')",
        ))
        .do_nothing()
        .prepared()
        .execute(conn)
        .await
        .map(|inserted| inserted == 1)
}

/// The live delivery holding `key` (not a duplicate, rejected or ignored), locked so a
/// concurrent receipt of the same key waits for this transaction.
pub async fn find_live_by_key(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    key: &str,
) -> crate::Result<Option<Uuid>> {
    log::table
        .filter(log::tenant_id.eq(tenant_id))
        .filter(log::idempotency_key.eq(key))
        .filter(log::duplicate_of.is_null())
        // Spelled like the predicate of `webhook_delivery_log_tenant_key_live`, not as a bound
        // array: a prepared statement's generic plan can use that partial index only when the
        // planner sees the predicate, and without it every duplicate hook scanned the log.
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "webhook_delivery_log.status <> ALL (ARRAY['rejected', 'ignored'])",
        ))
        .select(log::id)
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// A delivery of the tenant.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<Delivery>> {
    log::table
        .filter(log::tenant_id.eq(tenant_id))
        .filter(log::id.eq(id))
        .select(Delivery::as_select())
        .first(conn)
        .await
        .optional()
}

/// A delivery of the tenant, locked for a state change.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<Delivery>> {
    log::table
        .filter(log::tenant_id.eq(tenant_id))
        .filter(log::id.eq(id))
        .select(Delivery::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// A worker claim: `processing`, one more attempt; returns the delivery as stored after it.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<Delivery> {
    diesel::update(log::table.find(id))
        .set((
            log::status.eq(DeliveryStatus::Processing),
            log::attempts.eq(log::attempts + 1),
            log::last_attempt_at.eq(now),
            log::updated_at.eq(now),
        ))
        .returning(Delivery::as_returning())
        .prepared()
        .get_result(conn)
        .await
}

/// The delivery was ingested into `order_id`.
pub async fn mark_processed(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    order_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(log::table.find(id))
        .set((
            log::status.eq(DeliveryStatus::Processed),
            log::processed_at.eq(now),
            log::error.eq(None::<String>),
            log::order_id.eq(order_id),
            log::updated_at.eq(now),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// The attempt failed with `error`.
pub async fn mark_failed(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    error: &str,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(log::table.find(id))
        .set((
            log::status.eq(DeliveryStatus::Failed),
            log::error.eq(error),
            log::updated_at.eq(now),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// Back to `received` for a staff reprocess.
pub async fn mark_received(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(log::table.find(id))
        .set((
            log::status.eq(DeliveryStatus::Received),
            log::updated_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Filters of the staff list.
#[derive(Debug, Clone, Default)]
pub struct DeliveryFilter {
    /// Any of these statuses.
    pub status: Vec<DeliveryStatus>,
    /// Any of these kinds.
    pub kind: Vec<DeliveryKind>,
    /// Any of these verifications.
    pub verification: Vec<DeliveryVerification>,
    /// One VTEX order.
    pub vtex_order_id: Option<String>,
    /// `received_at >= from`.
    pub from: Option<DateTime<Utc>>,
    /// `received_at < to`.
    pub to: Option<DateTime<Utc>>,
}

/// A page of deliveries, newest first, and the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &DeliveryFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<Delivery>, i64)> {
    let build = || {
        let mut query = log::table.filter(log::tenant_id.eq(tenant_id)).into_boxed();
        if !filter.status.is_empty() {
            query = query.filter(log::status.eq_any(filter.status.clone()));
        }
        if !filter.kind.is_empty() {
            query = query.filter(log::kind.eq_any(filter.kind.clone()));
        }
        if !filter.verification.is_empty() {
            query = query.filter(log::verification.eq_any(filter.verification.clone()));
        }
        if let Some(value) = &filter.vtex_order_id {
            query = query.filter(log::vtex_order_id.eq(value.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(log::received_at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(log::received_at.lt(to));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((log::received_at.desc(), log::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(Delivery::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Up to `limit` deliveries in `status` received in `[from, to)`, oldest first, locked (the
/// range reprocess).
pub async fn in_range_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    status: DeliveryStatus,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: i64,
) -> crate::Result<Vec<Delivery>> {
    log::table
        .filter(log::tenant_id.eq(tenant_id))
        .filter(log::status.eq(status))
        .filter(log::received_at.ge(from))
        .filter(log::received_at.lt(to))
        .order((log::received_at.asc(), log::id.asc()))
        .limit(limit)
        .select(Delivery::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}

/// How many deliveries are in each of `statuses` (the metrics gauge; the partial index covers
/// `received` and `failed`).
pub async fn count_by_status(
    conn: &mut AsyncPgConnection,
    statuses: &[DeliveryStatus],
) -> crate::Result<Vec<(DeliveryStatus, i64)>> {
    log::table
        .filter(log::status.eq_any(statuses.to_vec()))
        .group_by(log::status)
        .select((log::status, diesel::dsl::count_star()))
        .load(conn)
        .await
}
