//! `settlement_runs`: one row per settlement run, real or dry (`domain.md` §3.7). The row is
//! inserted `running` and finished in the same transaction as the run's changes.

use afiliados_domain::{SettlementSource, SettlementStatus};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::settlement_runs;

/// A run row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = settlement_runs, check_for_backend(diesel::pg::Pg))]
pub struct SettlementRun {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// `E`.
    pub evaluation_at: DateTime<Utc>,
    /// `waitingPeriodDays` when given.
    pub waiting_period_days_override: Option<i32>,
    /// Dry run: nothing but this row and its items was written.
    pub dry_run: bool,
    /// `schedule|manual`.
    pub source: SettlementSource,
    /// Who: a user's e-mail or `system:settlement`.
    pub triggered_by: String,
    /// `running|completed|failed`.
    pub status: SettlementStatus,
    /// Started.
    pub started_at: DateTime<Utc>,
    /// Finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// Confirmed commissions.
    pub confirmed_count: i32,
    /// Σ their net amounts.
    pub confirmed_amount: Decimal,
    /// Reverted by the safety sweep.
    pub reverted_count: i32,
    /// Σ amounts reverted.
    pub reverted_amount: Decimal,
    /// Left pending.
    pub pending_count: i32,
    /// Σ their net amounts.
    pub pending_amount: Decimal,
    /// Totals per brand and per campaign.
    pub report: serde_json::Value,
    /// The CSV document, when stored.
    pub report_document_id: Option<Uuid>,
    /// Failure text.
    pub error: Option<String>,
}

/// A run to start.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = settlement_runs)]
pub struct NewSettlementRun<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// `E`.
    pub evaluation_at: DateTime<Utc>,
    /// Override.
    pub waiting_period_days_override: Option<i32>,
    /// Dry run.
    pub dry_run: bool,
    /// Source.
    pub source: SettlementSource,
    /// Who.
    pub triggered_by: &'a str,
    /// Started.
    pub started_at: DateTime<Utc>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// Inserts a `running` run.
pub async fn insert(conn: &mut AsyncPgConnection, row: &NewSettlementRun<'_>) -> crate::Result<()> {
    diesel::insert_into(settlement_runs::table)
        .values(row)
        .execute(conn)
        .await
        .map(|_| ())
}

/// What a finished run stores.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = settlement_runs)]
pub struct Finished {
    /// `completed`.
    pub status: SettlementStatus,
    /// Finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// Counts and amounts.
    pub confirmed_count: i32,
    /// Σ.
    pub confirmed_amount: Decimal,
    /// Count.
    pub reverted_count: i32,
    /// Σ.
    pub reverted_amount: Decimal,
    /// Count.
    pub pending_count: i32,
    /// Σ.
    pub pending_amount: Decimal,
    /// Totals per brand and campaign.
    pub report: serde_json::Value,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// Stores the outcome of a run and returns the row.
pub async fn finish(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    finished: &Finished,
) -> crate::Result<SettlementRun> {
    diesel::update(settlement_runs::table.find(id))
        .set(finished)
        .returning(SettlementRun::as_returning())
        .get_result(conn)
        .await
}

/// One run of the tenant.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<SettlementRun>> {
    settlement_runs::table
        .filter(settlement_runs::tenant_id.eq(tenant_id))
        .filter(settlement_runs::id.eq(id))
        .select(SettlementRun::as_select())
        .first(conn)
        .await
        .optional()
}

/// Filters of the list (`api.md` §10).
#[derive(Debug, Clone, Copy, Default)]
pub struct RunFilter {
    /// `dryRun`.
    pub dry_run: Option<bool>,
    /// `source`.
    pub source: Option<SettlementSource>,
    /// `evaluation_at ≥ from`.
    pub from: Option<DateTime<Utc>>,
    /// `evaluation_at < to`.
    pub to: Option<DateTime<Utc>>,
}

fn filtered(
    tenant_id: Uuid,
    filter: RunFilter,
) -> settlement_runs::BoxedQuery<'static, diesel::pg::Pg> {
    let mut query = settlement_runs::table
        .filter(settlement_runs::tenant_id.eq(tenant_id))
        .into_boxed();
    if let Some(dry_run) = filter.dry_run {
        query = query.filter(settlement_runs::dry_run.eq(dry_run));
    }
    if let Some(source) = filter.source {
        query = query.filter(settlement_runs::source.eq(source));
    }
    if let Some(from) = filter.from {
        query = query.filter(settlement_runs::evaluation_at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(settlement_runs::evaluation_at.lt(to));
    }
    query
}

/// A page of runs, newest first, and the total count.
pub async fn page(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: RunFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<SettlementRun>, i64)> {
    let total = filtered(tenant_id, filter).count().get_result(conn).await?;
    let rows = filtered(tenant_id, filter)
        .order((
            settlement_runs::started_at.desc(),
            settlement_runs::id.desc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(SettlementRun::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}
