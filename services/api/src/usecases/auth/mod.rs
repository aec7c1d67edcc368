//! Sign-in, tokens, passwords and 2FA (domain.md §5.1). Like every use case these run inside the
//! caller's transaction; refusals that must still commit what they recorded (a failed sign-in
//! counts toward the lockout, a reused refresh token revokes its session) answer
//! `Ok(Outcome::Refused(..))`.

pub mod login;
pub mod password;
pub mod profile;
pub mod refresh;
pub mod tokens;
pub mod two_factor;

use afiliados_domain::PasswordViolation;

use super::{Problems, UseCaseError};

/// Runs argon2 off the async threads, carrying the tracing span along.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, UseCaseError> {
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(work))
        .await
        .map_err(|e| UseCaseError::internal(format!("blocking task failed: {e}")))
}

/// Invalid input with one problem per password rule broken.
pub fn password_violations(field: &str, violations: &[PasswordViolation]) -> UseCaseError {
    let mut problems = Problems::new();
    for violation in violations {
        problems.push(field, violation.field_code());
    }
    UseCaseError::Invalid(problems)
}
