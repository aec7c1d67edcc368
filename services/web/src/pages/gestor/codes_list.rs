//! `/gestor/codigos`: discount codes in scope with their status and VTEX sync state, filtered by
//! status, sync state, campaign and code text.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::codes::ListCodesQuery;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::GESTOR;
use super::rows::CodeSyncRow;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// Derived code statuses (`domain.md` §4.4).
pub(crate) const CODE_STATUSES: [&str; 3] = afiliados_domain::CodeStatus::SPELLINGS;
/// Coupon sync states.
pub(crate) const SYNC_STATES: [&str; 3] = afiliados_domain::SyncState::SPELLINGS;

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/codes_list.html")]
pub(crate) struct CodesListPage {
    l: Layout,
    q: String,
    status: String,
    sync_state: String,
    campaign_id: String,
    statuses: Vec<(&'static str, String)>,
    sync_states: Vec<(&'static str, String)>,
    codes: Vec<CodeSyncRow>,
    pager: Pager,
    back: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    q: Option<String>,
    status: Option<String>,
    sync_state: Option<String>,
    campaign_id: Option<String>,
}

/// `GET /gestor/codigos`.
pub(crate) async fn list_codes(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let Filters {
        page,
        q,
        status,
        sync_state,
        campaign_id,
    } = filters.into_inner();
    let query = ListCodesQuery {
        page: Some(page.unwrap_or(1).max(1)),
        page_size: Some(20),
        campaign_id: campaign_id.as_deref().and_then(|id| id.parse().ok()),
        status: status
            .clone()
            .filter(|s| CODE_STATUSES.contains(&s.as_str())),
        sync_state: sync_state
            .clone()
            .filter(|s| SYNC_STATES.contains(&s.as_str())),
        q: q.clone().filter(|value| !value.is_empty()),
        ..ListCodesQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_codes(token, &query).await)
        .await?;
    let filters = filter_query(&[
        ("q", q.as_deref()),
        ("status", status.as_deref()),
        ("syncState", sync_state.as_deref()),
        ("campaignId", campaign_id.as_deref()),
    ]);
    let back = format!("/gestor/codigos?page={}{filters}", result.page);
    let label = |prefix: &str, values: &[&'static str]| {
        values
            .iter()
            .map(|v| (*v, ctx.i18n.label(prefix, v)))
            .collect::<Vec<_>>()
    };
    let page = CodesListPage {
        pager: Pager::new(
            "/gestor/codigos",
            &filters,
            result.page,
            result.page_size,
            result.total,
        ),
        codes: result
            .items
            .into_iter()
            .map(|code| CodeSyncRow::new(ctx.i18n, code))
            .collect(),
        statuses: label("code_status", &CODE_STATUSES),
        sync_states: label("sync_state", &SYNC_STATES),
        q: q.unwrap_or_default(),
        status: status.unwrap_or_default(),
        sync_state: sync_state.unwrap_or_default(),
        campaign_id: campaign_id.unwrap_or_default(),
        back,
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
