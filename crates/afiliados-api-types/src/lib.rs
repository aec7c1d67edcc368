//! Request and response DTOs shared by the api (which serves them), the web (which calls the public
//! api with a user's token) and the worker (which calls `/internal/v1` with the service token).
//!
//! JSON is camelCase. `utoipa::ToSchema` is derived only with the `openapi` feature, which only the
//! api enables, so the web and the worker do not compile utoipa. No I/O lives here.

pub mod admin_dashboard;
pub mod alerts;
pub mod arco;
pub mod audit;
pub mod auth;
pub mod brands;
pub mod campaigns;
pub mod codes;
pub mod commissions;
pub mod consents;
pub mod dashboards;
pub mod decimal_json;
pub mod deliveries;
pub mod error;
pub mod exports;
pub mod finance_dashboard;
pub mod health;
pub mod influencers;
pub mod internal;
pub mod internal_backups;
pub mod internal_deliveries;
pub mod internal_feed;
pub mod internal_jobs;
pub mod internal_vtex;
pub mod ledger;
pub mod notifications;
pub mod order_explain;
pub mod order_views;
pub mod orders;
pub mod page;
pub mod patch;
pub mod payments;
pub mod policies;
pub mod reconciliation;
pub mod reconciliation_requests;
pub mod settlements;
pub mod statements;
pub mod status_page;
pub mod surveys;
pub mod tiers;
pub mod users;

/// The same stable codes under a transport-neutral name: the api's use cases refuse with an
/// `ErrorCode` and never see the HTTP envelope (ADR 0013).
pub use error::ApiErrorCode as ErrorCode;
pub use error::{ApiErrorBody, ApiErrorCode, FieldError};
pub use page::{Page, PageQuery};
