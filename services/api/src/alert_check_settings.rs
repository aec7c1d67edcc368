//! Thresholds of the operational checks and of data retention (`domain.md` §5.17, §5.18).
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `ALERT_DEDUP_MINUTES` | `30` | the same alert type and key is not e-mailed again within it |
//! | `JOB_DELAY_ALERT_MINUTES` | `15` | a queue whose oldest waiting job is older raises `delayed_job` |
//! | `BACKUP_INTERVAL_MS` | `900000` | no backup newer than twice this raises `backup_failure` (the worker's value) |
//! | `VTEX_ACTIVE_COUPON_ALERT_THRESHOLD` | `4500` | more active coupons raise `vtex_coupon_capacity` |
//! | `WEBHOOK_PAYLOAD_RETENTION_DAYS` | `90` | order-document payloads of older deliveries are purged |

use afiliados_config::Env;

/// The operational checks' thresholds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertCheckSettings {
    /// Minutes an alert's e-mail is not repeated for the same type and key.
    pub dedup_minutes: i64,
    /// Minutes a queue's oldest waiting job may wait.
    pub job_delay_minutes: i64,
    /// The backup cadence, in milliseconds.
    pub backup_interval_ms: i64,
    /// Active coupons allowed before the capacity alert (VTEX's limit is 5 000).
    pub active_coupon_threshold: i64,
    /// Days an order-document payload of `webhook_delivery_log` is kept.
    pub webhook_payload_retention_days: i64,
}

impl Default for AlertCheckSettings {
    fn default() -> AlertCheckSettings {
        AlertCheckSettings {
            dedup_minutes: 30,
            job_delay_minutes: 15,
            backup_interval_ms: 900_000,
            active_coupon_threshold: 4_500,
            webhook_payload_retention_days: 90,
        }
    }
}

impl AlertCheckSettings {
    /// Reads the section, recording every problem in `env`.
    pub fn from_env(env: &mut Env) -> AlertCheckSettings {
        let defaults = AlertCheckSettings::default();
        // Literal names, so the documentation check finds them.
        let settings = AlertCheckSettings {
            dedup_minutes: env.var_parsed("ALERT_DEDUP_MINUTES", defaults.dedup_minutes),
            job_delay_minutes: env
                .var_parsed("JOB_DELAY_ALERT_MINUTES", defaults.job_delay_minutes),
            backup_interval_ms: env.var_parsed("BACKUP_INTERVAL_MS", defaults.backup_interval_ms),
            active_coupon_threshold: env.var_parsed(
                "VTEX_ACTIVE_COUPON_ALERT_THRESHOLD",
                defaults.active_coupon_threshold,
            ),
            webhook_payload_retention_days: env.var_parsed(
                "WEBHOOK_PAYLOAD_RETENTION_DAYS",
                defaults.webhook_payload_retention_days,
            ),
        };
        for (name, value) in [
            ("ALERT_DEDUP_MINUTES", settings.dedup_minutes),
            ("JOB_DELAY_ALERT_MINUTES", settings.job_delay_minutes),
            ("BACKUP_INTERVAL_MS", settings.backup_interval_ms),
            (
                "VTEX_ACTIVE_COUPON_ALERT_THRESHOLD",
                settings.active_coupon_threshold,
            ),
            (
                "WEBHOOK_PAYLOAD_RETENTION_DAYS",
                settings.webhook_payload_retention_days,
            ),
        ] {
            if value <= 0 {
                env.problem(format!("{name} must be a positive whole number"));
            }
        }
        settings
    }
}
