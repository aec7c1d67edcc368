//! `GET /policies/consents/{influencerId}` and `POST /policies/consents`.

use actix_web::{HttpResponse, get, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::consents::{AcceptConsentsRequest, AcceptConsentsResponse, ConsentList};
use afiliados_domain::Role;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::consents::{accept, representation, scope};

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
    let mut conn = state.conn().await?;
    let influencer =
        scope::readable_influencer(&mut conn, state.tenant_id, &user, *influencer_id).await?;
    let rows = afiliados_db::consents::for_influencer(&mut conn, influencer.id).await?;
    let items = representation::consent_responses(&mut conn, rows).await?;
    Ok(web::Json(ConsentList { items }))
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
    user.require_any(&[Role::Influencer])?;
    let mut conn = state.conn().await?;
    let influencer = scope::own_influencer(&mut conn, &user)
        .await?
        .ok_or(ApiError::NotFound)?;
    let answer = conn
        .transaction(async |tx| {
            accept::accept(tx, state.tenant_id, &user, &influencer, &body, state.now()).await
        })
        .await?;
    Ok(HttpResponse::Created().json(answer))
}
