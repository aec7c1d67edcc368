//! Api integration tests against real PostgreSQL and Redis: one binary, many modules, each test
//! with its own database and Redis key prefix so they run in parallel.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test set-up that fails should stop the test loudly"
)]

mod adjustments;
mod arco;
mod audit;
mod bad_input;
mod bank_accounts;
mod batches;
mod bench_dataset;
mod bench_script;
mod brands;
mod campaigns;
mod catalogue;
mod certificates;
mod client_address;
mod clock;
mod code_generation;
mod codes;
mod commissions;
mod consents;
mod dashboards;
mod db_roles;
mod deliveries;
mod documents;
mod email_delivery;
mod encoded_paths;
mod error_codes;
mod exports;
mod helpers;
mod influencer_edits;
mod influencer_status;
mod influencers;
mod internal;
mod internal_coupons;
mod internal_deliveries;
mod internal_guard;
mod jobs_runs;
mod ledger;
mod log_secrecy;
mod login;
mod maintenance;
mod maintenance_sweeps;
mod memberships;
mod migrations;
mod money_notices;
mod money_out_reads;
mod notifications;
mod nul_input;
mod onboarding;
mod openapi_ids;
mod openapi_statuses;
mod openapi_vocabulary;
mod orders_ingest;
mod orders_read;
mod orders_total;
mod orders_versions;
mod password_hashing;
mod passwords;
mod payment_documents;
mod payments;
mod payments_fixtures;
mod payout_changes;
mod permissions;
mod policies;
mod rate_limits;
mod registration;
mod replicas_and_seeds;
mod sealed_links;
mod settlement;
mod sign_in_retention;
mod statement_fixture;
mod statements;
mod system;
mod tiers;
mod tokens;
mod transaction;
mod two_factor_lockout;
mod users;
mod webhooks;
mod withdrawal_preview;
mod withdrawals;
mod withdrawals_idempotency;
