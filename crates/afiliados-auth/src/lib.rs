//! Credentials for the api: argon2id password hashing, the JWT key ring (issue and verify access
//! tokens by `kid`), opaque refresh tokens and single-use tokens stored as SHA-256, and TOTP 2FA
//! with recovery codes. Only the api links this crate; it reads no environment variables (the api
//! passes `JWT_KEYS` and the argon2 parameters in).

mod error;
mod hashing_pool;
mod jwt;
mod opaque;
mod password;
mod totp;

pub use error::{AuthError, Result};
#[cfg(feature = "test-support")]
pub use hashing_pool::Hold;
pub use hashing_pool::{Busy, HashingPool, PoolError};
pub use jwt::{AccessClaims, JwtKeyRing, TokenType};
pub use opaque::{
    generate_recovery_codes, hash_recovery_code, hash_token, new_refresh_token,
    new_single_use_token,
};
pub use password::{Argon2Params, PasswordHasher};
pub use totp::{TotpCheck, generate_totp_secret, otpauth_uri, verify_totp};
