//! Dashboards (`api.md` §15, `domain.md` §6): read-only aggregations over the caller's scope,
//! computed with bounded SQL (ADR 0038). They never write.

pub mod admin;
pub mod admin_snapshots;
pub mod finance;
pub mod gestor;
pub mod influencer;
mod months;
