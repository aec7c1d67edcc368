//! Object storage for marketing-afiliados: KYC documents, vouchers, exports and backups.
//!
//! One enum, [`ObjectStore`], over two backends chosen by `STORAGE_BACKEND`:
//! - [`LocalStore`]: files under `STORAGE_LOCAL_DIR` (default `.dev/storage`), written to a
//!   temporary file and renamed into place, so readers never see half an object;
//! - [`S3Store`]: an S3-compatible bucket through the `object_store` crate (AWS, MinIO…).
//!
//! Keys are relative, `/`-separated and checked ([`validate_key`]): no absolute paths, no `..`.
//! Encryption is the caller's job (the api seals with `afiliados-crypto` before storing);
//! [`ObjectStore::put_sealed`] and [`ObjectStore::get_opened`] are shortcuts for that, and
//! [`ObjectStore::sealed_writer`] / [`ObjectStore::open_sealed`] seal and open objects of any size a
//! 64 KiB chunk at a time (ADR 0081; S3 objects over 5 MiB go up as multipart uploads).
//!
//! Depends on afiliados-config, afiliados-crypto, object_store and tokio; never on the database.
//!
//! | variable | default |
//! |---|---|
//! | `STORAGE_BACKEND` | `local` (`local` or `s3`) |
//! | `STORAGE_LOCAL_DIR` | `.dev/storage` |
//! | `STORAGE_S3_BUCKET` | required when `s3` |
//! | `STORAGE_S3_REGION` | `us-east-1` |
//! | `STORAGE_S3_ENDPOINT` | AWS (set for MinIO and other S3-compatible servers) |
//! | `STORAGE_S3_ACCESS_KEY_ID` | none (default AWS credential chain) |
//! | `STORAGE_S3_SECRET_ACCESS_KEY` | none; secret |

mod config;
mod error;
mod key;
mod local;
mod s3;
mod sealed;
mod store;

pub use config::{DEFAULT_LOCAL_DIR, DEFAULT_S3_REGION, S3Config, StorageBackend, StorageConfig};
pub use error::{Result, StorageError};
pub use key::{MAX_KEY_LEN, validate_key, validate_prefix};
pub use local::LocalStore;
pub use s3::S3Store;
pub use sealed::{SealedObject, SealedReader, SealedWriter};
pub use store::{ObjectStore, SEALED_CONTENT_TYPE};
