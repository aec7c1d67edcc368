//! `POST /internal/v1/alerts/evaluate` (`api.md` §21.6, `domain.md` §5.17): the operational
//! checks the worker's `EvaluateAlerts` tick asks for every 5 minutes. Each condition raises
//! through [`super::raise`] under a stable dedup key, so a condition that persists keeps one open
//! alert (raised again, `raise_count` bumped) instead of a new one per tick.

use afiliados_api_types::alerts::QueueStats;
use afiliados_db::AsyncPgConnection;
use afiliados_db::alerts::AlertRow;
use afiliados_domain::{AlertSeverity, AlertType};
use chrono::Duration;
use serde_json::json;

use super::{AlertInput, raise};
use crate::usecases::{UseCaseContext, UseCaseError};

/// An undispatched `job_outbox` row older than this means the relay is stuck.
const OUTBOX_DELAY_MINUTES: i64 = 5;
/// A scheduled job that missed its slot by this much is late.
const MISSED_SLOT_MINUTES: i64 = 30;
/// An e-mail still undelivered this long after creation.
const UNDELIVERED_MINUTES: i64 = 30;
/// Authentication rejections tolerated within [`AUTH_WINDOW_MINUTES`].
const AUTH_REJECTIONS: i64 = 20;
/// The authentication rejection window.
const AUTH_WINDOW_MINUTES: i64 = 10;
/// Active platform promotions tolerated (VTEX allows 100).
const ACTIVE_PROMOTIONS: i64 = 90;

fn input(
    alert_type: AlertType,
    severity: AlertSeverity,
    dedup_key: impl Into<String>,
    message: String,
    details: serde_json::Value,
) -> AlertInput {
    AlertInput {
        alert_type,
        severity,
        dedup_key: dedup_key.into(),
        message,
        details,
    }
}

/// Every condition that holds now, as alert inputs (nothing is written).
async fn conditions(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    queues: &[QueueStats],
) -> Result<Vec<AlertInput>, UseCaseError> {
    let now = ctx.now();
    let checks = &ctx.settings.alert_checks;
    let mut found = Vec::new();

    let outbox = afiliados_db::alert_checks::undispatched_jobs(
        tx,
        now - Duration::minutes(OUTBOX_DELAY_MINUTES),
    )
    .await?;
    if outbox.count > 0 {
        found.push(input(
            AlertType::DelayedJob,
            AlertSeverity::Warning,
            "job_outbox",
            format!(
                "{} trabajos llevan más de {OUTBOX_DELAY_MINUTES} minutos sin despacharse a la cola.",
                outbox.count
            ),
            json!({ "undispatched": outbox.count, "oldestCreatedAt": outbox.oldest }),
        ));
    }

    for queue in queues {
        let delay_seconds = u64::try_from(checks.job_delay_minutes.saturating_mul(60)).unwrap_or(0);
        if let Some(oldest) = queue.oldest_pending_seconds.filter(|s| *s > delay_seconds) {
            found.push(input(
                AlertType::DelayedJob,
                AlertSeverity::Warning,
                format!("queue:{}", queue.queue),
                format!(
                    "La cola {} tiene trabajos esperando hace {} minutos (límite {}).",
                    queue.queue,
                    oldest / 60,
                    checks.job_delay_minutes
                ),
                json!({ "queue": queue.queue, "pending": queue.pending,
                        "oldestPendingSeconds": oldest, "thresholdMinutes": checks.job_delay_minutes }),
            ));
        }
        if queue.dead > 0 {
            found.push(input(
                AlertType::JobFailed,
                AlertSeverity::Critical,
                format!("queue:{}", queue.queue),
                format!(
                    "La cola {} tiene {} trabajos que agotaron sus intentos.",
                    queue.queue, queue.dead
                ),
                json!({ "queue": queue.queue, "dead": queue.dead, "failed": queue.failed }),
            ));
        }
    }

    for (name, next_run_at) in afiliados_db::alert_checks::missed_schedules(
        tx,
        ctx.tenant_id,
        now - Duration::minutes(MISSED_SLOT_MINUTES),
    )
    .await?
    {
        found.push(input(
            AlertType::DelayedJob,
            AlertSeverity::Warning,
            format!("schedule:{name}"),
            format!("El trabajo programado {name} no corrió en su horario."),
            json!({ "jobName": name, "nextRunAt": next_run_at }),
        ));
    }

    let mail = afiliados_db::alert_checks::undelivered_emails(
        tx,
        ctx.tenant_id,
        now - Duration::minutes(UNDELIVERED_MINUTES),
    )
    .await?;
    if mail.count > 0 {
        found.push(input(
            AlertType::EmailUndelivered,
            AlertSeverity::Critical,
            "email_outbox",
            format!(
                "{} correos siguen sin entregarse {UNDELIVERED_MINUTES} minutos después de crearse.",
                mail.count
            ),
            json!({ "undelivered": mail.count, "oldestCreatedAt": mail.oldest }),
        ));
    }

    let newest = afiliados_db::backup_snapshots::latest(tx).await?;
    let max_age = Duration::milliseconds(checks.backup_interval_ms.saturating_mul(2));
    let last = newest.as_ref().map(|b| b.created_at);
    if last.is_none_or(|at| now - at > max_age) {
        found.push(input(
            AlertType::BackupFailure,
            AlertSeverity::Critical,
            "backup_age",
            match last {
                Some(_) => {
                    "El último respaldo exitoso es más antiguo que dos intervalos de respaldo."
                        .to_owned()
                }
                None => "No hay ningún respaldo registrado.".to_owned(),
            },
            json!({ "lastBackupAt": last, "maxAgeMinutes": max_age.num_minutes() }),
        ));
    }

    let rejections = afiliados_db::alert_checks::auth_rejections_since(
        tx,
        ctx.tenant_id,
        now - Duration::minutes(AUTH_WINDOW_MINUTES),
    )
    .await?;
    if rejections > AUTH_REJECTIONS {
        found.push(input(
            AlertType::WebhookFailure,
            AlertSeverity::Critical,
            "authentication",
            format!(
                "{rejections} webhooks rechazados por autenticación en {AUTH_WINDOW_MINUTES} minutos."
            ),
            json!({ "rejections": rejections, "windowMinutes": AUTH_WINDOW_MINUTES,
                    "threshold": AUTH_REJECTIONS }),
        ));
    }

    let (coupons, promotions) =
        afiliados_db::alert_checks::vtex_capacity(tx, ctx.tenant_id).await?;
    if coupons > checks.active_coupon_threshold {
        found.push(input(
            AlertType::VtexCouponCapacity,
            AlertSeverity::Warning,
            "coupons",
            format!(
                "Hay {coupons} cupones activos en VTEX (alerta desde {}; el límite de VTEX es 5000).",
                checks.active_coupon_threshold
            ),
            json!({ "activeCoupons": coupons, "threshold": checks.active_coupon_threshold }),
        ));
    }
    if promotions > ACTIVE_PROMOTIONS {
        found.push(input(
            AlertType::VtexCouponCapacity,
            AlertSeverity::Warning,
            "promotions",
            format!(
                "Hay {promotions} promociones activas en VTEX (alerta desde {ACTIVE_PROMOTIONS}; el límite de VTEX es 100)."
            ),
            json!({ "activePromotions": promotions, "threshold": ACTIVE_PROMOTIONS }),
        ));
    }
    Ok(found)
}

/// Checks every condition and raises each that holds, in the caller's transaction; returns the
/// alerts raised (new or raised again).
pub async fn evaluate(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    queues: &[QueueStats],
) -> Result<Vec<AlertRow>, UseCaseError> {
    let mut raised = Vec::new();
    for condition in conditions(tx, ctx, queues).await? {
        let (row, _) = raise(tx, ctx, condition).await?;
        raised.push(row);
    }
    Ok(raised)
}
