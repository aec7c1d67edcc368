//! Consent certificates (`domain.md` §5.3.3): the JSON document with its checksum, and its PDF
//! rendering with the standard PDF fonts.

pub mod json;
pub mod labels;
pub mod pdf;
pub mod text;
