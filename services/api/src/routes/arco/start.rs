//! `POST /arco/requests/{id}/start`.

use actix_web::{post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::arco::ArcoRequestResponse;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::arco::start;

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
    let ctx = state.use_case_context();
    let started =
        transaction::run(&state, async |tx| start::start(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(started))
}
