//! Building and running the worker in-process (tests) or from `main`.

use std::{future::Future, time::Duration};

use afiliados_api_client::{InternalApi, Transport};
use afiliados_config::ExposeSecret;
use afiliados_jobs::JobQueues;
use afiliados_mailer::Mailer;
use afiliados_vtex::VtexClient;
use anyhow::Context as _;
use apalis_redis::ConnectionManager;
use tokio::sync::watch;

use crate::{Settings, WorkerCtx, metrics, metrics_server, monitor, ticks};

/// Bound on every `/internal/v1` call.
const API_TIMEOUT: Duration = Duration::from_secs(30);

/// A built worker: clients created, metrics server bound, nothing running yet.
pub struct Application {
    settings: Settings,
    metrics_port: u16,
    metrics_server: actix_web::dev::Server,
    conn: ConnectionManager,
    api: InternalApi,
    mailer: Mailer,
    vtex: VtexClient,
    /// The cron replica's producer for its ticks (`None` without `WORKER_ENABLE_CRON`).
    producer: Option<JobQueues>,
    /// Every replica's view of the queues (readiness, the operational checks' queue state).
    queues: JobQueues,
    /// Backups (`None` without `BACKUP_DATABASE_URL`).
    backups: Option<std::sync::Arc<crate::backup::Backups>>,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("metrics_port", &self.metrics_port)
            .finish_non_exhaustive()
    }
}

impl Application {
    /// Installs the metrics recorder, creates the api, SMTP, VTEX and Redis clients (all lazy:
    /// none of them has to be up yet) and binds the metrics server.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        // The recorder must exist before the first series is registered.
        let _ = afiliados_telemetry::prometheus_handle();
        metrics::register();

        let transport = Transport::new(&settings.api_base_url, API_TIMEOUT)
            .context("building the api client")?;
        let api = InternalApi::new(transport, settings.internal_api_token.clone());
        let mailer = Mailer::new(&settings.mail).context("building the mailer")?;
        let vtex = VtexClient::new(settings.vtex.clone()).context("building the VTEX client")?;
        let conn = afiliados_jobs::consumer_connection_manager(settings.redis_url.expose_secret())
            .await
            .context("preparing the Redis connection")?;
        let producer = if settings.enable_cron {
            Some(
                JobQueues::connect(
                    settings.redis_url.expose_secret(),
                    &settings.queue_namespace,
                )
                .await
                .context("preparing the cron producer")?,
            )
        } else {
            None
        };
        let backups = match settings.backup.database_url {
            Some(_) => Some(std::sync::Arc::new(
                crate::backup::Backups::new(&settings.backup).context("preparing backups")?,
            )),
            None => {
                tracing::warn!("BACKUP_DATABASE_URL is not set: this worker takes no backups");
                None
            }
        };
        let queues = JobQueues::connect(
            settings.redis_url.expose_secret(),
            &settings.queue_namespace,
        )
        .await
        .context("preparing the readiness Redis connection")?;
        let probes = metrics_server::Probes {
            redis: queues.clone(),
            api: api.clone(),
        };
        let (metrics_server, metrics_port) =
            metrics_server::bind(settings.metrics_host, settings.metrics_port, probes)?;
        Ok(Application {
            settings,
            metrics_port,
            metrics_server,
            conn,
            api,
            mailer,
            vtex,
            producer,
            queues,
            backups,
        })
    }

    /// The port `/metrics` and `/health` listen on (useful with `WORKER_METRICS_PORT=0`).
    pub fn metrics_port(&self) -> u16 {
        self.metrics_port
    }

    /// Runs the job workers and the metrics server until `shutdown` resolves, then drains
    /// in-flight jobs (bounded by the longest job timeout) and stops the metrics server.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (stop_tx, stop_rx) = watch::channel(false);
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        });
        let server_handle = self.metrics_server.handle();
        let server = tokio::spawn(self.metrics_server);
        tracing::info!(
            metrics.port = self.metrics_port,
            queue.namespace = %self.settings.queue_namespace,
            concurrency = self.settings.concurrency,
            concurrency.vtex_orders = self.settings.vtex_orders_concurrency,
            cron = self.settings.enable_cron,
            vtex.base_url = self.vtex.base_url(),
            "worker started"
        );
        // Only the cron replica ticks; every replica runs the jobs the ticks enqueue.
        let mut ticks = match &self.producer {
            Some(producer) => ticks::start(&self.settings.schedules, producer, &stop_rx),
            None => tokio::task::JoinSet::new(),
        };
        if let (Some(producer), Some(_)) = (&self.producer, &self.backups) {
            ticks.spawn(crate::backup::timer::run(
                self.api.clone(),
                producer.clone(),
                self.settings.backup_interval,
                stop_rx.clone(),
            ));
        }

        let ctx = WorkerCtx {
            api: self.api,
            mailer: self.mailer,
            vtex: self.vtex,
            schedules: self.settings.schedules.clone(),
            feed_max_lot: self.settings.feed.max_lot,
            retry: self.settings.retry,
            backups: self.backups,
            queues: self.queues,
            shutdown: stop_rx,
        };
        let result = monitor::run(
            self.conn,
            self.settings.queue_namespace,
            monitor::Concurrency {
                default: self.settings.concurrency,
                vtex_orders: self.settings.vtex_orders_concurrency,
            },
            self.settings.liveness,
            ctx,
        )
        .await;

        // The tick loops end on the stop signal (a tick being pushed within the push bound); when
        // the monitor failed instead, no signal will come, so they are stopped here.
        if result.is_err() {
            ticks.abort_all();
        }
        while ticks.join_next().await.is_some() {}
        server_handle.stop(true).await;
        let _ = server.await;
        tracing::info!("worker stopped");
        result
    }
}

/// The `/internal/v1` client of these settings (the `backup now` command).
pub fn internal_api(settings: &Settings) -> anyhow::Result<InternalApi> {
    let transport =
        Transport::new(&settings.api_base_url, API_TIMEOUT).context("building the api client")?;
    Ok(InternalApi::new(
        transport,
        settings.internal_api_token.clone(),
    ))
}

/// Builds and runs the worker until `shutdown` resolves.
pub async fn run(
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    Application::build(settings)
        .await?
        .run_until_stopped(shutdown)
        .await
}
