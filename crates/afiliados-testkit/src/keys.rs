//! Secrets and passwords of test configurations. They are public, weak on purpose and never valid
//! outside tests: `APP_ENV=test` settings are built only by `for_tests` constructors.

/// The password of every user a test creates.
pub const PASSWORD: &str = "Changeit!2024";

/// The current JWT key (`kid:base64`, 32 bytes).
pub const JWT_NEW: &str = "new:YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWY=";

/// A previous JWT key, for key-rotation tests (`JWT_KEYS` = `JWT_NEW,JWT_OLD`).
pub const JWT_OLD: &str = "old:MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";

/// `DATA_ENCRYPTION_KEY`: one 32-byte key.
pub const DATA_KEY: &str = "k1:MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";

/// `INTERNAL_API_TOKEN`, shared by the api and the worker of one test (≥ 32 characters).
pub const INTERNAL_TOKEN: &str = "test-internal-token-0123456789-abcdefghij";

/// `METRICS_API_KEY`.
pub const METRICS_KEY: &str = "test-metrics-key";

/// `WEB_FORWARDING_KEY`: the secret the web proves itself with when it states a browser's address
/// in `X-Afiliados-Client-Ip` (ADR 0015; ≥ 32 characters), shared by the api and the web of a test.
pub const WEB_FORWARDING_KEY: &str = "test-web-forwarding-key-0123456789-abcdef";
