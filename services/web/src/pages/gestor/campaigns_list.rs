//! `/gestor/campanas`: campaigns in scope, filtered by brand, status and name.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::brands::ListBrandsQuery;
use afiliados_api_types::campaigns::{CampaignResponse, ListCampaignsQuery};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::GESTOR;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// Campaign statuses (`domain.md` §4.3).
pub(crate) const CAMPAIGN_STATUSES: [&str; 4] = afiliados_domain::CampaignStatus::SPELLINGS;

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/campaigns_list.html")]
pub(crate) struct CampaignsListPage {
    l: Layout,
    q: String,
    status: String,
    brand_id: String,
    statuses: Vec<(&'static str, String)>,
    brands: Vec<(String, String)>,
    rows: Vec<CampaignResponse>,
    pager: Pager,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    q: Option<String>,
    status: Option<String>,
    brand_id: Option<String>,
}

/// `GET /gestor/campanas`.
pub(crate) async fn list_campaigns(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let Filters {
        page,
        q,
        status,
        brand_id,
    } = filters.into_inner();
    let query = ListCampaignsQuery {
        page: Some(page.unwrap_or(1).max(1)),
        page_size: Some(20),
        brand_id: brand_id.as_deref().and_then(|id| id.parse().ok()),
        status: status
            .clone()
            .filter(|s| CAMPAIGN_STATUSES.contains(&s.as_str())),
        q: q.clone().filter(|value| !value.is_empty()),
        ..ListCampaignsQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_campaigns(token, &query).await)
        .await?;
    let brands_query = ListBrandsQuery {
        page_size: Some(100),
        ..ListBrandsQuery::default()
    };
    let brands = ctx
        .call(async |api, token| api.list_brands(token, &brands_query).await)
        .await?;
    let filters = filter_query(&[
        ("q", q.as_deref()),
        ("status", status.as_deref()),
        ("brandId", brand_id.as_deref()),
    ]);
    let page = CampaignsListPage {
        pager: Pager::new(
            "/gestor/campanas",
            &filters,
            result.page,
            result.page_size,
            result.total,
        ),
        rows: result.items,
        statuses: CAMPAIGN_STATUSES
            .iter()
            .map(|s| (*s, ctx.i18n.label("campaign_status", s)))
            .collect(),
        brands: brands
            .items
            .into_iter()
            .map(|b| (b.id.to_string(), b.name))
            .collect(),
        q: q.unwrap_or_default(),
        status: status.unwrap_or_default(),
        brand_id: brand_id.unwrap_or_default(),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
