//! Generated documents: consent certificates (`domain.md` §5.3.3: the JSON document with its
//! checksum, and its PDF rendering), and the PDF layout they share with the monthly statements and
//! withholding certificates (ADR 0050).

pub mod amounts;
pub mod json;
pub mod labels;
pub mod layout;
pub mod pdf;
pub mod statement_labels;
pub mod statement_pdf;
pub mod text;
pub mod withholding_pdf;
