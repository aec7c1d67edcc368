//! The real stack for the coupon sync, scheduled-job and order stories: the api in-process on
//! port 0 with its own database (`crate::stack::spawn_api`), the VTEX sandbox in-process on port 0
//! posting its hooks to that api, real Redis under a per-test namespace, and the worker pointed at
//! both with short retry delays (configuration only; the production defaults stay as they are).
//! A fault test may give its own Redis or PostgreSQL server (private ones it can stop), and run the
//! worker as a separate process instead ([`Stack::worker_env`]).

use std::time::Duration;

use afiliados_db_test::fixtures::{CodeIds, CodeSync, CodeWorld, code_sync, insert_code_world};
use afiliados_jobs::{Job, Liveness, SyncCoupon, queues};
use afiliados_testkit::eventually;
use afiliados_vtex::{VtexConfig, VtexCredential};
use afiliados_vtex_sandbox::{RunningSandbox, SandboxConfig};
use afiliados_worker::schedules::CronSchedule;
use afiliados_worker::{Application as Worker, Settings as WorkerSettings, retry::Backoff};
use tokio::sync::oneshot;
use uuid::Uuid;

use crate::stack::{
    ApiUnderTest, INTERNAL_TOKEN, SMTP_PORT, dead_tasks, namespace, redis_url, spawn_api_on,
};

pub(crate) type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

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
    /// Redis of the api and the worker (`None`: the shared server).
    pub(crate) redis_url: Option<String>,
    /// A superuser URL of the PostgreSQL server holding the api's database (`None`: the shared one).
    pub(crate) postgres_admin_url: Option<String>,
    /// Whether [`Stack::start`] runs a worker in-process (`false`: the test starts its own).
    pub(crate) in_process_worker: bool,
    /// The worker's heartbeats and orphan window.
    pub(crate) liveness: Liveness,
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
            redis_url: None,
            postgres_admin_url: None,
            in_process_worker: true,
            liveness: Liveness::default(),
        }
    }
}

/// A running api, sandbox and worker.
pub(crate) struct Stack {
    pub(crate) api: ApiUnderTest,
    pub(crate) sandbox: RunningSandbox,
    pub(crate) namespace: String,
    /// The Redis the api and the worker use.
    pub(crate) redis_url: String,
    /// The in-process worker's metrics port (0 without one).
    pub(crate) metrics_port: u16,
    /// The worker's settings (the in-process worker's, or what [`Stack::worker_env`] passes on).
    worker_settings: WorkerSettings,
    stop_worker: Option<oneshot::Sender<()>>,
    worker: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl Stack {
    /// Starts everything; the worker consumes the test's own namespace.
    pub(crate) async fn start(tuning: Tuning) -> TestResult<Stack> {
        let namespace = namespace();
        let redis_url = tuning.redis_url.clone().unwrap_or_else(redis_url);
        let api = spawn_api_on(tuning.postgres_admin_url.as_deref(), &redis_url, &namespace).await;

        let sandbox = afiliados_vtex_sandbox::spawn(SandboxConfig {
            credentials: tuning
                .credentials
                .iter()
                .map(|(label, key, token)| {
                    afiliados_vtex_sandbox::SandboxCredential::new(label, key, token)
                })
                .collect(),
            // Signed with the development secret, which the api's test settings verify.
            hook_target: Some(format!("{}/api/v1/vtex/webhooks/orders", api.address)),
            ..SandboxConfig::default()
        })
        .await?;

        let mail = afiliados_mailer::MailConfig::local_sink(SMTP_PORT);
        let mut settings =
            WorkerSettings::for_tests(&api.address, INTERNAL_TOKEN, &redis_url, &namespace, mail);
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
        settings.liveness = tuning.liveness;
        if let Some(expression) = tuning.daily_maintenance_cron {
            settings.enable_cron = true;
            settings.schedules.daily_maintenance = Some(CronSchedule::parse(expression)?);
        }
        let mut stack = Stack {
            api,
            sandbox,
            namespace,
            redis_url,
            metrics_port: 0,
            worker_settings: settings,
            stop_worker: None,
            worker: None,
        };
        if tuning.in_process_worker {
            let worker = Worker::build(stack.worker_settings.clone()).await?;
            stack.metrics_port = worker.metrics_port();
            let (stop, stopped) = oneshot::channel::<()>();
            stack.stop_worker = Some(stop);
            stack.worker = Some(tokio::spawn(worker.run_until_stopped(async move {
                let _ = stopped.await;
            })));
        }
        Ok(stack)
    }

    /// The environment of a worker process equivalent to the in-process one (the binary reads
    /// only its environment; `APP_ENV=test`).
    pub(crate) fn worker_env(&self) -> Vec<(&'static str, String)> {
        use afiliados_config::ExposeSecret as _;
        let settings = &self.worker_settings;
        let vtex = &settings.vtex;
        let millis = |d: Duration| d.as_millis().to_string();
        let mut env = vec![
            ("APP_ENV", "test".to_owned()),
            ("WORKER_API_BASE_URL", settings.api_base_url.clone()),
            (
                "INTERNAL_API_TOKEN",
                settings.internal_api_token.expose_secret().to_owned(),
            ),
            ("REDIS_URL", settings.redis_url.expose_secret().to_owned()),
            ("QUEUE_NAMESPACE", settings.queue_namespace.clone()),
            ("WORKER_CONCURRENCY", settings.concurrency.to_string()),
            ("WORKER_METRICS_PORT", "0".to_owned()),
            ("WORKER_RETRY_BASE_MS", millis(settings.retry.base)),
            ("WORKER_RETRY_MAX_MS", millis(settings.retry.max)),
            (
                "WORKER_HEARTBEAT_INTERVAL_SECS",
                settings.liveness.heartbeat_interval.as_secs().to_string(),
            ),
            (
                "WORKER_MISSED_HEARTBEATS",
                settings.liveness.missed_heartbeats.to_string(),
            ),
            ("VTEX_BASE_URL", vtex.base_url.clone()),
            ("VTEX_MAX_RETRIES", vtex.max_retries.to_string()),
            ("VTEX_TIMEOUT_MS", millis(vtex.timeout)),
            ("VTEX_RETRY_DELAY_MS", millis(vtex.retry_delay)),
            ("VTEX_RETRY_MAX_DELAY_MS", millis(vtex.retry_max_delay)),
            ("VTEX_RETRY_AFTER_MAX_MS", millis(vtex.retry_after_max)),
            ("MAIL_SMTP_PORT", SMTP_PORT.to_string()),
            ("WORKER_LOG_LEVEL", "warn".to_owned()),
        ];
        if let Some(primary) = vtex.credentials.first() {
            env.push(("VTEX_APP_KEY", primary.app_key.clone()));
            env.push((
                "VTEX_APP_TOKEN",
                primary.app_token.expose_secret().to_owned(),
            ));
        }
        env
    }

    /// Inserts a brand, campaign, influencer, membership and code.
    pub(crate) async fn insert(&self, world: &CodeWorld) -> TestResult<CodeIds> {
        let mut conn = self.api.state.db.get().await?;
        Ok(insert_code_world(&mut conn, self.api.state.tenant_id, world).await?)
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
        let mut conn = self.api.state.db.get().await?;
        afiliados_db::job_outbox::insert(&mut conn, job_type, &payload).await?;
        self.api.state.wake_relay();
        Ok(())
    }

    /// Changes the code's stored status (a new revision) and queues its sync.
    pub(crate) async fn set_status(&self, code_id: Uuid, status: &str) -> TestResult<i32> {
        let revision = {
            let mut conn = self.api.state.db.get().await?;
            afiliados_db::discount_codes::set_status_and_bump(&mut conn, code_id, status).await?
        };
        self.queue_sync(code_id).await?;
        Ok(revision)
    }

    /// The code's sync bookkeeping.
    pub(crate) async fn code(&self, code_id: Uuid) -> TestResult<CodeSync> {
        let mut conn = self.api.state.db.get().await?;
        Ok(code_sync(&mut conn, code_id).await?)
    }

    /// Waits up to `within` for the code's bookkeeping to satisfy `done`.
    pub(crate) async fn wait_code(
        &self,
        code_id: Uuid,
        within: Duration,
        done: impl Fn(&CodeSync) -> bool,
    ) -> TestResult<CodeSync> {
        let reached = eventually(within, || async {
            self.code(code_id).await.ok().filter(|row| done(row))
        })
        .await;
        match reached {
            Ok(row) => Ok(row),
            Err(timed_out) => {
                let row = self.code(code_id).await?;
                Err(format!("code {code_id}: {timed_out}; last state {row:?}").into())
            }
        }
    }

    /// The promotion id VTEX assigned to the campaign's promotion, once synced.
    pub(crate) async fn vtex_promotion_id(&self, campaign_id: Uuid) -> TestResult<Option<String>> {
        let conn = self.api.state.db.get().await?;
        let rows = afiliados_db::campaign_promotions::for_campaign(&conn, campaign_id).await?;
        Ok(rows.into_iter().find_map(|row| row.vtex_promotion_id))
    }

    /// `(task id, attempts)` of every task in the coupons queue's dead set, from Redis.
    pub(crate) async fn dead_tasks(&self) -> TestResult<Vec<(String, u64)>> {
        dead_tasks(&self.redis_url, &self.namespace, queues::COUPONS).await
    }

    /// Waits until the coupons queue's dead set is not empty and returns it. A dead task is never
    /// run again, so from then on the sandbox's request journal for it is final: this is the
    /// deterministic "nothing more will happen" of the failure stories.
    pub(crate) async fn wait_dead(&self) -> TestResult<Vec<(String, u64)>> {
        Ok(eventually(crate::coupon_sync::WAIT, || async {
            self.dead_tasks().await.ok().filter(|dead| !dead.is_empty())
        })
        .await?)
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

    /// Stops the in-process worker, if any (bounded).
    pub(crate) async fn stop(mut self) -> TestResult {
        if let Some(stop) = self.stop_worker.take() {
            let _ = stop.send(());
        }
        if let Some(worker) = self.worker.take() {
            tokio::time::timeout(Duration::from_secs(30), worker).await???;
        }
        Ok(())
    }
}
