//! The real stack for the coupon sync and scheduled-job tests: the api in-process on port 0 with its own database
//! (`afiliados-db-test`), the VTEX sandbox in-process on port 0, real Redis under a per-test
//! namespace, and the worker pointed at both with short retry delays (configuration only; the
//! production defaults stay as they are).

use std::time::{Duration, Instant};

use afiliados_api::Application as Api;
use afiliados_api::settings::{RateLimits, Settings as ApiSettings};
use afiliados_auth::Argon2Params;
use afiliados_config::{
    AppEnv, DatabaseConfig, LogFormat, RedisConfig, SecretString, TelemetryConfig,
};
use afiliados_db_test::TestDb;
use afiliados_db_test::fixtures::{CodeIds, CodeSync, CodeWorld, code_sync, insert_code_world};
use afiliados_jobs::{Job, SyncCoupon, queues};
use afiliados_vtex::{VtexConfig, VtexCredential};
use afiliados_vtex_sandbox::{RunningSandbox, SandboxConfig};
use afiliados_worker::schedules::CronSchedule;
use afiliados_worker::{Application as Worker, Settings as WorkerSettings, retry::Backoff};
use tokio::sync::oneshot;
use uuid::Uuid;

pub(crate) type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

pub(crate) const REDIS_URL: &str = "redis://127.0.0.1:6379";
const INTERNAL_TOKEN: &str = "worker-test-internal-token-0123456789-abcdef";
const JWT_KEYS: &str = "t:YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWY=";
const DATA_KEY: &str = "k1:MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";

/// How the worker's VTEX client and job retries are tuned for one test.
pub(crate) struct Tuning {
    /// The sandbox's accepted pairs (the worker gets the same ring).
    pub(crate) credentials: Vec<(&'static str, &'static str, &'static str)>,
    /// `VTEX_MAX_RETRIES`.
    pub(crate) vtex_max_retries: u32,
    /// `VTEX_TIMEOUT_MS`.
    pub(crate) vtex_timeout: Duration,
    /// The job backoff.
    pub(crate) backoff: Backoff,
    /// `WORKER_ENABLE_CRON=true` with this `DAILY_MAINTENANCE_CRON` (`None`: no cron).
    pub(crate) daily_maintenance_cron: Option<&'static str>,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            credentials: vec![("primary", "key-1", "token-1")],
            vtex_max_retries: 1,
            vtex_timeout: Duration::from_millis(500),
            backoff: Backoff {
                base: Duration::from_millis(20),
                max: Duration::from_millis(200),
            },
            daily_maintenance_cron: None,
        }
    }
}

/// A running api, sandbox and worker.
pub(crate) struct Stack {
    pub(crate) api: actix_web::web::Data<afiliados_api::state::AppState>,
    pub(crate) sandbox: RunningSandbox,
    pub(crate) namespace: String,
    pub(crate) metrics_port: u16,
    stop_worker: Option<oneshot::Sender<()>>,
    worker: tokio::task::JoinHandle<anyhow::Result<()>>,
    _db: TestDb,
}

fn telemetry() -> TelemetryConfig {
    TelemetryConfig {
        service_name: "worker-sync-test".into(),
        log_format: LogFormat::Pretty,
        log_level: "warn".into(),
        otlp_endpoint: None,
    }
}

fn api_settings(db: &TestDb, namespace: &str) -> ApiSettings {
    ApiSettings {
        app_env: AppEnv::Test,
        host: "127.0.0.1".into(),
        port: 0,
        database: DatabaseConfig {
            url: SecretString::from(db.url().to_owned()),
            max_connections: 8,
            statement_timeout_ms: 10_000,
        },
        redis: RedisConfig {
            url: SecretString::from(REDIS_URL.to_owned()),
        },
        telemetry: telemetry(),
        jwt_keys: SecretString::from(JWT_KEYS.to_owned()),
        access_ttl_seconds: 900,
        refresh_ttl_seconds: 604_800,
        refresh_family_max_age_days: 30,
        data_encryption_key: SecretString::from(DATA_KEY.to_owned()),
        internal_api_token: SecretString::from(INTERNAL_TOKEN.to_owned()),
        metrics_api_key: SecretString::from(String::new()),
        require_2fa_for_staff: false,
        argon2: Argon2Params {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        },
        lockout_threshold: 5,
        lockout_minutes: 15,
        password_reset_ttl_minutes: 60,
        invitation_ttl_days: 7,
        rate_limits: RateLimits {
            login: 100,
            refresh: 100,
            password_reset: 100,
            default: 1000,
        },
        trusted_proxies: vec![],
        web_forwarding_key: SecretString::from(String::new()),
        web_public_url: "http://127.0.0.1:3000".into(),
        api_public_url: "http://127.0.0.1:8080".into(),
        queue_namespace: namespace.to_owned(),
        run_migrations_on_start: false,
        tenant_slug: "medipiel".into(),
        cors_origins: vec![],
        onboarding: afiliados_api::onboarding_settings::OnboardingSettings::for_tests(
            std::env::temp_dir().join(format!(
                "afiliados-worker-storage-{}",
                Uuid::new_v4().simple()
            )),
        ),
    }
}

impl Stack {
    /// Starts everything; the worker consumes the test's own namespace.
    pub(crate) async fn start(tuning: Tuning) -> TestResult<Stack> {
        let namespace = format!("t-{}:", Uuid::new_v4());
        let db = TestDb::new().await?;
        let api = Api::build(api_settings(&db, &namespace)).await?;
        let api_url = format!("http://127.0.0.1:{}", api.port());
        let state = api.state();
        tokio::spawn(api.run_until_stopped());

        let sandbox = afiliados_vtex_sandbox::spawn(SandboxConfig {
            credentials: tuning
                .credentials
                .iter()
                .map(|(label, key, token)| {
                    afiliados_vtex_sandbox::SandboxCredential::new(label, key, token)
                })
                .collect(),
            ..SandboxConfig::default()
        })
        .await?;

        let mail = afiliados_mailer::MailConfig::local_sink(1025);
        let mut settings =
            WorkerSettings::for_tests(&api_url, INTERNAL_TOKEN, REDIS_URL, &namespace, mail);
        let mut vtex = VtexConfig::new(
            sandbox.base_url(),
            tuning
                .credentials
                .iter()
                .map(|(label, key, token)| VtexCredential::new(label, key, token))
                .collect(),
        );
        vtex.max_retries = tuning.vtex_max_retries;
        vtex.timeout = tuning.vtex_timeout;
        vtex.retry_delay = Duration::from_millis(1);
        vtex.retry_max_delay = Duration::from_millis(5);
        vtex.retry_after_max = Duration::from_secs(2);
        settings.vtex = vtex;
        settings.retry = tuning.backoff;
        if let Some(expression) = tuning.daily_maintenance_cron {
            settings.enable_cron = true;
            settings.schedules.daily_maintenance = Some(CronSchedule::parse(expression)?);
        }
        let worker = Worker::build(settings).await?;
        let metrics_port = worker.metrics_port();
        let (stop, stopped) = oneshot::channel::<()>();
        let worker = tokio::spawn(worker.run_until_stopped(async move {
            let _ = stopped.await;
        }));
        Ok(Stack {
            api: state,
            sandbox,
            namespace,
            metrics_port,
            stop_worker: Some(stop),
            worker,
            _db: db,
        })
    }

    /// Inserts a brand, campaign, influencer, membership and code.
    pub(crate) async fn insert(&self, world: &CodeWorld) -> TestResult<CodeIds> {
        let mut conn = self.api.db.get().await?;
        Ok(insert_code_world(&mut conn, self.api.tenant_id, world).await?)
    }

    /// Writes a `SyncCoupon` row into the job outbox and wakes the relay, as a use case does.
    pub(crate) async fn queue_sync(&self, code_id: Uuid) -> TestResult {
        self.queue_job(
            SyncCoupon::NAME,
            serde_json::to_value(SyncCoupon { code_id })?,
        )
        .await
    }

    /// Writes any job into the outbox and wakes the relay.
    pub(crate) async fn queue_job(&self, job_type: &str, payload: serde_json::Value) -> TestResult {
        let mut conn = self.api.db.get().await?;
        afiliados_db::job_outbox::insert(&mut conn, job_type, &payload).await?;
        self.api.wake_relay();
        Ok(())
    }

    /// Changes the code's stored status (a new revision) and queues its sync.
    pub(crate) async fn set_status(&self, code_id: Uuid, status: &str) -> TestResult<i32> {
        let revision = {
            let mut conn = self.api.db.get().await?;
            afiliados_db::discount_codes::set_status_and_bump(&mut conn, code_id, status).await?
        };
        self.queue_sync(code_id).await?;
        Ok(revision)
    }

    /// The code's sync bookkeeping.
    pub(crate) async fn code(&self, code_id: Uuid) -> TestResult<CodeSync> {
        let mut conn = self.api.db.get().await?;
        Ok(code_sync(&mut conn, code_id).await?)
    }

    /// Waits up to `within` for the code's bookkeeping to satisfy `done`.
    pub(crate) async fn wait_code(
        &self,
        code_id: Uuid,
        within: Duration,
        done: impl Fn(&CodeSync) -> bool,
    ) -> TestResult<CodeSync> {
        let deadline = Instant::now() + within;
        loop {
            let row = self.code(code_id).await?;
            if done(&row) {
                return Ok(row);
            }
            if Instant::now() > deadline {
                return Err(
                    format!("code {code_id} did not reach the state in time: {row:?}").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The promotion id VTEX assigned to the campaign's promotion, once synced.
    pub(crate) async fn vtex_promotion_id(&self, campaign_id: Uuid) -> TestResult<Option<String>> {
        let mut conn = self.api.db.get().await?;
        let rows = afiliados_db::campaign_promotions::for_campaign(&mut conn, campaign_id).await?;
        Ok(rows.into_iter().find_map(|row| row.vtex_promotion_id))
    }

    /// `(task id, attempts)` of every task in the coupons queue's dead set, from Redis.
    pub(crate) async fn dead_tasks(&self) -> TestResult<Vec<(String, u64)>> {
        let client = redis::Client::open(REDIS_URL)?;
        let mut conn = client.get_multiplexed_async_connection().await?;
        let prefix = queues::namespaced(&self.namespace, queues::COUPONS);
        let ids: Vec<String> = redis::cmd("SMEMBERS")
            .arg(format!("{prefix}:dead"))
            .query_async(&mut conn)
            .await?;
        let mut out = Vec::new();
        for id in ids {
            let attempts: Option<u64> = redis::cmd("HGET")
                .arg(format!("{prefix}:meta:{id}"))
                .arg("attempts")
                .query_async(&mut conn)
                .await?;
            out.push((id, attempts.unwrap_or(0)));
        }
        Ok(out)
    }

    /// The worker's `/metrics` text.
    pub(crate) async fn metrics(&self) -> TestResult<String> {
        Ok(
            reqwest::get(format!("http://127.0.0.1:{}/metrics", self.metrics_port))
                .await?
                .text()
                .await?,
        )
    }

    /// Stops the worker (bounded).
    pub(crate) async fn stop(mut self) -> TestResult {
        if let Some(stop) = self.stop_worker.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(30), &mut self.worker).await???;
        Ok(())
    }
}
