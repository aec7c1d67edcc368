//! `/admin/correos`: the e-mail outbox, with the runbook's "not delivered" filter.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::notifications::ListEmailsQuery;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::{Pager, READERS, filter_query};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};

/// One row.
pub(crate) struct EmailRow {
    created: String,
    recipient: String,
    template: String,
    status: String,
    attempts: String,
    last_error: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/admin/emails.html")]
pub(crate) struct EmailsPage {
    l: Layout,
    delivered: String,
    rows: Vec<EmailRow>,
    pager: Pager,
}

#[derive(Deserialize)]
pub(crate) struct Filters {
    page: Option<u32>,
    delivered: Option<String>,
}

/// `GET /admin/correos?delivered=false`.
pub(crate) async fn list_emails(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(READERS)?;
    let Filters { page, delivered } = filters.into_inner();
    let query = ListEmailsQuery {
        page: Some(page.unwrap_or(1).max(1)),
        page_size: Some(50),
        delivered: delivered.as_deref().and_then(|value| value.parse().ok()),
        ..ListEmailsQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_emails(token, &query).await)
        .await?;
    let filters = filter_query(&[("delivered", delivered.as_deref())]);
    let rows = result
        .items
        .into_iter()
        .map(|email| EmailRow {
            created: email.created_at.format("%Y-%m-%d %H:%M").to_string(),
            recipient: email.recipient,
            template: email.template,
            status: email.status.to_string(),
            attempts: format!("{}/{}", email.attempts, email.max_attempts),
            last_error: email.last_error.unwrap_or_default(),
        })
        .collect();
    let page = EmailsPage {
        l: ctx.layout().await?,
        pager: Pager::new(
            "/admin/correos",
            &filters,
            result.page,
            result.page_size,
            result.total,
        ),
        delivered: delivered.unwrap_or_default(),
        rows,
    };
    render(&page, StatusCode::OK)
}
