//! Business operations. A use case takes the caller's transaction (`&mut AsyncPgConnection`), a
//! [`context::UseCaseContext`], the acting `afiliados_domain::Actor` when there is one, and plain
//! inputs; it returns `Result<_, error::UseCaseError>`. It never opens a transaction and never sees
//! actix, the api's state or its HTTP error type. See ADR 0013 and the recipe in
//! `docs/ARCHITECTURE.md`.

pub mod adjustments;
pub mod alerts;
pub mod arco;
pub mod audit;
pub mod auth;
pub mod backups;
pub mod batches;
pub mod brand_scope;
pub mod brands;
pub mod campaigns;
pub mod certificates;
pub mod codes;
pub mod commissions;
pub mod consents;
pub mod context;
pub mod dashboards;
pub mod documents;
pub mod emails;
pub mod error;
pub mod exports;
pub mod fields;
pub mod influencers;
pub mod jobs;
pub mod ledger;
pub mod list_query;
pub mod maintenance;
pub mod memberships;
pub mod notifications;
pub mod orders;
pub mod paging;
pub mod payments;
pub mod pipeline;
pub mod policies;
pub mod problems;
pub mod reconciliation;
pub mod settlement;
pub mod sign_in_failures;
pub mod statements;
pub mod status;
pub mod surveys;
pub mod tax_profiles;
pub mod tiers;
pub mod users;
pub mod vtex_sync;
pub mod webhooks;
pub mod withdrawals;

pub use context::{UseCaseContext, UseCaseSettings};
pub use error::{Outcome, UseCaseError};
pub use problems::{Problem, Problems};
