//! The indicators of the status page, one per block of `GET /status` (ingest lag, deliveries,
//! last reconciliation, open discrepancies, e-mail backlog, last backup): what is measured, its
//! value, and the api's level with the documented threshold as the badge's title. Open
//! discrepancies are also drawn by class and by age ([`BarChart`]).

use afiliados_api_types::status_page::{DiscrepanciesStatus, StatusPage};
use afiliados_domain::Locale;
use rust_decimal::Decimal;

use super::badge::Badge;
use super::thresholds::{
    BACKUP_AGE_HOURS, DELIVERIES_FAILED_24H, DELIVERIES_PENDING, DISCREPANCY_OLDEST_AGE_HOURS,
    EMAILS_OVER_30_MIN, INGEST_LAG_P95_SECONDS, RECONCILIATION_AGE_HOURS,
    RECONCILIATION_UNRECONCILED_BP, Threshold,
};
use crate::chart::BarChart;
use crate::format::{size, stamp};
use crate::i18n::I18n;
use crate::percent::{percent, ratio_as_percent};

/// One indicator.
pub(crate) struct Indicator {
    pub(crate) id: &'static str,
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) detail: String,
    pub(crate) badge: Badge,
}

/// `text` with each `{name}` replaced.
fn fill(text: &str, values: &[(&str, String)]) -> String {
    values.iter().fold(text.to_owned(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

fn bounds(t: Threshold, prefix: &str) -> [(String, String); 2] {
    [
        (format!("{prefix}amber"), t.amber.to_string()),
        (format!("{prefix}red"), t.red.to_string()),
    ]
}

fn title(i18n: I18n, key: &str, values: Vec<(String, String)>) -> String {
    let pairs: Vec<(&str, String)> = values
        .iter()
        .map(|(name, value)| (name.as_str(), value.clone()))
        .collect();
    fill(i18n.t(key), &pairs)
}

/// Seconds with one decimal in the reader's notation (a duration, not money).
fn seconds(locale: Locale, value: f64) -> String {
    let text = format!("{value:.1}");
    match locale {
        Locale::Es => format!("{} s", text.replace('.', ",")),
        Locale::En => format!("{text} s"),
    }
}

/// Basis points as a percentage (`100` → `1,00 %`).
fn basis_points(locale: Locale, bp: i64) -> String {
    percent(locale, Decimal::from(bp) / Decimal::ONE_HUNDRED)
}

fn ingest(i18n: I18n, s: &StatusPage) -> Indicator {
    let lag = &s.ingest_lag;
    let locale = i18n.locale;
    let value = match (lag.p50_seconds, lag.p95_seconds) {
        (Some(p50), Some(p95)) if lag.samples > 0 => format!(
            "p50 {} · p95 {}",
            seconds(locale, p50),
            seconds(locale, p95)
        ),
        _ => i18n.t("status_page.ingest_none").to_owned(),
    };
    Indicator {
        id: "status-ingest-lag",
        label: i18n.t("status_page.ingest_lag").to_owned(),
        value,
        detail: fill(
            i18n.t("status_page.ingest_samples"),
            &[("n", lag.samples.to_string())],
        ),
        badge: Badge::new(
            i18n,
            "status-ingest-lag-level",
            lag.level,
            title(
                i18n,
                "status_page.threshold.ingest",
                bounds(INGEST_LAG_P95_SECONDS, "").into(),
            ),
        ),
    }
}

fn deliveries(i18n: I18n, s: &StatusPage) -> Indicator {
    let d = &s.deliveries;
    let mut values: Vec<(String, String)> = bounds(DELIVERIES_FAILED_24H, "failed_").into();
    values.extend(bounds(DELIVERIES_PENDING, "pending_"));
    Indicator {
        id: "status-deliveries",
        label: i18n.t("status_page.deliveries").to_owned(),
        value: fill(
            i18n.t("status_page.deliveries_value"),
            &[
                ("failed", d.failed_last_24h.to_string()),
                ("pending", d.pending.to_string()),
            ],
        ),
        detail: String::new(),
        badge: Badge::new(
            i18n,
            "status-deliveries-level",
            d.level,
            title(i18n, "status_page.threshold.deliveries", values),
        ),
    }
}

fn reconciliation(i18n: I18n, s: &StatusPage) -> Indicator {
    let r = &s.reconciliation;
    let locale = i18n.locale;
    let value = match (r.run_type, r.status) {
        (Some(run_type), Some(status)) => format!(
            "{} · {}",
            i18n.label("admin_dashboard.run_type", run_type),
            i18n.label("admin_dashboard.run_status", status)
        ),
        _ => i18n.t("status_page.reconciliation_none").to_owned(),
    };
    let mut detail = Vec::new();
    if let Some(at) = r.finished_at {
        detail.push(format!(
            "{} {} UTC",
            i18n.t("status_page.finished"),
            stamp(Some(at))
        ));
    } else if let Some(at) = r.started_at {
        detail.push(format!(
            "{} {} UTC",
            i18n.t("status_page.running_since"),
            stamp(Some(at))
        ));
    }
    if let Some(ratio) = r.auto_reconciled_ratio {
        detail.push(format!(
            "{}: {}",
            i18n.t("admin_dashboard.auto_reconciled"),
            ratio_as_percent(locale, ratio)
        ));
    }
    let mut values: Vec<(String, String)> = bounds(RECONCILIATION_AGE_HOURS, "age_").into();
    values.push((
        "unreconciled_amber".to_owned(),
        basis_points(locale, RECONCILIATION_UNRECONCILED_BP.amber),
    ));
    values.push((
        "unreconciled_red".to_owned(),
        basis_points(locale, RECONCILIATION_UNRECONCILED_BP.red),
    ));
    Indicator {
        id: "status-reconciliation",
        label: i18n.t("status_page.reconciliation").to_owned(),
        value,
        detail: detail.join(" · "),
        badge: Badge::new(
            i18n,
            "status-reconciliation-level",
            r.level,
            title(i18n, "status_page.threshold.reconciliation", values),
        ),
    }
}

fn discrepancies(i18n: I18n, s: &StatusPage) -> Indicator {
    let d = &s.discrepancies;
    Indicator {
        id: "status-discrepancies",
        label: i18n.t("status_page.discrepancies").to_owned(),
        value: d.total.to_string(),
        detail: i18n.t("status_page.discrepancies_detail").to_owned(),
        badge: Badge::new(
            i18n,
            "status-discrepancies-level",
            d.level,
            title(
                i18n,
                "status_page.threshold.discrepancies",
                bounds(DISCREPANCY_OLDEST_AGE_HOURS, "").into(),
            ),
        ),
    }
}

fn emails(i18n: I18n, s: &StatusPage) -> Indicator {
    let e = &s.email_backlog;
    Indicator {
        id: "status-email-backlog",
        label: i18n.t("status_page.email_backlog").to_owned(),
        value: fill(
            i18n.t("status_page.email_value"),
            &[
                ("undelivered", e.undelivered.to_string()),
                ("over", e.over_30_min.to_string()),
            ],
        ),
        detail: String::new(),
        badge: Badge::new(
            i18n,
            "status-email-backlog-level",
            e.level,
            title(
                i18n,
                "status_page.threshold.emails",
                bounds(EMAILS_OVER_30_MIN, "").into(),
            ),
        ),
    }
}

fn backup(i18n: I18n, s: &StatusPage) -> Indicator {
    let b = &s.backup;
    let value = match b.last_backup_at {
        Some(at) => format!("{} UTC", stamp(Some(at))),
        None => i18n.t("admin_dashboard.no_backup").to_owned(),
    };
    let mut detail = Vec::new();
    if let Some(hours) = b.age_hours {
        detail.push(fill(
            i18n.t("status_page.age_hours"),
            &[("n", hours.to_string())],
        ));
    }
    if let Some(bytes) = b.size_bytes {
        detail.push(size(bytes));
    }
    Indicator {
        id: "status-backup",
        label: i18n.t("status_page.backup").to_owned(),
        value,
        detail: detail.join(" · "),
        badge: Badge::new(
            i18n,
            "status-backup-level",
            b.level,
            title(
                i18n,
                "status_page.threshold.backup",
                bounds(BACKUP_AGE_HOURS, "").into(),
            ),
        ),
    }
}

/// Every indicator, in the order of the api's blocks.
pub(crate) fn all(i18n: I18n, s: &StatusPage) -> Vec<Indicator> {
    vec![
        ingest(i18n, s),
        deliveries(i18n, s),
        reconciliation(i18n, s),
        discrepancies(i18n, s),
        emails(i18n, s),
        backup(i18n, s),
    ]
}

/// Open discrepancies per class, A to E.
pub(crate) fn by_class(i18n: I18n, d: &DiscrepanciesStatus) -> BarChart {
    let c = &d.by_class;
    let row = |class: &str, n: i64| {
        (
            class.to_lowercase(),
            format!(
                "{class} · {}",
                i18n.label("status_page.class", class.to_lowercase())
            ),
            n,
        )
    };
    BarChart::counts(
        "chart-discrepancies-class",
        vec![
            row("A", c.a),
            row("B", c.b),
            row("C", c.c),
            row("D", c.d),
            row("E", c.e),
        ],
    )
}

/// Open discrepancies per age since detection.
pub(crate) fn by_age(i18n: I18n, d: &DiscrepanciesStatus) -> BarChart {
    let a = &d.by_age;
    let row = |id: &str, n: i64| {
        (
            id.to_owned(),
            i18n.t(&format!("status_page.age.{id}")).to_owned(),
            n,
        )
    };
    BarChart::counts(
        "chart-discrepancies-age",
        vec![
            row("under-1-day", a.under_1_day),
            row("1-to-3-days", a.from_1_to_3_days),
            row("3-to-7-days", a.from_3_to_7_days),
            row("over-7-days", a.over_7_days),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_writes_units() {
        assert_eq!(
            fill(
                "ámbar {amber}, rojo {red}",
                &[("amber", "1".into()), ("red", "10".into())]
            ),
            "ámbar 1, rojo 10"
        );
        assert_eq!(seconds(Locale::Es, 12.24), "12,2 s");
        assert_eq!(seconds(Locale::En, 300.0), "300.0 s");
        assert_eq!(basis_points(Locale::Es, 100), "1,00 %");
        assert_eq!(basis_points(Locale::En, 500), "5.00%");
    }
}
