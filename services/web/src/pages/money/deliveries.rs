//! `/webhooks` (admin dentsu, finance): the VTEX webhook delivery log, newest first, filtered by
//! status, kind and VTEX order id, and the form that reprocesses every delivery of a status
//! received between two dates (`POST /vtex/webhooks/deliveries/reprocess`; ≤ 31 days).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::deliveries::{Delivery, ListDeliveriesQuery, ReprocessRangeRequest};
use afiliados_domain::{DeliveryKind, DeliveryStatus};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{Days, NaiveDate, NaiveTime};
use serde::Deserialize;

use super::FINANCE_STAFF;
use super::rows::{given, options};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::refusal;
use crate::format::stamp;
use crate::forms::FormData;
use crate::i18n::I18n;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// One delivery.
pub(crate) struct DeliveryRow {
    pub(super) id: String,
    pub(super) received_at: String,
    pub(super) kind: String,
    pub(super) vtex_order_id: String,
    pub(super) state: String,
    pub(super) status: String,
    pub(super) status_label: String,
    pub(super) attempts: i32,
    pub(super) error: String,
}

impl DeliveryRow {
    pub(crate) fn new(i18n: I18n, d: &Delivery) -> DeliveryRow {
        DeliveryRow {
            id: d.id.to_string(),
            received_at: stamp(Some(d.received_at)),
            kind: i18n.label("delivery_kind", d.kind),
            vtex_order_id: d.vtex_order_id.clone().unwrap_or_default(),
            state: d.state.clone().unwrap_or_default(),
            status: d.status.as_str().to_owned(),
            status_label: i18n.label("delivery_status", d.status),
            attempts: d.attempts,
            error: d.error.clone().unwrap_or_default(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/money/deliveries.html")]
pub(crate) struct DeliveriesPage {
    l: Layout,
    status: String,
    kind: String,
    vtex_order_id: String,
    statuses: Vec<(&'static str, String)>,
    kinds: Vec<(&'static str, String)>,
    rows: Vec<DeliveryRow>,
    pager: Pager,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    status: Option<String>,
    kind: Option<String>,
    vtex_order_id: Option<String>,
}

/// `GET /webhooks`.
pub(crate) async fn list_deliveries(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE_STAFF)?;
    let f = filters.into_inner();
    let status =
        given(f.status.as_ref()).filter(|s| DeliveryStatus::SPELLINGS.contains(&s.as_str()));
    let kind = given(f.kind.as_ref()).filter(|s| DeliveryKind::SPELLINGS.contains(&s.as_str()));
    let query = ListDeliveriesQuery {
        page: Some(f.page.unwrap_or(1).max(1)),
        page_size: Some(25),
        status: status.clone(),
        kind: kind.clone(),
        vtex_order_id: given(f.vtex_order_id.as_ref()),
        ..ListDeliveriesQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_deliveries(token, &query).await)
        .await?;
    let kept = filter_query(&[
        ("status", status.as_deref()),
        ("kind", kind.as_deref()),
        ("vtexOrderId", query.vtex_order_id.as_deref()),
    ]);
    let page = DeliveriesPage {
        rows: result
            .items
            .iter()
            .map(|d| DeliveryRow::new(ctx.i18n, d))
            .collect(),
        pager: Pager::new(
            "/webhooks",
            &kept,
            result.page,
            result.page_size,
            result.total,
        ),
        statuses: options(ctx.i18n, "delivery_status", &DeliveryStatus::SPELLINGS),
        kinds: options(ctx.i18n, "delivery_kind", &DeliveryKind::SPELLINGS),
        status: status.unwrap_or_default(),
        kind: kind.unwrap_or_default(),
        vtex_order_id: f.vtex_order_id.unwrap_or_default(),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}

/// `POST /webhooks/reprocesar` with `status`, `from` and `to` (dates, both included: the range
/// sent is `[from 00:00 UTC, the day after to 00:00 UTC)`, ADR 0040) and an optional `limit`.
pub(crate) async fn submit_reprocess_range(
    ctx: Ctx,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE_STAFF)?;
    let back = "/webhooks";
    let from = form.parsed::<NaiveDate>("from");
    let to = form.parsed::<NaiveDate>("to");
    let limit = form.parsed::<u32>("limit");
    let status = form
        .opt("status")
        .and_then(|s| s.parse::<DeliveryStatus>().ok());
    let (Ok(Some(from)), Ok(Some(to)), Ok(limit)) = (from, to, limit) else {
        return ctx.failed(back, ctx.i18n.t("deliveries.range_needed"));
    };
    let Some(after_to) = to.checked_add_days(Days::new(1)) else {
        return ctx.failed(back, ctx.i18n.t("deliveries.range_needed"));
    };
    let request = ReprocessRangeRequest {
        status,
        from: Some(from.and_time(NaiveTime::MIN).and_utc()),
        to: Some(after_to.and_time(NaiveTime::MIN).and_utc()),
        limit,
    };
    match ctx
        .call(async |api, token| api.reprocess_deliveries(token, &request).await)
        .await
    {
        Ok(done) => {
            let text = ctx
                .i18n
                .t("deliveries.range_enqueued")
                .replace("{n}", &done.enqueued.to_string());
            ctx.session.flash("success", &text)?;
            Ok(ctx.see_other(back))
        }
        Err(error) => {
            let message = refusal(ctx.i18n, error)?;
            ctx.failed(back, &message)
        }
    }
}
