//! `/comisiones`: the summary (estimated, confirmed, reverted, held) and the commissions in the
//! reader's scope, filtered by state, hold, VTEX order id, influencer, brand and settlement run.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::commissions::{CommissionSummaryQuery, CountAmount, ListCommissionsQuery};
use afiliados_domain::CommissionState;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::COMMISSION_READERS;
use super::rows::{CommissionRow, given, id_filter, options};
use crate::context::Ctx;
use crate::error::WebError;
use crate::format::money;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// One card of the summary.
pub(crate) struct SummaryCard {
    id: &'static str,
    label: String,
    count: i64,
    amount: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/money/commissions_list.html")]
pub(crate) struct CommissionsListPage {
    l: Layout,
    state: String,
    on_hold: String,
    vtex_order_id: String,
    influencer_id: String,
    brand_id: String,
    settlement_run_id: String,
    states: Vec<(&'static str, String)>,
    summary: Vec<SummaryCard>,
    eligible: String,
    rows: Vec<CommissionRow>,
    pager: Pager,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    state: Option<String>,
    on_hold: Option<String>,
    vtex_order_id: Option<String>,
    influencer_id: Option<String>,
    brand_id: Option<String>,
    settlement_run_id: Option<String>,
}

/// `GET /comisiones`.
pub(crate) async fn list_commissions(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(COMMISSION_READERS)?;
    let f = filters.into_inner();
    let state =
        given(f.state.as_ref()).filter(|s| CommissionState::SPELLINGS.contains(&s.as_str()));
    let on_hold = match f.on_hold.as_deref() {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    };
    let influencer_id = id_filter(f.influencer_id.as_ref());
    let brand_id = id_filter(f.brand_id.as_ref());
    let query = ListCommissionsQuery {
        page: Some(f.page.unwrap_or(1).max(1)),
        page_size: Some(25),
        state: state.clone(),
        on_hold,
        influencer_id,
        brand_id,
        vtex_order_id: given(f.vtex_order_id.as_ref()),
        settlement_run_id: id_filter(f.settlement_run_id.as_ref()),
        ..ListCommissionsQuery::default()
    };
    let summary_query = CommissionSummaryQuery {
        influencer_id,
        brand_id,
        ..CommissionSummaryQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_commissions(token, &query).await)
        .await?;
    let summary = ctx
        .call(async |api, token| api.commission_summary(token, &summary_query).await)
        .await?;
    let kept = filter_query(&[
        ("state", state.as_deref()),
        ("onHold", f.on_hold.as_deref()),
        ("vtexOrderId", query.vtex_order_id.as_deref()),
        ("influencerId", f.influencer_id.as_deref()),
        ("brandId", f.brand_id.as_deref()),
        ("settlementRunId", f.settlement_run_id.as_deref()),
    ]);
    let locale = ctx.i18n.locale;
    let card = |id: &'static str, key: &str, value: &CountAmount| SummaryCard {
        id,
        label: ctx.i18n.t(key).to_owned(),
        count: value.count,
        amount: money(locale, value.amount),
    };
    let page = CommissionsListPage {
        summary: vec![
            card(
                "summary-estimated",
                "commissions.summary.estimated",
                &summary.estimated,
            ),
            card(
                "summary-confirmed",
                "commissions.summary.confirmed",
                &summary.confirmed,
            ),
            card(
                "summary-reverted",
                "commissions.summary.reverted",
                &summary.reverted,
            ),
            card(
                "summary-on-hold",
                "commissions.summary.on_hold",
                &summary.on_hold,
            ),
        ],
        eligible: money(locale, summary.eligible_amount),
        rows: result
            .items
            .iter()
            .map(|c| CommissionRow::new(ctx.i18n, c))
            .collect(),
        pager: Pager::new(
            "/comisiones",
            &kept,
            result.page,
            result.page_size,
            result.total,
        ),
        states: options(ctx.i18n, "commission_state", &CommissionState::SPELLINGS),
        state: state.unwrap_or_default(),
        on_hold: f.on_hold.unwrap_or_default(),
        vtex_order_id: f.vtex_order_id.unwrap_or_default(),
        influencer_id: f.influencer_id.unwrap_or_default(),
        brand_id: f.brand_id.unwrap_or_default(),
        settlement_run_id: f.settlement_run_id.unwrap_or_default(),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
