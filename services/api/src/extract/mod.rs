//! Extractors and extractor configuration shared by every handler.

mod bad_input;
mod current_user;
pub mod multipart;
mod service_caller;

/// Paging is plain input validation, shared with the use cases that list.
pub use crate::usecases::paging::Pagination;
pub use bad_input::{json_config, path_config, query_config, serde_error};
pub use current_user::{AnyTokenUser, CurrentUser};
pub use service_caller::ServiceCaller;
