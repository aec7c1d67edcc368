//! Business operations, each on a `&mut AsyncPgConnection` inside the caller's transaction.

pub mod arco;
pub mod auth;
pub mod certificates;
pub mod codes;
pub mod consents;
pub mod emails;
pub mod policies;
pub mod users;
