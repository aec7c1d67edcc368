//! `POST /arco/requests/{id}/resolve`.

use actix_web::{post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::arco::{ArcoRequestResponse, ResolveArcoRequest};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::arco::resolve;

/// Completes (applying its effect) or rejects a request.
#[utoipa::path(tag = "arco", params(("id" = Uuid, Path, description = "ARCO request")), request_body = ResolveArcoRequest,
    responses((status = 200, body = ArcoRequestResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/arco/requests/{id}/resolve")]
pub(super) async fn resolve_arco_request(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<ResolveArcoRequest>,
) -> ApiResult<web::Json<ArcoRequestResponse>> {
    let ctx = state.use_case_context();
    let resolved = transaction::run(&state, async |tx| {
        resolve::resolve(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(resolved))
}
