//! `/gestor/influencers`: every influencer in scope, filtered by status, text and campaign.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::campaigns::ListCampaignsQuery;
use afiliados_api_types::influencers::ListInfluencersQuery;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::GESTOR;
use super::queue::InfluencerRow;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// Influencer statuses (`domain.md` §4.2).
pub(crate) const INFLUENCER_STATUSES: [&str; 4] = afiliados_domain::InfluencerStatus::SPELLINGS;

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/influencers_list.html")]
pub(crate) struct InfluencersListPage {
    l: Layout,
    q: String,
    status: String,
    campaign_id: String,
    statuses: Vec<(&'static str, String)>,
    campaigns: Vec<(String, String)>,
    rows: Vec<InfluencerRow>,
    pager: Pager,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    q: Option<String>,
    status: Option<String>,
    campaign_id: Option<String>,
}

/// `GET /gestor/influencers`.
pub(crate) async fn list_influencers(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let Filters {
        page,
        q,
        status,
        campaign_id,
    } = filters.into_inner();
    let nonblank = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
    let list = ListInfluencersQuery {
        page: Some(page.unwrap_or(1).max(1)),
        page_size: Some(20),
        status: nonblank(&status).filter(|s| INFLUENCER_STATUSES.contains(&s.as_str())),
        q: nonblank(&q),
        campaign_id: campaign_id.as_deref().and_then(|id| id.parse().ok()),
        ..ListInfluencersQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_influencers(token, &list).await)
        .await?;
    let campaigns_query = ListCampaignsQuery {
        page_size: Some(100),
        sort: Some("name".to_owned()),
        ..ListCampaignsQuery::default()
    };
    let campaigns = ctx
        .call(async |api, token| api.list_campaigns(token, &campaigns_query).await)
        .await?;
    let filters = filter_query(&[
        ("q", q.as_deref()),
        ("status", status.as_deref()),
        ("campaignId", campaign_id.as_deref()),
    ]);
    let page = InfluencersListPage {
        pager: Pager::new(
            "/gestor/influencers",
            &filters,
            result.page,
            result.page_size,
            result.total,
        ),
        rows: result
            .items
            .into_iter()
            .map(|row| InfluencerRow::new(ctx.i18n, row))
            .collect(),
        statuses: INFLUENCER_STATUSES
            .iter()
            .map(|s| (*s, ctx.i18n.label("influencer_status", s)))
            .collect(),
        campaigns: campaigns
            .items
            .into_iter()
            .map(|c| (c.id.to_string(), format!("{} · {}", c.name, c.brand_name)))
            .collect(),
        q: q.unwrap_or_default(),
        status: status.unwrap_or_default(),
        campaign_id: campaign_id.unwrap_or_default(),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
