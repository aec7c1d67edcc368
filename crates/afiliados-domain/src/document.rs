//! Identity documents (`domain.md` §5.2.2): the four document types and the normalised number.

use serde::Serialize;

use crate::FieldCode;
use crate::text_enum::text_enum;

text_enum! {
    /// `influencers.document_type`; exchanged in upper case.
    pub enum DocumentType {
        /// Cédula de ciudadanía.
        Cc = "CC",
        /// Cédula de extranjería.
        Ce = "CE",
        /// Tax id of a company or person (with the DIAN check digit).
        Nit = "NIT",
        /// Passport.
        Pp = "PP",
    }
}

impl DocumentType {}

/// DIAN weights, applied to the NIT base digits from right to left.
const NIT_WEIGHTS: [u32; 15] = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];

/// The DIAN check digit of a NIT base (ASCII digits, at most 15); `None` for anything else.
pub fn nit_check_digit(base: &str) -> Option<u8> {
    if base.is_empty()
        || base.len() > NIT_WEIGHTS.len()
        || !base.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let sum: u32 = base
        .bytes()
        .rev()
        .zip(NIT_WEIGHTS)
        .map(|(byte, weight)| u32::from(byte - b'0') * weight)
        .sum();
    let r = sum % 11;
    let digit = if r <= 1 { r } else { 11 - r };
    u8::try_from(digit).ok()
}

/// A document number normalised and validated for its type.
///
/// Serialises as the bare normalised string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentNumber {
    doc_type: DocumentType,
    value: String,
}

impl Serialize for DocumentNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

impl DocumentNumber {
    /// Normalises (spaces and dots removed, letters upper-cased) and validates `raw` for `doc_type`:
    /// `CC` `^[1-9][0-9]{5,9}$`, `CE` `^[0-9]{6,10}$`, `PP` `^[A-Z0-9]{5,15}$`, `NIT` nine digits with
    /// an optional `-D` that must be the DIAN digit (stored `NNNNNNNNN-D`).
    ///
    /// Codes: `required` (empty), `too_short`/`too_long` (right characters, wrong length for
    /// CC/CE/PP), `invalid_format`, `invalid_check_digit`.
    pub fn parse(doc_type: DocumentType, raw: &str) -> Result<DocumentNumber, FieldCode> {
        let value: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.')
            .flat_map(char::to_uppercase)
            .collect();
        if value.is_empty() {
            return Err(FieldCode::Required);
        }
        let value = match doc_type {
            DocumentType::Cc => {
                if value.starts_with('0') {
                    return Err(FieldCode::InvalidFormat);
                }
                check_charset_and_length(&value, |c| c.is_ascii_digit(), 6, 10)?
            }
            DocumentType::Ce => check_charset_and_length(&value, |c| c.is_ascii_digit(), 6, 10)?,
            DocumentType::Pp => {
                check_charset_and_length(&value, |c| c.is_ascii_alphanumeric(), 5, 15)?
            }
            DocumentType::Nit => normalise_nit(&value)?,
        };
        Ok(DocumentNumber { doc_type, value })
    }

    /// Wraps an already normalised number read from storage, without validation (anonymised rows
    /// hold `ANON-…`, which no parser accepts).
    pub fn from_stored(doc_type: DocumentType, value: impl Into<String>) -> DocumentNumber {
        DocumentNumber {
            doc_type,
            value: value.into(),
        }
    }

    /// The document type.
    pub fn doc_type(&self) -> DocumentType {
        self.doc_type
    }

    /// The normalised number.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Every character but the last `n` replaced by `*` (AM sees `masked_last(3)`, §2.5).
    pub fn masked_last(&self, n: usize) -> String {
        mask_keep_last(&self.value, n)
    }
}

impl std::fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.value)
    }
}

/// `*` for every character of `value` except the last `n` (all of it kept when shorter).
pub fn mask_keep_last(value: &str, n: usize) -> String {
    let count = value.chars().count();
    let hidden = count.saturating_sub(n);
    value
        .chars()
        .enumerate()
        .map(|(index, c)| if index < hidden { '*' } else { c })
        .collect()
}

fn check_charset_and_length(
    value: &str,
    allowed: impl Fn(char) -> bool,
    min: usize,
    max: usize,
) -> Result<String, FieldCode> {
    if !value.chars().all(allowed) {
        return Err(FieldCode::InvalidFormat);
    }
    let len = value.len();
    if len < min {
        Err(FieldCode::TooShort)
    } else if len > max {
        Err(FieldCode::TooLong)
    } else {
        Ok(value.to_owned())
    }
}

fn normalise_nit(value: &str) -> Result<String, FieldCode> {
    let (base, given) = match value.split_once('-') {
        Some((base, digit)) => (base, Some(digit)),
        None => (value, None),
    };
    if base.len() != 9 || !base.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldCode::InvalidFormat);
    }
    let expected = nit_check_digit(base).ok_or(FieldCode::InvalidFormat)?;
    if let Some(given) = given {
        let given = match given.as_bytes() {
            [digit] if digit.is_ascii_digit() => digit - b'0',
            _ => return Err(FieldCode::InvalidFormat),
        };
        if given != expected {
            return Err(FieldCode::InvalidCheckDigit);
        }
    }
    Ok(format!("{base}-{expected}"))
}

#[cfg(test)]
mod tests {
    use super::DocumentType::*;
    use super::*;

    fn parse(kind: DocumentType, raw: &str) -> Result<String, FieldCode> {
        DocumentNumber::parse(kind, raw).map(|number| number.as_str().to_owned())
    }

    #[test]
    fn spec_examples() {
        assert_eq!(parse(Cc, "1.020.304.050"), Ok("1020304050".into()));
        assert_eq!(parse(Cc, "0123456"), Err(FieldCode::InvalidFormat));
        assert_eq!(parse(Nit, "900123456-8"), Ok("900123456-8".into()));
        assert_eq!(parse(Nit, "900123456-7"), Err(FieldCode::InvalidCheckDigit));
        assert_eq!(parse(Nit, "800197268"), Ok("800197268-4".into()));
        assert_eq!(parse(Pp, "ab123456"), Ok("AB123456".into()));
    }

    #[test]
    fn per_type_rules() {
        assert_eq!(parse(Cc, " "), Err(FieldCode::Required));
        assert_eq!(parse(Cc, "12345"), Err(FieldCode::TooShort));
        assert_eq!(parse(Cc, "123456"), Ok("123456".into()));
        assert_eq!(parse(Cc, "12345678901"), Err(FieldCode::TooLong));
        assert_eq!(parse(Cc, "12a456"), Err(FieldCode::InvalidFormat));
        assert_eq!(parse(Ce, "012345"), Ok("012345".into()));
        assert_eq!(parse(Ce, "E12345"), Err(FieldCode::InvalidFormat));
        assert_eq!(parse(Pp, "ab-1234"), Err(FieldCode::InvalidFormat));
        assert_eq!(parse(Pp, "ab12"), Err(FieldCode::TooShort));
        assert_eq!(parse(Nit, "900.123.456 - 8"), Ok("900123456-8".into()));
        assert_eq!(parse(Nit, "90012345-6"), Err(FieldCode::InvalidFormat));
        assert_eq!(parse(Nit, "900123456-"), Err(FieldCode::InvalidFormat));
        assert_eq!(parse(Nit, "900123456-88"), Err(FieldCode::InvalidFormat));
        assert_eq!(parse(Nit, "9001234568"), Err(FieldCode::InvalidFormat));
    }

    #[test]
    fn dian_digit() {
        assert_eq!(nit_check_digit("900123456"), Some(8));
        assert_eq!(nit_check_digit("800197268"), Some(4));
        assert_eq!(nit_check_digit("12a"), None);
        assert_eq!(nit_check_digit(""), None);
    }

    #[test]
    fn masking_and_serde() {
        let number = DocumentNumber::parse(Cc, "1020304050").unwrap();
        assert_eq!(number.masked_last(3), "*******050");
        assert_eq!(serde_json::to_string(&number).unwrap(), "\"1020304050\"");
        assert_eq!(mask_keep_last("12", 3), "12");
        assert_eq!(serde_json::to_string(&Nit).unwrap(), "\"NIT\"");
        assert_eq!(serde_json::from_str::<DocumentType>("\"PP\"").unwrap(), Pp);
        assert!(serde_json::from_str::<DocumentType>("\"cc\"").is_err());
        assert_eq!(DocumentType::parse("CE"), Some(Ce));
        assert_eq!(DocumentType::parse("XX"), None);
    }
}
