//! Starting a reconciliation run (`domain.md` §5.16.1): the range is derived from the run type
//! (the previous Bogota day for `daily`, the closed half-month for `fortnightly`) or given, the run
//! is stored `running` with the configured tolerance, audited (`reconciliation.started`) and a
//! `ReconcileVtexRange` job is queued in the same transaction. A second running run of the same
//! range violates the partial unique index: 409 `reconciliation_in_progress`, nothing written.
//!
//! Used by `POST /internal/v1/reconciliations` (the worker's cron) and by the public
//! `POST /vtex/reconciliations/run` (on demand, `adhoc`).

use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_runs::{NewReconciliationRun, ReconciliationRunRow};
use afiliados_domain::business_date::{bogota_date, business_day_bounds, business_day_start};
use afiliados_domain::{FieldCode, ReconciliationSource, ReconciliationStatus, ReconciliationType};
use afiliados_jobs::ReconcileVtexRange;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde_json::json;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// The longest range a run may cover (`domain.md` §5.16.1: on demand, up to 31 days).
pub const MAX_RANGE_DAYS: i64 = 31;

/// Which instants a run covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunWindow {
    /// The period that closed before this instant: the previous Bogota day (`daily`, `adhoc`) or
    /// the closed half-month (`fortnightly`). The worker passes its cron slot.
    Before(DateTime<Utc>),
    /// The Bogota day (`daily`, `adhoc`) or the half-month containing it (`fortnightly`).
    BusinessDate(NaiveDate),
    /// Explicit instants, `[from, to)`.
    Range {
        /// Inclusive start.
        from: DateTime<Utc>,
        /// Exclusive end.
        to: DateTime<Utc>,
    },
}

/// What starts a run.
#[derive(Debug, Clone)]
pub struct StartRun<'a> {
    /// `daily|fortnightly|adhoc`.
    pub run_type: ReconciliationType,
    /// `scheduled` (worker) or `manual_run` (public endpoint). `manual_record` runs are stored
    /// finished by their own use case, never through here.
    pub source: ReconciliationSource,
    /// The range.
    pub window: RunWindow,
    /// `system:reconciliation` or the user's e-mail.
    pub triggered_by: &'a str,
    /// Who the audit row names.
    pub actor: AuditActor<'a>,
}

/// Stores a `running` run, audits it and queues its `ReconcileVtexRange` job.
pub async fn start_run(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    input: &StartRun<'_>,
) -> Result<ReconciliationRunRow, UseCaseError> {
    if input.source == ReconciliationSource::ManualRecord {
        return Err(UseCaseError::invalid("source", FieldCode::InvalidEnum));
    }
    let (business_date, from, to) = range(input.run_type, input.window)?;
    let now = ctx.now();
    let run = afiliados_db::reconciliation_runs::insert(
        tx,
        &NewReconciliationRun {
            id: afiliados_db::new_id(),
            tenant_id: ctx.tenant_id,
            run_type: input.run_type.as_str().to_owned(),
            source: input.source.as_str().to_owned(),
            business_date: Some(business_date),
            range_from: from,
            range_to: to,
            status: ReconciliationStatus::Running.as_str().to_owned(),
            triggered_by: input.triggered_by.to_owned(),
            started_at: now,
            finished_at: None,
            tolerance_percent: ctx.settings.reconciliation.tolerance_percent,
            summary: None,
            alerts: Vec::new(),
            report_url: None,
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &input.actor,
        AuditEvent::new("reconciliation.started", "reconciliation_run", run.id).changes(
            None,
            Some(json!({
                "type": run.run_type,
                "source": run.source,
                "rangeFrom": run.range_from,
                "rangeTo": run.range_to,
                "tolerancePercent": run.tolerance_percent,
            })),
        ),
    )
    .await?;
    crate::jobs::enqueue(tx, &ReconcileVtexRange { run_id: run.id }).await?;
    Ok(run)
}

/// `(business date, from, to)` of a run; 422 when an explicit range is empty, reversed or longer
/// than [`MAX_RANGE_DAYS`].
pub fn range(
    run_type: ReconciliationType,
    window: RunWindow,
) -> Result<(NaiveDate, DateTime<Utc>, DateTime<Utc>), UseCaseError> {
    let fortnightly = run_type == ReconciliationType::Fortnightly;
    let (from, to) = match window {
        RunWindow::Range { from, to } => {
            if from >= to {
                return Err(UseCaseError::invalid("rangeTo", FieldCode::DateOrder));
            }
            if to - from > Duration::days(MAX_RANGE_DAYS) {
                return Err(UseCaseError::invalid("rangeTo", FieldCode::OutOfRange));
            }
            (from, to)
        }
        RunWindow::BusinessDate(date) if fortnightly => half_month(date),
        RunWindow::BusinessDate(date) => business_day_bounds(date),
        RunWindow::Before(at) => {
            let today = bogota_date(at);
            let yesterday = today.pred_opt().unwrap_or(today);
            if fortnightly {
                // The half-month that closed before today: the one containing yesterday when
                // today starts a half (days 1 and 16), else the one before the current half.
                let current = half_month(today).0;
                half_month(bogota_date(current - Duration::days(1)))
            } else {
                business_day_bounds(yesterday)
            }
        }
    };
    Ok((bogota_date(from), from, to))
}

/// The Bogota half-month containing `date`: days 1–15 or 16–end of month.
fn half_month(date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let first = |day| date.with_day(day).unwrap_or(date);
    if date.day() < 16 {
        (business_day_start(first(1)), business_day_start(first(16)))
    } else {
        let next_month = if date.month() == 12 {
            NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(date.year(), date.month() + 1, 1)
        }
        .unwrap_or(date);
        (
            business_day_start(first(16)),
            business_day_start(next_month),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        raw.parse().unwrap()
    }

    fn date(raw: &str) -> NaiveDate {
        raw.parse().unwrap()
    }

    #[test]
    fn a_daily_run_covers_the_previous_bogota_day() {
        // 03:00 Bogota on 2026-03-03 is 08:00Z: the run covers 2026-03-02 (vtex.md §6's example).
        let (day, from, to) = range(
            ReconciliationType::Daily,
            RunWindow::Before(at("2026-03-03T08:00:00Z")),
        )
        .unwrap();
        assert_eq!(day, date("2026-03-02"));
        assert_eq!(from, at("2026-03-02T05:00:00Z"));
        assert_eq!(to, at("2026-03-03T05:00:00Z"));
    }

    #[test]
    fn a_fortnightly_run_covers_the_closed_half_month() {
        let (day, from, to) = range(
            ReconciliationType::Fortnightly,
            RunWindow::Before(at("2026-03-16T08:30:00Z")),
        )
        .unwrap();
        assert_eq!(day, date("2026-03-01"));
        assert_eq!(
            (from, to),
            (at("2026-03-01T05:00:00Z"), at("2026-03-16T05:00:00Z"))
        );
        let (day, from, to) = range(
            ReconciliationType::Fortnightly,
            RunWindow::Before(at("2026-03-01T08:30:00Z")),
        )
        .unwrap();
        assert_eq!(day, date("2026-02-16"));
        assert_eq!(
            (from, to),
            (at("2026-02-16T05:00:00Z"), at("2026-03-01T05:00:00Z"))
        );
        let (_, from, to) = range(
            ReconciliationType::Fortnightly,
            RunWindow::BusinessDate(date("2026-12-20")),
        )
        .unwrap();
        assert_eq!(
            (from, to),
            (at("2026-12-16T05:00:00Z"), at("2027-01-01T05:00:00Z"))
        );
    }

    #[test]
    fn explicit_ranges_are_ordered_and_at_most_31_days() {
        let from = at("2026-03-01T05:00:00Z");
        assert!(
            range(
                ReconciliationType::Adhoc,
                RunWindow::Range { from, to: from }
            )
            .is_err()
        );
        let to = from + Duration::days(MAX_RANGE_DAYS);
        assert!(range(ReconciliationType::Adhoc, RunWindow::Range { from, to }).is_ok());
        let to = to + Duration::seconds(1);
        assert!(range(ReconciliationType::Adhoc, RunWindow::Range { from, to }).is_err());
    }
}
