//! The shared test harness: what the api's, the worker's and the cross-service (`afiliados-e2e`)
//! suites would otherwise each copy.
//!
//! - [`keys`]: the secrets every test configuration uses (JWT keys, the data key, the service
//!   token) and the one password of test users.
//! - [`redis`]: the Redis URL (`TEST_REDIS_URL`), a fresh key namespace per test and a private
//!   `redis-server` a test may stop and start.
//! - [`wait`]: bounded polling — [`wait::eventually`] for "this will happen",
//!   [`wait::quiet_for`] for "this will not happen" — so no test sleeps a fixed time.
//! - [`smtp`]: the SMTP sink (MailDev) the worker delivers to, and its HTTP inbox.
//! - [`catalogue`]: the metric names the dashboard and the rules query, by serving service.
//! - [`runbooks`]: what the support runbooks name, checked against what exists (ADR 0066).
//!
//! The per-test PostgreSQL database stays in `afiliados-db-test`. This crate is a dev-dependency
//! only (and an optional dependency of `afiliados-api` behind its `test-support` feature): no
//! production binary links it, which `scripts/check-deps.sh` checks.

pub mod catalogue;
pub mod keys;
pub mod redis;
pub mod runbooks;
pub mod smtp;
pub mod wait;

pub use wait::{TimedOut, eventually, quiet_for};
