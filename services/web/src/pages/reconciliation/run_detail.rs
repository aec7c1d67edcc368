//! `GET /conciliaciones/{id}`: one run — status, range, counts per class as bars, the
//! auto-reconciled ratio, VTEX pages read, its reports (through the web, so the token never
//! reaches the browser) and the discrepancies it found, filtered by class and status. While the
//! run is `running` the answer carries a `Refresh` header so the browser reloads it every
//! [`REFRESH_SECONDS`], counting the reloads in `?watch=`; after [`MAX_WATCH`] it stops and the
//! page offers a link instead (a run stuck in `running` must not reload forever).

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use afiliados_api_types::reconciliation::ReconciliationRunResponse;
use afiliados_api_types::reconciliation_requests::ListRunDiscrepanciesQuery;
use afiliados_domain::{DiscrepancyClass, DiscrepancyStatus, ReconciliationStatus};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;
use uuid::Uuid;

use super::{DiscrepancyRow, READERS, RunRow, class_options, one_of, status_options};
use crate::chart::BarChart;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// Seconds between two reloads of a running run.
pub(crate) const REFRESH_SECONDS: u32 = 3;
/// Reloads before the page stops refreshing itself (ten minutes).
pub(crate) const MAX_WATCH: u32 = 200;

#[derive(Template, WebTemplate)]
#[template(path = "pages/reconciliation/run.html")]
pub(crate) struct RunPage {
    l: Layout,
    run: RunRow,
    /// The page reloads itself.
    watching: bool,
    /// It did, until [`MAX_WATCH`].
    watch_over: bool,
    chart: BarChart,
    ratio: String,
    vtex_orders: i32,
    platform_orders: i32,
    pages_fetched: i32,
    auto_resolved: i32,
    tolerance: String,
    error: String,
    alerts: Vec<String>,
    report_url: String,
    class: String,
    status: String,
    classes: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    rows: Vec<DiscrepancyRow>,
    pager: Pager,
}

#[derive(Deserialize)]
pub(crate) struct Filters {
    page: Option<u32>,
    class: Option<String>,
    status: Option<String>,
    watch: Option<u32>,
}

/// `0.9500` as `95.00 %` — text arithmetic on the decimal's digits, never a float.
pub(crate) fn percent(ratio: Option<rust_decimal::Decimal>) -> String {
    ratio.map_or_else(String::new, |r| {
        format!("{:.2} %", r * rust_decimal::Decimal::ONE_HUNDRED)
    })
}

fn chart(ctx: &Ctx, run: &ReconciliationRunResponse) -> BarChart {
    let counts = [
        (DiscrepancyClass::A, run.counts.a),
        (DiscrepancyClass::B, run.counts.b),
        (DiscrepancyClass::C, run.counts.c),
        (DiscrepancyClass::D, run.counts.d),
        (DiscrepancyClass::E, run.counts.e),
    ];
    BarChart::counts(
        "run-class-chart",
        counts
            .into_iter()
            .map(|(class, n)| {
                (
                    class.as_str().to_owned(),
                    ctx.i18n.label("discrepancy_class", class),
                    i64::from(n),
                )
            })
            .collect(),
    )
}

/// `GET /conciliaciones/{id}?class=&status=&page=&watch=`.
pub(crate) async fn show_run(
    ctx: Ctx,
    id: web::Path<Uuid>,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(READERS)?;
    let id = id.into_inner();
    let f = filters.into_inner();
    let run = ctx
        .call(async |api, token| api.get_reconciliation(token, id).await)
        .await?;
    let class = one_of(f.class.as_ref(), &DiscrepancyClass::SPELLINGS);
    let status = one_of(f.status.as_ref(), &DiscrepancyStatus::SPELLINGS);
    let query = ListRunDiscrepanciesQuery {
        page: Some(f.page.unwrap_or(1).max(1)),
        page_size: Some(50),
        class: class.clone(),
        status: status.clone(),
    };
    let found = ctx
        .call(async |api, token| api.list_run_discrepancies(token, id, &query).await)
        .await?;
    let kept = filter_query(&[("class", class.as_deref()), ("status", status.as_deref())]);
    let running = run.status == ReconciliationStatus::Running;
    let watch = f.watch.unwrap_or(0);
    let watching = running && watch < MAX_WATCH;
    let page = RunPage {
        run: RunRow::new(ctx.i18n, &run),
        watching,
        watch_over: running && !watching,
        chart: chart(&ctx, &run),
        ratio: percent(run.auto_reconciled_ratio),
        vtex_orders: run.vtex_orders_count,
        platform_orders: run.platform_orders_count,
        pages_fetched: run.pages_fetched,
        auto_resolved: run.auto_resolved_count,
        tolerance: format!("{} %", run.tolerance_percent),
        error: run.error.clone().unwrap_or_default(),
        alerts: run.alerts.clone(),
        report_url: run.report_url.clone().unwrap_or_default(),
        rows: found
            .items
            .iter()
            .map(|d| DiscrepancyRow::new(ctx.i18n, d))
            .collect(),
        pager: Pager::new(
            &format!("/conciliaciones/{id}"),
            &kept,
            found.page,
            found.page_size,
            found.total,
        ),
        classes: class_options(ctx.i18n),
        statuses: status_options(ctx.i18n),
        class: class.unwrap_or_default(),
        status: status.unwrap_or_default(),
        l: ctx.layout().await?,
    };
    let mut response = render(&page, StatusCode::OK)?;
    if watching {
        // The `Refresh` header is meta refresh without markup or script (the CSP allows it).
        let next = format!(
            "{REFRESH_SECONDS}; url=/conciliaciones/{id}?watch={}",
            watch + 1
        );
        if let Ok(value) = header::HeaderValue::from_str(&next) {
            response
                .headers_mut()
                .insert(header::HeaderName::from_static("refresh"), value);
        }
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn the_ratio_is_written_as_an_exact_percent() {
        assert_eq!(percent(Some(Decimal::new(9500, 4))), "95.00 %");
        assert_eq!(percent(Some(Decimal::ONE)), "100.00 %");
        assert_eq!(percent(Some(Decimal::new(6667, 4))), "66.67 %");
        assert_eq!(percent(None), "");
    }
}
