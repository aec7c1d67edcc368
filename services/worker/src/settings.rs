//! The worker's configuration, gathered from the environment with every problem listed at once.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `WORKER_API_BASE_URL` | `http://127.0.0.1:8080` in development, required elsewhere | the api's origin for `/internal/v1` |
//! | `INTERNAL_API_TOKEN` | required; ≥ 32 characters outside development | service token sent as bearer |
//! | `REDIS_URL` | required | Redis holding the queues |
//! | `QUEUE_NAMESPACE` | empty | prefix of every queue name (tests use `t-<uuid>:`) |
//! | `WORKER_CONCURRENCY` | `4` | jobs run at once per queue (except `vtex_orders`) |
//! | `WORKER_VTEX_ORDERS_CONCURRENCY` | `16` | jobs run at once on the `vtex_orders` queue (hooks, refetches); each waits on the api and VTEX, not on this process, so it runs wider (ADR 0046) |
//! | `WORKER_METRICS_HOST` | `127.0.0.1` (`0.0.0.0` in every container configuration) | bind address of `/metrics`, `/health` and `/ready` |
//! | `WORKER_METRICS_PORT` | `9465` | port of `/metrics`, `/health` and `/ready` |
//! | `WORKER_ENABLE_CRON` | `false` | run the cron ticks (exactly one replica sets it) |
//! | `DAILY_MAINTENANCE_CRON` | `0 5 0 * * *` | six-field cron (seconds first) in America/Bogota of the daily maintenance; empty disables it |
//! | `SETTLEMENT_CRON` | `0 0 2 1,16 * *` | the same, of settlement (`domain.md` §5.12); empty disables it |
//! | `TIER_EVALUATION_CRON` | `0 30 2 * * *` | the same, of tier evaluation (`domain.md` §5.11); empty disables it |
//! | `RECONCILIATION_CRON` | `0 0 3 * * *` | the same, of the daily reconciliation against VTEX (`domain.md` §5.16.1); empty disables it |
//! | `RECONCILIATION_FORTNIGHTLY_CRON` | `0 30 3 1,16 * *` | the same, of the fortnightly reconciliation; empty disables it |
//! | `ESCALATION_CRON` | `0 0 9 * * *` | the same, of the escalation of old open discrepancies; empty disables it |
//! | `HEALTH_CHECK_CRON` | `0 */5 * * * *` | the same, of the operational checks (queue state → alerts, ADR 0058); empty disables it |
//! | `DATA_RETENTION_CRON` | `0 0 4 * * *` | the same, of data retention; empty disables it |
//! | `VTEX_FEED_ENABLED` | `false` | poll the VTEX feed v3 as a backstop for lost hooks (`vtex.md` §7) |
//! | `VTEX_FEED_POLL_CRON` | `0 */2 * * * *` | the same, of the feed poll; ticks only with `VTEX_FEED_ENABLED=true` |
//! | `VTEX_FEED_MAX_LOT` | `10` | `maxlot` of each feed read (1–10) |
//! | `VTEX_HOOK_STATUSES` | the 8 states of `vtex.md` §2.5 | comma list of the states `vtex configure-feed` subscribes |
//! | `BACKUP_INTERVAL_MS` | `900000` | database backup interval: the cron replica enqueues `RunBackup` this often, and at start-up when the last success is older |
//! | `BACKUP_DATABASE_URL`, `DATA_ENCRYPTION_KEY`, `STORAGE_*` | see `crate::backup::BackupSettings` | what and where to back up, and the sealing key ring |
//! | `WORKER_RETRY_BASE_MS` | `2000` | job backoff after the first failed attempt (doubles each time) |
//! | `WORKER_RETRY_MAX_MS` | `300000` | longest job backoff |
//! | `WORKER_HEARTBEAT_INTERVAL_SECS` | `30` | how often each queue's worker heartbeats in Redis |
//! | `WORKER_MISSED_HEARTBEATS` | `12` | beats a worker may miss before another replica re-enqueues its in-flight tasks (a killed worker's jobs come back after interval × this, 6 min by default) |
//! | `VTEX_*` | see `afiliados_vtex::config` (development: the sandbox on `127.0.0.1:4710` with its dev pair) | the VTEX client |
//! | `MAIL_*` | see `afiliados_mailer::MailConfig` | SMTP |
//! | `LOG_FORMAT`, `WORKER_LOG_LEVEL`, `OTEL_EXPORTER_OTLP_ENDPOINT` | see `afiliados_config::TelemetryConfig` | logs and traces |

use std::{net::IpAddr, time::Duration};

use afiliados_config::{AppEnv, ConfigErrors, Env, RedisConfig, SecretString, TelemetryConfig};
use afiliados_jobs::Liveness;
use afiliados_mailer::MailConfig;
use afiliados_vtex::VtexConfig;

use crate::feed_settings::FeedSettings;
use crate::retry::Backoff;
use crate::schedules::Schedules;

/// Everything the worker reads at start-up.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the process runs.
    pub app_env: AppEnv,
    /// The api's origin, e.g. `http://127.0.0.1:8080`.
    pub api_base_url: String,
    /// `INTERNAL_API_TOKEN`.
    pub internal_api_token: SecretString,
    /// `REDIS_URL` (may carry a password).
    pub redis_url: SecretString,
    /// Prefix of every queue name.
    pub queue_namespace: String,
    /// Jobs run at once per queue (except `vtex_orders`).
    pub concurrency: usize,
    /// Jobs run at once on the `vtex_orders` queue: one order each, a VTEX read plus a few api
    /// calls, so almost all waiting; 4 at once kept end-to-end ingestion at a few orders a second.
    pub vtex_orders_concurrency: usize,
    /// Bind address of the metrics server.
    pub metrics_host: IpAddr,
    /// Port of the metrics server (0 picks a free one; see `Application::metrics_port`).
    pub metrics_port: u16,
    /// Whether this replica runs the cron ticks.
    pub enable_cron: bool,
    /// The cron schedules (read by every replica: the job handlers report them too).
    pub schedules: Schedules,
    /// The VTEX feed backstop (`VTEX_FEED_*`).
    pub feed: FeedSettings,
    /// Interval between database backups.
    pub backup_interval: Duration,
    /// Backups: source database, key ring, store (`database_url` `None`: no backups here).
    pub backup: crate::backup::BackupSettings,
    /// Backoff between a job's attempts.
    pub retry: Backoff,
    /// Heartbeats, and when a silent worker's in-flight tasks are re-enqueued.
    pub liveness: Liveness,
    /// The VTEX client (base URL, credential ring, timeouts, in-call retries).
    pub vtex: VtexConfig,
    /// SMTP.
    pub mail: MailConfig,
    /// Logs and traces.
    pub telemetry: TelemetryConfig,
}

const SERVICE_NAME: &str = "marketing-afiliados-worker";

impl Settings {
    /// Reads the process environment (and, in development, `.env` then `.env.shared`).
    pub fn from_env() -> Result<Settings, ConfigErrors> {
        Settings::read(Env::load())
    }

    /// Reads through any [`Env`] (tests pass a fixed lookup).
    pub fn read(mut env: Env) -> Result<Settings, ConfigErrors> {
        let app_env = env.app_env();
        let api_base_url = if app_env.is_development() {
            env.var_or("WORKER_API_BASE_URL", "http://127.0.0.1:8080")
        } else {
            env.required_var("WORKER_API_BASE_URL")
        };
        if !api_base_url.is_empty()
            && !url::Url::parse(&api_base_url).is_ok_and(|url| url.has_host())
        {
            env.problem(format!(
                "WORKER_API_BASE_URL={api_base_url:?} is not an http(s) URL"
            ));
        }
        let internal_api_token = env.secret("INTERNAL_API_TOKEN", 32, None);
        let redis_url = RedisConfig::from_env(&mut env).url;
        let concurrency: usize = env.var_parsed("WORKER_CONCURRENCY", 4);
        if concurrency == 0 {
            env.problem("WORKER_CONCURRENCY must be at least 1");
        }
        let vtex_orders_concurrency: usize = env.var_parsed("WORKER_VTEX_ORDERS_CONCURRENCY", 16);
        if vtex_orders_concurrency == 0 {
            env.problem("WORKER_VTEX_ORDERS_CONCURRENCY must be at least 1");
        }
        let backup_interval_ms: u64 = env.var_parsed("BACKUP_INTERVAL_MS", 900_000);
        if backup_interval_ms == 0 {
            env.problem("BACKUP_INTERVAL_MS must be positive");
        }
        let retry = Backoff {
            base: Duration::from_millis(env.var_parsed("WORKER_RETRY_BASE_MS", 2_000)),
            max: Duration::from_millis(env.var_parsed("WORKER_RETRY_MAX_MS", 300_000)),
        };
        if retry.base.is_zero() || retry.max < retry.base {
            env.problem("WORKER_RETRY_BASE_MS must be positive and at most WORKER_RETRY_MAX_MS");
        }
        let defaults = Liveness::default();
        let liveness = Liveness {
            heartbeat_interval: Duration::from_secs(env.var_parsed(
                "WORKER_HEARTBEAT_INTERVAL_SECS",
                defaults.heartbeat_interval.as_secs(),
            )),
            missed_heartbeats: env
                .var_parsed("WORKER_MISSED_HEARTBEATS", defaults.missed_heartbeats),
        };
        if liveness.heartbeat_interval.is_zero() || liveness.missed_heartbeats < 2 {
            env.problem(
                "WORKER_HEARTBEAT_INTERVAL_SECS must be positive and WORKER_MISSED_HEARTBEATS at least 2",
            );
        }
        let vtex = VtexConfig::from_env(&mut env);
        let feed = FeedSettings::read(&mut env);
        let mut schedules = Schedules::from_env(&mut env);
        if !feed.enabled {
            schedules.vtex_feed_poll = None;
        }
        let settings = Settings {
            app_env,
            api_base_url,
            internal_api_token,
            redis_url,
            queue_namespace: env.var("QUEUE_NAMESPACE").unwrap_or_default(),
            concurrency: concurrency.max(1),
            vtex_orders_concurrency: vtex_orders_concurrency.max(1),
            metrics_host: env.var_parsed("WORKER_METRICS_HOST", IpAddr::from([127, 0, 0, 1])),
            metrics_port: env.var_parsed("WORKER_METRICS_PORT", 9465),
            enable_cron: env.var_bool("WORKER_ENABLE_CRON", false),
            schedules,
            feed,
            backup_interval: Duration::from_millis(backup_interval_ms),
            backup: crate::backup::BackupSettings::read(&mut env),
            retry,
            liveness,
            vtex,
            mail: MailConfig::from_env(&mut env),
            telemetry: TelemetryConfig::from_env(&mut env, SERVICE_NAME, "WORKER_LOG_LEVEL"),
        };
        env.finish()?;
        Ok(settings)
    }

    /// Settings for an in-process worker in tests: metrics on a free local port, concurrency 2
    /// (4 on `vtex_orders`),
    /// no cron (schedules at their defaults), pretty `warn` logs, production backoff, VTEX at
    /// the sandbox's development address with its dev pair (tests that talk to VTEX set `vtex`
    /// to their own sandbox).
    pub fn for_tests(
        api_base_url: &str,
        internal_api_token: &str,
        redis_url: &str,
        queue_namespace: &str,
        mail: MailConfig,
    ) -> Settings {
        Settings {
            app_env: AppEnv::Test,
            api_base_url: api_base_url.to_owned(),
            internal_api_token: SecretString::from(internal_api_token.to_owned()),
            redis_url: SecretString::from(redis_url.to_owned()),
            queue_namespace: queue_namespace.to_owned(),
            concurrency: 2,
            vtex_orders_concurrency: 4,
            metrics_host: IpAddr::from([127, 0, 0, 1]),
            metrics_port: 0,
            enable_cron: false,
            schedules: Schedules::defaults(),
            feed: FeedSettings::default(),
            backup_interval: Duration::from_millis(900_000),
            backup: crate::backup::BackupSettings {
                database_url: None,
                data_encryption_key: SecretString::from(
                    "dev1:ZGV2ZWxvcG1lbnQtb25seS1kYXRhLWtleS0wMTIzNDU=".to_owned(),
                ),
                storage: afiliados_storage::StorageConfig::local(std::env::temp_dir()),
            },
            retry: Backoff::default(),
            liveness: Liveness::default(),
            vtex: VtexConfig::new(
                afiliados_vtex::config::DEV_BASE_URL,
                vec![afiliados_vtex::VtexCredential::new(
                    "primary",
                    afiliados_vtex::config::DEV_APP_KEY,
                    afiliados_vtex::config::DEV_APP_TOKEN,
                )],
            ),
            mail,
            telemetry: TelemetryConfig {
                service_name: SERVICE_NAME.into(),
                log_format: afiliados_config::LogFormat::Pretty,
                log_level: "warn".into(),
                otlp_endpoint: None,
            },
        }
    }
}

#[cfg(test)]
mod tests;
