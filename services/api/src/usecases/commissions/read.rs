//! `GET /commissions` and `GET /commissions/{id}` (AD, FI; AM its brands; IN its own).

use afiliados_api_types::Page;
use afiliados_api_types::commissions::{CommissionResponse, ListCommissionsQuery};
use afiliados_db::AsyncPgConnection;
use afiliados_db::commissions::{CommissionFilter, CommissionSort};
use afiliados_domain::commission::CommissionState;
use afiliados_domain::{Actor, FieldCode};
use uuid::Uuid;

use super::COMMISSION_READERS;
use super::representation::{commission_detail, commission_response, find_visible};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::list_query::{enum_list, instant};
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

fn sort(raw: Option<&str>, problems: &mut Problems) -> CommissionSort {
    match raw.unwrap_or("-estimatedAt") {
        "-estimatedAt" => CommissionSort::EstimatedAtDesc,
        "estimatedAt" => CommissionSort::EstimatedAt,
        "-confirmedAt" => CommissionSort::ConfirmedAtDesc,
        "confirmedAt" => CommissionSort::ConfirmedAt,
        "-commissionAmount" => CommissionSort::AmountDesc,
        "commissionAmount" => CommissionSort::Amount,
        _ => {
            problems.push("sort", FieldCode::InvalidEnum);
            CommissionSort::EstimatedAtDesc
        }
    }
}

/// Narrows a filter to the caller's scope (an influencer's own id replaces any `influencerId`).
pub fn scoped(filter: &mut CommissionFilter, scope: Scope) {
    match scope {
        Scope::All => {}
        Scope::Brands(ids) => filter.brand_ids = Some(ids),
        Scope::Influencer(own) => filter.influencer_id = Some(own),
    }
}

/// The filter and order of a `GET /commissions` query (also `GET /exports/commissions.csv`),
/// before scoping; unknown values are 422.
pub fn parse(
    query: &ListCommissionsQuery,
) -> Result<(CommissionFilter, CommissionSort), UseCaseError> {
    let mut problems = Problems::new();
    let states = enum_list(
        query.state.as_deref(),
        "state",
        CommissionState::parse,
        &mut problems,
    );
    let filter = CommissionFilter {
        influencer_id: query.influencer_id.map(Into::into),
        brand_id: query.brand_id.map(Into::into),
        campaign_id: query.campaign_id.map(Into::into),
        states: states.iter().map(|s| s.as_str().to_owned()).collect(),
        on_hold: query.on_hold,
        vtex_order_id: query
            .vtex_order_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned),
        settlement_run_id: query.settlement_run_id,
        estimated_from: instant("from", query.from.as_deref(), &mut problems),
        estimated_to: instant("to", query.to.as_deref(), &mut problems),
        confirmed_from: instant(
            "confirmedFrom",
            query.confirmed_from.as_deref(),
            &mut problems,
        ),
        confirmed_to: instant("confirmedTo", query.confirmed_to.as_deref(), &mut problems),
        ..Default::default()
    };
    let sort = sort(query.sort.as_deref(), &mut problems);
    problems.finish()?;
    Ok((filter, sort))
}

/// One page of the commissions in scope matching the query.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListCommissionsQuery,
) -> Result<Page<CommissionResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let (mut filter, sort) = parse(query)?;
    let scope = resolve(tx, actor, &COMMISSION_READERS, true, true).await?;
    scoped(&mut filter, scope);
    let (rows, total) = afiliados_db::commissions::list(
        tx,
        ctx.tenant_id,
        &filter,
        sort,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = rows
        .into_iter()
        .map(commission_response)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(paging.page(items, total))
}

/// One commission in scope with lines, transitions and rule snapshot.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, commission.id = %id))]
pub async fn get(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<CommissionResponse, UseCaseError> {
    let scope = resolve(tx, actor, &COMMISSION_READERS, true, true).await?;
    let named = find_visible(tx, ctx, &scope, id).await?;
    commission_detail(tx, named).await
}
