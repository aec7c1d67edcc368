//! Business operations, each on a `&mut AsyncPgConnection` inside the caller's transaction.

pub mod auth;
pub mod brand_scope;
pub mod brands;
pub mod campaigns;
pub mod codes;
pub mod consents;
pub mod emails;
pub mod fields;
pub mod jobs;
pub mod maintenance;
pub mod memberships;
pub mod policies;
pub mod tax_profiles;
pub mod users;
pub mod vtex_sync;
