//! Consent certificates: issuing and downloading (JSON and PDF) and verifying one.

pub mod issue;
pub mod verify;
