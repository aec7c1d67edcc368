//! `/notifications*` handlers: the caller's feed and the e-mail outbox.

use actix_web::{HttpResponse, get, post, web};
use afiliados_api_types::alerts::{AlertResponse, PendingAlertsQuery};
use afiliados_api_types::notifications::{ListEmailsQuery, NotificationPage, OutboxEmail};
use afiliados_api_types::{ApiErrorBody, Page, PageQuery};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::alerts::pending;
use crate::usecases::notifications::{feed, outbox, retry};

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list_notifications)
        .service(read_notification)
        .service(read_all_notifications)
        .service(list_pending_alerts)
        .service(list_emails)
        .service(retry_email);
}

/// The caller's in-app notifications.
#[utoipa::path(tag = "notifications", params(PageQuery), responses((status = 200, body = NotificationPage)), security(("bearer" = [])))]
#[get("/notifications")]
async fn list_notifications(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<NotificationPage>> {
    let locale = user.user.locale;
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        feed::list(tx, &ctx, &user, query.page, query.page_size, locale).await
    })
    .await?;
    Ok(web::Json(page))
}

/// `POST /notifications/read-all` body: optionally only one notification type.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReadAllRequest {
    /// Only notifications of this type (`policy.updated`, …).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

/// Marks every unread notification of the caller read (body optional: `{"type": …}`).
#[utoipa::path(tag = "notifications", request_body(content = Option<ReadAllRequest>), responses((status = 204), (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/notifications/read-all")]
async fn read_all_notifications(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let request: ReadAllRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ReadAllRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|_| ApiError::field("type", "invalid_type"))?
    };
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        feed::mark_all_read(tx, &ctx, &user, request.kind.as_deref()).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Marks one of the caller's notifications read (another user's is 404).
#[utoipa::path(tag = "notifications", responses((status = 204), (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/notifications/{id}/read")]
async fn read_notification(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        feed::mark_read(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The operational queue: alerts not yet acknowledged (AD, GA), newest first. Reading an
/// alert's notification (`POST /notifications/{id}/read`) acknowledges it.
#[utoipa::path(tag = "notifications", params(PendingAlertsQuery), responses(
    (status = 200, body = Page<AlertResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/notifications/pending")]
async fn list_pending_alerts(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<PendingAlertsQuery>,
) -> ApiResult<web::Json<Page<AlertResponse>>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        pending::list(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(page))
}

/// The e-mail outbox; `delivered=false` is the runbook's query.
#[utoipa::path(tag = "notifications", params(ListEmailsQuery), responses(
    (status = 200, body = Page<OutboxEmail>), (status = 403, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/notifications/emails")]
async fn list_emails(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListEmailsQuery>,
) -> ApiResult<web::Json<Page<OutboxEmail>>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        outbox::list(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(page))
}

/// Sends an undelivered e-mail again (attempts reset).
#[utoipa::path(tag = "notifications", responses(
    (status = 202, body = OutboxEmail), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/notifications/emails/{id}/retry")]
async fn retry_email(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let row = transaction::run(&state, async |tx| {
        retry::retry_email(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(HttpResponse::Accepted().json(outbox::outbox_email(row)))
}
