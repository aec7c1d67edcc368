//! `/notifications*` handlers: the caller's feed and the e-mail outbox.

use actix_web::{HttpResponse, get, post, web};
use afiliados_api_types::notifications::{
    ListEmailsQuery, NotificationPage, NotificationResponse, OutboxEmail,
};
use afiliados_api_types::{ApiErrorBody, Page, PageQuery};
use afiliados_db::email_outbox::{EmailFilter, OutboxEmailRow};
use afiliados_domain::Role;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::{CurrentUser, Pagination};
use crate::state::AppState;
use crate::transaction;
use crate::usecases::notifications::retry;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list_notifications)
        .service(read_notification)
        .service(read_all_notifications)
        .service(list_emails)
        .service(retry_email);
}

/// Converts an outbox row (the payload is never returned).
pub fn outbox_email(row: OutboxEmailRow) -> OutboxEmail {
    OutboxEmail {
        id: row.id,
        recipient: row.recipient,
        template: row.template,
        locale: row.locale,
        status: row.status,
        delivered: row.delivered,
        attempts: row.attempts,
        max_attempts: crate::usecases::emails::delivery::max_attempts(),
        last_error: row.last_error,
        next_attempt_at: row.next_attempt_at,
        sent_at: row.sent_at,
        message_id: row.message_id,
        alert_group: row.alert_group.map(|group| group.to_string()),
        created_at: row.created_at,
    }
}

/// The caller's in-app notifications.
#[utoipa::path(tag = "notifications", params(PageQuery), responses((status = 200, body = NotificationPage)), security(("bearer" = [])))]
#[get("/notifications")]
async fn list_notifications(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<NotificationPage>> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let mut conn = state.conn().await?;
    let (rows, total, unread) = afiliados_db::notifications::list(
        &mut conn,
        user.id(),
        false,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let locale = user.user.locale;
    let items = rows
        .into_iter()
        .map(|n| NotificationResponse {
            id: n.id,
            message: crate::notification_messages::render(&n.type_, &n.payload, locale),
            notification_type: n.type_,
            severity: n.severity,
            payload: n.payload,
            operational: n.operational,
            read_at: n.read_at,
            created_at: n.created_at,
        })
        .collect();
    Ok(web::Json(NotificationPage {
        items,
        page: paging.page,
        page_size: paging.page_size,
        total: u64::try_from(total).unwrap_or(0),
        unread_count: u64::try_from(unread).unwrap_or(0),
    }))
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
    let mut conn = state.conn().await?;
    afiliados_db::notifications::mark_all_read(&mut conn, user.id(), request.kind.as_deref())
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
    let mut conn = state.conn().await?;
    if !afiliados_db::notifications::mark_read(&mut conn, user.id(), *id).await? {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
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
    user.require_any(&[Role::AdminDentsu, Role::Auditor])?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let filter = EmailFilter {
        delivered: query.delivered,
        status: query.status.clone(),
        template: query.template.clone(),
        recipient: query.recipient.as_ref().map(|r| r.trim().to_lowercase()),
    };
    let mut conn = state.conn().await?;
    let (rows, total) = afiliados_db::email_outbox::list(
        &mut conn,
        state.tenant_id,
        &filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    Ok(web::Json(
        paging.page(rows.into_iter().map(outbox_email).collect(), total),
    ))
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
    Ok(HttpResponse::Accepted().json(outbox_email(row)))
}
