//! `/payments/withdrawals` (`api.md` §11): list, request, detail and decision. Registered before
//! any `/payments/{id}` route, which would otherwise take `withdrawals` as an id.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use afiliados_api_types::payments::{
    CreateWithdrawalRequest, DecideWithdrawalRequest, ListWithdrawalsQuery, WithdrawalResponse,
};
use afiliados_api_types::{ApiErrorBody, Page};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::idempotency::{self, IdempotentRequest};
use crate::state::AppState;
use crate::transaction;
use crate::usecases::withdrawals::{decide, read, request};

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list_withdrawals)
        .service(request_withdrawal)
        .service(get_withdrawal)
        .service(decide_withdrawal);
}

/// Withdrawal requests in scope (AM: its brands; IN: its own).
#[utoipa::path(tag = "payments", params(ListWithdrawalsQuery), responses(
    (status = 200, body = Page<WithdrawalResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments/withdrawals")]
pub(super) async fn list_withdrawals(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListWithdrawalsQuery>,
) -> ApiResult<web::Json<Page<WithdrawalResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// Requests a withdrawal from one brand balance (IN its own; FI, AD on an influencer's behalf).
/// A retry with the same `Idempotency-Key` and body answers the first answer again.
#[utoipa::path(tag = "payments", request_body = CreateWithdrawalRequest,
    params(("Idempotency-Key" = Option<String>, Header,
        description = "1–100 visible ASCII characters; a retry with the same key and body within 24 h replays the first answer (`Idempotent-Replay: true`)")),
    responses(
    (status = 201, body = WithdrawalResponse), (status = 403, body = ApiErrorBody, description = "`forbidden`, `consent_required`"),
    (status = 404, body = ApiErrorBody, description = "brand or influencer unknown or outside scope"),
    (status = 409, body = ApiErrorBody, description = "`influencer_not_approved`, `withdrawal_exceeds_available` (`details: [{available}]`)"),
    (status = 422, body = ApiErrorBody, description = "`validation_failed` (`invalid_amount`, `below_minimum` with `params.minimum`), `idempotency_key_reused`")),
    security(("bearer" = [])))]
#[post("/payments/withdrawals")]
pub(super) async fn request_withdrawal(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    body: web::Json<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    // The role first: a gestor or an auditor is 403 whatever the body says.
    request::allowed(&user)?;
    let body = request::parse(&body)?;
    let idempotent = IdempotentRequest::new(&req, &body)?;
    let ctx = state.use_case_context();
    let answer = transaction::run(&state, async |tx| {
        let claim = idempotency::claim(tx, &ctx, user.user_id, &idempotent).await?;
        if let Some(replay) = claim.replay() {
            return Ok(replay);
        }
        let created = request::request(tx, &ctx, &user, &body).await?;
        claim.answer(tx, StatusCode::CREATED, &created).await
    })
    .await?;
    Ok(answer.into_response())
}

/// One withdrawal with its documents and decision log.
#[utoipa::path(tag = "payments", responses(
    (status = 200, body = WithdrawalResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments/withdrawals/{id}")]
pub(super) async fn get_withdrawal(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<WithdrawalResponse>> {
    let ctx = state.use_case_context();
    let withdrawal =
        transaction::read(&state, async |tx| read::get(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(withdrawal))
}

/// Approves or rejects a pending withdrawal, or rejects an approved one before payment (FI, AD).
#[utoipa::path(tag = "payments", request_body = DecideWithdrawalRequest, responses(
    (status = 200, body = WithdrawalResponse), (status = 403, body = ApiErrorBody, description = "`forbidden`, `segregation_of_duties`"),
    (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody, description = "`withdrawal_already_decided`, `balance_negative`, `withdrawal_in_batch`"),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[patch("/payments/withdrawals/{id}/decision")]
pub(super) async fn decide_withdrawal(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<DecideWithdrawalRequest>,
) -> ApiResult<web::Json<WithdrawalResponse>> {
    let ctx = state.use_case_context();
    let withdrawal = transaction::run(&state, async |tx| {
        decide::decide(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(withdrawal))
}
