//! Sign-in, tokens, passwords and 2FA (domain.md §5.1). Like every use case these run inside the
//! caller's transaction; refusals that must still commit what they recorded (a failed sign-in
//! counts toward the lockout, a reused refresh token revokes its session) answer
//! `Ok(Outcome::Refused(..))`.

pub mod challenge;
pub mod lockout;
pub mod login;
pub mod password;
pub mod profile;
pub mod refresh;
pub mod tokens;
pub mod two_factor;

use afiliados_auth::{HashingPool, PoolError};
use afiliados_domain::PasswordViolation;

use super::{Problems, UseCaseError};

/// Seconds a caller refused for a full hashing pool waits: a hash takes tens of milliseconds, so
/// a slot is free again well within a second.
const BUSY_RETRY_AFTER_SECONDS: u64 = 1;

fn pool_error(error: PoolError) -> UseCaseError {
    match error {
        PoolError::Busy(_) => {
            metrics::counter!("marketing_afiliados_password_hashing_busy_total").increment(1);
            UseCaseError::Busy {
                retry_after: BUSY_RETRY_AFTER_SECONDS,
            }
        }
        PoolError::Failed(error) => UseCaseError::Internal(error.into()),
    }
}

/// A PHC hash of `password` on the bounded argon2 pool (ADR 0026); `Busy` when it is full.
pub async fn hash_password(pool: &HashingPool, password: &str) -> Result<String, UseCaseError> {
    pool.hash(password.to_owned()).await.map_err(pool_error)
}

/// Whether `password` matches `stored`, on the bounded pool; with no stored hash the same work is
/// spent and the answer is `false`. `Busy` when the pool is full.
pub async fn verify_password(
    pool: &HashingPool,
    password: &str,
    stored: Option<String>,
) -> Result<bool, UseCaseError> {
    pool.verify(password.to_owned(), stored)
        .await
        .map_err(pool_error)
}

/// Invalid input with one problem per password rule broken.
pub fn password_violations(field: &str, violations: &[PasswordViolation]) -> UseCaseError {
    let mut problems = Problems::new();
    for violation in violations {
        problems.push(field, violation.field_code());
    }
    UseCaseError::Invalid(problems)
}
