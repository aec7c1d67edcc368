//! `/gestor/campanas/{id}/miembros`: every membership of a campaign, paginated and filtered by
//! status and name or e-mail, each with its activate/deactivate button. The campaign's page
//! shows the first members and links here.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::campaigns::{ListMembershipsQuery, MembershipResponse};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;
use uuid::Uuid;

use super::GESTOR;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// Membership statuses.
const MEMBERSHIP_STATUSES: [&str; 2] = afiliados_domain::MembershipStatus::SPELLINGS;

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/campaign_members.html")]
pub(crate) struct CampaignMembersPage {
    l: Layout,
    campaign_id: String,
    campaign: String,
    brand: String,
    members: Vec<MembershipResponse>,
    q: String,
    status: String,
    statuses: Vec<(&'static str, String)>,
    back: String,
    pager: Pager,
}

#[derive(Deserialize)]
pub(crate) struct Filters {
    page: Option<u32>,
    q: Option<String>,
    status: Option<String>,
}

/// `GET /gestor/campanas/{id}/miembros?page=&status=&q=`.
pub(crate) async fn list_campaign_members(
    ctx: Ctx,
    id: web::Path<Uuid>,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let id = id.into_inner();
    let Filters { page, q, status } = filters.into_inner();
    let status = status
        .filter(|s| MEMBERSHIP_STATUSES.contains(&s.as_str()))
        .unwrap_or_default();
    let q = q.unwrap_or_default().trim().to_owned();
    let campaign = ctx
        .call(async |api, token| api.get_campaign(token, id).await)
        .await?;
    let query = ListMembershipsQuery {
        page: Some(page.unwrap_or(1).max(1)),
        page_size: Some(20),
        status: Some(status.clone()).filter(|s| !s.is_empty()),
        q: Some(q.clone()).filter(|q| !q.is_empty()),
    };
    let result = ctx
        .call(async |api, token| api.list_campaign_members(token, id, &query).await)
        .await?;
    let base = format!("/gestor/campanas/{id}/miembros");
    let filters = filter_query(&[("status", Some(status.as_str())), ("q", Some(q.as_str()))]);
    let page = CampaignMembersPage {
        back: format!("{base}?page={}{filters}", result.page),
        pager: Pager::new(&base, &filters, result.page, result.page_size, result.total),
        campaign_id: id.to_string(),
        campaign: campaign.name,
        brand: campaign.brand_name,
        members: result.items,
        statuses: MEMBERSHIP_STATUSES
            .iter()
            .map(|s| (*s, ctx.i18n.label("membership_status", s)))
            .collect(),
        q,
        status,
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
