//! Monthly statements and withholding certificates (issue 11 item 7, ADR 0050), computed from the
//! ledger and the payments at download time — never typed by hand, never stored:
//!
//! - [`statement`]: one influencer × brand × Bogota month — opening available, every entry of the
//!   month with its order, withdrawal, payment or adjustment, closing available and buckets;
//! - [`withholding`]: one influencer × tax year — gross, rate, withheld and net per brand, month
//!   and rate, with the payer from `PAYER_*`;
//! - [`period`] parses `month` and `year`, [`words`] names entry types, [`csv`] writes both as
//!   CSV through the shared writer; the PDFs are in `crate::certificates`.
//!
//! Every download is audited in the request's transaction.

pub mod csv;
pub mod period;
pub mod statement;
pub mod withholding;
pub mod words;
