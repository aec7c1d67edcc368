//! `afiliados-vtex`: the worker's VTEX REST client (vtex.md §4–§6, §8). Only the worker depends on
//! it; it may depend on reqwest, tokio, serde, chrono, rust_decimal, url, rand, secrecy, tracing,
//! metrics, `afiliados-config` (environment reading), `afiliados-telemetry` (`traceparent`),
//! `afiliados-domain` (money, order statuses) and `afiliados-api-types` (the `NormalizedOrder` the
//! normaliser produces; plain data, ADR 0033), never on the database crates or the services.
//!
//! - [`VtexClient`]: base URL, a ring of credential pairs (rotation on 401/403, shared by clones),
//!   per-attempt timeout with real cancellation, exponential backoff with ±50 % jitter, retries of
//!   network errors, timeouts, 408, 429 and 5xx only (honouring `Retry-After` on 429/503), an
//!   `X-Idempotency-Key` on every write.
//! - Typed operations: orders ([`VtexClient::get_order`], [`VtexClient::list_orders_page`]),
//!   coupons ([`VtexClient::get_coupon`], [`VtexClient::upsert_coupon`],
//!   [`VtexClient::archive_coupon`], …) and promotions ([`VtexClient::get_promotion`],
//!   [`VtexClient::upsert_promotion`]), the feed v3 ([`VtexClient::read_feed`],
//!   [`VtexClient::commit_feed`], [`VtexClient::configure_feed`]); [`OmsOrder`] is the typed view
//!   of an order document.
//! - [`normalize()`]: the OMS document as the api's `NormalizedOrder` (vtex.md §3–§4.7).
//! - [`VtexError`] with [`VtexError::is_transient`] / [`VtexError::is_permanent`].
//!
//! Environment variables, read by [`VtexConfig::from_env`] (defaults in [`config`]):
//! `VTEX_ACCOUNT`, `VTEX_ENVIRONMENT`, `VTEX_BASE_URL`, `VTEX_APP_KEY`, `VTEX_APP_TOKEN`,
//! `VTEX_CREDENTIALS`, `VTEX_SECONDARY_APP_KEY`, `VTEX_SECONDARY_APP_TOKEN`, `VTEX_TIMEOUT_MS`,
//! `VTEX_MAX_RETRIES`, `VTEX_RETRY_DELAY_MS`, `VTEX_RETRY_MAX_DELAY_MS`, `VTEX_RETRY_AFTER_MAX_MS`,
//! `VTEX_DEFAULT_CURRENCY`
//! (and `APP_ENV` through `afiliados-config`).
//!
//! Metrics: see [`metrics`]. Logs carry the operation, method, path (query values redacted),
//! status, attempt, duration and credential *label*; never keys, tokens or customer data.

mod client;
pub mod config;
mod coupons;
mod error;
mod feed;
mod idempotency;
pub mod metrics;
mod model;
pub mod normalize;
mod orders;
mod promotions;
mod retry;
mod ring;

pub use client::{IDEMPOTENCY_HEADER, VtexClient};
pub use config::{VtexConfig, VtexCredential};
pub use coupons::Coupon;
pub use error::{Result, VtexError};
pub use feed::{
    FEED_MAX_LOT, FEED_RETENTION_SECONDS, FEED_VISIBILITY_TIMEOUT_SECONDS, feed_configuration,
};
pub use idempotency::{CouponWrite, IdempotencyKey, promotion_utm_campaign};
pub use model::{
    AdditionalInfo, ChangeData, ChangedItem, ChangesAttachment, ClientProfile, MarketingData,
    OmsItem, OmsOrder, Package, PackageAttachment, PackageItem, PriceDefinition, PriceTag,
    StorePreferences, Total,
};
pub use normalize::{NormalizeError, normalize};
pub use orders::{OrderListPage, OrderListQuery, OrderSummary, Paging, SortOrder};
pub use promotions::{IdRef, Promotion};
