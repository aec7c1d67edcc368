//! Sign-in, tokens, passwords and 2FA (domain.md §5.1).

pub mod login;
pub mod password;
pub mod profile;
pub mod refresh;
pub mod tokens;
pub mod two_factor;

/// Runs argon2 off the async threads, carrying the tracing span along.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, crate::error::ApiError> {
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(work))
        .await
        .map_err(|e| crate::error::ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}")))
}

/// 422 with one item per password rule broken.
pub fn password_violations(
    field: &str,
    violations: &[afiliados_domain::PasswordViolation],
) -> crate::error::ApiError {
    crate::error::ApiError::Validation(
        violations
            .iter()
            .map(|v| afiliados_api_types::FieldError {
                field: field.to_owned(),
                code: v.code().to_owned(),
                message: crate::error::field_message(v.code()),
            })
            .collect(),
    )
}
