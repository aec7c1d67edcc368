//! Brand, slug, tax profile and withdrawal policy rules (`domain.md` §3.2, §5.4.1).

use serde::{Deserialize, Serialize};

use crate::text_enum::text_enum;
use crate::{FieldCode, FieldError, Money};

/// Longest brand slug.
pub const BRAND_SLUG_MAX: usize = 60;
/// Longest campaign slug.
pub const CAMPAIGN_SLUG_MAX: usize = 80;
/// Longest hold of an approved withdrawal, in days.
pub const MAX_HOLD_DAYS: i32 = 90;

text_enum! {
    /// `brands.status`.
    pub enum BrandStatus {
        /// Campaigns may run.
        Active = "active",
        /// Deactivated; its active campaigns are paused.
        Inactive = "inactive",
    }
}

impl BrandStatus {}

/// A URL slug: `^[a-z0-9]+(-[a-z0-9]+)*$` with a per-entity maximum length.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct Slug(String);

impl Slug {
    /// Trims and checks the pattern and `max_len` (60 for brands, 80 for campaigns). Codes:
    /// `required`, `too_long`, `invalid_format`.
    pub fn parse(raw: &str, max_len: usize) -> Result<Slug, FieldCode> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(FieldCode::Required);
        }
        let lower_alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        let shape_ok = value
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(lower_alnum));
        if !shape_ok {
            return Err(FieldCode::InvalidFormat);
        }
        if value.len() > max_len {
            return Err(FieldCode::TooLong);
        }
        Ok(Slug(value.to_owned()))
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> String {
        slug.0
    }
}

/// A tax profile code: `^[a-z0-9_]{2,40}$`.
pub fn check_tax_profile_code(raw: &str) -> Result<String, FieldCode> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldCode::Required);
    }
    if !value
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(FieldCode::InvalidFormat);
    }
    match value.len() {
        0..2 => Err(FieldCode::TooShort),
        2..=40 => Ok(value.to_owned()),
        _ => Err(FieldCode::TooLong),
    }
}

/// A brand's withdrawal policy as edited by FI/AD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalPolicy {
    /// Smallest withdrawal; ≥ 0.
    pub minimum_amount: Money,
    /// ISO 4217 code (three upper-case letters).
    pub currency: String,
    /// Days an approved withdrawal waits before it may be paid; 0–90.
    pub hold_days: i32,
}

impl WithdrawalPolicy {
    /// Every problem, at `minimumAmount`, `currency`, `holdDays` (`out_of_range` /
    /// `invalid_format`).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.minimum_amount.is_negative() {
            errors.push(FieldError::new("minimumAmount", FieldCode::OutOfRange));
        }
        let currency_ok =
            self.currency.len() == 3 && self.currency.bytes().all(|b| b.is_ascii_uppercase());
        if !currency_ok {
            errors.push(FieldError::new("currency", FieldCode::InvalidFormat));
        }
        if !(0..=MAX_HOLD_DAYS).contains(&self.hold_days) {
            errors.push(FieldError::new("holdDays", FieldCode::OutOfRange));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            Slug::parse(" cetaphil ", BRAND_SLUG_MAX).unwrap().as_str(),
            "cetaphil"
        );
        assert!(Slug::parse("la-roche-posay-2026", BRAND_SLUG_MAX).is_ok());
        for bad in ["La-Roche", "-a", "a-", "a--b", "a_b", "á", "a b"] {
            assert_eq!(Slug::parse(bad, 60), Err(FieldCode::InvalidFormat), "{bad}");
        }
        assert_eq!(Slug::parse("", 60), Err(FieldCode::Required));
        assert_eq!(
            Slug::parse(&"a".repeat(61), BRAND_SLUG_MAX),
            Err(FieldCode::TooLong)
        );
        assert!(Slug::parse(&"a".repeat(80), CAMPAIGN_SLUG_MAX).is_ok());
    }

    #[test]
    fn tax_profile_codes() {
        assert_eq!(
            check_tax_profile_code("retefuente_11"),
            Ok("retefuente_11".into())
        );
        assert_eq!(check_tax_profile_code("a"), Err(FieldCode::TooShort));
        assert_eq!(
            check_tax_profile_code("Rete"),
            Err(FieldCode::InvalidFormat)
        );
        assert_eq!(
            check_tax_profile_code(&"a".repeat(41)),
            Err(FieldCode::TooLong)
        );
    }

    #[test]
    fn withdrawal_policy() {
        let policy = WithdrawalPolicy {
            minimum_amount: Money::from_units(50_000),
            currency: "COP".into(),
            hold_days: 0,
        };
        assert_eq!(policy.validate(), Ok(()));
        let bad = WithdrawalPolicy {
            minimum_amount: -Money::from_units(1),
            currency: "cop".into(),
            hold_days: 91,
        };
        let fields: Vec<String> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["minimumAmount", "currency", "holdDays"]);
        assert_eq!(BrandStatus::Inactive.as_str(), "inactive");
    }
}
