//! `/libro-mayor`: the ledger of an influencer (`GET /ledger`; admin dentsu, finance, AM in its
//! brands, an influencer its own), newest entry first, filtered by influencer and brand. Each row
//! shows the signed movement of every balance bucket it touched and the available balance after
//! it, so a reader can follow how a balance was built.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::brands::ListBrandsQuery;
use afiliados_api_types::ledger::ListLedgerQuery;
use afiliados_domain::Role;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::LEDGER_READERS;
use super::rows::id_filter;
use crate::context::Ctx;
use crate::error::WebError;
use crate::format::{delta, money, stamp};
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// One entry.
pub(crate) struct EntryRow {
    seq: i64,
    at: String,
    entry_type: String,
    amount: String,
    estimated: String,
    confirmed: String,
    reverted: String,
    pending_withdrawal: String,
    withdrawn: String,
    pending_adjustments: String,
    available_after: String,
    negative: bool,
    description: String,
    commission_id: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/money/ledger.html")]
pub(crate) struct LedgerPage {
    l: Layout,
    influencer_id: String,
    brand_id: String,
    /// Staff filter by influencer; an influencer always reads its own.
    staff: bool,
    brands: Vec<(String, String)>,
    rows: Vec<EntryRow>,
    pager: Pager,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    influencer_id: Option<String>,
    brand_id: Option<String>,
}

/// `GET /libro-mayor`.
pub(crate) async fn show_ledger(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(LEDGER_READERS)?;
    let f = filters.into_inner();
    let staff = !user.has_any(&[Role::Influencer]);
    let query = ListLedgerQuery {
        page: Some(f.page.unwrap_or(1).max(1)),
        page_size: Some(50),
        influencer_id: id_filter(f.influencer_id.as_ref()).filter(|_| staff),
        brand_id: id_filter(f.brand_id.as_ref()),
        ..ListLedgerQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_ledger(token, &query).await)
        .await?;
    // The brand names for the filter: an extra, so a failure only leaves the select empty.
    let brands_query = ListBrandsQuery {
        page_size: Some(100),
        ..ListBrandsQuery::default()
    };
    let brands = ctx
        .try_call(async |api, token| api.list_brands(token, &brands_query).await)
        .await
        .map(|page| {
            page.items
                .into_iter()
                .map(|b| (b.id.to_string(), b.name))
                .collect()
        })
        .unwrap_or_default();
    let influencer_id = query.influencer_id.map(|id| id.to_string());
    let brand_id = query.brand_id.map(|id| id.to_string());
    let kept = filter_query(&[
        ("influencerId", influencer_id.as_deref()),
        ("brandId", brand_id.as_deref()),
    ]);
    let locale = ctx.i18n.locale;
    let rows = result
        .items
        .iter()
        .map(|e| EntryRow {
            seq: e.seq,
            at: stamp(Some(e.created_at)),
            entry_type: ctx.i18n.label("ledger_entry", e.entry_type),
            amount: money(locale, e.amount),
            estimated: delta(locale, e.deltas.estimated),
            confirmed: delta(locale, e.deltas.confirmed),
            reverted: delta(locale, e.deltas.reverted),
            pending_withdrawal: delta(locale, e.deltas.pending_withdrawal),
            withdrawn: delta(locale, e.deltas.withdrawn),
            pending_adjustments: delta(locale, e.deltas.pending_adjustments),
            available_after: money(locale, e.available_after),
            negative: e.available_after.is_negative(),
            description: e.description.clone(),
            commission_id: e.commission_id.map(|id| id.to_string()).unwrap_or_default(),
        })
        .collect();
    let page = LedgerPage {
        pager: Pager::new(
            "/libro-mayor",
            &kept,
            result.page,
            result.page_size,
            result.total,
        ),
        influencer_id: influencer_id.unwrap_or_default(),
        brand_id: brand_id.unwrap_or_default(),
        staff,
        brands,
        rows,
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
