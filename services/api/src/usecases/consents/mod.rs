//! Consent to the legal policies (`domain.md` §5.3): recording acceptances with the
//! server-computed hash, and what an influencer still has to accept.

pub mod record;

pub use record::{ConsentOrigin, pending, pending_consents, record};
