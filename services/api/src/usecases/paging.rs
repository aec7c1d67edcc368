//! Paging of list use cases: `page` ≥ 1 and `pageSize` 1–100 (default 20); out of range is an
//! invalid input (422).

use afiliados_domain::FieldCode;

use super::UseCaseError;

/// Validated paging.
#[derive(Debug, Clone, Copy)]
pub struct Pagination {
    /// 1-based page.
    pub page: u32,
    /// Rows per page.
    pub page_size: u32,
}

impl Pagination {
    /// Validates the raw values.
    pub fn new(page: Option<u32>, page_size: Option<u32>) -> Result<Pagination, UseCaseError> {
        let page = page.unwrap_or(1);
        let page_size = page_size.unwrap_or(20);
        if page == 0 {
            return Err(UseCaseError::invalid("page", FieldCode::OutOfRange));
        }
        if !(1..=100).contains(&page_size) {
            return Err(UseCaseError::invalid("pageSize", FieldCode::OutOfRange));
        }
        Ok(Pagination { page, page_size })
    }

    /// SQL offset.
    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.page_size)
    }

    /// SQL limit.
    pub fn limit(&self) -> i64 {
        i64::from(self.page_size)
    }

    /// Wraps rows into a page with their exact total.
    pub fn page<T>(&self, items: Vec<T>, total: i64) -> afiliados_api_types::Page<T> {
        self.capped_page(items, total, false)
    }

    /// Wraps rows into a page whose total is a lower bound when `capped` (ADR 0046).
    pub fn capped_page<T>(
        &self,
        items: Vec<T>,
        total: i64,
        capped: bool,
    ) -> afiliados_api_types::Page<T> {
        afiliados_api_types::Page {
            items,
            page: self.page,
            page_size: self.page_size,
            total: u64::try_from(total).unwrap_or(0),
            total_capped: capped,
        }
    }
}
