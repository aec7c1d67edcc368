//! `POST /api/v1/vtex/webhooks/orders` (`vtex.md` §2, `api.md` §19): read the raw body (≤ 2 MiB),
//! recognise it, authenticate it, store it with its job in one bounded transaction, answer. Only
//! requests that fail authentication are rate limited, per client address; authenticated VTEX
//! traffic is never refused for its volume (ADR 0032).

use std::time::Duration;

use actix_web::{HttpMessage, HttpRequest, HttpResponse, post, web};
use afiliados_api_types::deliveries::{WebhookAck, WebhookAckStatus};
use afiliados_api_types::{ApiErrorBody, ApiErrorCode};
use afiliados_domain::DeliveryKind;
use futures::StreamExt as _;
use ipnet::IpNet;
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::request_context::RequestContext;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::webhooks::events;
use crate::usecases::webhooks::receive::{Answer, Receipt, receive};
use crate::usecases::webhooks::recognize::recognize;
use crate::webhook_auth::{Origin, Verdict, authenticate, selected_headers};

/// The largest body VTEX may send (`api.md` §0.1).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Statements of the webhook's transaction (`vtex.md` §2.4).
const STATEMENT_TIMEOUT_MS: u32 = 3_000;

/// Longest wait for a pooled connection: VTEX gives up after 5 s, so a 503 must come first.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(2);

/// The rate-limit scope of failed authentications (ADR 0032).
pub const AUTH_FAILURE_SCOPE: &str = "webhook_auth_failure";

/// Receives a VTEX order notification, a full order document or the hook ping.
#[utoipa::path(tag = "vtex",
    request_body(content = Object, content_type = "application/json",
        description = "A VTEX hook notification, a full OMS order document, or `{\"hookConfig\":\"ping\"}`; authenticated by `x-vtex-hmac-sha256` (HMAC-SHA256 hex of the raw body) or by the configured hook header (`vtex.md` §2.2)."),
    responses(
        (status = 200, body = WebhookAck, description = "`pong`, `accepted` (stored and enqueued) or `duplicate` (same idempotency key as a live delivery)."),
        (status = 400, body = ApiErrorBody, description = "`invalid_json`: the body is not JSON (stored `rejected`)."),
        (status = 401, body = ApiErrorBody, description = "`webhook_signature_invalid`: neither the signature nor the hook header (and origin) authenticate the request (stored `rejected` with the reason)."),
        (status = 413, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody, description = "`unrecognized_payload`: authenticated JSON of no known shape (stored `ignored`)."),
        (status = 429, body = ApiErrorBody, description = "`rate_limited`: too many failed authentications from this address (ADR 0032); authenticated requests are never limited."),
        (status = 503, body = ApiErrorBody, description = "`service_unavailable`: the database is unavailable (VTEX retries); `webhook_auth_not_configured`: no secret configured outside development."),
    ))]
#[post("/vtex/webhooks/orders")]
pub(super) async fn receive_order_notification(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let started = std::time::Instant::now();
    let answer = handle(&state, &request, payload).await;
    metrics::histogram!("marketing_afiliados_webhook_duration_seconds")
        .record(started.elapsed().as_secs_f64());
    answer
}

async fn handle(
    state: &AppState,
    request: &HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let body = read_body(request, payload).await?;
    let json: Option<Value> = serde_json::from_slice(&body).ok();
    let recognized = json.as_ref().map(recognize).unwrap_or_default();
    let kind = recognized.kind();
    let origin = (kind == DeliveryKind::Hook).then_some(Origin {
        account: recognized.origin_account.as_deref(),
        key: recognized.origin_key.as_deref(),
    });
    let settings = &state.settings.webhook;
    let verdict = authenticate(
        settings,
        state.settings.app_env.is_development(),
        request.headers(),
        &body,
        origin,
    );
    let verification = match verdict {
        Verdict::Verified(verification) => Ok(verification),
        Verdict::Refused(refusal) => Err(refusal.as_str()),
        // A ping needs no secret; anything else cannot be judged.
        Verdict::NotConfigured if kind == DeliveryKind::Ping => {
            Err(crate::webhook_auth::Refusal::MissingSignature.as_str())
        }
        Verdict::NotConfigured => {
            return Err(ApiError::Unconfigured(
                ApiErrorCode::WebhookAuthNotConfigured,
            ));
        }
    };
    let client_ip = request
        .extensions()
        .get::<RequestContext>()
        .and_then(|ctx| ctx.client_ip);
    // Unauthenticated traffic (a ping included: it needs no credentials, so it is counted
    // with the failures) is what the limit is for; over it nothing is stored.
    if verification.is_err() {
        count_failure(state, client_ip).await?;
    }
    let headers = selected_headers(settings, request.headers());
    let receipt = Receipt {
        body: &body,
        json: json.as_ref(),
        recognized: &recognized,
        verification,
        source_ip: client_ip.map(IpNet::from),
        headers: &headers,
    };
    let ctx = state.use_case_context();
    let received = transaction::run_bounded(state, CHECKOUT_TIMEOUT, async |tx| {
        transaction::statement_timeout(tx, STATEMENT_TIMEOUT_MS).await?;
        receive(tx, &ctx, &receipt).await
    })
    .await?;
    let state_label = recognized.state.as_deref();
    let ack = |status, delivery_id| {
        HttpResponse::Ok().json(WebhookAck {
            status,
            delivery_id,
        })
    };
    Ok(match received.answer {
        Answer::Pong => {
            events::count(kind, state_label, true);
            ack(WebhookAckStatus::Pong, None)
        }
        // Counted when its outcome is known (processed, or failed for good).
        Answer::Accepted => ack(WebhookAckStatus::Accepted, Some(received.delivery_id)),
        Answer::Duplicate { original } => {
            events::count(kind, state_label, true);
            ack(WebhookAckStatus::Duplicate, Some(original))
        }
        Answer::Rejected => {
            events::count(kind, state_label, false);
            return Err(ApiError::Unauthenticated(
                ApiErrorCode::WebhookSignatureInvalid,
                Vec::new(),
            ));
        }
        Answer::InvalidJson => {
            events::count(kind, state_label, false);
            return Err(ApiError::BadRequest(
                ApiErrorCode::InvalidJson,
                "the webhook body is not JSON".into(),
            ));
        }
        Answer::Unrecognized => {
            events::count(kind, state_label, false);
            return Err(ApiError::Unprocessable(ApiErrorCode::UnrecognizedPayload));
        }
    })
}

/// The raw body, refused with 413 past [`BODY_LIMIT`] without holding more than that.
async fn read_body(request: &HttpRequest, mut payload: web::Payload) -> ApiResult<Vec<u8>> {
    let declared = request
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > BODY_LIMIT) {
        return Err(ApiError::PayloadTooLarge);
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0).min(BODY_LIMIT));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::BadRequest(
                ApiErrorCode::InvalidJson,
                "the body could not be read".into(),
            )
        })?;
        if body.len() + chunk.len() > BODY_LIMIT {
            return Err(ApiError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Counts one unauthenticated request of `client_ip`; 429 once the address is over
/// `RATE_LIMIT_WEBHOOK_PER_MIN` this minute. When Redis cannot be asked the request goes on, as
/// every limit of the api does.
async fn count_failure(
    state: &AppState,
    client_ip: Option<std::net::IpAddr>,
) -> Result<(), ApiError> {
    let key = client_ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    let now = u64::try_from(state.now().timestamp()).unwrap_or(0);
    let window = state
        .rate_limiter
        .hit(
            AUTH_FAILURE_SCOPE,
            &key,
            state.settings.webhook.failed_auth_per_min,
            now,
        )
        .await;
    match window {
        Some(window) if window.exceeded => Err(ApiError::RateLimited {
            retry_after: window.reset_at.saturating_sub(now).max(1),
        }),
        _ => Ok(()),
    }
}
