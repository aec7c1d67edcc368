//! `GET /commissions/tiers/history` (AD, FI; AM its brands through the campaign; IN its own):
//! a page of `tier_history` periods.

use afiliados_api_types::Page;
use afiliados_api_types::tiers::{ListTierHistoryQuery, TierHistoryEntry};
use afiliados_db::AsyncPgConnection;
use afiliados_db::tier_history::{HistoryFilter, HistoryRow, HistorySort};
use afiliados_domain::{Actor, FieldCode, Money, Percent};
use uuid::Uuid;

use super::HISTORY_READERS;
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::list_query::enum_list;
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The stored reasons of a period.
const REASONS: [&str; 4] = ["initial", "upgrade", "downgrade", "tier_removed"];

fn reason(raw: &str) -> Option<&'static str> {
    REASONS.into_iter().find(|known| *known == raw)
}

fn sort(raw: Option<&str>, problems: &mut Problems) -> HistorySort {
    match raw.unwrap_or("-effectiveFrom") {
        "-effectiveFrom" => HistorySort::EffectiveFromDesc,
        "effectiveFrom" => HistorySort::EffectiveFrom,
        _ => {
            problems.push("sort", FieldCode::InvalidEnum);
            HistorySort::EffectiveFromDesc
        }
    }
}

fn entry(row: HistoryRow) -> Result<TierHistoryEntry, UseCaseError> {
    let sales_volume = row
        .sales_volume
        .map(Money::from_decimal)
        .transpose()
        .map_err(|_| UseCaseError::internal("stored sales volume is not money"))?;
    Ok(TierHistoryEntry {
        id: row.id,
        campaign_id: row.campaign_id.into(),
        campaign_name: row.campaign_name,
        influencer_id: row.influencer_id.into(),
        tier_level: row.tier_level,
        tier_name: row.tier_name,
        commission_percent: Percent::from_decimal(row.commission_percent)
            .map_err(|_| UseCaseError::internal("stored tier rate is not a percent"))?,
        effective_from: row.effective_from,
        effective_to: row.effective_to,
        window_start: row.window_start,
        window_end: row.window_end,
        sales_volume,
        reason: row.reason,
        triggered_by: row.triggered_by,
    })
}

/// One page of the periods in scope matching the query. An influencer's `influencerId` is
/// replaced by its own id; an admin_marca only reaches campaigns of its brands.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListTierHistoryQuery,
) -> Result<Page<TierHistoryEntry>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let mut problems = Problems::new();
    let reasons = enum_list(query.reason.as_deref(), "reason", reason, &mut problems);
    let sort = sort(query.sort.as_deref(), &mut problems);
    problems.finish()?;
    let mut filter = HistoryFilter {
        campaign_id: query.campaign_id.map(Uuid::from),
        influencer_id: query.influencer_id.map(Uuid::from),
        reasons: reasons.into_iter().map(str::to_owned).collect(),
        current: query.current,
        ..Default::default()
    };
    match resolve(tx, actor, &HISTORY_READERS, true, true).await? {
        Scope::All => {}
        Scope::Brands(ids) => filter.brand_ids = Some(ids),
        Scope::Influencer(own) => filter.influencer_id = Some(own),
    }
    let (rows, total) = afiliados_db::tier_history::list(
        tx,
        ctx.tenant_id,
        &filter,
        sort,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = rows.into_iter().map(entry).collect::<Result<Vec<_>, _>>()?;
    Ok(paging.page(items, total))
}
