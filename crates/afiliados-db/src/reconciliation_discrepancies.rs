//! `reconciliation_discrepancies`: one difference between the platform and VTEX for one order and
//! class (`domain.md` §3.9, §4.9). At most one live (`open|resolving`) row per order and class: a
//! later run updates it (`last_run_id`, `occurrences + 1`) instead of adding another.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::reconciliation_discrepancies;

/// A stored discrepancy.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = reconciliation_discrepancies)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct DiscrepancyRow {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// The VTEX order.
    pub vtex_order_id: String,
    /// The platform order.
    pub order_id: Option<Uuid>,
    /// `A|B|C|D|E`.
    pub class: String,
    /// First run.
    pub first_run_id: Uuid,
    /// Last run.
    pub last_run_id: Uuid,
    /// Runs that found it.
    pub occurrences: i32,
    /// When first found.
    pub first_detected_at: DateTime<Utc>,
    /// `{field, platform, vtex, difference, ratioPercent}`.
    pub details: serde_json::Value,
    /// Brand.
    pub brand_id: Option<Uuid>,
    /// Influencer.
    pub influencer_id: Option<Uuid>,
    /// `open|resolving|resolved|accepted`.
    pub status: String,
    /// Whether the platform may resolve it.
    pub auto_resolvable: bool,
    /// Attempts.
    pub attempts: i32,
    /// Last failure.
    pub last_error: Option<String>,
    /// `auto|reprocessed|accepted|vanished`.
    pub resolution: Option<String>,
    /// `system` or an e-mail.
    pub resolved_by: Option<String>,
    /// When.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Why accepted.
    pub justification: Option<String>,
    /// Escalated.
    pub escalated_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A discrepancy to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = reconciliation_discrepancies)]
pub struct NewDiscrepancy {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// VTEX order.
    pub vtex_order_id: String,
    /// Platform order.
    pub order_id: Option<Uuid>,
    /// `A|B|C|D|E`.
    pub class: String,
    /// The run that found it.
    pub first_run_id: Uuid,
    /// Same run.
    pub last_run_id: Uuid,
    /// Now.
    pub first_detected_at: DateTime<Utc>,
    /// What differs.
    pub details: serde_json::Value,
    /// Brand.
    pub brand_id: Option<Uuid>,
    /// Influencer.
    pub influencer_id: Option<Uuid>,
    /// `resolving` (A/B/C auto-resolvable) or `open`.
    pub status: String,
    /// Whether the platform may resolve it.
    pub auto_resolvable: bool,
    /// Now.
    pub created_at: DateTime<Utc>,
    /// Now.
    pub updated_at: DateTime<Utc>,
}

/// The discrepancy of the tenant, if any.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<DiscrepancyRow>> {
    reconciliation_discrepancies::table
        .filter(reconciliation_discrepancies::tenant_id.eq(tenant_id))
        .filter(reconciliation_discrepancies::id.eq(id))
        .select(DiscrepancyRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// The discrepancy, locked for a state change.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<DiscrepancyRow>> {
    reconciliation_discrepancies::table
        .filter(reconciliation_discrepancies::id.eq(id))
        .select(DiscrepancyRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// How many discrepancies of the tenant are live (`open|resolving`) — dashboards and status.
pub async fn count_live(conn: &mut AsyncPgConnection, tenant_id: Uuid) -> crate::Result<i64> {
    reconciliation_discrepancies::table
        .filter(reconciliation_discrepancies::tenant_id.eq(tenant_id))
        .filter(reconciliation_discrepancies::status.eq_any(["open", "resolving"]))
        .count()
        .get_result(conn)
        .await
}

#[derive(QueryableByName)]
struct Recorded {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    inserted: bool,
}

/// Records a finding: inserts `new`, or — when a live discrepancy of the same order and class
/// exists — moves that one to this run (`last_run_id`, `occurrences + 1` once per run, fresh
/// `details`). One statement, so concurrent findings never make two live rows. Returns the row
/// and whether it is new.
pub async fn record(
    conn: &mut AsyncPgConnection,
    new: &NewDiscrepancy,
) -> crate::Result<(DiscrepancyRow, bool)> {
    let recorded: Recorded = diesel::sql_query(
        "INSERT INTO reconciliation_discrepancies (id, tenant_id, vtex_order_id, order_id, class, \
         first_run_id, last_run_id, first_detected_at, details, brand_id, influencer_id, status, \
         auto_resolvable, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (tenant_id, vtex_order_id, class) WHERE status IN ('open', 'resolving') \
         DO UPDATE SET occurrences = reconciliation_discrepancies.occurrences + \
           CASE WHEN reconciliation_discrepancies.last_run_id = EXCLUDED.last_run_id THEN 0 ELSE 1 END, \
         last_run_id = EXCLUDED.last_run_id, details = EXCLUDED.details, \
         order_id = COALESCE(EXCLUDED.order_id, reconciliation_discrepancies.order_id), \
         brand_id = COALESCE(EXCLUDED.brand_id, reconciliation_discrepancies.brand_id), \
         influencer_id = COALESCE(EXCLUDED.influencer_id, reconciliation_discrepancies.influencer_id), \
         updated_at = EXCLUDED.updated_at \
         RETURNING id, (xmax = 0) AS inserted",
    )
    .bind::<diesel::sql_types::Uuid, _>(new.id)
    .bind::<diesel::sql_types::Uuid, _>(new.tenant_id)
    .bind::<diesel::sql_types::Text, _>(&new.vtex_order_id)
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Uuid>, _>(new.order_id)
    .bind::<diesel::sql_types::Text, _>(&new.class)
    .bind::<diesel::sql_types::Uuid, _>(new.first_run_id)
    .bind::<diesel::sql_types::Uuid, _>(new.last_run_id)
    .bind::<diesel::sql_types::Timestamptz, _>(new.first_detected_at)
    .bind::<diesel::sql_types::Jsonb, _>(&new.details)
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Uuid>, _>(new.brand_id)
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Uuid>, _>(new.influencer_id)
    .bind::<diesel::sql_types::Text, _>(&new.status)
    .bind::<diesel::sql_types::Bool, _>(new.auto_resolvable)
    .bind::<diesel::sql_types::Timestamptz, _>(new.created_at)
    .bind::<diesel::sql_types::Timestamptz, _>(new.updated_at)
    .get_result(conn)
    .await?;
    let row = reconciliation_discrepancies::table
        .find(recorded.id)
        .select(DiscrepancyRow::as_select())
        .first(conn)
        .await?;
    Ok((row, recorded.inserted))
}

/// Moves a discrepancy to `resolving` for a new attempt (`attempts + 1`, `last_error` kept until
/// the attempt reports).
pub async fn mark_resolving(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<DiscrepancyRow> {
    diesel::update(reconciliation_discrepancies::table.find(id))
        .set((
            reconciliation_discrepancies::status.eq("resolving"),
            reconciliation_discrepancies::attempts.eq(reconciliation_discrepancies::attempts + 1),
            reconciliation_discrepancies::updated_at.eq(now),
        ))
        .returning(DiscrepancyRow::as_returning())
        .get_result(conn)
        .await
}
