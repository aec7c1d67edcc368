//! `/notificaciones`: the signed-in user's in-app notifications (every role, own feed only),
//! newest first, with "mark as read" per row and "mark all read". The header's bell links here.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::PageQuery;
use afiliados_api_types::notifications::NotificationResponse;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::refusal;
use crate::format::stamp;
use crate::layout::{Layout, render};
use crate::pager::Pager;

/// Where the feed lives.
const PATH: &str = "/notificaciones";

/// One notification.
pub(crate) struct NotificationRow {
    id: String,
    message: String,
    severity: String,
    severity_label: String,
    created: String,
    read: bool,
}

impl NotificationRow {
    fn new(ctx: &Ctx, notification: NotificationResponse) -> NotificationRow {
        NotificationRow {
            id: notification.id.to_string(),
            severity_label: ctx.i18n.label("severity", notification.severity),
            severity: notification.severity.to_string(),
            created: stamp(Some(notification.created_at)),
            read: notification.read_at.is_some(),
            message: notification.message,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/notifications.html")]
pub(crate) struct NotificationsPage {
    l: Layout,
    rows: Vec<NotificationRow>,
    unread: u64,
    pager: Pager,
}

#[derive(Deserialize)]
pub(crate) struct Filters {
    page: Option<u32>,
}

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(PATH, web::get().to(list_notifications))
        .route(
            "/notificaciones/leer-todas",
            web::post().to(submit_read_all),
        )
        .route("/notificaciones/{id}/leer", web::post().to(submit_read_one));
}

/// `GET /notificaciones?page=`.
pub(crate) async fn list_notifications(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(&[])?;
    let query = PageQuery {
        page: Some(filters.page.unwrap_or(1).max(1)),
        page_size: Some(20),
    };
    let result = ctx
        .call(async |api, token| api.list_notifications(token, &query).await)
        .await?;
    let page = NotificationsPage {
        pager: Pager::new(PATH, "", result.page, result.page_size, result.total),
        rows: result
            .items
            .into_iter()
            .map(|notification| NotificationRow::new(&ctx, notification))
            .collect(),
        unread: result.unread_count,
        // The feed already carries the count; the bell needs no second call.
        l: ctx.layout_with_unread(Some(result.unread_count))?,
    };
    render(&page, StatusCode::OK)
}

/// `POST /notificaciones/leer-todas`.
pub(crate) async fn submit_read_all(ctx: Ctx) -> Result<HttpResponse, WebError> {
    ctx.require(&[])?;
    match ctx
        .call(async |api, token| api.mark_all_notifications_read(token).await)
        .await
    {
        Ok(()) => ctx.done(PATH, "notifications.all_read"),
        Err(error) => {
            let text = refusal(ctx.i18n, error)?;
            ctx.failed(PATH, &text)
        }
    }
}

/// `POST /notificaciones/{id}/leer`.
pub(crate) async fn submit_read_one(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require(&[])?;
    let id = id.into_inner();
    ctx.call(async |api, token| api.mark_notification_read(token, id).await)
        .await?;
    Ok(ctx.see_other(PATH))
}
