//! The worker: consumes the apalis queues on Redis that the api fills, does the slow external
//! I/O (e-mail over SMTP; VTEX coupon and promotion syncs on `afiliados:coupons`; VTEX order
//! fetches, normalisation and ingestion on `afiliados:vtex_orders`; reconciliation runs listing a
//! whole VTEX range on `afiliados:reconciliation`), runs the scheduled jobs of
//! `afiliados:scheduled` (maintenance, settlement, tiers, reconciliation starts, escalation) by
//! calling the api, and reports
//! every outcome back to the api through `/internal/v1` with the service token. It never links
//! diesel and never touches the database. With `WORKER_ENABLE_CRON=true` it also ticks the cron
//! schedules, each tick only enqueuing its job.
//!
//! Start it with [`run`] (or [`Application::build`] + [`Application::run_until_stopped`], which
//! exposes the bound metrics port for tests). It serves `/metrics` and `/health` on
//! `WORKER_METRICS_HOST:WORKER_METRICS_PORT`. Environment variables: see [`Settings`].

pub mod backup;
mod context;
mod error;
pub mod feed_settings;
pub mod jobs;
mod metrics;
mod metrics_server;
mod monitor;
pub mod retry;
pub mod schedules;
mod settings;
mod shutdown;
mod startup;
mod ticks;

pub use context::WorkerCtx;
pub use error::JobError;
pub use settings::Settings;
pub use shutdown::shutdown_signal;
pub use startup::{Application, internal_api, run};
