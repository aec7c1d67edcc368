//! Typed HTTP client of the api: [`UserApi`] calls `/api/v1` with a signed-in user's access token
//! (used by the web), [`InternalApi`] calls `/internal/v1` with the service token (used by the
//! worker). Both share [`Transport`], which sends JSON, carries `X-Request-Id`, and turns every
//! non-2xx answer into [`ApiClientError::Api`] with the api's stable error code. Reads no
//! environment variables: the services pass base URLs and tokens in.

mod internal;
mod internal_alerts;
mod internal_backups;
mod internal_feed;
mod internal_jobs;
mod internal_orders;
mod internal_reconciliation;
mod transport;
mod user;

pub use internal::InternalApi;
pub use internal_reconciliation::{DiscrepanciesEscalated, EscalateDiscrepancies};
pub use transport::{ApiClientError, Download, Forwarded, Result, Transport, Upload};
pub use user::{ReportFormat, UserApi};
