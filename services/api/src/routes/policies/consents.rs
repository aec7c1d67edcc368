//! `GET /policies/consents/{influencerId}` and `POST /policies/consents`.

use actix_web::{HttpResponse, get, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::consents::{AcceptConsentsRequest, AcceptConsentsResponse, ConsentList};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::consents::{accept, read};

/// An influencer's consents, newest first, revoked ones included.
#[utoipa::path(tag = "policies", params(("influencer_id" = Uuid, Path, description = "Influencer")), responses(
    (status = 200, body = ConsentList), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/policies/consents/{influencer_id}")]
pub(super) async fn list_consents(
    state: web::Data<AppState>,
    user: CurrentUser,
    influencer_id: web::Path<Uuid>,
) -> ApiResult<web::Json<ConsentList>> {
    let ctx = state.use_case_context();
    let list = transaction::read(&state, async |tx| {
        read::list(tx, &ctx, &user, *influencer_id).await
    })
    .await?;
    Ok(web::Json(list))
}

/// The caller (an influencer) accepts active policy versions; already accepted ones are skipped.
#[utoipa::path(tag = "policies", request_body = AcceptConsentsRequest, responses(
    (status = 201, body = AcceptConsentsResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/policies/consents")]
pub(super) async fn accept_consents(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<AcceptConsentsRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let answer = transaction::run(&state, async |tx| {
        accept::accept(tx, &ctx, &user, &body).await
    })
    .await?;
    Ok(HttpResponse::Created().json(answer))
}
