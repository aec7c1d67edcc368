//! Reconciliation against VTEX (`domain.md` §4.9, §5.16; `api.md` §19, §21.5).

pub mod resolution;
