//! Listing influencers, one record, and its status trail.

use actix_web::{get, web};
use afiliados_api_types::influencers::{
    InfluencerResponse, InfluencerSummary, ListInfluencersQuery, StatusHistoryResponse,
};
use afiliados_api_types::{ApiErrorBody, Page};
use afiliados_domain::Role;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::{CurrentUser, Pagination};
use crate::state::AppState;
use crate::usecases::influencers::access::{self, Allowed};
use crate::usecases::influencers::{list, representation};

/// Influencers in the caller's scope (admin_marca: members of its brands' campaigns).
#[utoipa::path(tag = "influencers", params(ListInfluencersQuery), responses(
    (status = 200, body = Page<InfluencerSummary>), (status = 403, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/influencers")]
pub(super) async fn list_influencers(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListInfluencersQuery>,
) -> ApiResult<web::Json<Page<InfluencerSummary>>> {
    user.require_any(&[Role::AdminDentsu, Role::GestorAfiliados, Role::AdminMarca])?;
    let pagination = Pagination::new(query.page, query.page_size)?;
    let filter = list::filter(&query, &user)?;
    let mut conn = state.conn().await?;
    list::list(&mut conn, &state, &filter, pagination)
        .await
        .map(web::Json)
}

/// One influencer, reduced for admin_marca and finance.
#[utoipa::path(tag = "influencers", responses(
    (status = 200, body = InfluencerResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/influencers/{id}")]
pub(super) async fn get_influencer(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<InfluencerResponse>> {
    let allowed = Allowed {
        staff: true,
        brand: true,
        finance: true,
        own: true,
    };
    let mut conn = state.conn().await?;
    let (influencer, view) = access::load(&mut conn, &state, &user, *id, allowed, false).await?;
    representation::detail(&mut conn, &state, influencer, &view)
        .await
        .map(web::Json)
}

/// Status transitions, oldest first.
#[utoipa::path(tag = "influencers", responses(
    (status = 200, body = StatusHistoryResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/influencers/{id}/status-history")]
pub(super) async fn get_status_history(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<StatusHistoryResponse>> {
    let allowed = Allowed {
        staff: true,
        brand: true,
        finance: false,
        own: true,
    };
    let mut conn = state.conn().await?;
    let (influencer, _) = access::load(&mut conn, &state, &user, *id, allowed, false).await?;
    let rows = afiliados_db::influencer_registry::status_history(
        &mut conn,
        state.tenant_id,
        influencer.id,
    )
    .await?;
    Ok(web::Json(StatusHistoryResponse {
        items: rows
            .into_iter()
            .map(representation::status_change)
            .collect(),
    }))
}
