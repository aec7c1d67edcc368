//! The worker's view of the e-mail outbox: read, claim a lease, report the delivery. The rules
//! live in `usecases::emails::delivery`; these handlers extract, run the use case in a
//! transaction and answer.

use actix_web::{HttpResponse, web};
use afiliados_api_types::internal::{ClaimEmailRequest, EmailDeliveryReport, InternalEmail};
use afiliados_db::email_outbox::OutboxEmailRow;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::emails::delivery::{self, AttemptReport};

fn internal_email(row: OutboxEmailRow) -> InternalEmail {
    InternalEmail {
        id: row.id,
        recipient: row.recipient,
        template: row.template,
        locale: row.locale.to_string(),
        payload: row.payload,
        attempts: row.attempts,
        max_attempts: delivery::max_attempts(),
        status: row.status.to_string(),
    }
}

/// `GET /internal/v1/emails/{id}`: 410 once sent or cancelled.
pub(super) async fn get_email(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<InternalEmail>> {
    let ctx = state.use_case_context();
    let row = transaction::read(&state, async |tx| delivery::get(tx, &ctx, *id).await).await?;
    Ok(web::Json(internal_email(row)))
}

/// `POST /internal/v1/emails/{id}/claim`: a lease so two workers never send the same e-mail at once.
pub(super) async fn claim_email(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<ClaimEmailRequest>,
) -> ApiResult<web::Json<InternalEmail>> {
    let ctx = state.use_case_context();
    let row = transaction::run(&state, async |tx| {
        delivery::claim(tx, &ctx, *id, body.lease_seconds).await
    })
    .await?;
    Ok(web::Json(internal_email(row)))
}

/// `POST /internal/v1/emails/{id}/delivery`: sent, a failed attempt the worker retries, or a
/// final failure.
pub(super) async fn report_email_delivery(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<EmailDeliveryReport>,
) -> ApiResult<HttpResponse> {
    let report = AttemptReport {
        delivered: body.delivered,
        message_id: body.message_id.as_deref(),
        error: body.error.as_deref(),
        permanent: body.permanent,
        retry_at: body.retry_at,
    };
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        delivery::record(tx, &ctx, *id, report).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
