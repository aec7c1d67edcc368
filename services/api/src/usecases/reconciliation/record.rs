//! `POST /vtex/reconciliations` (`domain.md` §5.16.5): a reconciliation done elsewhere is stored
//! as a finished run (`source = manual_record`, `success` when it declares no discrepancy, else
//! `warning`). Its summary lists become discrepancies — A/B/C start their automatic resolution at
//! once, D/E wait for a person — and its alerts reach finance and the admins. Everything in one
//! transaction; any bad field refuses the whole body (422) before anything is written.

use afiliados_api_types::reconciliation::{DiscrepancyDetails, ReconciliationRunResponse};
use afiliados_api_types::reconciliation_requests::RecordReconciliationRequest;
use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_discrepancies::NewDiscrepancy;
use afiliados_db::reconciliation_runs::NewReconciliationRun;
use afiliados_domain::{
    Actor, AlertSeverity, AlertType, DiscrepancyClass, FieldCode, ReconciliationSource,
    ReconciliationStatus, ReconciliationType, Role, business_day_start,
};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::representation::{self, ACTORS};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::alerts::{AlertInput, raise};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The summary lists and their classes (`domain.md` §5.16.5).
pub const LISTS: [(&str, DiscrepancyClass); 5] = [
    ("missingInPlatform", DiscrepancyClass::A),
    ("statusMismatch", DiscrepancyClass::B),
    ("amountMismatch", DiscrepancyClass::C),
    ("couponMismatch", DiscrepancyClass::D),
    ("missingInVtex", DiscrepancyClass::E),
];

const ALERTS_MAX: usize = 50;
const ALERT_CHARS_MAX: usize = 500;
const ENTRIES_MAX: usize = 1_000;
const ORDER_ID_MAX: usize = 100;
const VALUE_CHARS_MAX: usize = 200;
const URL_MAX: usize = 2_000;
/// `RECONCILIATION_TOLERANCE_PERCENT`'s default, kept on the run for the record.
const TOLERANCE_PERCENT: Decimal = Decimal::from_parts(100, 0, 0, false, 2);

/// One discrepancy named by the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its class (from the list it is in).
    pub class: DiscrepancyClass,
    /// `orderId` or `id`.
    pub vtex_order_id: String,
    /// `platform`, as text.
    pub platform: Option<String>,
    /// `vtex`, as text.
    pub vtex: Option<String>,
}

/// A validated body.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The business date.
    pub date: NaiveDate,
    /// The type.
    pub run_type: ReconciliationType,
    /// Declared total.
    pub found: i32,
    /// External report.
    pub report_url: Option<String>,
    /// The summary as posted.
    pub summary: Option<Value>,
    /// The discrepancies of its lists.
    pub entries: Vec<Entry>,
    /// Trimmed alerts.
    pub alerts: Vec<String>,
}

fn run_date(raw: Option<&str>, p: &mut Problems) -> Option<NaiveDate> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty());
    let Some(raw) = raw else {
        p.push("runDate", FieldCode::Required);
        return None;
    };
    if let Ok(date) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return Some(date);
    }
    match DateTime::parse_from_rfc3339(raw) {
        Ok(at) => Some(afiliados_domain::bogota_date(at.with_timezone(&Utc))),
        Err(_) => {
            p.push("runDate", FieldCode::InvalidFormat);
            None
        }
    }
}

/// An https URL with a host and nothing a browser would reinterpret.
fn report_url(raw: Option<&str>, p: &mut Problems) -> Option<String> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    if raw.chars().count() > URL_MAX {
        p.push("reportUrl", FieldCode::TooLong);
        return None;
    }
    match url::Url::parse(raw) {
        Ok(url)
            if url.scheme() == "https"
                && url.host_str().is_some_and(|h| !h.is_empty())
                && url.username().is_empty()
                && url.password().is_none() =>
        {
            Some(raw.to_owned())
        }
        _ => {
            p.push("reportUrl", FieldCode::InvalidFormat);
            None
        }
    }
}

fn alerts(raw: Option<&[String]>, p: &mut Problems) -> Vec<String> {
    let raw = raw.unwrap_or_default();
    if raw.len() > ALERTS_MAX {
        p.push_with("alerts", FieldCode::TooLong, json!({"maximum": ALERTS_MAX}));
        return Vec::new();
    }
    let mut out = Vec::with_capacity(raw.len());
    for (i, alert) in raw.iter().enumerate() {
        let alert = alert.trim();
        if alert.is_empty() {
            p.push(format!("alerts[{i}]"), FieldCode::Required);
        } else if alert.chars().count() > ALERT_CHARS_MAX {
            p.push_with(
                format!("alerts[{i}]"),
                FieldCode::TooLong,
                json!({"maximum": ALERT_CHARS_MAX}),
            );
        } else {
            out.push(alert.to_owned());
        }
    }
    out
}

/// Where the lists are: `summary.details`, else `summary.discrepancies`, else `summary` itself.
fn lists_container(
    top: &serde_json::Map<String, Value>,
) -> (&serde_json::Map<String, Value>, &'static str) {
    for key in ["details", "discrepancies"] {
        if let Some(inner) = top.get(key).and_then(Value::as_object)
            && LISTS.iter().any(|(name, _)| inner.contains_key(*name))
        {
            return (inner, key);
        }
    }
    (top, "")
}

/// A scalar value as text (numbers keep their written digits); objects and arrays are refused.
fn scalar(value: Option<&Value>, field: &str, p: &mut Problems) -> Option<String> {
    let text = match value? {
        Value::Null => return None,
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => {
            p.push(field, FieldCode::InvalidType);
            return None;
        }
    };
    if text.chars().count() > VALUE_CHARS_MAX {
        p.push(field, FieldCode::TooLong);
        return None;
    }
    Some(text).filter(|t| !t.is_empty())
}

fn entries(summary: Option<&Value>, p: &mut Problems) -> Vec<Entry> {
    let Some(summary) = summary.filter(|s| !s.is_null()) else {
        return Vec::new();
    };
    let Some(top) = summary.as_object() else {
        p.push("summary", FieldCode::InvalidType);
        return Vec::new();
    };
    let (container, prefix) = lists_container(top);
    let path = |name: &str| {
        if prefix.is_empty() {
            format!("summary.{name}")
        } else {
            format!("summary.{prefix}.{name}")
        }
    };
    let mut out = Vec::new();
    for (name, class) in LISTS {
        let Some(list) = container.get(name).filter(|v| !v.is_null()) else {
            continue;
        };
        let list_path = path(name);
        let Some(items) = list.as_array() else {
            p.push(list_path, FieldCode::InvalidType);
            continue;
        };
        if items.len() > ENTRIES_MAX {
            p.push_with(
                list_path,
                FieldCode::TooLong,
                json!({"maximum": ENTRIES_MAX}),
            );
            continue;
        }
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{list_path}[{i}]");
            // A bare string names the order.
            if let Some(id) = item.as_str() {
                match order_id(id, &item_path, p) {
                    Some(id) => out.push(Entry {
                        class,
                        vtex_order_id: id,
                        platform: None,
                        vtex: None,
                    }),
                    None => continue,
                }
                continue;
            }
            let Some(object) = item.as_object() else {
                p.push(item_path, FieldCode::InvalidType);
                continue;
            };
            let raw_id = object.get("orderId").or_else(|| object.get("id"));
            let id = match raw_id {
                None | Some(Value::Null) => {
                    p.push(format!("{item_path}.orderId"), FieldCode::Required);
                    None
                }
                Some(Value::String(s)) => order_id(s, &format!("{item_path}.orderId"), p),
                Some(_) => {
                    p.push(format!("{item_path}.orderId"), FieldCode::InvalidType);
                    None
                }
            };
            let platform = scalar(object.get("platform"), &format!("{item_path}.platform"), p);
            let vtex = scalar(object.get("vtex"), &format!("{item_path}.vtex"), p);
            if let Some(id) = id {
                out.push(Entry {
                    class,
                    vtex_order_id: id,
                    platform,
                    vtex,
                });
            }
        }
    }
    out
}

/// A VTEX order id: printable, no spaces, ≤ 100 characters.
fn order_id(raw: &str, field: &str, p: &mut Problems) -> Option<String> {
    let id = raw.trim();
    if id.is_empty() {
        p.push(field, FieldCode::Required);
        None
    } else if id.chars().count() > ORDER_ID_MAX {
        p.push(field, FieldCode::TooLong);
        None
    } else if id.chars().any(|c| c.is_control() || c.is_whitespace()) {
        p.push(field, FieldCode::InvalidFormat);
        None
    } else {
        Some(id.to_owned())
    }
}

/// Validates the whole body; every problem at once.
pub fn validate(body: &RecordReconciliationRequest) -> Result<Recorded, UseCaseError> {
    let mut p = Problems::new();
    let date = run_date(body.run_date.as_deref(), &mut p);
    let run_type = match body.run_type.as_deref().map(str::trim) {
        None | Some("") => {
            p.push("type", FieldCode::Required);
            None
        }
        Some(raw) => {
            let parsed = ReconciliationType::parse(raw);
            if parsed.is_none() {
                p.push("type", FieldCode::InvalidEnum);
            }
            parsed
        }
    };
    let found = match body.discrepancies_found {
        None => {
            p.push("discrepanciesFound", FieldCode::Required);
            None
        }
        Some(n) => match i32::try_from(n) {
            Ok(n) if n >= 0 => Some(n),
            _ => {
                p.push("discrepanciesFound", FieldCode::OutOfRange);
                None
            }
        },
    };
    let report_url = report_url(body.report_url.as_deref(), &mut p);
    let alerts = alerts(body.alerts.as_deref(), &mut p);
    let entries = entries(body.summary.as_ref(), &mut p);
    p.finish()?;
    match (date, run_type, found) {
        (Some(date), Some(run_type), Some(found)) => Ok(Recorded {
            date,
            run_type,
            found,
            report_url,
            summary: body.summary.clone().filter(|s| !s.is_null()),
            entries,
            alerts,
        }),
        _ => Err(UseCaseError::invalid("body", FieldCode::Required)),
    }
}

/// What differs, as the discrepancy stores it.
fn details_of(entry: &Entry) -> DiscrepancyDetails {
    let field = match entry.class {
        DiscrepancyClass::A | DiscrepancyClass::E => "presence",
        DiscrepancyClass::B => "status",
        DiscrepancyClass::C => "totalValue",
        DiscrepancyClass::D => "coupon",
    };
    let amounts = match (entry.class, &entry.platform, &entry.vtex) {
        (DiscrepancyClass::C, Some(p), Some(v)) => {
            match (p.parse::<Decimal>(), v.parse::<Decimal>()) {
                (Ok(p), Ok(v)) => Some((p, v)),
                _ => None,
            }
        }
        _ => None,
    };
    DiscrepancyDetails {
        field: field.to_owned(),
        platform: entry.platform.clone(),
        vtex: entry.vtex.clone(),
        difference: amounts.map(|(p, v)| (p - v).round_dp(2).to_string()),
        ratio_percent: amounts
            .and_then(|(p, v)| afiliados_domain::reconciliation::difference_ratio_percent(p, v))
            .map(|r| r.round_dp(2).to_string()),
    }
}

/// Stores the recorded run, its discrepancies, alerts, gauge and audit.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn record(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    body: &RecordReconciliationRequest,
) -> Result<ReconciliationRunResponse, UseCaseError> {
    actor.require_any(&ACTORS)?;
    let input = validate(body)?;
    let now = ctx.now();
    let status = if input.found == 0 {
        ReconciliationStatus::Success
    } else {
        ReconciliationStatus::Warning
    };
    let run = afiliados_db::reconciliation_runs::insert(
        tx,
        &NewReconciliationRun {
            id: afiliados_db::new_id(),
            tenant_id: ctx.tenant_id,
            run_type: input.run_type.as_str().to_owned(),
            source: ReconciliationSource::ManualRecord.as_str().to_owned(),
            business_date: Some(input.date),
            range_from: business_day_start(input.date),
            range_to: business_day_start(input.date + chrono::Days::new(1)),
            status: status.as_str().to_owned(),
            triggered_by: actor.email.clone(),
            started_at: now,
            finished_at: Some(now),
            tolerance_percent: TOLERANCE_PERCENT,
            summary: input.summary.clone(),
            alerts: input.alerts.clone(),
            report_url: input.report_url.clone(),
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    let mut counts = [0_i32; 5];
    // An order named twice in one list is one discrepancy.
    let mut seen = std::collections::HashSet::new();
    for entry in &input.entries {
        let index = LISTS
            .iter()
            .position(|(_, class)| *class == entry.class)
            .unwrap_or(0);
        let order =
            afiliados_db::orders::find_by_vtex_id(tx, ctx.tenant_id, &entry.vtex_order_id).await?;
        let auto = matches!(
            entry.class,
            DiscrepancyClass::A | DiscrepancyClass::B | DiscrepancyClass::C
        );
        let details = serde_json::to_value(details_of(entry)).map_err(UseCaseError::internal)?;
        let (row, _inserted) = afiliados_db::reconciliation_discrepancies::record(
            tx,
            &NewDiscrepancy {
                id: afiliados_db::new_id(),
                tenant_id: ctx.tenant_id,
                vtex_order_id: entry.vtex_order_id.clone(),
                order_id: order.as_ref().map(|o| o.id),
                class: entry.class.as_str().to_owned(),
                first_run_id: run.id,
                last_run_id: run.id,
                first_detected_at: now,
                details,
                brand_id: order.as_ref().and_then(|o| o.brand_id),
                influencer_id: order.as_ref().and_then(|o| o.influencer_id),
                status: "open".to_owned(),
                auto_resolvable: auto,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        if seen.insert((index, entry.vtex_order_id.clone())) {
            counts[index] += 1;
        }
        // An open A/B/C starts its resolution; one already resolving keeps its running job.
        if auto && row.status == "open" {
            super::resolution::start(tx, ctx, &row).await?;
        }
    }
    afiliados_db::reconciliation_queries::set_recorded_counts(tx, run.id, counts, input.found)
        .await?;
    super::counters::refresh(tx, ctx, run.id).await?;
    if !input.alerts.is_empty() {
        notify_alerts(tx, ctx, run.id, &input.alerts).await?;
    }
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("reconciliation.recorded", "reconciliation_run", run.id).changes(
            None,
            Some(json!({
                "type": input.run_type.as_str(),
                "businessDate": input.date,
                "status": status.as_str(),
                "discrepanciesFound": input.found,
                "counts": {"A": counts[0], "B": counts[1], "C": counts[2], "D": counts[3], "E": counts[4]},
                "alerts": input.alerts.len(),
                "reportUrl": input.report_url,
            })),
        ),
    )
    .await?;
    let stored = afiliados_db::reconciliation_runs::find(tx, ctx.tenant_id, run.id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    representation::run(&stored)
}

/// `reconciliation.alert` in-app to every FI and AD, and the operational alert (its e-mail goes
/// to the finance group through the alert machinery).
async fn notify_alerts(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: uuid::Uuid,
    alerts: &[String],
) -> Result<(), UseCaseError> {
    let payload = json!({"runId": run_id, "alerts": alerts});
    let users = afiliados_db::roles::active_holders(
        tx,
        ctx.tenant_id,
        &[Role::Finance.as_str(), Role::AdminDentsu.as_str()],
    )
    .await?;
    for user in users {
        afiliados_db::notifications::insert(
            tx,
            ctx.tenant_id,
            user,
            "reconciliation.alert",
            "warning",
            &payload,
        )
        .await?;
    }
    raise(
        tx,
        ctx,
        AlertInput {
            alert_type: AlertType::Reconciliation,
            severity: AlertSeverity::Warning,
            dedup_key: run_id.to_string(),
            message: format!(
                "La conciliación registrada trae {} alerta(s): {}",
                alerts.len(),
                alerts.first().map(String::as_str).unwrap_or_default()
            ),
            details: payload,
        },
    )
    .await?;
    Ok(())
}
