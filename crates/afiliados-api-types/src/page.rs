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
    /// Rows matching the filters, over all pages; a lower bound when `totalCapped`.
    pub total: u64,
    /// `true` when `total` is a lower bound, not the exact count: lists of unbounded tables
    /// (`GET /orders`, `GET /vtex/orders`) count at most 10 000 matches past the page's offset,
    /// so a page always knows the 10 000 rows after it (ADR 0046). `false` everywhere else.
    #[serde(default)]
    pub total_capped: bool,
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
