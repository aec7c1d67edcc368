//! Extractors and extractor configuration shared by every handler.

mod bad_input;
mod current_user;
mod pagination;
mod service_caller;

pub use bad_input::{json_config, path_config, query_config};
pub use current_user::{AnyTokenUser, CurrentUser};
pub use pagination::Pagination;
pub use service_caller::ServiceCaller;
