//! The worker's view of the e-mail outbox: read, claim a lease, report the delivery.

use actix_web::{HttpResponse, web};
use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::internal::{ClaimEmailRequest, EmailDeliveryReport, InternalEmail};
use afiliados_db::email_outbox::OutboxEmailRow;
use chrono::Duration;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::ServiceCaller;
use crate::state::AppState;

fn internal_email(row: OutboxEmailRow) -> InternalEmail {
    InternalEmail {
        id: row.id,
        recipient: row.recipient,
        template: row.template,
        locale: row.locale,
        payload: row.payload,
        attempts: row.attempts,
        max_attempts: row.max_attempts,
        status: row.status,
    }
}

fn finished(row: &OutboxEmailRow) -> bool {
    row.delivered || matches!(row.status.as_str(), "sent" | "cancelled")
}

/// `GET /internal/v1/emails/{id}`: 410 once sent or cancelled.
pub(super) async fn get_email(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<InternalEmail>> {
    let mut conn = state.conn().await?;
    let row = afiliados_db::email_outbox::find(&mut conn, *id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if finished(&row) {
        return Err(ApiError::Gone);
    }
    Ok(web::Json(internal_email(row)))
}

/// `POST /internal/v1/emails/{id}/claim`: a lease so two workers never send the same e-mail at once.
pub(super) async fn claim_email(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<ClaimEmailRequest>,
) -> ApiResult<web::Json<InternalEmail>> {
    if !(30..=600).contains(&body.lease_seconds) {
        return Err(ApiError::field("leaseSeconds", "out_of_range"));
    }
    let mut conn = state.conn().await?;
    let row = conn
        .transaction(async |tx| {
            let row = afiliados_db::email_outbox::find_for_update(tx, *id)
                .await?
                .ok_or(ApiError::NotFound)?;
            if finished(&row) {
                return Err(ApiError::Gone);
            }
            if row.status == "sending" && row.claimed_until.is_some_and(|until| until > state.now())
            {
                return Err(ApiError::conflict(ApiErrorCode::Conflict));
            }
            Ok(afiliados_db::email_outbox::claim(
                tx,
                row.id,
                state.now() + Duration::seconds(i64::from(body.lease_seconds)),
            )
            .await?)
        })
        .await?;
    Ok(web::Json(internal_email(row)))
}

/// `POST /internal/v1/emails/{id}/delivery`: sent, or a failed attempt with backoff, or final failure.
pub(super) async fn report_email_delivery(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    id: web::Path<Uuid>,
    body: web::Json<EmailDeliveryReport>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.conn().await?;
    conn.transaction(async |tx| {
        let row = afiliados_db::email_outbox::find_for_update(tx, *id).await?.ok_or(ApiError::NotFound)?;
        if finished(&row) {
            // Idempotent: a repeated report changes nothing.
            return Ok(());
        }
        if body.delivered {
            afiliados_db::email_outbox::mark_sent(tx, row.id, body.message_id.as_deref()).await?;
            metrics::counter!("marketing_afiliados_emails_sent_total", "template" => row.template.clone()).increment(1);
        } else {
            let attempts = row.attempts + 1;
            let final_failure = body.permanent || attempts >= row.max_attempts;
            // next = now + min(1 h, 1 min × 2^(attempts−1)) (domain.md §4.10)
            let backoff_minutes = 1i64 << (attempts - 1).clamp(0, 6);
            let next = (!final_failure).then(|| state.now() + Duration::minutes(backoff_minutes.min(60)));
            let error: String = body.error.clone().unwrap_or_else(|| "unknown error".into()).chars().take(1000).collect();
            afiliados_db::email_outbox::mark_failed_attempt(tx, row.id, &error, final_failure, next).await?;
            if final_failure {
                metrics::counter!("marketing_afiliados_emails_failed_total", "template" => row.template.clone()).increment(1);
                tracing::warn!(email.id = %row.id, email.template = %row.template, "e-mail failed for good");
            }
        }
        Ok::<_, ApiError>(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
