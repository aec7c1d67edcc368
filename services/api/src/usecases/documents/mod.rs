//! Stored files (`domain.md` §5.2.5): checking an upload (read by `crate::extract::multipart`), telling
//! PDF, JPEG and PNG apart by their magic bytes, sealing the bytes with the data key ring into
//! object storage, and opening them again with the SHA-256 re-checked.

pub mod files;
pub mod store;
pub mod upload;
