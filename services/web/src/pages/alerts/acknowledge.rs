//! `POST /alertas/{id}/reconocer`: acknowledges an alert. The api acknowledges by reading the
//! alert's in-app notification (`POST /notifications/{id}/read`; ADR 0058), and every operator
//! got a copy when it was raised, so the web finds the caller's copy — the operational
//! notification whose payload names the alert — among the newest [`MAX_PAGES`] pages of the
//! caller's notifications, and reads it. An operator without a copy (created after the raise)
//! is told so instead of being shown a success.

use actix_web::{HttpResponse, web};
use afiliados_api_types::PageQuery;
use uuid::Uuid;

use super::OPERATORS;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::refusal;
use crate::forms::{FormData, local_path};

/// Pages of 100 notifications searched for the alert's copy.
const MAX_PAGES: u32 = 5;

/// The caller's notification of alert `alert`, if among the newest ones.
async fn notification_of(ctx: &Ctx, alert: Uuid) -> Result<Option<Uuid>, WebError> {
    let wanted = alert.to_string();
    for page in 1..=MAX_PAGES {
        let query = PageQuery {
            page: Some(page),
            page_size: Some(100),
        };
        let found = ctx
            .call(async |api, token| api.list_notifications(token, &query).await)
            .await?;
        if let Some(n) = found
            .items
            .iter()
            .find(|n| n.operational && n.payload["alertId"].as_str() == Some(wanted.as_str()))
        {
            return Ok(Some(n.id.into()));
        }
        if u64::from(page) * 100 >= found.total {
            break;
        }
    }
    Ok(None)
}

/// `POST /alertas/{id}/reconocer` (`back`: the filtered queue to return to).
pub(crate) async fn submit_acknowledge(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(OPERATORS)?;
    let back = local_path(&form.get("back"), "/alertas");
    let back = if back.starts_with("/alertas") {
        back
    } else {
        "/alertas".to_owned()
    };
    let Some(notification) = notification_of(&ctx, id.into_inner()).await? else {
        return ctx.failed(&back, ctx.i18n.t("alerts.no_copy"));
    };
    match ctx
        .call(async |api, token| api.mark_notification_read(token, notification).await)
        .await
    {
        Ok(()) => ctx.done(&back, "alerts.acknowledged"),
        Err(error) => {
            let message = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &message)
        }
    }
}
