//! `/gestor/arco`: the staff queue of ARCO requests (admin dentsu, gestor; the auditor reads),
//! open ones first by due date, filtered by status, type and "overdue". A due date past or within
//! a day is highlighted; a received request can be started from its row.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::arco::{ArcoRequestResponse, ListArcoRequestsQuery};
use askama::Template;
use askama_web::WebTemplate;
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

use super::arco_fields::{ARCO_STATUSES, ARCO_TYPES, Options, due_state, options};
use super::{ARCO_READERS, ARCO_STAFF};
use crate::context::Ctx;
use crate::error::WebError;
use crate::format::stamp;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// The queue's path.
const PATH: &str = "/gestor/arco";
/// The default status filter: what still needs an answer.
const OPEN: &str = "received,in_progress";

/// One request of the queue.
pub(crate) struct ArcoQueueRow {
    id: String,
    influencer_id: String,
    influencer: String,
    kind: String,
    channel: String,
    status: String,
    status_label: String,
    created: String,
    due: String,
    due_state: &'static str,
    can_start: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/arco_queue.html")]
pub(crate) struct ArcoQueuePage {
    l: Layout,
    rows: Vec<ArcoQueueRow>,
    statuses: Options,
    types: Options,
    status: String,
    kind: String,
    overdue: bool,
    staff: bool,
    back: String,
    pager: Pager,
}

#[derive(Deserialize)]
pub(crate) struct Filters {
    page: Option<u32>,
    status: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    overdue: Option<String>,
}

/// The api's status filter for the form's choice (`open` by default, `all` for none).
fn status_filter(choice: &str) -> Option<String> {
    match choice {
        "all" => None,
        status if ARCO_STATUSES.contains(&status) => Some(status.to_owned()),
        _ => Some(OPEN.to_owned()),
    }
}

/// Influencer names for the rows, fetched side by side; a name that cannot be read (the
/// auditor may not read influencers) leaves the id.
async fn names(ctx: &Ctx, items: &[ArcoRequestResponse]) -> HashMap<Uuid, String> {
    let mut ids: Vec<Uuid> = items
        .iter()
        .map(|request| request.influencer_id.uuid())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let found = futures::future::join_all(ids.iter().map(|id| {
        let id = *id;
        async move {
            ctx.try_call(async |api, token| api.get_influencer(token, id).await)
                .await
                .map(|i| (id, format!("{} {}", i.first_name, i.last_name)))
        }
    }))
    .await;
    found.into_iter().flatten().collect()
}

/// `GET /gestor/arco?status=&type=&overdue=&page=`.
pub(crate) async fn show_arco_queue(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(ARCO_READERS)?;
    let staff = user.has_any(ARCO_STAFF);
    let Filters {
        page,
        status,
        kind,
        overdue,
    } = filters.into_inner();
    let status = status
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "open".to_owned());
    let kind = kind
        .filter(|k| ARCO_TYPES.contains(&k.as_str()))
        .unwrap_or_default();
    let overdue = overdue.as_deref() == Some("true");
    let query = ListArcoRequestsQuery {
        page: Some(page.unwrap_or(1).max(1)),
        page_size: Some(20),
        status: status_filter(&status),
        kind: Some(kind.clone()).filter(|k| !k.is_empty()),
        influencer_id: None,
        overdue: overdue.then_some(true),
    };
    let result = ctx
        .call(async |api, token| api.list_arco_requests(token, &query).await)
        .await?;
    let names = if staff {
        names(&ctx, &result.items).await
    } else {
        HashMap::new()
    };
    let filters = filter_query(&[
        ("status", Some(status.as_str())),
        ("type", Some(kind.as_str())),
        ("overdue", overdue.then_some("true")),
    ]);
    let now = Utc::now();
    let i18n = ctx.i18n;
    let rows = result
        .items
        .iter()
        .map(|request| ArcoQueueRow {
            id: request.id.to_string(),
            influencer_id: request.influencer_id.to_string(),
            influencer: names
                .get(&request.influencer_id.uuid())
                .cloned()
                .unwrap_or_else(|| request.influencer_id.to_string()),
            kind: i18n.label("arco_type", request.kind),
            channel: i18n.label("channel", request.channel),
            status: request.status.to_string(),
            status_label: i18n.label("arco_status", request.status),
            created: stamp(Some(request.created_at)),
            due: stamp(Some(request.due_at)),
            due_state: due_state(request, now),
            can_start: staff && request.status == afiliados_domain::ArcoStatus::Received,
        })
        .collect();
    let mut statuses = vec![
        (
            "open".to_owned(),
            i18n.t("arco_staff.filter.open").to_owned(),
        ),
        ("all".to_owned(), i18n.t("arco_staff.filter.all").to_owned()),
    ];
    statuses.extend(options(i18n, "arco_status", &ARCO_STATUSES));
    let page = ArcoQueuePage {
        back: format!("{PATH}?page={}{filters}", result.page),
        pager: Pager::new(PATH, &filters, result.page, result.page_size, result.total),
        rows,
        statuses,
        types: options(i18n, "arco_type", &ARCO_TYPES),
        status,
        kind,
        overdue,
        staff,
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}

#[cfg(test)]
mod tests {
    use super::status_filter;

    #[test]
    fn the_queue_shows_open_requests_unless_told_otherwise() {
        assert_eq!(
            status_filter("open").as_deref(),
            Some("received,in_progress")
        );
        assert_eq!(
            status_filter("bogus").as_deref(),
            Some("received,in_progress")
        );
        assert_eq!(status_filter("completed").as_deref(), Some("completed"));
        assert_eq!(status_filter("all"), None);
    }
}
