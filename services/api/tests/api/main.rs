//! Api integration tests against real PostgreSQL and Redis: one binary, many modules, each test
//! with its own database and Redis key prefix so they run in parallel.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test set-up that fails should stop the test loudly"
)]

mod arco;
mod audit;
mod bad_input;
mod certificates;
mod consents;
mod helpers;
mod internal;
mod login;
mod migrations;
mod passwords;
mod permissions;
mod policies;
mod replicas_and_seeds;
mod system;
mod tokens;
mod users;
