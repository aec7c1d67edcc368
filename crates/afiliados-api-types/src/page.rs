//! Pagination: `page` (≥ 1) and `pageSize` (1–100) in, `{items, page, pageSize, total}` out.

use serde::{Deserialize, Serialize};

/// One page of a list endpoint.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// 1-based page number.
    pub page: u32,
    /// Requested page size.
    pub page_size: u32,
    /// Rows matching the filters, over all pages.
    pub total: u64,
}

/// Query parameters every list accepts.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct PageQuery {
    /// 1-based page number (default 1).
    pub page: Option<u32>,
    /// Rows per page, 1–100 (default 20).
    pub page_size: Option<u32>,
}
