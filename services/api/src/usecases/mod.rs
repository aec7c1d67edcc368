//! Business operations, each on a `&mut AsyncPgConnection` inside the caller's transaction.

pub mod auth;
pub mod codes;
pub mod consents;
pub mod documents;
pub mod emails;
pub mod influencers;
pub mod policies;
pub mod users;
