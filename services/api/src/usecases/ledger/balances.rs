//! `GET /commissions/balances` (AD, GA, FI; AM its brands; IN its own whatever it filters): one
//! row per influencer × brand, or per influencer with `groupBy=influencer` (sums over its brands
//! in scope, `brandId` null). Balances are few (one per influencer and brand), so sorting,
//! grouping and paging happen in memory over the filtered rows.

use afiliados_api_types::Page;
use afiliados_api_types::ledger::{BalanceResponse, ListBalancesQuery};
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencer_balance::{BalanceFilter, NamedBalance};
use afiliados_domain::{Actor, FieldCode, Money, Role};

use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::fields::money;
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Roles that read every balance.
pub const BALANCE_READERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Finance];

#[derive(Clone, Copy)]
enum Sort {
    AvailableDesc,
    Available,
    Name,
    NameDesc,
}

fn response(row: &NamedBalance) -> BalanceResponse {
    BalanceResponse {
        influencer_id: row.influencer_id.into(),
        influencer_name: format!("{} {}", row.first_name, row.last_name)
            .trim()
            .to_owned(),
        brand_id: Some(row.brand_id.into()),
        brand_name: Some(row.brand_name.clone()),
        currency: row.currency.trim().to_owned(),
        estimated: money(row.buckets.estimated),
        confirmed: money(row.buckets.confirmed),
        reverted: money(row.buckets.reverted),
        pending_withdrawal: money(row.buckets.pending_withdrawal),
        withdrawn: money(row.buckets.withdrawn),
        pending_adjustments: money(row.buckets.pending_adjustments),
        available: money(row.available),
        updated_at: row.updated_at,
    }
}

/// Sums of one influencer's rows (already ordered by influencer).
fn grouped(rows: &[NamedBalance]) -> Vec<BalanceResponse> {
    let mut out: Vec<BalanceResponse> = Vec::new();
    for row in rows {
        let one = response(row);
        match out.last_mut() {
            Some(last) if last.influencer_id == row.influencer_id => {
                last.estimated = last.estimated + one.estimated;
                last.confirmed = last.confirmed + one.confirmed;
                last.reverted = last.reverted + one.reverted;
                last.pending_withdrawal = last.pending_withdrawal + one.pending_withdrawal;
                last.withdrawn = last.withdrawn + one.withdrawn;
                last.pending_adjustments = last.pending_adjustments + one.pending_adjustments;
                last.available = last.available + one.available;
                last.updated_at = last.updated_at.max(one.updated_at);
            }
            _ => out.push(BalanceResponse {
                brand_id: None,
                brand_name: None,
                ..one
            }),
        }
    }
    out
}

/// One page of the balances in scope.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListBalancesQuery,
) -> Result<Page<BalanceResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let mut problems = Problems::new();
    let min_available = query
        .min_available
        .as_deref()
        .map(str::trim)
        .filter(|raw| !raw.is_empty())
        .and_then(|raw| problems.check("minAvailable", Money::parse(raw)));
    let by_influencer = match query.group_by.as_deref().map(str::trim) {
        None | Some("") => false,
        Some("influencer") => true,
        Some(_) => {
            problems.push("groupBy", FieldCode::InvalidEnum);
            false
        }
    };
    let sort = match query.sort.as_deref().unwrap_or("-available") {
        "-available" => Sort::AvailableDesc,
        "available" => Sort::Available,
        "influencerName" => Sort::Name,
        "-influencerName" => Sort::NameDesc,
        _ => {
            problems.push("sort", FieldCode::InvalidEnum);
            Sort::AvailableDesc
        }
    };
    problems.finish()?;
    let mut filter = BalanceFilter {
        influencer_id: query.influencer_id.map(Into::into),
        brand_id: query.brand_id.map(Into::into),
        negative: query.negative.unwrap_or(false),
        min_available: min_available.map(Money::amount),
        ..Default::default()
    };
    match resolve(tx, actor, &BALANCE_READERS, true, true).await? {
        Scope::All => {}
        Scope::Brands(ids) => filter.brand_ids = Some(ids),
        Scope::Influencer(own) => filter.influencer_id = Some(own),
    }
    let rows = afiliados_db::influencer_balance::list_named(tx, ctx.tenant_id, &filter).await?;
    let mut items = if by_influencer {
        grouped(&rows)
    } else {
        rows.iter().map(response).collect()
    };
    // Stable sort over rows already ordered by (influencer, brand): ties keep that order.
    match sort {
        Sort::AvailableDesc => items.sort_by_key(|b| std::cmp::Reverse(b.available)),
        Sort::Available => items.sort_by_key(|b| b.available),
        Sort::Name => items.sort_by(|a, b| a.influencer_name.cmp(&b.influencer_name)),
        Sort::NameDesc => items.sort_by(|a, b| b.influencer_name.cmp(&a.influencer_name)),
    }
    let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let start = usize::try_from(paging.offset()).unwrap_or(usize::MAX);
    let page: Vec<BalanceResponse> = items
        .into_iter()
        .skip(start)
        .take(usize::try_from(paging.limit()).unwrap_or(0))
        .collect();
    Ok(paging.page(page, total))
}
