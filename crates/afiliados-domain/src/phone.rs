//! Colombian phone numbers (`domain.md` §5.2.2), stored in E.164.

use serde::{Deserialize, Serialize};

use crate::FieldCode;

/// What kind of Colombian number a [`Phone`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhoneKind {
    /// `3` followed by nine digits.
    Mobile,
    /// `60` + area digit `1`–`8` + seven digits.
    FixedLine,
}

/// A Colombian mobile or fixed-line number in E.164 (`+573104567890`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Removes spaces, dashes, dots and parentheses, then an optional `+57` or `57` prefix; the rest
    /// must be a mobile (`^3[0-9]{9}$`) or a fixed line (`^60[1-8][0-9]{7}$`).
    /// Codes: `required` (blank), `invalid_format`.
    pub fn parse(raw: &str) -> Result<Phone, FieldCode> {
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '(' | ')'))
            .collect();
        if compact.is_empty() {
            return Err(FieldCode::Required);
        }
        let national = compact
            .strip_prefix("+57")
            .or_else(|| compact.strip_prefix("57"))
            .unwrap_or(&compact);
        if national_kind(national).is_none() {
            return Err(FieldCode::InvalidFormat);
        }
        Ok(Phone(format!("+57{national}")))
    }

    /// The E.164 form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ten national digits (without `+57`).
    pub fn national(&self) -> &str {
        self.0.get(3..).unwrap_or_default()
    }

    /// Mobile or fixed line.
    pub fn kind(&self) -> PhoneKind {
        national_kind(self.national()).unwrap_or(PhoneKind::Mobile)
    }
}

fn national_kind(digits: &str) -> Option<PhoneKind> {
    let bytes = digits.as_bytes();
    if bytes.len() != 10 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match bytes {
        [b'3', ..] => Some(PhoneKind::Mobile),
        [b'6', b'0', b'1'..=b'8', ..] => Some(PhoneKind::FixedLine),
        _ => None,
    }
}

impl TryFrom<String> for Phone {
    type Error = FieldCode;

    fn try_from(value: String) -> Result<Phone, FieldCode> {
        Phone::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> String {
        phone.0
    }
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e164(raw: &str) -> Result<String, FieldCode> {
        Phone::parse(raw).map(|phone| phone.as_str().to_owned())
    }

    #[test]
    fn spec_examples() {
        assert_eq!(e164("310 456 7890"), Ok("+573104567890".into()));
        assert_eq!(e164("+57 601 234 5678"), Ok("+576012345678".into()));
        assert_eq!(e164("2345678"), Err(FieldCode::InvalidFormat));
    }

    #[test]
    fn separators_prefixes_and_kinds() {
        assert_eq!(e164("(310) 456-78.90"), Ok("+573104567890".into()));
        assert_eq!(e164("573104567890"), Ok("+573104567890".into()));
        assert_eq!(e164("+573104567890"), Ok("+573104567890".into()));
        assert_eq!(e164("  "), Err(FieldCode::Required));
        assert_eq!(e164("6092345678"), Err(FieldCode::InvalidFormat));
        assert_eq!(e164("6002345678"), Err(FieldCode::InvalidFormat));
        assert_eq!(e164("31045678901"), Err(FieldCode::InvalidFormat));
        assert_eq!(e164("+13104567890"), Err(FieldCode::InvalidFormat));
        assert_eq!(e164("３104567890"), Err(FieldCode::InvalidFormat));
        let fixed = Phone::parse("6012345678").unwrap();
        assert_eq!(fixed.kind(), PhoneKind::FixedLine);
        assert_eq!(fixed.national(), "6012345678");
        assert_eq!(
            Phone::parse("3104567890").unwrap().kind(),
            PhoneKind::Mobile
        );
    }

    #[test]
    fn serde_validates() {
        let phone: Phone = serde_json::from_str("\"310 456 7890\"").unwrap();
        assert_eq!(serde_json::to_string(&phone).unwrap(), "\"+573104567890\"");
        assert!(serde_json::from_str::<Phone>("\"123\"").is_err());
    }
}
