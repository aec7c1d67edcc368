//! Reading stored runs: `GET /commissions/settlements` and `GET /commissions/settlements/{id}`
//! (FI, AD).

use afiliados_api_types::Page;
use afiliados_api_types::settlements::{ListSettlementsQuery, SettlementRunResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::settlement_runs::{self, RunFilter, SettlementRun};
use afiliados_domain::{Actor, FieldCode, SettlementSource};
use uuid::Uuid;

use super::{RUNNERS, report};
use crate::usecases::paging::Pagination;
use crate::usecases::{UseCaseContext, UseCaseError};

/// A page of runs, newest first, without the item lists.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListSettlementsQuery,
) -> Result<Page<SettlementRunResponse>, UseCaseError> {
    actor.require_any(&RUNNERS)?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let source = match query.source.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            SettlementSource::parse(text)
                .ok_or_else(|| UseCaseError::invalid("source", FieldCode::InvalidEnum))?,
        ),
    };
    let filter = RunFilter {
        dry_run: query.dry_run,
        source,
        from: query.from,
        to: query.to,
    };
    let (rows, total) =
        settlement_runs::page(tx, ctx.tenant_id, filter, paging.offset(), paging.limit()).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        items.push(report::representation(tx, row, false).await?);
    }
    Ok(paging.page(items, total))
}

/// The stored run of the tenant, or 404 (after the role check).
pub async fn stored(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<SettlementRun, UseCaseError> {
    actor.require_any(&RUNNERS)?;
    settlement_runs::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)
}

/// One run with its lists (≤ 1 000 items each).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, settlement.run_id = %id))]
pub async fn get(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<SettlementRunResponse, UseCaseError> {
    let row = stored(tx, ctx, actor, id).await?;
    report::representation(tx, &row, true).await
}
