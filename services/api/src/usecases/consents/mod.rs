//! Consent to the legal policies (`domain.md` §5.3): recording acceptances with the
//! server-computed hash, what an influencer still has to accept, reading and scoping.

pub mod accept;
pub mod read;
pub mod record;
pub mod representation;
pub mod scope;

pub use record::{ConsentOrigin, pending, pending_consents, record};
