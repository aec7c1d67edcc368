//! The VTEX coupon and promotion sync as the api sees it (`api.md` §21.3, `vtex.md` §5): the
//! desired state the worker reads and the results it reports. The worker does the VTEX calls;
//! here only the database is read and written, each report in the caller's one transaction.

pub mod coupon_desired;
pub mod coupon_result;
pub mod promotion_desired;
pub mod promotion_result;

/// Longest stored sync error, in characters.
pub(crate) const ERROR_MAX_CHARS: usize = 1000;

/// The reported error, bounded, or a placeholder when the worker sent none.
pub(crate) fn stored_error(error: Option<&str>) -> String {
    error
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .unwrap_or("unknown error")
        .chars()
        .take(ERROR_MAX_CHARS)
        .collect()
}
