//! `GET /status` (AD, AU, FI): the operational state in blocks — ingest lag, webhook deliveries,
//! the last reconciliation, open discrepancies, the e-mail backlog, the last backup — each with a
//! green/amber/red level computed here from [`THRESHOLDS`], the table of
//! `docs/status-thresholds.md` (a test keeps both equal).

use afiliados_api_types::status_page::{
    BackupStatus, DeliveriesStatus, DiscrepanciesStatus, DiscrepancyAges, DiscrepancyClasses,
    EmailBacklog, IngestLag, ReconciliationState, StatusLevel, StatusPage,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::status_page as queries;
use afiliados_domain::{Actor, ReconciliationStatus, ReconciliationType, Role};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::usecases::list_query::stored;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Roles that read the status page.
const READERS: [Role; 3] = [Role::AdminDentsu, Role::Auditor, Role::Finance];

/// One measure's thresholds: amber from, red from (a value at or above is that level).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold {
    /// The measure's name in `docs/status-thresholds.md`.
    pub measure: &'static str,
    /// Amber at or above.
    pub amber: i64,
    /// Red at or above.
    pub red: i64,
}

const fn threshold(measure: &'static str, amber: i64, red: i64) -> Threshold {
    Threshold {
        measure,
        amber,
        red,
    }
}

const INGEST_LAG: Threshold = threshold("ingest_lag_p95_seconds", 60, 300);
const DELIVERIES_FAILED: Threshold = threshold("deliveries_failed_24h", 1, 10);
const DELIVERIES_PENDING: Threshold = threshold("deliveries_pending", 50, 500);
const RECONCILIATION_AGE: Threshold = threshold("reconciliation_age_hours", 26, 50);
const UNRECONCILED: Threshold = threshold("reconciliation_unreconciled_basis_points", 100, 500);
const DISCREPANCY_AGE: Threshold = threshold("discrepancy_oldest_age_hours", 24, 72);
const EMAILS: Threshold = threshold("emails_over_30_min", 1, 10);
const BACKUP_AGE: Threshold = threshold("backup_age_hours", 26, 50);

/// Every threshold, in the order of the documented table.
pub const THRESHOLDS: [Threshold; 8] = [
    INGEST_LAG,
    DELIVERIES_FAILED,
    DELIVERIES_PENDING,
    RECONCILIATION_AGE,
    UNRECONCILED,
    DISCREPANCY_AGE,
    EMAILS,
    BACKUP_AGE,
];

impl Threshold {
    /// The level of `value`.
    fn level(self, value: i64) -> StatusLevel {
        if value >= self.red {
            StatusLevel::Red
        } else if value >= self.amber {
            StatusLevel::Amber
        } else {
            StatusLevel::Green
        }
    }
}

/// Whole hours since `since` (0 for an instant in the future).
fn hours_since(since: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - since).num_hours().max(0)
}

/// (1 − ratio) × 10 000, rounded up so a ratio just under a bound never reads as inside it.
fn unreconciled_basis_points(ratio: Decimal) -> i64 {
    ((Decimal::ONE - ratio) * Decimal::from(10_000))
        .ceil()
        .to_i64()
        .unwrap_or(i64::MAX)
}

fn ingest_lag(lag: &queries::Lag) -> IngestLag {
    let level = lag.p95.map_or(StatusLevel::Green, |p95| {
        // Whole seconds, rounded up: 60.2 s is past a 60 s threshold.
        INGEST_LAG.level(p95.ceil() as i64)
    });
    IngestLag {
        samples: lag.samples,
        p50_seconds: lag.p50,
        p95_seconds: lag.p95,
        level,
    }
}

fn reconciliation(
    run: Option<afiliados_db::reconciliation_runs::ReconciliationRunRow>,
    now: DateTime<Utc>,
) -> Result<ReconciliationState, UseCaseError> {
    let Some(run) = run else {
        return Ok(ReconciliationState {
            run_type: None,
            status: None,
            started_at: None,
            finished_at: None,
            auto_reconciled_ratio: None,
            level: StatusLevel::Red,
        });
    };
    let status = stored(&run.status, ReconciliationStatus::parse)?;
    let by_status = match status {
        ReconciliationStatus::Failed => StatusLevel::Red,
        ReconciliationStatus::Warning | ReconciliationStatus::Running => StatusLevel::Amber,
        ReconciliationStatus::Success => StatusLevel::Green,
    };
    let age = RECONCILIATION_AGE.level(hours_since(run.finished_at.unwrap_or(run.started_at), now));
    let ratio = run.auto_reconciled_ratio.map_or(StatusLevel::Green, |r| {
        UNRECONCILED.level(unreconciled_basis_points(r))
    });
    Ok(ReconciliationState {
        run_type: Some(stored(&run.run_type, ReconciliationType::parse)?),
        status: Some(status),
        started_at: Some(run.started_at),
        finished_at: run.finished_at,
        auto_reconciled_ratio: run.auto_reconciled_ratio,
        level: by_status.max(age).max(ratio),
    })
}

fn discrepancies(
    buckets: &[queries::DiscrepancyBucket],
    oldest: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> DiscrepanciesStatus {
    let mut by_class = DiscrepancyClasses::default();
    let mut by_age = DiscrepancyAges::default();
    for bucket in buckets {
        match bucket.class.as_str() {
            "A" => by_class.a += bucket.count,
            "B" => by_class.b += bucket.count,
            "C" => by_class.c += bucket.count,
            "D" => by_class.d += bucket.count,
            _ => by_class.e += bucket.count,
        }
        match bucket.age.as_str() {
            "under_1_day" => by_age.under_1_day += bucket.count,
            "1_to_3_days" => by_age.from_1_to_3_days += bucket.count,
            "3_to_7_days" => by_age.from_3_to_7_days += bucket.count,
            _ => by_age.over_7_days += bucket.count,
        }
    }
    DiscrepanciesStatus {
        total: buckets.iter().map(|b| b.count).sum(),
        by_class,
        by_age,
        level: oldest.map_or(StatusLevel::Green, |at| {
            DISCREPANCY_AGE.level(hours_since(at, now))
        }),
    }
}

/// The status page.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn page(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
) -> Result<StatusPage, UseCaseError> {
    actor.require_any(&READERS)?;
    let tenant = ctx.tenant_id;
    let now = ctx.now();
    let lag = queries::ingest_lag(tx, tenant, now).await?;
    let deliveries = queries::deliveries(tx, tenant, now).await?;
    let run = afiliados_db::reconciliation_runs::latest(tx, tenant, 1)
        .await?
        .into_iter()
        .next();
    let buckets = queries::discrepancies(tx, tenant, now).await?;
    let oldest = queries::oldest_open_discrepancy(tx, tenant).await?;
    let emails = queries::emails(tx, tenant, now).await?;
    let backup = afiliados_db::backup_snapshots::latest(tx).await?;

    let ingest_lag = ingest_lag(&lag);
    let deliveries = DeliveriesStatus {
        failed_last_24h: deliveries.failed,
        pending: deliveries.pending,
        level: DELIVERIES_FAILED
            .level(deliveries.failed)
            .max(DELIVERIES_PENDING.level(deliveries.pending)),
    };
    let reconciliation = reconciliation(run, now)?;
    let discrepancies = discrepancies(&buckets, oldest, now);
    let email_backlog = EmailBacklog {
        undelivered: emails.undelivered,
        over_30_min: emails.over_30_min,
        level: EMAILS.level(emails.over_30_min),
    };
    let age_hours = backup.as_ref().map(|b| hours_since(b.created_at, now));
    let backup = BackupStatus {
        last_backup_at: backup.as_ref().map(|b| b.created_at),
        size_bytes: backup.as_ref().map(|b| b.size_bytes),
        age_hours,
        level: age_hours.map_or(StatusLevel::Red, |hours| BACKUP_AGE.level(hours)),
    };
    let overall = [
        ingest_lag.level,
        deliveries.level,
        reconciliation.level,
        discrepancies.level,
        email_backlog.level,
        backup.level,
    ]
    .into_iter()
    .max()
    .unwrap_or(StatusLevel::Green);
    Ok(StatusPage {
        overall,
        ingest_lag,
        deliveries,
        reconciliation,
        discrepancies,
        email_backlog,
        backup,
        generated_at: now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of the documented table: (measure, amber from, red from).
    fn documented() -> Vec<(String, i64, i64)> {
        let doc = include_str!("../../../../docs/status-thresholds.md");
        doc.lines()
            .filter(|line| line.starts_with("| `"))
            .map(|line| {
                let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
                (
                    cells[0].trim_matches('`').to_owned(),
                    cells[2].parse().unwrap(),
                    cells[3].parse().unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn the_documented_thresholds_are_the_code() {
        let code: Vec<(String, i64, i64)> = THRESHOLDS
            .iter()
            .map(|t| (t.measure.to_owned(), t.amber, t.red))
            .collect();
        assert_eq!(documented(), code);
    }

    #[test]
    fn a_value_at_a_bound_takes_that_level() {
        assert_eq!(BACKUP_AGE.level(25), StatusLevel::Green);
        assert_eq!(BACKUP_AGE.level(26), StatusLevel::Amber);
        assert_eq!(BACKUP_AGE.level(50), StatusLevel::Red);
        assert_eq!(unreconciled_basis_points(Decimal::new(9900, 4)), 100);
        assert_eq!(unreconciled_basis_points(Decimal::ONE), 0);
    }
}
