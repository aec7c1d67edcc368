//! The staff's reads and manual acts on reconciliation (`api.md` §17, §19): filtered pages of runs
//! and discrepancies, a run's report rows, accepting and escalating a discrepancy, and keeping a
//! run's `pending_manual_count`/`auto_resolved_count` current as its discrepancies change.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::reconciliation_discrepancies::DiscrepancyRow;
use crate::reconciliation_runs::ReconciliationRunRow;
use crate::schema::{reconciliation_discrepancies, reconciliation_runs};

/// Filters of `GET /vtex/reconciliations`; empty means "any".
#[derive(Debug, Clone, Default)]
pub struct RunFilter {
    /// `daily|fortnightly|adhoc`.
    pub types: Vec<String>,
    /// `running|success|warning|failed`.
    pub statuses: Vec<String>,
    /// `scheduled|manual_run|manual_record`.
    pub sources: Vec<String>,
    /// `started_at` ≥.
    pub from: Option<DateTime<Utc>>,
    /// `started_at` <.
    pub to: Option<DateTime<Utc>>,
}

/// One page of runs, newest first (`started_at DESC, id`), with the total.
pub async fn runs_page(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &RunFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<ReconciliationRunRow>, i64)> {
    let build = || {
        let mut query = reconciliation_runs::table
            .filter(reconciliation_runs::tenant_id.eq(tenant_id))
            .into_boxed();
        if !filter.types.is_empty() {
            query = query.filter(reconciliation_runs::type_.eq_any(filter.types.clone()));
        }
        if !filter.statuses.is_empty() {
            query = query.filter(reconciliation_runs::status.eq_any(filter.statuses.clone()));
        }
        if !filter.sources.is_empty() {
            query = query.filter(reconciliation_runs::source.eq_any(filter.sources.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(reconciliation_runs::started_at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(reconciliation_runs::started_at.lt(to));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((
            reconciliation_runs::started_at.desc(),
            reconciliation_runs::id.asc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(ReconciliationRunRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Filters of the discrepancy lists and the export; empty means "any".
#[derive(Debug, Clone, Default)]
pub struct DiscrepancyFilter {
    /// Only the discrepancies a run found (first or last run).
    pub run_id: Option<Uuid>,
    /// `A`–`E`.
    pub classes: Vec<String>,
    /// `open|resolving|resolved|accepted`.
    pub statuses: Vec<String>,
    /// Brand.
    pub brand_id: Option<Uuid>,
    /// Escalated (`escalated_at` set) or not.
    pub escalated: Option<bool>,
    /// Auto-resolvable or not.
    pub auto_resolvable: Option<bool>,
}

/// One page of discrepancies, oldest detection first (`first_detected_at, id`), with the total.
pub async fn discrepancies_page(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &DiscrepancyFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<DiscrepancyRow>, i64)> {
    use reconciliation_discrepancies as d;
    let build = || {
        let mut query = d::table.filter(d::tenant_id.eq(tenant_id)).into_boxed();
        if let Some(run) = filter.run_id {
            query = query.filter(d::first_run_id.eq(run).or(d::last_run_id.eq(run)));
        }
        if !filter.classes.is_empty() {
            query = query.filter(d::class.eq_any(filter.classes.clone()));
        }
        if !filter.statuses.is_empty() {
            query = query.filter(d::status.eq_any(filter.statuses.clone()));
        }
        if let Some(brand) = filter.brand_id {
            query = query.filter(d::brand_id.eq(brand));
        }
        match filter.escalated {
            Some(true) => query = query.filter(d::escalated_at.is_not_null()),
            Some(false) => query = query.filter(d::escalated_at.is_null()),
            None => {}
        }
        if let Some(auto) = filter.auto_resolvable {
            query = query.filter(d::auto_resolvable.eq(auto));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((d::first_detected_at.asc(), d::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(DiscrepancyRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Moves an `open` discrepancy to `accepted` with its justification. `None` when it is not
/// `open` any more (a concurrent act won).
pub async fn accept(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    justification: &str,
    by: &str,
    now: DateTime<Utc>,
) -> crate::Result<Option<DiscrepancyRow>> {
    use reconciliation_discrepancies as d;
    diesel::update(d::table.find(id).filter(d::status.eq("open")))
        .set((
            d::status.eq("accepted"),
            d::resolution.eq("accepted"),
            d::resolved_by.eq(by),
            d::resolved_at.eq(now),
            d::justification.eq(justification),
            d::updated_at.eq(now),
        ))
        .returning(DiscrepancyRow::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// The `open`, never escalated discrepancies of the tenant first detected before `before`,
/// locked (skipping rows another escalation holds) so a discrepancy is escalated once.
pub async fn due_for_escalation(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    before: DateTime<Utc>,
) -> crate::Result<Vec<DiscrepancyRow>> {
    use reconciliation_discrepancies as d;
    d::table
        .filter(d::tenant_id.eq(tenant_id))
        .filter(d::status.eq("open"))
        .filter(d::escalated_at.is_null())
        .filter(d::first_detected_at.lt(before))
        .order((d::first_detected_at.asc(), d::id.asc()))
        .select(DiscrepancyRow::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}

/// Sets `escalated_at`.
pub async fn mark_escalated(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    use reconciliation_discrepancies as d;
    diesel::update(d::table.find(id))
        .set((d::escalated_at.eq(Some(now)), d::updated_at.eq(now)))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Sets the class counts of a recorded run (from its lists) and the total it declared.
pub async fn set_recorded_counts(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
    counts: [i32; 5],
    found: i32,
) -> crate::Result<ReconciliationRunRow> {
    use reconciliation_runs as r;
    diesel::update(r::table.find(run_id))
        .set((
            r::discrepancies_found.eq(found),
            r::class_a_count.eq(counts[0]),
            r::class_b_count.eq(counts[1]),
            r::class_c_count.eq(counts[2]),
            r::class_d_count.eq(counts[3]),
            r::class_e_count.eq(counts[4]),
        ))
        .returning(ReconciliationRunRow::as_returning())
        .get_result(conn)
        .await
}

/// Stores the snapshot documents of a run's reports.
pub async fn set_report_documents(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
    json_document: Uuid,
    csv_document: Uuid,
) -> crate::Result<()> {
    use reconciliation_runs as r;
    diesel::update(r::table.find(run_id))
        .set((
            r::report_json_document_id.eq(Some(json_document)),
            r::report_csv_document_id.eq(Some(csv_document)),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// `(id, name)` of the given brands.
pub async fn brand_names(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<Vec<(Uuid, String)>> {
    use crate::schema::brands;
    brands::table
        .filter(brands::id.eq_any(ids.to_vec()))
        .select((brands::id, brands::name))
        .load(conn)
        .await
}

/// `(id, first name, last name)` of the given influencers.
pub async fn influencer_names(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<Vec<(Uuid, String, String)>> {
    use crate::schema::influencers;
    influencers::table
        .filter(influencers::id.eq_any(ids.to_vec()))
        .select((
            influencers::id,
            influencers::first_name,
            influencers::last_name,
        ))
        .load(conn)
        .await
}
