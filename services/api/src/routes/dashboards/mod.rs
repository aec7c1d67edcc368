//! `GET /dashboard/influencer`, `GET /dashboard/gestor`, `GET /dashboard/finance` and
//! `GET /dashboard/admin`, plus the status page `GET /status`
//! (`api.md` §15): read-only, in one read transaction each.

use actix_web::{get, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::admin_dashboard::{AdminDashboard, AdminDashboardQuery};
use afiliados_api_types::dashboards::{
    GestorDashboard, GestorDashboardQuery, InfluencerDashboard, InfluencerDashboardQuery,
};
use afiliados_api_types::finance_dashboard::{FinanceDashboard, FinanceDashboardQuery};
use afiliados_api_types::status_page::StatusPage;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::dashboards::{admin, finance, gestor, influencer};

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(influencer_dashboard)
        .service(gestor_dashboard)
        .service(finance_dashboard)
        .service(admin_dashboard)
        .service(status_page);
}

/// An influencer's dashboard: IN its own; AD, GA, AM (scope) name `influencerId`.
#[utoipa::path(tag = "dashboards", params(InfluencerDashboardQuery), responses(
    (status = 200, body = InfluencerDashboard), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/dashboard/influencer")]
async fn influencer_dashboard(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<InfluencerDashboardQuery>,
) -> ApiResult<web::Json<InfluencerDashboard>> {
    let ctx = state.use_case_context();
    let dashboard = transaction::read(&state, async |tx| {
        influencer::dashboard(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(dashboard))
}

/// The gestor dashboard: AD, GA every brand (optional `brandId`); AM its brands.
#[utoipa::path(tag = "dashboards", params(GestorDashboardQuery), responses(
    (status = 200, body = GestorDashboard), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/dashboard/gestor")]
async fn gestor_dashboard(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<GestorDashboardQuery>,
) -> ApiResult<web::Json<GestorDashboard>> {
    let ctx = state.use_case_context();
    let dashboard = transaction::read(&state, async |tx| {
        gestor::dashboard(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(dashboard))
}

/// The finance dashboard: AD and FI (optional `brandId`).
#[utoipa::path(tag = "dashboards", params(FinanceDashboardQuery), responses(
    (status = 200, body = FinanceDashboard), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/dashboard/finance")]
async fn finance_dashboard(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<FinanceDashboardQuery>,
) -> ApiResult<web::Json<FinanceDashboard>> {
    let ctx = state.use_case_context();
    let dashboard = transaction::read(&state, async |tx| {
        finance::dashboard(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(dashboard))
}

/// The admin dashboard: AD and AU (`from`/`to` bound `topInfluencers` by `confirmed_at`).
#[utoipa::path(tag = "dashboards", params(AdminDashboardQuery), responses(
    (status = 200, body = AdminDashboard), (status = 403, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/dashboard/admin")]
async fn admin_dashboard(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<AdminDashboardQuery>,
) -> ApiResult<web::Json<AdminDashboard>> {
    let ctx = state.use_case_context();
    let dashboard = transaction::read_repeatable(&state, async |tx| {
        admin::dashboard(tx, &ctx, &user, &query, &state.admin_dashboards).await
    })
    .await?;
    Ok(web::Json(dashboard))
}

/// The status page: AD, AU and FI; every block with its green/amber/red level.
#[utoipa::path(tag = "dashboards", responses(
    (status = 200, body = StatusPage), (status = 403, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/status")]
async fn status_page(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<web::Json<StatusPage>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        crate::usecases::status::page(tx, &ctx, &user).await
    })
    .await?;
    Ok(web::Json(page))
}
