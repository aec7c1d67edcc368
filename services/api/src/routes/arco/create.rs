//! `POST /arco/requests`.

use actix_web::{HttpResponse, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::arco::{ArcoRequestResponse, CreateArcoRequest};

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::arco::create;

/// Files a request: an influencer for itself, admin_dentsu or a gestor on its behalf.
#[utoipa::path(tag = "arco", request_body = CreateArcoRequest, responses(
    (status = 201, body = ArcoRequestResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/arco/requests")]
pub(super) async fn create_arco_request(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<CreateArcoRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let created = transaction::run(&state, async |tx| {
        create::create(tx, &ctx, &user, &body).await
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}
