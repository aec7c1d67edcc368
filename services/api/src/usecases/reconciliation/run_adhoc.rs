//! `POST /vtex/reconciliations/run` (`api.md` §19, `domain.md` §5.16.1): staff start a run now for
//! one business date (default yesterday in Bogota) or a range of business dates (both ends
//! included, ≤ 31 days). The run is stored `running` (`source = manual_run`) and its
//! `ReconcileVtexRange` job queued in the same transaction; a run already running for the same
//! range answers 409 `reconciliation_in_progress` (the partial unique index decides, so two
//! concurrent requests cannot both start one).

use afiliados_api_types::reconciliation::ReconciliationRunResponse;
use afiliados_api_types::reconciliation_requests::RunReconciliationRequest;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::{
    Actor, FieldCode, ReconciliationSource, ReconciliationType, business_day_start,
};
use chrono::{Days, NaiveDate};
use serde_json::json;

use super::representation::{self, ACTORS};
use super::start::{RunWindow, StartRun, start_run};
use crate::audit::AuditActor;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The longest range, in days (both ends included).
pub const MAX_RANGE_DAYS: i64 = 31;

/// A validated request: the first and last business dates and the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// First day.
    pub first: NaiveDate,
    /// Last day (included).
    pub last: NaiveDate,
    /// Type.
    pub run_type: ReconciliationType,
}

fn date(field: &str, raw: Option<&str>, p: &mut Problems) -> Option<NaiveDate> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            p.push(field, FieldCode::InvalidFormat);
            None
        }
    }
}

/// Checks the body against `today` (Bogota).
pub fn validate(body: &RunReconciliationRequest, today: NaiveDate) -> Result<Range, UseCaseError> {
    let mut p = Problems::new();
    let one = date("date", body.date.as_deref(), &mut p);
    let from = date("from", body.from.as_deref(), &mut p);
    let to = date("to", body.to.as_deref(), &mut p);
    let run_type = match body.run_type.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => {
            let parsed = ReconciliationType::parse(raw);
            if parsed.is_none() {
                p.push("type", FieldCode::InvalidEnum);
            }
            parsed
        }
    };
    let ranged = body.from.is_some() || body.to.is_some();
    if body.date.is_some() && ranged {
        p.push("date", FieldCode::NotAllowed);
    }
    if ranged {
        if body.from.is_none() {
            p.push("from", FieldCode::Required);
        }
        if body.to.is_none() {
            p.push("to", FieldCode::Required);
        }
    }
    let (first, last) = match (one, from, to) {
        (Some(day), _, _) => (Some(day), Some(day)),
        (None, Some(from), Some(to)) => (Some(from), Some(to)),
        _ if !ranged && body.date.is_none() => {
            let yesterday = today - Days::new(1);
            (Some(yesterday), Some(yesterday))
        }
        _ => (None, None),
    };
    if let (Some(first), Some(last)) = (first, last) {
        if last < first {
            p.push("to", FieldCode::DateOrder);
        } else if (last - first).num_days() + 1 > MAX_RANGE_DAYS {
            p.push_with(
                "to",
                FieldCode::OutOfRange,
                json!({"maximumDays": MAX_RANGE_DAYS}),
            );
        }
        // Today is still happening: only closed days can be compared with VTEX.
        if last >= today {
            p.push(if ranged { "to" } else { "date" }, FieldCode::InFuture);
        }
    }
    p.finish()?;
    match (first, last) {
        (Some(first), Some(last)) => Ok(Range {
            first,
            last,
            run_type: run_type.unwrap_or(if ranged {
                ReconciliationType::Adhoc
            } else {
                ReconciliationType::Daily
            }),
        }),
        _ => Err(UseCaseError::invalid("date", FieldCode::Required)),
    }
}

/// `POST /vtex/reconciliations/run` (FI, AD): 202 with the `running` run. The run is started by
/// the same use case as the worker's scheduled runs (`start::start_run`: stored, audited
/// `reconciliation.started`, job queued; 409 `reconciliation_in_progress` for a running range).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn run_adhoc(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    body: &RunReconciliationRequest,
) -> Result<ReconciliationRunResponse, UseCaseError> {
    actor.require_any(&ACTORS)?;
    let range = validate(body, ctx.today())?;
    let run = start_run(
        tx,
        ctx,
        &StartRun {
            run_type: range.run_type,
            source: ReconciliationSource::ManualRun,
            window: RunWindow::Range {
                from: business_day_start(range.first),
                to: business_day_start(range.last + Days::new(1)),
            },
            triggered_by: &actor.email,
            actor: AuditActor::User(actor),
        },
    )
    .await?;
    representation::run(&run)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn body(date: Option<&str>, from: Option<&str>, to: Option<&str>) -> RunReconciliationRequest {
        RunReconciliationRequest {
            date: date.map(str::to_owned),
            from: from.map(str::to_owned),
            to: to.map(str::to_owned),
            run_type: None,
        }
    }

    #[test]
    fn nothing_means_yesterday_daily() {
        let range = validate(&body(None, None, None), day("2026-03-03")).unwrap();
        assert_eq!(range.first, day("2026-03-02"));
        assert_eq!(range.last, day("2026-03-02"));
        assert_eq!(range.run_type, ReconciliationType::Daily);
    }

    #[test]
    fn a_range_is_adhoc_and_at_most_31_days() {
        let today = day("2026-04-10");
        let ok = validate(&body(None, Some("2026-03-01"), Some("2026-03-31")), today).unwrap();
        assert_eq!(ok.run_type, ReconciliationType::Adhoc);
        assert!(validate(&body(None, Some("2026-03-01"), Some("2026-04-01")), today).is_err());
        assert!(validate(&body(None, Some("2026-03-05"), Some("2026-03-04")), today).is_err());
        assert!(validate(&body(None, Some("2026-03-05"), None), today).is_err());
    }

    #[test]
    fn today_and_later_are_refused() {
        let today = day("2026-03-03");
        assert!(validate(&body(Some("2026-03-03"), None, None), today).is_err());
        assert!(validate(&body(Some("2026-03-02"), None, None), today).is_ok());
        assert!(validate(&body(Some("2026-3-2x"), None, None), today).is_err());
    }
}
