//! Reading campaigns, their members and their status history.

use actix_web::{get, web};
use afiliados_api_types::campaigns::{
    CampaignResponse, ListCampaignsQuery, ListMembershipsQuery, MembershipResponse,
};
use afiliados_api_types::influencers::{StatusChangeResponse, StatusHistoryResponse};
use afiliados_api_types::{ApiErrorBody, Page};
use afiliados_db::campaign_influencers::MembershipFilter;
use afiliados_db::campaigns::{CampaignFilter, CampaignSort};
use afiliados_domain::CampaignStatus;
use uuid::Uuid;

use super::{READERS, WRITERS};
use crate::error::{ApiError, ApiResult};
use crate::extract::{CurrentUser, Pagination};
use crate::state::AppState;
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::campaigns::representation::{View, many, one};
use crate::usecases::campaigns::visible;
use crate::usecases::memberships::representation::membership_responses;

fn statuses(raw: Option<&str>) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    for value in raw.unwrap_or_default().split(',').map(str::trim) {
        if value.is_empty() {
            continue;
        }
        CampaignStatus::parse(value).ok_or_else(|| ApiError::field("status", "invalid_enum"))?;
        out.push(value.to_owned());
    }
    Ok(out)
}

fn sort(raw: Option<&str>) -> Result<CampaignSort, ApiError> {
    Ok(match raw.unwrap_or("-startDate") {
        "startDate" => CampaignSort::StartDate,
        "-startDate" => CampaignSort::StartDateDesc,
        "name" => CampaignSort::Name,
        "-name" => CampaignSort::NameDesc,
        _ => return Err(ApiError::field("sort", "invalid_enum")),
    })
}

fn view_of(scope: &Scope) -> View {
    match scope {
        Scope::Influencer(own) => View::Influencer(*own),
        _ => View::Staff,
    }
}

/// Campaigns in scope (AM: its brands; IN: those it is a member of, reduced).
#[utoipa::path(tag = "campaigns", params(ListCampaignsQuery), responses(
    (status = 200, body = Page<CampaignResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/campaigns")]
pub(super) async fn list_campaigns(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListCampaignsQuery>,
) -> ApiResult<web::Json<Page<CampaignResponse>>> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let statuses = statuses(query.status.as_deref())?;
    let sort = sort(query.sort.as_deref())?;
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &READERS, true, true).await?;
    let mut filter = CampaignFilter {
        brand_id: query.brand_id,
        statuses,
        q: query.q.clone().filter(|q| !q.trim().is_empty()),
        active_on: query.active_on,
        ..Default::default()
    };
    match &scope {
        Scope::All => {}
        Scope::Brands(ids) => filter.brand_ids = Some(ids.clone()),
        Scope::Influencer(own) => {
            filter.ids =
                Some(afiliados_db::campaign_influencers::campaigns_of(&mut conn, *own).await?);
        }
    }
    let (rows, total) = afiliados_db::campaigns::list(
        &mut conn,
        state.tenant_id,
        &filter,
        sort,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = many(&mut conn, rows, view_of(&scope)).await?;
    Ok(web::Json(paging.page(items, total)))
}

/// One campaign.
#[utoipa::path(tag = "campaigns", responses(
    (status = 200, body = CampaignResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/campaigns/{id}")]
pub(super) async fn get_campaign(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CampaignResponse>> {
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &READERS, true, true).await?;
    let campaign = visible(&mut conn, state.tenant_id, &scope, *id, false).await?;
    Ok(web::Json(one(&mut conn, campaign, view_of(&scope)).await?))
}

/// Members of a campaign.
#[utoipa::path(tag = "campaigns", params(ListMembershipsQuery), responses(
    (status = 200, body = Page<MembershipResponse>), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/campaigns/{id}/influencers")]
pub(super) async fn list_campaign_influencers(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    query: web::Query<ListMembershipsQuery>,
) -> ApiResult<web::Json<Page<MembershipResponse>>> {
    let paging = Pagination::new(query.page, query.page_size)?;
    if let Some(status) = &query.status
        && status != "active"
        && status != "inactive"
    {
        return Err(ApiError::field("status", "invalid_enum"));
    }
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &WRITERS, true, false).await?;
    let campaign = visible(&mut conn, state.tenant_id, &scope, *id, false).await?;
    let filter = MembershipFilter {
        status: query.status.clone(),
        q: query.q.clone().filter(|q| !q.trim().is_empty()),
    };
    let (rows, total) = afiliados_db::campaign_influencers::list_for_campaign(
        &mut conn,
        campaign.id,
        &filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = membership_responses(&mut conn, &campaign, rows).await?;
    Ok(web::Json(paging.page(items, total)))
}

/// The campaign's transitions, oldest first.
#[utoipa::path(tag = "campaigns", responses(
    (status = 200, body = StatusHistoryResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/campaigns/{id}/status-history")]
pub(super) async fn get_campaign_status_history(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<StatusHistoryResponse>> {
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &WRITERS, true, false).await?;
    let campaign = visible(&mut conn, state.tenant_id, &scope, *id, false).await?;
    let rows =
        afiliados_db::campaigns::status_history(&mut conn, state.tenant_id, campaign.id).await?;
    Ok(web::Json(StatusHistoryResponse {
        items: rows
            .into_iter()
            .map(
                |(id, from_status, to_status, reason, actor, occurred_at)| StatusChangeResponse {
                    id,
                    from_status,
                    to_status,
                    reason,
                    actor,
                    occurred_at,
                },
            )
            .collect(),
    }))
}
