//! The api service: actix-web over the domain, the only owner and migrator of PostgreSQL. It serves
//! `/api/v1` (users, the web, VTEX, Prometheus), `/internal/v1` (the worker) and turns committed
//! changes into jobs on Redis through the outbox relay. Configuration: see [`settings`].

pub mod alert_check_settings;
pub mod alert_settings;
pub mod audit;
pub mod bench_dataset;
pub mod bench_payouts;
pub mod bench_recon_day;
pub mod certificates;
pub mod cli;
#[cfg(test)]
mod database_refusal;
pub mod db_role;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod jobs;
pub mod keys;
pub mod metrics;
pub mod notification_messages;
pub mod nul_guard;
pub mod onboarding_settings;
pub mod openapi;
pub mod outbox;
pub mod payer_settings;
pub mod payment_settings;
pub mod rate_limit;
pub mod reconciliation_settings;
pub mod request_context;
pub mod routes;
pub mod seed;
pub mod service_token;
pub mod settings;
pub mod settlement_schedule;
pub mod startup;
pub mod state;
pub mod statement_bulk;
#[cfg(feature = "test-support")]
mod test_settings;
pub mod transaction;
pub mod usecases;
pub mod webhook_auth;
pub mod webhook_settings;

pub use settings::Settings;
pub use startup::Application;
#[cfg(feature = "test-support")]
pub use test_settings::{
    TEST_FINANCE_ALERTS, TEST_HOOK_HEADER_VALUE, TEST_PAYER_LEGAL_NAME, TEST_PAYER_NIT,
};
