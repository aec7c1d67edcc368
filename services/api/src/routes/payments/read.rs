//! `GET /payments` and `GET /payments/{id}` (FI, AD; IN its own).

use actix_web::{get, web};
use afiliados_api_types::payments::{ListPaymentsQuery, PaymentResponse};
use afiliados_api_types::{ApiErrorBody, Page};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::payments::read;

/// Payments, newest payment date first (an influencer sees its own only).
#[utoipa::path(tag = "payments", params(ListPaymentsQuery), responses(
    (status = 200, body = Page<PaymentResponse>), (status = 403, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments")]
pub(super) async fn list_payments(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListPaymentsQuery>,
) -> ApiResult<web::Json<Page<PaymentResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One payment with its documents (another influencer's: 404).
#[utoipa::path(tag = "payments", responses(
    (status = 200, body = PaymentResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments/{id}")]
pub(super) async fn get_payment(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<PaymentResponse>> {
    let ctx = state.use_case_context();
    let payment =
        transaction::read(&state, async |tx| read::get(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(payment))
}
