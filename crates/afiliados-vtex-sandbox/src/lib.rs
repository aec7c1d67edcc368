//! `afiliados-vtex-sandbox`: our in-memory, stateful stand-in for the slice of VTEX the platform
//! uses (vtex.md §9). Tests start it in-process on port 0 with [`spawn`]; `make dev`, demos and the
//! QA stack run the `afiliados-vtex-sandbox` binary and point `VTEX_BASE_URL` at it.
//!
//! It serves the OMS order read and paged order list, the coupon and promotion endpoints of the
//! Promotions & Taxes API (with VTEX's validation and caps), authenticates `X-VTEX-API-AppKey` /
//! `X-VTEX-API-AppToken` against configured pairs, and exposes the admin API under `/_sandbox`
//! (state, reset, orders, fault injection, credential expiry, request journal). Orders live: a
//! checkout simulation creates them from a compact spec (coupon, items), transitions move their
//! state, packages ship or return units, edits remove units; each change moves `lastChange` and
//! can post a signed hook to the configured target ([`hooks`]), the way VTEX notifies the api.
//! Every state change is also queued in the account's feed v3 (`feed`: read with handles and a
//! visibility timeout on a clock tests advance, commit, configuration), the hooks' backstop.
//!
//! Dependencies: actix-web, tokio, serde/serde_json, chrono, uuid, rand, url, anyhow, tracing,
//! reqwest and hex (outbound hooks), `afiliados-config` (environment reading),
//! `afiliados-crypto` (the hooks' HMAC) and `afiliados-telemetry` (the binary's logs). It must
//! not depend on the services or on `afiliados-vtex` (the client is tested *against* it).
//!
//! Environment variables (read only by [`SandboxConfig::from_env`], i.e. the binary):
//! `VTEX_SANDBOX_HOST`, `VTEX_SANDBOX_PORT`, `VTEX_SANDBOX_ACCOUNT`, `VTEX_SANDBOX_CREDENTIALS`,
//! `VTEX_SANDBOX_ADMIN_TOKEN`, `VTEX_SANDBOX_SEED`, `VTEX_SANDBOX_FIXTURES_DIR`,
//! `VTEX_SANDBOX_MAX_PAGES`, `VTEX_SANDBOX_RANDOM_SEED`, `VTEX_SANDBOX_HOOK_TARGET`,
//! `VTEX_SANDBOX_WEBHOOK_SECRET`, `VTEX_SANDBOX_HOOK_HEADER_NAME`, `VTEX_SANDBOX_HOOK_HEADER_VALUE`
//! (defaults in [`config`]); the binary also
//! reads `APP_ENV` (it refuses `production`), `LOG_FORMAT` and `VTEX_SANDBOX_LOG_LEVEL`.

mod admin;
mod admin_orders;
mod bulk_range;
mod checkout;
pub mod config;
mod coupons;
mod faults;
mod feed;
mod fixtures;
pub mod hooks;
mod journal;
mod lifecycle;
mod orders;
mod promotions;
mod server;
mod state;
mod vtex;

pub use config::{DEV_APP_KEY, DEV_APP_TOKEN, SandboxConfig, SandboxCredential, Seed};
pub use coupons::Coupon;
pub use faults::{Fault, FaultKind, FaultMatch, FaultRule, RetryAfter, StoredFault};
pub use journal::RequestRecord;
pub use server::{RunningSandbox, spawn};
