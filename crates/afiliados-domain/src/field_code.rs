//! Stable field error codes (`api.md` §0.4): the validators of this crate answer them, and so do
//! the api's use cases (one vocabulary for every 422 item).

use serde::{Deserialize, Serialize};

/// The `code` of a failing field inside a 422 answer's `details`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FieldCode {
    /// The value is missing or empty after trimming.
    Required,
    /// The value does not have the expected shape.
    InvalidFormat,
    /// The value is not one of the allowed enum spellings.
    InvalidEnum,
    /// Fewer characters (or items) than allowed.
    TooShort,
    /// More characters (or items) than allowed.
    TooLong,
    /// A number outside its allowed range.
    OutOfRange,
    /// Not a number, or more than two decimals.
    InvalidAmount,
    /// A NIT whose check digit is not the DIAN digit.
    InvalidCheckDigit,
    /// Two items of a list collide (tier levels, thresholds).
    NotUniqueInList,
    /// Two dates in the wrong order.
    DateOrder,
    /// A code's discount above its campaign's `max_discount_percent`.
    ExceedsCampaignMax,
    /// A password without a digit.
    MissingDigit,
    /// A password without an uppercase letter.
    MissingUppercase,
    /// A password without a lowercase letter.
    MissingLowercase,
    /// A password without a symbol.
    MissingSpecial,
    /// A password equal to the account's e-mail.
    SameAsEmail,
    /// A new password equal to the current one.
    SameAsCurrent,
    /// An id that names no row the caller may use.
    UnknownReference,
    /// A value of the wrong JSON type (an object expected, a list given).
    InvalidType,
    /// A given checksum that does not match the text.
    ChecksumMismatch,
    /// A date or instant in the future where only the past is allowed.
    InFuture,
    /// Not every active policy was accepted (params list the missing types).
    ConsentMissing,
    /// A policy version that is not the active one (params list the ids).
    PolicyVersionNotActive,
    /// A value below its allowed minimum (a use limit below the uses already made).
    BelowMinimum,
    /// An uploaded file that is not a PDF, JPEG or PNG.
    FileTypeNotAllowed,
    /// An uploaded file above `UPLOAD_MAX_BYTES`.
    FileTooLarge,
    /// A field this caller or this operation may not set.
    NotAllowed,
    /// A bank account change sent together with an e-mail change (ADR 0018: each is notified
    /// to the address on file, so they travel in separate requests).
    NotWithEmailChange,
    /// A payment amount more than 0.01 away from the approved withdrawal (params carry
    /// `approvedAmount`).
    PaymentAmountMismatch,
}

impl FieldCode {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldCode::Required => "required",
            FieldCode::InvalidFormat => "invalid_format",
            FieldCode::InvalidEnum => "invalid_enum",
            FieldCode::TooShort => "too_short",
            FieldCode::TooLong => "too_long",
            FieldCode::OutOfRange => "out_of_range",
            FieldCode::InvalidAmount => "invalid_amount",
            FieldCode::InvalidCheckDigit => "invalid_check_digit",
            FieldCode::NotUniqueInList => "not_unique_in_list",
            FieldCode::DateOrder => "date_order",
            FieldCode::ExceedsCampaignMax => "exceeds_campaign_max",
            FieldCode::MissingDigit => "missing_digit",
            FieldCode::MissingUppercase => "missing_uppercase",
            FieldCode::MissingLowercase => "missing_lowercase",
            FieldCode::MissingSpecial => "missing_special",
            FieldCode::SameAsEmail => "same_as_email",
            FieldCode::SameAsCurrent => "same_as_current",
            FieldCode::UnknownReference => "unknown_reference",
            FieldCode::InvalidType => "invalid_type",
            FieldCode::ChecksumMismatch => "checksum_mismatch",
            FieldCode::InFuture => "in_future",
            FieldCode::ConsentMissing => "consent_missing",
            FieldCode::PolicyVersionNotActive => "policy_version_not_active",
            FieldCode::BelowMinimum => "below_minimum",
            FieldCode::FileTypeNotAllowed => "file_type_not_allowed",
            FieldCode::FileTooLarge => "file_too_large",
            FieldCode::NotAllowed => "not_allowed",
            FieldCode::NotWithEmailChange => "not_with_email_change",
            FieldCode::PaymentAmountMismatch => "payment_amount_mismatch",
        }
    }
}

impl std::fmt::Display for FieldCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failing field: its camelCase path (`bankAccount.accountNumber`, `tiers[1].threshold`) and code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Path of the field as the request spells it.
    pub field: String,
    /// Why it failed.
    pub code: FieldCode,
}

impl FieldError {
    /// A field error.
    pub fn new(field: impl Into<String>, code: FieldCode) -> FieldError {
        FieldError {
            field: field.into(),
            code,
        }
    }
}

/// Trims `raw` and checks its length in characters: empty → `required`, then `too_short` /
/// `too_long`. Used for the free-text fields of §5.2.2 and §5.4.
pub fn bounded_text(raw: &str, min: usize, max: usize) -> Result<String, FieldCode> {
    let value = raw.trim();
    let count = value.chars().count();
    if count == 0 && min > 0 {
        Err(FieldCode::Required)
    } else if count < min {
        Err(FieldCode::TooShort)
    } else if count > max {
        Err(FieldCode::TooLong)
    } else {
        Ok(value.to_owned())
    }
}

/// Like [`bounded_text`] for optional fields: blank → `None`, otherwise at most `max` characters.
pub fn optional_text(raw: Option<&str>, max: usize) -> Result<Option<String>, FieldCode> {
    match raw.map(str::trim).filter(|value| !value.is_empty()) {
        None => Ok(None),
        Some(value) if value.chars().count() > max => Err(FieldCode::TooLong),
        Some(value) => Ok(Some(value.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_stable_spellings() {
        assert_eq!(FieldCode::InvalidCheckDigit.as_str(), "invalid_check_digit");
        assert_eq!(
            serde_json::to_string(&FieldCode::TooShort).unwrap(),
            "\"too_short\""
        );
        assert_eq!(FieldCode::NotUniqueInList.to_string(), "not_unique_in_list");
    }

    #[test]
    fn serde_and_as_str_agree() {
        for code in [
            FieldCode::Required,
            FieldCode::ExceedsCampaignMax,
            FieldCode::MissingSpecial,
            FieldCode::PolicyVersionNotActive,
            FieldCode::FileTypeNotAllowed,
            FieldCode::NotAllowed,
            FieldCode::NotWithEmailChange,
        ] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str())
            );
        }
    }

    #[test]
    fn bounded_text_counts_characters() {
        assert_eq!(bounded_text("  Ñu ", 2, 3), Ok("Ñu".into()));
        assert_eq!(bounded_text("   ", 2, 3), Err(FieldCode::Required));
        assert_eq!(bounded_text("a", 2, 3), Err(FieldCode::TooShort));
        assert_eq!(bounded_text("abcd", 2, 3), Err(FieldCode::TooLong));
        assert_eq!(optional_text(Some("  "), 80), Ok(None));
        assert_eq!(optional_text(None, 80), Ok(None));
        assert_eq!(
            optional_text(Some(&"x".repeat(81)), 80),
            Err(FieldCode::TooLong)
        );
        assert_eq!(optional_text(Some(" Cali "), 80), Ok(Some("Cali".into())));
    }
}
