//! [`UseCaseError`]: every way a use case refuses or fails, in business terms. Codes are
//! `afiliados_api_types::ErrorCode` (plain data: the stable vocabulary clients branch on), but
//! nothing here knows statuses, headers or bodies: the api turns a `UseCaseError` into its HTTP
//! error in exactly one place, the `From<UseCaseError>` impl in `crate::error`.
//!
//! Database errors are mapped here, once: `NotFound` is [`UseCaseError::NotFound`], a unique
//! violation of a constraint that protects business data is its own conflict code (two concurrent
//! requests that both pass the checks still get the right answer), a character PostgreSQL cannot
//! store is [`UseCaseError::RefusedCharacter`] (a client's mistake), anything else is
//! [`UseCaseError::Database`].

use afiliados_api_types::ErrorCode;
use afiliados_domain::AccessDenied;
use serde_json::Value;

use super::problems::Problems;

/// A use case's refusal or failure.
#[derive(Debug, thiserror::Error)]
pub enum UseCaseError {
    /// The input breaks field rules; every problem found is listed (422).
    #[error("invalid input: {0}")]
    Invalid(Problems),
    /// The row does not exist or lies outside the actor's scope — never "forbidden", so ids do
    /// not leak (404).
    #[error("not found")]
    NotFound,
    /// The actor may not do this (403); `details` say why when the client can act on it
    /// (`consent_required` lists the pending policy versions).
    #[error("forbidden: {code}")]
    Forbidden {
        /// `forbidden`, `account_suspended`, `two_factor_required_for_role`, …
        code: ErrorCode,
        /// Facts for the client; empty for most codes.
        details: Vec<Value>,
    },
    /// The request is valid but the current state refuses it (409).
    #[error("conflict: {code}")]
    Conflict {
        /// `code_taken`, `invalid_transition`, `brand_inactive`, …
        code: ErrorCode,
        /// Facts for the client (`{"campaignStatus": "ended"}`); often empty.
        details: Vec<Value>,
    },
    /// The request is well formed but cannot be served as asked (422 with a code and no field
    /// items): `export_too_large`.
    #[error("unprocessable: {0}")]
    Unprocessable(ErrorCode),
    /// The thing existed but is finished for good (410).
    #[error("gone")]
    Gone,
    /// The credentials use cases' refusals (401): invalid credentials, a second factor missing
    /// or wrong, a refresh token invalid or reused.
    #[error("not authenticated: {code}")]
    Unauthenticated {
        /// `invalid_credentials`, `two_factor_required`, `refresh_token_reused`, …
        code: ErrorCode,
        /// Facts for the client (`{"methods": ["totp", "recovery_code"]}`); often empty.
        details: Vec<Value>,
    },
    /// A single-use token (reset or invitation link) that is unknown, used or expired (400).
    #[error("invalid token: {0}")]
    InvalidToken(ErrorCode),
    /// Too many failed sign-ins: locked for `retry_after` more seconds (423).
    #[error("locked for {retry_after} s")]
    Locked {
        /// Seconds until the lock ends.
        retry_after: i64,
    },
    /// Every password-hashing slot is taken (ADR 0026): try again in `retry_after` seconds (503).
    /// Nothing was recorded.
    #[error("busy, retry in {retry_after} s")]
    Busy {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Text the database cannot store (U+0000) that the edge did not refuse (ADR 0016's
    /// backstop): a client's mistake, never a 500 (400 `invalid_json`). Holds the database's
    /// message, which names the byte, never the input.
    #[error("refused character: {0}")]
    RefusedCharacter(String),
    /// A database failure no business rule explains (500).
    #[error("database: {0}")]
    Database(#[source] diesel::result::Error),
    /// A bug or an infrastructure failure (500), with its context.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl UseCaseError {
    /// 422 for one field.
    pub fn invalid(field: &str, code: afiliados_domain::FieldCode) -> UseCaseError {
        let mut problems = Problems::new();
        problems.push(field, code);
        UseCaseError::Invalid(problems)
    }

    /// 403 with a code and no details.
    pub fn forbidden(code: ErrorCode) -> UseCaseError {
        UseCaseError::Forbidden {
            code,
            details: Vec::new(),
        }
    }

    /// 409 with a code and no details.
    pub fn conflict(code: ErrorCode) -> UseCaseError {
        UseCaseError::Conflict {
            code,
            details: Vec::new(),
        }
    }

    /// 409 with a code and one detail object.
    pub fn conflict_with(code: ErrorCode, detail: Value) -> UseCaseError {
        UseCaseError::Conflict {
            code,
            details: vec![detail],
        }
    }

    /// 401 with a code and no details.
    pub fn unauthenticated(code: ErrorCode) -> UseCaseError {
        UseCaseError::Unauthenticated {
            code,
            details: Vec::new(),
        }
    }

    /// 500 for a broken invariant (`what` says which; never personal data).
    pub fn internal(what: impl std::fmt::Display) -> UseCaseError {
        UseCaseError::Internal(anyhow::anyhow!("{what}"))
    }
}

/// The answer of a use case whose refusals must still commit what they recorded: a failed
/// sign-in counts toward the lockout, a reused refresh token revokes its session. The
/// transaction helper commits on `Ok` and rolls back on `Err`, so such a use case answers
/// `Ok(Outcome::Refused(..))`; its handler commits, then turns the refusal into the error answer
/// with [`Outcome::into_result`].
#[derive(Debug)]
#[must_use = "a refusal is an error answer once committed"]
pub enum Outcome<T> {
    /// It worked.
    Done(T),
    /// Refused, with the refusal's writes kept.
    Refused(UseCaseError),
}

impl<T> Outcome<T> {
    /// `Ok` for [`Outcome::Done`], the refusal as `Err`.
    pub fn into_result(self) -> Result<T, UseCaseError> {
        match self {
            Outcome::Done(value) => Ok(value),
            Outcome::Refused(error) => Err(error),
        }
    }
}

impl From<AccessDenied> for UseCaseError {
    fn from(_: AccessDenied) -> UseCaseError {
        UseCaseError::forbidden(ErrorCode::Forbidden)
    }
}

impl From<diesel::result::Error> for UseCaseError {
    fn from(error: diesel::result::Error) -> UseCaseError {
        use diesel::result::{DatabaseErrorKind, Error};
        match &error {
            Error::NotFound => UseCaseError::NotFound,
            // Backstop for text the edge did not refuse (ADR 0016): PostgreSQL cannot store it.
            Error::DatabaseError(_, info) if refused_character(info.message()) => {
                UseCaseError::RefusedCharacter(info.message().to_owned())
            }
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                match unique_constraint_code(info.constraint_name().unwrap_or_default()) {
                    Some(code) => UseCaseError::conflict(code),
                    None => UseCaseError::Database(error),
                }
            }
            _ => UseCaseError::Database(error),
        }
    }
}

/// PostgreSQL's refusals of a character it cannot store: `invalid byte sequence` (22021, U+0000 in
/// text), `has no equivalent in encoding` (22P05) and `unsupported Unicode escape sequence` (22P05,
/// `\u0000` in jsonb).
fn refused_character(message: &str) -> bool {
    message.contains("invalid byte sequence")
        || message.contains("has no equivalent in encoding")
        || message.contains("unsupported Unicode escape sequence")
}

/// The conflict code of a unique index that protects business data.
fn unique_constraint_code(constraint: &str) -> Option<ErrorCode> {
    Some(match constraint {
        "users_tenant_email_key" | "influencers_tenant_email_key" => {
            ErrorCode::EmailAlreadyRegistered
        }
        "influencers_tenant_document_key" => ErrorCode::DocumentAlreadyRegistered,
        "brands_tenant_slug_key" | "campaigns_tenant_slug_key" => ErrorCode::SlugTaken,
        "brands_tenant_prefix_key" => ErrorCode::CouponPrefixTaken,
        "brands_tenant_vtex_brand_key" => ErrorCode::VtexBrandIdTaken,
        "discount_codes_tenant_code_key" | "tax_profiles_tenant_id_code_key" => {
            ErrorCode::CodeTaken
        }
        "arco_requests_open_key" => ErrorCode::ArcoRequestOpen,
        // One running reconciliation per range (`domain.md` §5.16.1).
        "reconciliation_runs_running_range_uq" => ErrorCode::ReconciliationInProgress,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_errors_map_in_one_place() {
        assert!(matches!(
            UseCaseError::from(diesel::result::Error::NotFound),
            UseCaseError::NotFound
        ));
        assert!(matches!(
            UseCaseError::from(diesel::result::Error::RollbackTransaction),
            UseCaseError::Database(_)
        ));
        assert_eq!(
            unique_constraint_code("discount_codes_tenant_code_key"),
            Some(ErrorCode::CodeTaken)
        );
        assert_eq!(unique_constraint_code("some_other_key"), None);
        assert!(refused_character(
            "invalid byte sequence for encoding \"UTF8\": 0x00"
        ));
        assert!(refused_character("unsupported Unicode escape sequence"));
        assert!(!refused_character("deadlock detected"));
        assert!(matches!(
            UseCaseError::from(AccessDenied),
            UseCaseError::Forbidden {
                code: ErrorCode::Forbidden,
                ..
            }
        ));
    }
}
