//! Influencers (`api.md` §3, §6; `domain.md` §5.2): public registration, the list, the record
//! cut to each role's view, edits, the status machine and KYC documents.

pub mod access;
pub mod bank;
pub mod bank_change;
pub mod changes;
pub mod documents;
pub mod fields;
pub mod list;
pub mod read;
pub mod register;
pub mod registration;
pub mod representation;
pub mod status;
pub mod update;
