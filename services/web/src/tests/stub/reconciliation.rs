//! The stub's reconciliation and alert endpoints (`api.md` §14, §17, §19), built from the
//! api-types DTOs: a finished run (`R_DONE`, one class A discrepancy resolved by itself and one
//! class D open) and a running one (`R_RUNNING`); the run form refuses a range over 31 days
//! (`2026-01-01`–`2026-03-01`, 422 on `to`) and answers 409 for `2026-03-03`; accepting refuses
//! a justification under 20 characters, and the class A discrepancy is no longer open. The
//! alert queue holds a critical and a warning alert; the caller's feed of 100 carries the
//! operational copy of the first.

use actix_web::HttpResponse;
use actix_web::http::{Method, header};
use afiliados_api_types::alerts::AlertResponse;
use afiliados_api_types::reconciliation::{
    ClassCounts, DiscrepancyDetails, DiscrepancyResponse, ReconciliationRunResponse, ReportLinks,
};
use afiliados_domain::{
    AlertSeverity, AlertType, DiscrepancyClass, DiscrepancyResolution, DiscrepancyStatus, Percent,
    ReconciliationSource, ReconciliationStatus, ReconciliationType,
};
use serde_json::{Value, json};
use uuid::Uuid;

use super::fixtures as f;
use super::{json as reply, ok};

/// A finished run with discrepancies.
pub(crate) const R_DONE: &str = "0193b9a0-0000-7000-8000-0000000000c1";
/// A run still listing VTEX.
pub(crate) const R_RUNNING: &str = "0193b9a0-0000-7000-8000-0000000000c2";
/// Class A, resolved automatically.
pub(crate) const D_A: &str = "0193b9a0-0000-7000-8000-0000000000da";
/// Class D, open.
pub(crate) const D_D: &str = "0193b9a0-0000-7000-8000-0000000000dd";
/// A critical alert (its operational notification is in the caller's feed).
pub(crate) const ALERT_CRITICAL: &str = "0193b9a0-0000-7000-8000-0000000000e1";
/// A warning alert nobody got a copy of.
pub(crate) const ALERT_WARNING: &str = "0193b9a0-0000-7000-8000-0000000000e2";
/// The caller's copy of the critical alert.
pub(crate) const ALERT_NOTIFICATION: &str = "0193b9a0-0000-7000-8000-0000000000e9";
/// The run report as CSV.
pub(crate) const REPORT_CSV: &[u8] = b"\xef\xbb\xbfrun_id,class\r\nr,A\r\n";

fn at(raw: &str) -> chrono::DateTime<chrono::Utc> {
    raw.parse().unwrap()
}

fn id<T: From<Uuid>>(raw: &str) -> T {
    raw.parse::<Uuid>().unwrap().into()
}

fn run(raw_id: &str) -> ReconciliationRunResponse {
    let running = raw_id == R_RUNNING;
    ReconciliationRunResponse {
        id: id(raw_id),
        run_type: ReconciliationType::Adhoc,
        source: ReconciliationSource::ManualRun,
        business_date: Some("2026-03-01".parse().unwrap()),
        range_from: at("2026-03-01T05:00:00Z"),
        range_to: at("2026-03-03T05:00:00Z"),
        status: if running {
            ReconciliationStatus::Running
        } else {
            ReconciliationStatus::Warning
        },
        triggered_by: "finance@example.com".into(),
        started_at: at("2026-03-04T14:00:00Z"),
        finished_at: (!running).then(|| at("2026-03-04T14:01:00Z")),
        tolerance_percent: Percent::parse("1.00").unwrap(),
        vtex_orders_count: if running { 0 } else { 3 },
        platform_orders_count: if running { 0 } else { 2 },
        pages_fetched: if running { 0 } else { 1 },
        counts: if running {
            ClassCounts::default()
        } else {
            ClassCounts {
                a: 1,
                d: 1,
                ..ClassCounts::default()
            }
        },
        discrepancies_found: if running { 0 } else { 2 },
        auto_resolved_count: if running { 0 } else { 1 },
        pending_manual_count: if running { 0 } else { 1 },
        auto_reconciled_ratio: (!running).then(|| rust_decimal::Decimal::new(6667, 4)),
        alerts: vec![],
        summary: None,
        report_url: None,
        reports: ReportLinks {
            json: format!("/api/v1/vtex/reconciliations/{raw_id}/report.json"),
            csv: format!("/api/v1/vtex/reconciliations/{raw_id}/report.csv"),
        },
        error: None,
    }
}

fn discrepancy(raw_id: &str, status: DiscrepancyStatus) -> DiscrepancyResponse {
    let class_a = raw_id == D_A;
    DiscrepancyResponse {
        id: id(raw_id),
        class: if class_a {
            DiscrepancyClass::A
        } else {
            DiscrepancyClass::D
        },
        status,
        auto_resolvable: class_a,
        vtex_order_id: if class_a {
            "1432120555555-01".into()
        } else {
            "1432120512345-01".into()
        },
        order_id: Some(Uuid::nil()),
        brand_id: Some(id(f::BRAND_ID)),
        influencer_id: None,
        details: if class_a {
            DiscrepancyDetails {
                field: "totalValue".into(),
                platform: None,
                vtex: Some("180000.00".into()),
                ..DiscrepancyDetails::default()
            }
        } else {
            DiscrepancyDetails {
                field: "coupon".into(),
                platform: None,
                vtex: Some("CETAPHIL-ISABELA7KQ3".into()),
                ..DiscrepancyDetails::default()
            }
        },
        first_run_id: id(R_DONE),
        last_run_id: id(R_DONE),
        occurrences: 1,
        first_detected_at: at("2026-03-04T14:00:30Z"),
        attempts: u8::from(class_a).into(),
        last_error: None,
        resolution: class_a.then_some(DiscrepancyResolution::Auto),
        resolved_by: class_a.then(|| "system".to_owned()),
        resolved_at: class_a.then(|| at("2026-03-04T14:02:00Z")),
        justification: (status == DiscrepancyStatus::Accepted)
            .then(|| "Cupón de una prueba de la tienda.".to_owned()),
        escalated_at: None,
    }
}

fn alert(raw_id: &str) -> AlertResponse {
    let critical = raw_id == ALERT_CRITICAL;
    AlertResponse {
        id: id(raw_id),
        alert_type: if critical {
            AlertType::ReconciliationFailed
        } else {
            AlertType::DelayedJob
        },
        severity: if critical {
            AlertSeverity::Critical
        } else {
            AlertSeverity::Warning
        },
        message: if critical {
            "La conciliación falló.".into()
        } else {
            "Hay trabajos esperando hace más de 15 minutos.".into()
        },
        details: json!({"runId": R_RUNNING}),
        raised_at: at("2026-03-04T15:00:00Z"),
        acknowledged_at: None,
        acknowledged_by: None,
    }
}

fn value<T: serde::Serialize>(item: &T) -> Value {
    serde_json::to_value(item).unwrap()
}

fn page(items: Vec<Value>) -> Value {
    let total = items.len();
    json!({"items": items, "page": 1, "pageSize": 50, "total": total})
}

fn csv(name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(REPORT_CSV)
}

/// The answer, or `None` for requests the other tables handle.
pub(super) fn answer(
    method: &Method,
    segments: &[&str],
    query: &str,
    body: &Value,
) -> Option<HttpResponse> {
    Some(match (method, segments) {
        (&Method::GET, ["vtex", "reconciliations"]) => {
            ok(page(vec![value(&run(R_RUNNING)), value(&run(R_DONE))]))
        }
        (&Method::POST, ["vtex", "reconciliations", "run"]) => {
            if body["from"] == "2026-01-01" {
                return Some(reply(
                    422,
                    f::error(
                        "validation_failed",
                        json!([{"field": "to", "code": "out_of_range", "message": "m",
                                "maximumDays": 31}]),
                    ),
                ));
            }
            if body["from"] == "2026-03-03" {
                return Some(reply(
                    409,
                    f::error("reconciliation_in_progress", json!([])),
                ));
            }
            reply(202, value(&run(R_RUNNING)))
        }
        (&Method::GET, ["vtex", "reconciliations", "discrepancies"]) => ok(page(vec![value(
            &discrepancy(D_D, DiscrepancyStatus::Open),
        )])),
        (&Method::POST, ["vtex", "reconciliations", "discrepancies", raw, "reprocess"]) => {
            if *raw == D_A {
                return Some(reply(409, f::error("discrepancy_not_open", json!([]))));
            }
            reply(202, value(&discrepancy(raw, DiscrepancyStatus::Resolving)))
        }
        (&Method::POST, ["vtex", "reconciliations", "discrepancies", raw, "accept"]) => {
            let text = body["justification"].as_str().unwrap_or_default().trim();
            if text.chars().count() < 20 {
                return Some(reply(
                    422,
                    f::error(
                        "validation_failed",
                        json!([{"field": "justification", "code": "too_short", "message": "m"}]),
                    ),
                ));
            }
            ok(value(&discrepancy(raw, DiscrepancyStatus::Accepted)))
        }
        (&Method::GET, ["vtex", "reconciliations", raw]) if *raw == R_DONE || *raw == R_RUNNING => {
            ok(value(&run(raw)))
        }
        (&Method::GET, ["vtex", "reconciliations", raw, "discrepancies"]) if *raw == R_DONE => {
            ok(page(vec![
                value(&discrepancy(D_A, DiscrepancyStatus::Resolved)),
                value(&discrepancy(D_D, DiscrepancyStatus::Open)),
            ]))
        }
        (&Method::GET, ["vtex", "reconciliations", raw, "discrepancies"]) if *raw == R_RUNNING => {
            ok(page(vec![]))
        }
        (&Method::GET, ["vtex", "reconciliations", _, "report.csv"]) => csv("reconciliation.csv"),
        (&Method::GET, ["vtex", "reconciliations", raw, "report.json"]) => HttpResponse::Ok()
            .content_type("application/json")
            .body(json!({"run": value(&run(raw)), "discrepancies": []}).to_string()),
        (&Method::GET, ["vtex", "reconciliations", ..]) => {
            reply(404, f::error("not_found", json!([])))
        }
        (&Method::GET, ["exports", "reconciliation-discrepancies.csv"]) => {
            csv("reconciliation-discrepancies.csv")
        }
        (&Method::GET, ["notifications", "pending"]) => ok(page(vec![
            value(&alert(ALERT_CRITICAL)),
            value(&alert(ALERT_WARNING)),
        ])),
        // The acknowledge lookup reads pages of 100; the bell and the feed page never do.
        (&Method::GET, ["notifications"]) if query.contains("pageSize=100") => ok(json!({
            "items": [{"id": ALERT_NOTIFICATION, "type": "alert.reconciliation_failed",
                       "severity": "critical", "message": "La conciliación falló.",
                       "payload": {"alertId": ALERT_CRITICAL, "alertType": "reconciliation_failed"},
                       "operational": true, "readAt": null, "createdAt": "2026-03-04T15:00:00Z"}],
            "page": 1, "pageSize": 100, "total": 1, "unreadCount": 1})),
        _ => return None,
    })
}
