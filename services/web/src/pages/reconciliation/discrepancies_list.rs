//! `GET /conciliaciones/discrepancias`: the discrepancies across runs, oldest detection first,
//! filtered by class, status (the live ones — open and resolving — unless another is chosen),
//! brand and escalation, with the CSV of the same filters. Each row opens its page under the run
//! that found it first. The api has no date filter here: a period is read through the runs
//! list (filtered by date) and each run's own discrepancies.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::brands::ListBrandsQuery;
use afiliados_api_types::reconciliation_requests::ListDiscrepanciesQuery;
use afiliados_domain::{DiscrepancyClass, DiscrepancyStatus};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;
use uuid::Uuid;

use super::{DiscrepancyRow, EXPORTERS, READERS, class_options, one_of, status_options};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// Every status, for the "all" choice of the status filter.
const ALL_STATUSES: &str = "open,resolving,resolved,accepted";

#[derive(Template, WebTemplate)]
#[template(path = "pages/reconciliation/discrepancies.html")]
pub(crate) struct DiscrepanciesPage {
    l: Layout,
    can_export: bool,
    class: String,
    status: String,
    brand_id: String,
    escalated: bool,
    classes: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    /// The brands the caller may list (empty for the auditor, who types an id instead).
    brands: Vec<(String, String)>,
    ignored_filter: bool,
    rows: Vec<DiscrepancyRow>,
    brand_names: HashMap<String, String>,
    export_href: String,
    pager: Pager,
}

impl DiscrepanciesPage {
    fn brand_of(&self, id: &str) -> String {
        self.brand_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    class: Option<String>,
    status: Option<String>,
    brand_id: Option<String>,
    escalated: Option<String>,
}

/// The api query of `filters`, and whether a typed value was dropped as unknown.
pub(crate) fn query_of(filters: &Filters) -> (ListDiscrepanciesQuery, bool) {
    let typed = |v: &Option<String>| v.as_ref().is_some_and(|v| !v.trim().is_empty());
    let class = one_of(filters.class.as_ref(), &DiscrepancyClass::SPELLINGS);
    let status = match filters.status.as_deref().map(str::trim) {
        Some("all") => Some(ALL_STATUSES.to_owned()),
        _ => one_of(filters.status.as_ref(), &DiscrepancyStatus::SPELLINGS),
    };
    let brand_id = filters
        .brand_id
        .as_ref()
        .and_then(|v| v.trim().parse::<Uuid>().ok())
        .map(|id| id.to_string());
    let escalated = filters
        .escalated
        .as_deref()
        .filter(|v| *v == "true")
        .map(str::to_owned);
    let ignored = (typed(&filters.class) && class.is_none())
        || (typed(&filters.status) && status.is_none())
        || (typed(&filters.brand_id) && brand_id.is_none());
    let query = ListDiscrepanciesQuery {
        page: Some(filters.page.unwrap_or(1).max(1)),
        page_size: Some(50),
        status,
        class,
        brand_id,
        escalated,
        ..ListDiscrepanciesQuery::default()
    };
    (query, ignored)
}

/// `GET /conciliaciones/discrepancias?class=&status=&brandId=&escalated=&page=`.
pub(crate) async fn list_discrepancies(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(READERS)?;
    let filters = filters.into_inner();
    let (query, ignored_filter) = query_of(&filters);
    let result = ctx
        .call(async |api, token| api.list_discrepancies(token, &query).await)
        .await?;
    // Brand names are an extra: the auditor may not list brands and sees ids instead.
    let brands: Vec<(String, String)> = ctx
        .try_call(async |api, token| {
            api.list_brands(
                token,
                &ListBrandsQuery {
                    page_size: Some(100),
                    ..ListBrandsQuery::default()
                },
            )
            .await
        })
        .await
        .map(|page| {
            page.items
                .into_iter()
                .map(|b| (b.id.to_string(), b.name))
                .collect()
        })
        .unwrap_or_default();
    // What the form shows: "all" stays "all", a single status stays itself.
    let status_shown = match filters.status.as_deref().map(str::trim) {
        Some("all") => "all".to_owned(),
        _ => query.status.clone().unwrap_or_default(),
    };
    let kept = filter_query(&[
        ("class", query.class.as_deref()),
        ("status", Some(status_shown.as_str())),
        ("brandId", query.brand_id.as_deref()),
        ("escalated", query.escalated.as_deref()),
    ]);
    let page = DiscrepanciesPage {
        can_export: user.has_any(EXPORTERS),
        export_href: format!(
            "/conciliaciones/discrepancias.csv?{}",
            kept.trim_start_matches('&')
        ),
        rows: result
            .items
            .iter()
            .map(|d| DiscrepancyRow::new(ctx.i18n, d))
            .collect(),
        pager: Pager::new(
            "/conciliaciones/discrepancias",
            &kept,
            result.page,
            result.page_size,
            result.total,
        ),
        brand_names: brands.iter().cloned().collect(),
        brands,
        classes: class_options(ctx.i18n),
        statuses: status_options(ctx.i18n),
        class: query.class.clone().unwrap_or_default(),
        status: status_shown,
        brand_id: query.brand_id.clone().unwrap_or_default(),
        escalated: query.escalated.is_some(),
        ignored_filter,
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_the_api_query() {
        let filters = Filters {
            class: Some("D".into()),
            status: Some("all".into()),
            brand_id: Some(" 0193b9a0-0000-7000-8000-000000000001 ".into()),
            escalated: Some("true".into()),
            ..Filters::default()
        };
        let (query, ignored) = query_of(&filters);
        assert!(!ignored);
        assert_eq!(query.class.as_deref(), Some("D"));
        assert_eq!(query.status.as_deref(), Some(ALL_STATUSES));
        assert_eq!(
            query.brand_id.as_deref(),
            Some("0193b9a0-0000-7000-8000-000000000001")
        );
        let (query, ignored) = query_of(&Filters {
            class: Some("Z".into()),
            brand_id: Some("marca".into()),
            ..Filters::default()
        });
        assert!(ignored);
        assert_eq!(
            (query.class, query.brand_id, query.status),
            (None, None, None)
        );
    }
}
