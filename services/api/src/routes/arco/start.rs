//! `POST /arco/requests/{id}/start`.

use actix_web::{post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::arco::ArcoRequestResponse;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::arco::{ARCO_STAFF, start};

/// Moves a received request to `in_progress`.
#[utoipa::path(tag = "arco", params(("id" = Uuid, Path, description = "ARCO request")), responses(
    (status = 200, body = ArcoRequestResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/arco/requests/{id}/start")]
pub(super) async fn start_arco_request(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ArcoRequestResponse>> {
    user.require_any(&ARCO_STAFF)?;
    let mut conn = state.conn().await?;
    let started = conn
        .transaction(async |tx| start::start(tx, state.tenant_id, &user, *id).await)
        .await?;
    Ok(web::Json(started))
}
