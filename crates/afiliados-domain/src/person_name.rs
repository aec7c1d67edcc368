//! Person names (`domain.md` §5.2.2): 2–60 letters, spaces, apostrophes and hyphens.

use serde::{Deserialize, Serialize};
use unicode_general_category::{GeneralCategory, get_general_category};

use crate::FieldCode;

/// Minimum length in characters.
pub const NAME_MIN_CHARS: usize = 2;
/// Maximum length in characters.
pub const NAME_MAX_CHARS: usize = 60;

/// A trimmed first or last name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    /// Trims and checks: 2–60 characters of letters (accented included, also as combining marks),
    /// spaces, apostrophes (`'` or `’`) and hyphens. Codes: `required`, `too_short`, `too_long`,
    /// `invalid_format`.
    pub fn parse(raw: &str) -> Result<PersonName, FieldCode> {
        let value = raw.trim();
        let count = value.chars().count();
        if count == 0 {
            return Err(FieldCode::Required);
        }
        if !value.chars().all(is_name_char) || !value.chars().any(char::is_alphabetic) {
            return Err(FieldCode::InvalidFormat);
        }
        if count < NAME_MIN_CHARS {
            return Err(FieldCode::TooShort);
        }
        if count > NAME_MAX_CHARS {
            return Err(FieldCode::TooLong);
        }
        Ok(PersonName(value.to_owned()))
    }

    /// The trimmed name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic()
        || matches!(c, ' ' | '\'' | '\u{2019}' | '-')
        || matches!(
            get_general_category(c),
            GeneralCategory::NonspacingMark | GeneralCategory::SpacingMark
        )
}

impl TryFrom<String> for PersonName {
    type Error = FieldCode;

    fn try_from(value: String) -> Result<PersonName, FieldCode> {
        PersonName::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(name: PersonName) -> String {
        name.0
    }
}

impl std::fmt::Display for PersonName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_spanish_names() {
        for ok in [
            "Isabela",
            "María José",
            "Ñúñez",
            "O'Neill",
            "Gómez-Pérez",
            "D’Alessandro",
            "Jose\u{301}",
            "Li",
        ] {
            assert!(PersonName::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(PersonName::parse("  Ana  ").unwrap().as_str(), "Ana");
    }

    #[test]
    fn refuses_the_rest() {
        assert_eq!(PersonName::parse("   "), Err(FieldCode::Required));
        assert_eq!(PersonName::parse("A"), Err(FieldCode::TooShort));
        assert_eq!(PersonName::parse(&"a".repeat(61)), Err(FieldCode::TooLong));
        assert!(PersonName::parse(&"ñ".repeat(60)).is_ok());
        for bad in ["Ana2", "Ana_Maria", "Ana.", "--", "Ana\tMaria", "<b>"] {
            assert_eq!(
                PersonName::parse(bad),
                Err(FieldCode::InvalidFormat),
                "{bad}"
            );
        }
    }
}
