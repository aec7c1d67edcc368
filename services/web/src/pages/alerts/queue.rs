//! `GET /alertas?alertType=&severity=&from=&to=&page=`: the unacknowledged alerts, severity
//! drawn as an inline SVG icon, with the acknowledge button. Dates are UTC days: `from` counts
//! from its 00:00, `to` includes its whole day. An unknown filter value is dropped and said so.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::alerts::{AlertResponse, PendingAlertsQuery};
use afiliados_domain::{AlertSeverity, AlertType};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

use super::OPERATORS;
use crate::context::Ctx;
use crate::error::WebError;
use crate::format::stamp;
use crate::i18n::I18n;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// One alert of the queue.
pub(crate) struct AlertRow {
    id: String,
    kind: String,
    severity: String,
    severity_label: String,
    message: String,
    details: String,
    raised_at: String,
}

impl AlertRow {
    fn new(i18n: I18n, alert: &AlertResponse) -> AlertRow {
        AlertRow {
            id: alert.id.to_string(),
            kind: i18n.label("alert_type", alert.alert_type),
            severity: alert.severity.as_str().to_owned(),
            severity_label: i18n.label("severity", alert.severity),
            message: alert.message.clone(),
            details: details(&alert.details),
            raised_at: stamp(Some(alert.raised_at)),
        }
    }

    fn critical(&self) -> bool {
        self.severity == AlertSeverity::Critical.as_str()
    }
}

/// The details as compact `key: value` pairs (ids, counts, thresholds), objects left as JSON.
fn details(value: &serde_json::Value) -> String {
    match value.as_object() {
        Some(map) => map
            .iter()
            .map(|(key, value)| match value {
                serde_json::Value::String(text) => format!("{key}: {text}"),
                other => format!("{key}: {other}"),
            })
            .collect::<Vec<_>>()
            .join(" · "),
        None => String::new(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/alerts/queue.html")]
pub(crate) struct AlertsPage {
    l: Layout,
    kind: String,
    severity: String,
    from: String,
    to: String,
    kinds: Vec<(&'static str, String)>,
    severities: Vec<(&'static str, String)>,
    ignored_filter: bool,
    rows: Vec<AlertRow>,
    pager: Pager,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    alert_type: Option<String>,
    severity: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

fn typed(value: Option<&String>) -> Option<&str> {
    value.map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// A UTC day: `Ok(None)` when blank, `Err` when typed but not a date.
fn date(value: Option<&String>) -> Result<Option<NaiveDate>, ()> {
    typed(value).map_or(Ok(None), |v| v.parse().map(Some).map_err(|_| ()))
}

fn start_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

/// `GET /alertas`.
pub(crate) async fn list_alerts(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(OPERATORS)?;
    let f = filters.into_inner();
    let kind = typed(f.alert_type.as_ref()).and_then(AlertType::parse);
    let severity = typed(f.severity.as_ref()).and_then(AlertSeverity::parse);
    let from = date(f.from.as_ref());
    let to = date(f.to.as_ref());
    let ignored_filter = from.is_err()
        || to.is_err()
        || (typed(f.alert_type.as_ref()).is_some() && kind.is_none())
        || (typed(f.severity.as_ref()).is_some() && severity.is_none());
    let from = from.unwrap_or(None);
    let to = to.unwrap_or(None);
    let query = PendingAlertsQuery {
        page: Some(f.page.unwrap_or(1).max(1)),
        page_size: Some(25),
        alert_type: kind,
        severity,
        from: from.map(start_of),
        // `to` is exclusive at the api: the day after the last one shown.
        to: to
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .map(start_of),
    };
    let result = ctx
        .call(async |api, token| api.list_pending_alerts(token, &query).await)
        .await?;
    let from = from.map(|d| d.to_string()).unwrap_or_default();
    let to = to.map(|d| d.to_string()).unwrap_or_default();
    let kept = filter_query(&[
        ("alertType", kind.map(AlertType::as_str)),
        ("severity", severity.map(AlertSeverity::as_str)),
        ("from", Some(from.as_str())),
        ("to", Some(to.as_str())),
    ]);
    let page = AlertsPage {
        rows: result
            .items
            .iter()
            .map(|alert| AlertRow::new(ctx.i18n, alert))
            .collect(),
        pager: Pager::new(
            "/alertas",
            &kept,
            result.page,
            result.page_size,
            result.total,
        ),
        kinds: AlertType::SPELLINGS
            .iter()
            .map(|v| (*v, ctx.i18n.label("alert_type", v)))
            .collect(),
        severities: AlertSeverity::SPELLINGS
            .iter()
            .map(|v| (*v, ctx.i18n.label("severity", v)))
            .collect(),
        kind: kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        severity: severity.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        from,
        to,
        ignored_filter,
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_written_as_pairs() {
        let written = details(&serde_json::json!({"runId": "r1", "count": 3}));
        assert!(written.contains("runId: r1") && written.contains("count: 3"));
        assert_eq!(details(&serde_json::Value::Null), "");
        assert_eq!(date(Some(&"2026-13-01".to_owned())), Err(()));
        assert_eq!(
            date(Some(&"2026-03-02".to_owned())),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 2))
        );
    }
}
