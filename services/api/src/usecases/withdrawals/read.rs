//! `GET /payments/withdrawals` and `GET /payments/withdrawals/{id}` (AD, GA, FI every request;
//! AM its brands'; IN its own — for an influencer the `influencerId` filter is replaced by its
//! own id, never a 400). A request outside the caller's scope is 404.

use afiliados_api_types::Page;
use afiliados_api_types::payments::{ListWithdrawalsQuery, WithdrawalResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::withdrawal_list::{WithdrawalFilter, WithdrawalSort};
use afiliados_domain::{Actor, FieldCode, WithdrawalStatus};
use uuid::Uuid;

use super::READERS;
use super::representation::{can_download, can_preview, visible, withdrawal_responses};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::list_query::{enum_list, instant};
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

fn sort(raw: Option<&str>, problems: &mut Problems) -> WithdrawalSort {
    match raw.map(str::trim).unwrap_or("-requestedAt") {
        "-requestedAt" => WithdrawalSort::RequestedAtDesc,
        "requestedAt" => WithdrawalSort::RequestedAt,
        "-amount" => WithdrawalSort::AmountDesc,
        "amount" => WithdrawalSort::Amount,
        _ => {
            problems.push("sort", FieldCode::InvalidEnum);
            WithdrawalSort::RequestedAtDesc
        }
    }
}

/// The filter and order of a query, before scoping; unknown values are 422.
pub fn parse(
    ctx: &UseCaseContext<'_>,
    query: &ListWithdrawalsQuery,
) -> Result<(WithdrawalFilter, WithdrawalSort), UseCaseError> {
    let mut problems = Problems::new();
    let statuses = enum_list(
        query.status.as_deref(),
        "status",
        WithdrawalStatus::parse,
        &mut problems,
    );
    let filter = WithdrawalFilter {
        statuses: statuses.iter().map(|s| s.as_str().to_owned()).collect(),
        influencer_id: query.influencer_id.map(Into::into),
        brand_id: query.brand_id.map(Into::into),
        brand_ids: None,
        batch_id: query.batch_id,
        payable: query.payable.map(|payable| (payable, ctx.now())),
        requested_from: instant("from", query.from.as_deref(), &mut problems),
        requested_to: instant("to", query.to.as_deref(), &mut problems),
    };
    let sort = sort(query.sort.as_deref(), &mut problems);
    problems.finish()?;
    Ok((filter, sort))
}

/// Narrows a filter to the caller's scope.
fn scoped(filter: &mut WithdrawalFilter, scope: Scope) {
    match scope {
        Scope::All => {}
        Scope::Brands(ids) => filter.brand_ids = Some(ids),
        Scope::Influencer(own) => filter.influencer_id = Some(own),
    }
}

/// One page of the requests in scope matching the query.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListWithdrawalsQuery,
) -> Result<Page<WithdrawalResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let (mut filter, sort) = parse(ctx, query)?;
    let scope = resolve(tx, actor, &READERS, true, true).await?;
    scoped(&mut filter, scope);
    let (rows, total) = afiliados_db::withdrawal_list::list(
        tx,
        ctx.tenant_id,
        &filter,
        sort,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items =
        withdrawal_responses(tx, ctx, rows, can_download(actor), can_preview(actor)).await?;
    Ok(paging.page(items, total))
}

/// One request in scope with its documents and decision log.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, withdrawal.id = %id))]
pub async fn get(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<WithdrawalResponse, UseCaseError> {
    let scope = resolve(tx, actor, &READERS, true, true).await?;
    let row = afiliados_db::withdrawal_requests::find(tx, ctx.tenant_id, id)
        .await?
        .filter(|row| visible(&scope, row))
        .ok_or(UseCaseError::NotFound)?;
    withdrawal_responses(tx, ctx, vec![row], can_download(actor), can_preview(actor))
        .await?
        .pop()
        .ok_or(UseCaseError::NotFound)
}
