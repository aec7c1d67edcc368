//! Reading runs and discrepancies (`api.md` §19): the run list (newest first), one run, a run's
//! discrepancies and the discrepancies across runs (oldest detection first, `open,resolving` by
//! default). Filters are parsed here once; the discrepancy export reuses [`discrepancy_filter`].

use afiliados_api_types::Page;
use afiliados_api_types::reconciliation::{DiscrepancyResponse, ReconciliationRunResponse};
use afiliados_api_types::reconciliation_requests::{
    ListDiscrepanciesQuery, ListReconciliationsQuery, ListRunDiscrepanciesQuery,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_queries::{self, DiscrepancyFilter, RunFilter};
use afiliados_db::reconciliation_runs::ReconciliationRunRow;
use afiliados_domain::{
    Actor, DiscrepancyClass, DiscrepancyStatus, FieldCode, ReconciliationSource,
    ReconciliationStatus, ReconciliationType,
};
use uuid::Uuid;

use super::representation::{self, READERS};
use crate::usecases::list_query::{enum_list, instant};
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The run of the tenant for a reader, or 404 (after the role check).
pub async fn stored_run(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<ReconciliationRunRow, UseCaseError> {
    actor.require_any(&READERS)?;
    afiliados_db::reconciliation_runs::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)
}

/// `sort` accepts only the list's one order, with or without its sign as documented.
fn check_sort(raw: Option<&str>, allowed: &[&str], problems: &mut Problems) {
    if let Some(sort) = raw.map(str::trim).filter(|s| !s.is_empty())
        && !allowed.contains(&sort)
    {
        problems.push("sort", FieldCode::InvalidEnum);
    }
}

/// A page of runs, newest first.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn runs(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListReconciliationsQuery,
) -> Result<Page<ReconciliationRunResponse>, UseCaseError> {
    actor.require_any(&READERS)?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let mut problems = Problems::new();
    let filter = RunFilter {
        types: enum_list(
            query.run_type.as_deref(),
            "type",
            ReconciliationType::parse,
            &mut problems,
        )
        .into_iter()
        .map(|t| t.as_str().to_owned())
        .collect(),
        statuses: enum_list(
            query.status.as_deref(),
            "status",
            ReconciliationStatus::parse,
            &mut problems,
        )
        .into_iter()
        .map(|t| t.as_str().to_owned())
        .collect(),
        sources: enum_list(
            query.source.as_deref(),
            "source",
            ReconciliationSource::parse,
            &mut problems,
        )
        .into_iter()
        .map(|t| t.as_str().to_owned())
        .collect(),
        from: instant("from", query.from.as_deref(), &mut problems),
        to: instant("to", query.to.as_deref(), &mut problems),
    };
    check_sort(query.sort.as_deref(), &["-startedAt"], &mut problems);
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        problems.push("to", FieldCode::DateOrder);
    }
    problems.finish()?;
    let (rows, total) = reconciliation_queries::runs_page(
        tx,
        ctx.tenant_id,
        &filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = rows
        .iter()
        .map(representation::run)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(paging.page(items, total))
}

/// One run.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, reconciliation.run_id = %id))]
pub async fn run(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<ReconciliationRunResponse, UseCaseError> {
    representation::run(&stored_run(tx, ctx, actor, id).await?)
}

fn classes(raw: Option<&str>, problems: &mut Problems) -> Vec<String> {
    enum_list(raw, "class", DiscrepancyClass::parse, problems)
        .into_iter()
        .map(|c| c.as_str().to_owned())
        .collect()
}

fn statuses(raw: Option<&str>, problems: &mut Problems) -> Vec<String> {
    enum_list(raw, "status", DiscrepancyStatus::parse, problems)
        .into_iter()
        .map(|s| s.as_str().to_owned())
        .collect()
}

fn boolean(field: &str, raw: Option<&str>, problems: &mut Problems) -> Option<bool> {
    match raw.map(str::trim).filter(|r| !r.is_empty())? {
        "true" => Some(true),
        "false" => Some(false),
        _ => {
            problems.push(field, FieldCode::InvalidFormat);
            None
        }
    }
}

/// A run's discrepancies (found first or last by it), any status unless filtered.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, reconciliation.run_id = %id))]
pub async fn run_discrepancies(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    query: &ListRunDiscrepanciesQuery,
) -> Result<Page<DiscrepancyResponse>, UseCaseError> {
    let run = stored_run(tx, ctx, actor, id).await?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let mut problems = Problems::new();
    let filter = DiscrepancyFilter {
        run_id: Some(run.id),
        classes: classes(query.class.as_deref(), &mut problems),
        statuses: statuses(query.status.as_deref(), &mut problems),
        ..DiscrepancyFilter::default()
    };
    problems.finish()?;
    page(tx, ctx, &filter, paging).await
}

/// The filter of the cross-run list and its export; `status` defaults to the live ones.
pub fn discrepancy_filter(
    query: &ListDiscrepanciesQuery,
) -> Result<DiscrepancyFilter, UseCaseError> {
    let mut problems = Problems::new();
    let mut statuses = statuses(query.status.as_deref(), &mut problems);
    if statuses.is_empty() {
        statuses = vec!["open".to_owned(), "resolving".to_owned()];
    }
    let brand_id = match query.brand_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => match Uuid::parse_str(raw) {
            Ok(id) => Some(id),
            Err(_) => {
                problems.push("brandId", FieldCode::InvalidFormat);
                None
            }
        },
    };
    let filter = DiscrepancyFilter {
        run_id: None,
        classes: classes(query.class.as_deref(), &mut problems),
        statuses,
        brand_id,
        escalated: boolean("escalated", query.escalated.as_deref(), &mut problems),
        auto_resolvable: boolean(
            "autoResolvable",
            query.auto_resolvable.as_deref(),
            &mut problems,
        ),
    };
    check_sort(query.sort.as_deref(), &["firstDetectedAt"], &mut problems);
    problems.finish()?;
    Ok(filter)
}

/// Discrepancies across runs.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn discrepancies(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListDiscrepanciesQuery,
) -> Result<Page<DiscrepancyResponse>, UseCaseError> {
    actor.require_any(&READERS)?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let filter = discrepancy_filter(query)?;
    page(tx, ctx, &filter, paging).await
}

async fn page(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    filter: &DiscrepancyFilter,
    paging: Pagination,
) -> Result<Page<DiscrepancyResponse>, UseCaseError> {
    let (rows, total) = reconciliation_queries::discrepancies_page(
        tx,
        ctx.tenant_id,
        filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    Ok(paging.page(representation::discrepancies(&rows)?, total))
}
