//! `/payments/adjustments` (`api.md` §11): list (AD, GA, FI; AM its brands; IN its own), create a
//! manual debt and resolve one (FI, AD). Registered as static paths before any
//! `/payments/{id}` route, which would otherwise take `adjustments` as an id.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use afiliados_api_types::payments::{
    AdjustmentResponse, CreateAdjustmentRequest, ListAdjustmentsQuery, ResolveAdjustmentRequest,
};
use afiliados_api_types::{ApiErrorBody, Page};
use afiliados_domain::Money;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::{CurrentUser, serde_error};
use crate::idempotency::{self, IdempotentRequest};
use crate::state::AppState;
use crate::transaction;
use crate::usecases::adjustments::{create, read, resolve};

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list_adjustments)
        .service(create_adjustment)
        .service(resolve_adjustment);
}

/// Lists adjustments in the caller's scope, newest first.
#[utoipa::path(tag = "payments", params(ListAdjustmentsQuery), responses(
    (status = 200, body = Page<AdjustmentResponse>), (status = 403, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments/adjustments")]
async fn list_adjustments(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListAdjustmentsQuery>,
) -> ApiResult<web::Json<Page<AdjustmentResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// The body typed, with a bad `amount` named as such: the money type's own error cannot say
/// which field failed, so `amount` is read alone first (422 `invalid_amount` on `amount`).
fn create_body(value: serde_json::Value) -> Result<CreateAdjustmentRequest, ApiError> {
    if let Some(amount) = value.get("amount")
        && Money::deserialize(amount).is_err()
    {
        return Err(ApiError::field("amount", "invalid_amount"));
    }
    serde_json::from_value(value).map_err(|error| serde_error(&error))
}

/// Records a manual debt (`kind = manual`, `pending`): ledger `adjustment_opened`.
#[utoipa::path(tag = "payments", request_body = CreateAdjustmentRequest,
    params(("Idempotency-Key" = Option<String>, Header,
        description = "1–100 visible ASCII characters; a retry with the same key and body within 24 h replays the first answer (`Idempotent-Replay: true`)")),
    responses(
    (status = 201, body = AdjustmentResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/payments/adjustments")]
async fn create_adjustment(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    body: web::Json<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    let request = create_body(body.into_inner())?;
    let idempotent = IdempotentRequest::new(&req, &request)?;
    let ctx = state.use_case_context();
    let answer = transaction::run(&state, async |tx| {
        let claim = idempotency::claim(tx, &ctx, user.user_id, &idempotent).await?;
        if let Some(replay) = claim.replay() {
            return Ok(replay);
        }
        let adjustment = create::create(tx, &ctx, &user, &request).await?;
        claim.answer(tx, StatusCode::CREATED, &adjustment).await
    })
    .await?;
    Ok(answer.into_response())
}

/// Resolves a pending adjustment: recovered (netting or repayment) or written off.
#[utoipa::path(tag = "payments", request_body = ResolveAdjustmentRequest, responses(
    (status = 200, body = AdjustmentResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody, description = "`adjustment_already_resolved`, `adjustment_not_covered`"),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[patch("/payments/adjustments/{id}/resolve")]
async fn resolve_adjustment(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<ResolveAdjustmentRequest>,
) -> ApiResult<web::Json<AdjustmentResponse>> {
    let ctx = state.use_case_context();
    let adjustment = transaction::run(&state, async |tx| {
        resolve::resolve(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(adjustment))
}
