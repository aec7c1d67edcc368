//! `/audit/*` handlers (admin_dentsu, auditor).

use actix_web::{get, web};
use afiliados_api_types::audit::{AuditEntry, ListAuditLogsQuery};
use afiliados_api_types::users::AccessReviewResponse;
use afiliados_api_types::{ApiErrorBody, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::audit::{access_review, logs};

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list_audit_logs).service(get_access_review);
}

/// The append-only audit log, newest first.
#[utoipa::path(tag = "audit", params(ListAuditLogsQuery), responses(
    (status = 200, body = Page<AuditEntry>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/audit/logs")]
async fn list_audit_logs(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListAuditLogsQuery>,
) -> ApiResult<web::Json<Page<AuditEntry>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| logs::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// Every user with roles, brands, status, 2FA and last access change, for the semiannual review.
#[utoipa::path(tag = "audit", responses((status = 200, body = AccessReviewResponse), (status = 403, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/audit/access-review")]
async fn get_access_review(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<web::Json<AccessReviewResponse>> {
    let ctx = state.use_case_context();
    let review = transaction::run(&state, async |tx| {
        access_review::access_review(tx, &ctx, &user).await
    })
    .await?;
    Ok(web::Json(review))
}
