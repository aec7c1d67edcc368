//! `POST /arco/requests/{id}/resolve`.

use actix_web::{post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::arco::{ArcoRequestResponse, ResolveArcoRequest};
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::arco::{ARCO_STAFF, resolve};

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
    user.require_any(&ARCO_STAFF)?;
    let mut conn = state.conn().await?;
    let resolved = conn
        .transaction(async |tx| resolve::resolve(tx, &state, &user, *id, &body).await)
        .await?;
    state.wake_relay();
    Ok(web::Json(resolved))
}
