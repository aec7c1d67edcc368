//! `GET /payments/adjustments` (AD, GA, FI every row; AM its brands; IN its own; `api.md` §11):
//! filters `status`, `kind`, `resolutionType`, `influencerId`, `brandId`, `from`/`to` on
//! `createdAt`, newest first. The same parse and scope serve `GET /exports/adjustments.csv`.

use afiliados_api_types::Page;
use afiliados_api_types::payments::{AdjustmentResponse, ListAdjustmentsQuery};
use afiliados_db::AsyncPgConnection;
use afiliados_db::adjustment_list::AdjustmentFilter;
use afiliados_domain::commission::AdjustmentKind;
use afiliados_domain::{Actor, AdjustmentResolution, AdjustmentStatus};

use super::ADJUSTMENT_READERS;
use super::representation::{Names, adjustment};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::list_query::{enum_list, instant};
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The filter of a query, before scoping; unknown values are 422.
pub fn parse(query: &ListAdjustmentsQuery) -> Result<AdjustmentFilter, UseCaseError> {
    let mut problems = Problems::new();
    let statuses = enum_list(
        query.status.as_deref(),
        "status",
        AdjustmentStatus::parse,
        &mut problems,
    );
    let kinds = enum_list(
        query.kind.as_deref(),
        "kind",
        AdjustmentKind::parse,
        &mut problems,
    );
    let resolution_types = enum_list(
        query.resolution_type.as_deref(),
        "resolutionType",
        AdjustmentResolution::parse,
        &mut problems,
    );
    let from = instant("from", query.from.as_deref(), &mut problems);
    let to = instant("to", query.to.as_deref(), &mut problems);
    problems.finish()?;
    Ok(AdjustmentFilter {
        brand_ids: None,
        statuses: statuses.iter().map(|s| s.as_str().to_owned()).collect(),
        kinds: kinds.iter().map(|k| k.as_str().to_owned()).collect(),
        resolution_types: resolution_types
            .iter()
            .map(|r| r.as_str().to_owned())
            .collect(),
        influencer_id: query.influencer_id.map(Into::into),
        brand_id: query.brand_id.map(Into::into),
        from,
        to,
    })
}

/// Narrows a filter to the caller's scope: admin_marca's brands; an influencer's own id replaces
/// any `influencerId` (never a 400, `domain.md` §2.3).
pub fn scoped(filter: &mut AdjustmentFilter, scope: Scope) {
    match scope {
        Scope::All => {}
        Scope::Brands(ids) => filter.brand_ids = Some(ids),
        Scope::Influencer(own) => filter.influencer_id = Some(own),
    }
}

/// The caller's scope on the list (the export has its own, narrower roles).
pub async fn scope_of(tx: &mut AsyncPgConnection, actor: &Actor) -> Result<Scope, UseCaseError> {
    resolve(tx, actor, &ADJUSTMENT_READERS, true, true).await
}

/// One page of the adjustments in scope matching the query.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListAdjustmentsQuery,
) -> Result<Page<AdjustmentResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let mut filter = parse(query)?;
    let scope = scope_of(tx, actor).await?;
    scoped(&mut filter, scope);
    let (rows, total) = afiliados_db::adjustment_list::list(
        tx,
        ctx.tenant_id,
        &filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let names = Names::of(tx, &rows).await?;
    let items = rows
        .into_iter()
        .map(|row| adjustment(row, &names))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(paging.page(items, total))
}
