//! `GET /conciliaciones`: the runs, newest first, filtered by type, status and start date, and —
//! for finance and admin_dentsu — the form that starts an ad-hoc run over a range of business
//! dates (`run_start`). A filter value the page does not know is dropped and said so, never sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::reconciliation_requests::ListReconciliationsQuery;
use afiliados_domain::{ReconciliationStatus, ReconciliationType};
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use serde::Deserialize;

use super::{ACTORS, READERS, RunRow, one_of};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::FieldErrors;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// The start form as typed.
#[derive(Default)]
pub(crate) struct StartForm {
    pub(crate) from: String,
    pub(crate) to: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/reconciliation/runs.html")]
pub(crate) struct RunsPage {
    l: Layout,
    can_start: bool,
    kind: String,
    status: String,
    from: String,
    to: String,
    kinds: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    ignored_filter: bool,
    rows: Vec<RunRow>,
    pager: Pager,
    pub(crate) form: StartForm,
    pub(crate) message: Option<String>,
    pub(crate) fields: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    #[serde(rename = "type")]
    kind: Option<String>,
    status: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// A date filter: `Ok(None)` when blank, `Err` when typed but not a date.
fn date_filter(raw: Option<&String>) -> Result<Option<String>, ()> {
    match raw.map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<NaiveDate>()
            .map(|d| Some(d.to_string()))
            .map_err(|_| ()),
    }
}

/// The list page with `filters` applied and the start form as `form`.
pub(crate) async fn page(
    ctx: &Ctx,
    filters: Filters,
    form: StartForm,
) -> Result<RunsPage, WebError> {
    let user = ctx.require(READERS)?;
    let kind = one_of(filters.kind.as_ref(), &ReconciliationType::SPELLINGS);
    let status = one_of(filters.status.as_ref(), &ReconciliationStatus::SPELLINGS);
    let from = date_filter(filters.from.as_ref());
    let to = date_filter(filters.to.as_ref());
    let ignored_filter = from.is_err()
        || to.is_err()
        || (filters.kind.as_ref().is_some_and(|k| !k.trim().is_empty()) && kind.is_none())
        || (filters
            .status
            .as_ref()
            .is_some_and(|s| !s.trim().is_empty())
            && status.is_none());
    let from = from.unwrap_or(None);
    let to = to.unwrap_or(None);
    let query = ListReconciliationsQuery {
        page: Some(filters.page.unwrap_or(1).max(1)),
        page_size: Some(25),
        run_type: kind.clone(),
        status: status.clone(),
        from: from.clone(),
        to: to.clone(),
        ..ListReconciliationsQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_reconciliations(token, &query).await)
        .await?;
    let kept = filter_query(&[
        ("type", kind.as_deref()),
        ("status", status.as_deref()),
        ("from", from.as_deref()),
        ("to", to.as_deref()),
    ]);
    Ok(RunsPage {
        can_start: user.has_any(ACTORS),
        rows: result
            .items
            .iter()
            .map(|run| RunRow::new(ctx.i18n, run))
            .collect(),
        pager: Pager::new(
            "/conciliaciones",
            &kept,
            result.page,
            result.page_size,
            result.total,
        ),
        kinds: ReconciliationType::SPELLINGS
            .iter()
            .map(|v| (*v, ctx.i18n.label("reconciliation_type", v)))
            .collect(),
        statuses: ReconciliationStatus::SPELLINGS
            .iter()
            .map(|v| (*v, ctx.i18n.label("reconciliation_status", v)))
            .collect(),
        kind: kind.unwrap_or_default(),
        status: status.unwrap_or_default(),
        from: from.unwrap_or_default(),
        to: to.unwrap_or_default(),
        ignored_filter,
        form,
        message: None,
        fields: FieldErrors::default(),
        l: ctx.layout().await?,
    })
}

/// `GET /conciliaciones?type=&status=&from=&to=&page=`.
pub(crate) async fn list_runs(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    let shown = page(&ctx, filters.into_inner(), StartForm::default()).await?;
    render(&shown, StatusCode::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_before_they_are_sent() {
        assert_eq!(date_filter(None), Ok(None));
        assert_eq!(date_filter(Some(&" ".to_owned())), Ok(None));
        assert_eq!(
            date_filter(Some(&"2026-03-02".to_owned())),
            Ok(Some("2026-03-02".to_owned()))
        );
        assert_eq!(date_filter(Some(&"02/03/2026".to_owned())), Err(()));
    }
}
