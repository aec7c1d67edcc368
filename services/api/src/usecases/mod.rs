//! Business operations, each on a `&mut AsyncPgConnection` inside the caller's transaction.

pub mod arco;
pub mod auth;
pub mod brand_scope;
pub mod brands;
pub mod campaigns;
pub mod certificates;
pub mod codes;
pub mod consents;
pub mod documents;
pub mod emails;
pub mod fields;
pub mod influencers;
pub mod jobs;
pub mod maintenance;
pub mod memberships;
pub mod notifications;
pub mod policies;
pub mod tax_profiles;
pub mod users;
pub mod vtex_sync;
