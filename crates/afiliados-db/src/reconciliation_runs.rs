//! `reconciliation_runs`: one comparison of a range of VTEX orders with the platform's
//! (`domain.md` §3.9, §4.9, §5.16). `running → success|warning|failed`; at most one running run per
//! range (partial unique index).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::reconciliation_runs;

/// A run to insert (`running`).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = reconciliation_runs)]
pub struct NewReconciliationRun {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// `daily|fortnightly|adhoc`.
    #[diesel(column_name = type_)]
    pub run_type: String,
    /// `scheduled|manual_run|manual_record`.
    pub source: String,
    /// The Bogota day.
    pub business_date: Option<NaiveDate>,
    /// Range start (inclusive).
    pub range_from: DateTime<Utc>,
    /// Range end (exclusive).
    pub range_to: DateTime<Utc>,
    /// `running` (or the final status of a recorded run).
    pub status: String,
    /// `system:reconciliation` or the user's e-mail.
    pub triggered_by: String,
    /// Now.
    pub started_at: DateTime<Utc>,
    /// Set for a recorded run (it is final when stored).
    pub finished_at: Option<DateTime<Utc>>,
    /// `RECONCILIATION_TOLERANCE_PERCENT`.
    pub tolerance_percent: Decimal,
    /// The posted summary of a recorded run.
    pub summary: Option<serde_json::Value>,
    /// The alerts of a recorded run.
    pub alerts: Vec<String>,
    /// A report kept elsewhere.
    pub report_url: Option<String>,
    /// Now.
    pub created_at: DateTime<Utc>,
    /// Now.
    pub updated_at: DateTime<Utc>,
}

/// A stored run.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = reconciliation_runs)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct ReconciliationRunRow {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// `daily|fortnightly|adhoc`.
    #[diesel(column_name = type_)]
    pub run_type: String,
    /// `scheduled|manual_run|manual_record`.
    pub source: String,
    /// The Bogota day.
    pub business_date: Option<NaiveDate>,
    /// Range start.
    pub range_from: DateTime<Utc>,
    /// Range end.
    pub range_to: DateTime<Utc>,
    /// `running|success|warning|failed`.
    pub status: String,
    /// Who.
    pub triggered_by: String,
    /// Started.
    pub started_at: DateTime<Utc>,
    /// Finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// Percent.
    pub tolerance_percent: Decimal,
    /// Distinct VTEX orders.
    pub vtex_orders_count: i32,
    /// Platform orders in the range.
    pub platform_orders_count: i32,
    /// Pages read.
    pub pages_fetched: i32,
    /// Class A.
    pub class_a_count: i32,
    /// Class B.
    pub class_b_count: i32,
    /// Class C.
    pub class_c_count: i32,
    /// Class D.
    pub class_d_count: i32,
    /// Class E.
    pub class_e_count: i32,
    /// Σ classes.
    pub discrepancies_found: i32,
    /// Resolved by the platform.
    pub auto_resolved_count: i32,
    /// Waiting for a person.
    pub pending_manual_count: i32,
    /// 0–1, 4 decimals.
    pub auto_reconciled_ratio: Option<Decimal>,
    /// Recorded summary.
    pub summary: Option<serde_json::Value>,
    /// Recorded alerts.
    pub alerts: Vec<String>,
    /// External report.
    pub report_url: Option<String>,
    /// JSON snapshot.
    pub report_json_document_id: Option<Uuid>,
    /// CSV snapshot.
    pub report_csv_document_id: Option<Uuid>,
    /// Why it failed.
    pub error: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Inserts a run. A second running run for the same range violates the partial unique index
/// (diesel `DatabaseError(UniqueViolation, _)`, mapped to 409 `reconciliation_in_progress` by the
/// api).
pub async fn insert(
    conn: &mut AsyncPgConnection,
    row: &NewReconciliationRun,
) -> crate::Result<ReconciliationRunRow> {
    diesel::insert_into(reconciliation_runs::table)
        .values(row)
        .returning(ReconciliationRunRow::as_returning())
        .get_result(conn)
        .await
}

/// The run of the tenant, if any.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<ReconciliationRunRow>> {
    reconciliation_runs::table
        .filter(reconciliation_runs::tenant_id.eq(tenant_id))
        .filter(reconciliation_runs::id.eq(id))
        .select(ReconciliationRunRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// The run, locked for an update of its counters or status.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<ReconciliationRunRow>> {
    reconciliation_runs::table
        .filter(reconciliation_runs::id.eq(id))
        .select(ReconciliationRunRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// The `limit` latest runs of the tenant, newest first (dashboards).
pub async fn latest(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    limit: i64,
) -> crate::Result<Vec<ReconciliationRunRow>> {
    reconciliation_runs::table
        .filter(reconciliation_runs::tenant_id.eq(tenant_id))
        .order((
            reconciliation_runs::started_at.desc(),
            reconciliation_runs::id.desc(),
        ))
        .limit(limit)
        .select(ReconciliationRunRow::as_select())
        .load(conn)
        .await
}

/// The latest finished (`success`/`warning`) run of each type: `(type, discrepancies found,
/// auto-reconciled ratio)`, for the reconciliation gauges computed at scrape time.
pub async fn latest_finished_per_type(
    conn: &mut AsyncPgConnection,
) -> crate::Result<Vec<(String, i32, Option<Decimal>)>> {
    reconciliation_runs::table
        .filter(reconciliation_runs::status.eq_any(["success", "warning"]))
        .distinct_on(reconciliation_runs::type_)
        .order((
            reconciliation_runs::type_,
            reconciliation_runs::finished_at.desc(),
        ))
        .select((
            reconciliation_runs::type_,
            reconciliation_runs::discrepancies_found,
            reconciliation_runs::auto_reconciled_ratio,
        ))
        .load(conn)
        .await
}
