//! CSV exports (`api.md` §17, §0.7). Each export takes the filters of its list endpoint (the
//! list's own query type: `ListOrdersQuery`, `ListCommissionsQuery`, `ListLedgerQuery`; paging
//! is ignored) plus the header language below.

use serde::{Deserialize, Serialize};

/// The extra query parameter of every export.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ExportLocaleQuery {
    /// `en` for English headers; Spanish otherwise.
    pub locale: Option<String>,
}
