//! `/admin/auditoria`: the audit log, newest first, filtered by action and actor text.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::audit::ListAuditLogsQuery;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::{Pager, READERS, filter_query};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};

/// One row.
pub(crate) struct AuditRow {
    at: String,
    actor: String,
    action: String,
    entity: String,
    ip: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/admin/audit.html")]
pub(crate) struct AuditPage {
    l: Layout,
    action: String,
    q: String,
    rows: Vec<AuditRow>,
    pager: Pager,
}

#[derive(Deserialize)]
pub(crate) struct Filters {
    page: Option<u32>,
    action: Option<String>,
    q: Option<String>,
}

/// `GET /admin/auditoria`.
pub(crate) async fn list_audit_logs(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(READERS)?;
    let Filters { page, action, q } = filters.into_inner();
    let query = ListAuditLogsQuery {
        page: Some(page.unwrap_or(1).max(1)),
        page_size: Some(50),
        action: action.clone().filter(|value| !value.is_empty()),
        q: q.clone().filter(|value| !value.is_empty()),
        ..ListAuditLogsQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_audit_logs(token, &query).await)
        .await?;
    let filters = filter_query(&[("action", action.as_deref()), ("q", q.as_deref())]);
    let rows = result
        .items
        .into_iter()
        .map(|entry| AuditRow {
            at: entry.occurred_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            actor: entry.actor.label,
            action: entry.action,
            entity: match (entry.entity_type, entry.entity_id) {
                (Some(kind), Some(id)) => format!("{kind} {id}"),
                (Some(kind), None) => kind,
                _ => String::new(),
            },
            ip: entry.ip.unwrap_or_default(),
        })
        .collect();
    let page = AuditPage {
        l: ctx.layout().await?,
        pager: Pager::new(
            "/admin/auditoria",
            &filters,
            result.page,
            result.page_size,
            result.total,
        ),
        action: action.unwrap_or_default(),
        q: q.unwrap_or_default(),
        rows,
    };
    render(&page, StatusCode::OK)
}
