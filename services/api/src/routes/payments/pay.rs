//! `POST /payments/withdrawals/{id}/pay` (FI, AD).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::payments::{PayWithdrawalRequest, PaymentResponse};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::idempotency::{self, IdempotentRequest};
use crate::state::AppState;
use crate::transaction;
use crate::usecases::payments::pay;

/// Pays an approved, payable withdrawal for its approved amount, withholding per the tax profile.
#[utoipa::path(tag = "payments", request_body = PayWithdrawalRequest,
    params(("Idempotency-Key" = Option<String>, Header,
        description = "1–100 visible ASCII characters; a retry with the same key and body within 24 h replays the first answer (`Idempotent-Replay: true`)")),
    responses(
    (status = 201, body = PaymentResponse),
    (status = 403, body = ApiErrorBody, description = "`forbidden`, `dual_control_required`"),
    (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody, description = "`withdrawal_not_approved`, `withdrawal_already_decided`, `withdrawal_on_hold` (`details: [{payableFrom}]`), `withdrawal_in_batch`, `balance_negative`"),
    (status = 422, body = ApiErrorBody, description = "`payment_amount_mismatch` (`params.approvedAmount`) and field rules")),
    security(("bearer" = [])))]
#[post("/payments/withdrawals/{id}/pay")]
pub(super) async fn pay_withdrawal(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    req: HttpRequest,
    body: web::Json<PayWithdrawalRequest>,
) -> ApiResult<HttpResponse> {
    let idempotent = IdempotentRequest::new(&req, &*body)?;
    let ctx = state.use_case_context();
    let answer = transaction::run(&state, async |tx| {
        let claim = idempotency::claim(tx, &ctx, user.user_id, &idempotent).await?;
        if let Some(replay) = claim.replay() {
            return Ok(replay);
        }
        let payment = pay::pay(tx, &ctx, &user, *id, &body).await?;
        claim.answer(tx, StatusCode::CREATED, &payment).await
    })
    .await?;
    Ok(answer.into_response())
}
