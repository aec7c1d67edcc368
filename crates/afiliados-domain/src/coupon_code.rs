//! Discount code format, generation and validation (`domain.md` §5.5.1).

use serde::{Deserialize, Serialize};

use crate::FieldCode;

/// RFC 4648 base32 alphabet used for the random suffix.
pub const SUFFIX_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// Characters in the random suffix.
pub const SUFFIX_LEN: usize = 4;
/// Suffix draws before answering 409 `code_generation_exhausted`.
pub const MAX_GENERATION_ATTEMPTS: usize = 5;
/// Longest code.
pub const MAX_CODE_LEN: usize = 30;
/// Longest handle taken from the first given name.
pub const MAX_HANDLE_LEN: usize = 10;
/// Shortest handle before letters of the surname are appended.
pub const MIN_HANDLE_LEN: usize = 3;
/// Handle used when the names give no letter at all.
pub const FALLBACK_HANDLE: &str = "AFI";

/// A brand's `coupon_prefix`: 2–10 of `A–Z0–9`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CouponPrefix(String);

impl CouponPrefix {
    /// Trims and checks `^[A-Z0-9]{2,10}$` (case-sensitive: `cetaphil` → `invalid_format`).
    pub fn parse(raw: &str) -> Result<CouponPrefix, FieldCode> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(FieldCode::Required);
        }
        if !value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Err(FieldCode::InvalidFormat);
        }
        match value.len() {
            0..2 => Err(FieldCode::TooShort),
            2..=10 => Ok(CouponPrefix(value.to_owned())),
            _ => Err(FieldCode::TooLong),
        }
    }

    /// The prefix.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CouponPrefix {
    type Error = FieldCode;
    fn try_from(value: String) -> Result<CouponPrefix, FieldCode> {
        CouponPrefix::parse(&value)
    }
}

impl From<CouponPrefix> for String {
    fn from(prefix: CouponPrefix) -> String {
        prefix.0
    }
}

/// An upper-case discount code, generated or custom.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CouponCode(String);

impl CouponCode {
    /// `PREFIX-HANDLESUFFIX`, the suffix drawn from `random` (each byte picks one of the 32
    /// alphabet characters, `byte % 32`, which is uniform). Callers pass bytes from a
    /// cryptographic generator and draw again on a uniqueness violation.
    pub fn generate(
        prefix: &CouponPrefix,
        first_name: &str,
        last_name: &str,
        random: [u8; SUFFIX_LEN],
    ) -> CouponCode {
        let handle = code_handle(first_name, last_name);
        CouponCode(format!(
            "{}-{handle}{}",
            prefix.as_str(),
            suffix_from_bytes(random)
        ))
    }

    /// A custom code: trimmed, upper-cased, `^[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){3,29}$`.
    /// Codes: `required`, `too_short`, `too_long`, `invalid_format`.
    pub fn parse_custom(raw: &str) -> Result<CouponCode, FieldCode> {
        let value = normalize_code(raw);
        if value.is_empty() {
            return Err(FieldCode::Required);
        }
        let bytes = value.as_bytes();
        let alnum = |b: &u8| b.is_ascii_uppercase() || b.is_ascii_digit();
        let shape_ok = bytes.iter().all(|b| alnum(b) || *b == b'-')
            && bytes.first().is_some_and(alnum)
            && bytes.last().is_some_and(alnum)
            && !value.contains("--");
        if !shape_ok {
            return Err(FieldCode::InvalidFormat);
        }
        match bytes.len() {
            0..4 => Err(FieldCode::TooShort),
            4..=MAX_CODE_LEN => Ok(CouponCode(value)),
            _ => Err(FieldCode::TooLong),
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the code starts with `prefix` followed by `-` (a custom code that does so for
    /// another brand's prefix → 409 `code_prefix_reserved`).
    pub fn uses_prefix(&self, prefix: &CouponPrefix) -> bool {
        self.0
            .strip_prefix(prefix.as_str())
            .is_some_and(|rest| rest.starts_with('-'))
    }
}

impl TryFrom<String> for CouponCode {
    type Error = FieldCode;
    fn try_from(value: String) -> Result<CouponCode, FieldCode> {
        CouponCode::parse_custom(&value)
    }
}

impl From<CouponCode> for String {
    fn from(code: CouponCode) -> String {
        code.0
    }
}

impl std::fmt::Display for CouponCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How an order's coupon is matched: trimmed and upper-cased (`cetaphil-isabela7kq2` matches
/// `CETAPHIL-ISABELA7KQ2`).
pub fn normalize_code(raw: &str) -> String {
    raw.trim().to_uppercase()
}

/// Four base32 characters from four random bytes.
pub fn suffix_from_bytes(random: [u8; SUFFIX_LEN]) -> String {
    random
        .iter()
        .map(|byte| char::from(SUFFIX_ALPHABET[usize::from(byte % 32)]))
        .collect()
}

/// The `HANDLE` part: first given name folded, upper-cased, `A–Z` only, cut to 10; letters of the
/// first surname appended while shorter than 3; `AFI` when still empty.
pub fn code_handle(first_name: &str, last_name: &str) -> String {
    let mut handle = letters_of_first_word(first_name);
    handle.truncate(MAX_HANDLE_LEN);
    if handle.len() < MIN_HANDLE_LEN {
        let surname = letters_of_first_word(last_name);
        let missing = MIN_HANDLE_LEN - handle.len();
        handle.extend(surname.chars().take(missing));
    }
    if handle.is_empty() {
        FALLBACK_HANDLE.to_owned()
    } else {
        handle
    }
}

fn letters_of_first_word(name: &str) -> String {
    name.split_whitespace()
        .next()
        .unwrap_or_default()
        .chars()
        .filter_map(fold_letter)
        .collect()
}

/// `á→A é→E í→I ó→O ú→U ü→U ñ→N` (either case), other ASCII letters upper-cased, the rest dropped.
fn fold_letter(c: char) -> Option<char> {
    let folded = match c {
        'á' | 'Á' => 'A',
        'é' | 'É' => 'E',
        'í' | 'Í' => 'I',
        'ó' | 'Ó' => 'O',
        'ú' | 'Ú' | 'ü' | 'Ü' => 'U',
        'ñ' | 'Ñ' => 'N',
        other => other.to_ascii_uppercase(),
    };
    folded.is_ascii_uppercase().then_some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefix(raw: &str) -> CouponPrefix {
        CouponPrefix::parse(raw).unwrap()
    }

    /// Bytes that pick the given suffix characters.
    fn bytes_for(suffix: &str) -> [u8; 4] {
        let mut out = [0u8; 4];
        for (slot, c) in out.iter_mut().zip(suffix.bytes()) {
            let index = SUFFIX_ALPHABET.iter().position(|a| *a == c).unwrap();
            *slot = u8::try_from(index).unwrap() + 64;
        }
        out
    }

    #[test]
    fn spec_examples() {
        let code = CouponCode::generate(&prefix("CETAPHIL"), "Isabela", "Gómez", bytes_for("7KQ2"));
        assert_eq!(code.as_str(), "CETAPHIL-ISABELA7KQ2");
        let code = CouponCode::generate(&prefix("LRP"), "María José", "Ñúñez", bytes_for("H3ZD"));
        assert_eq!(code.as_str(), "LRP-MARIAH3ZD");
        assert_eq!(code_handle("Li", "Wu"), "LIW");
        let code = CouponCode::generate(&prefix("AVENE"), "Li", "Wu", bytes_for("Q4TB"));
        assert_eq!(code.as_str(), "AVENE-LIWQ4TB");
    }

    #[test]
    fn handles() {
        assert_eq!(code_handle("Maximiliano Andrés", "Ruiz"), "MAXIMILIAN");
        assert_eq!(code_handle("Ñúñez", "X"), "NUNEZ");
        assert_eq!(code_handle("Jo", "Ñ"), "JON");
        assert_eq!(code_handle("O'Neil", "Páez"), "ONEIL");
        assert_eq!(code_handle("A", ""), "A");
        assert_eq!(code_handle("李", "王"), "AFI");
        assert_eq!(code_handle("", ""), "AFI");
        assert_eq!(code_handle("Ángela", "Ruiz"), "ANGELA");
    }

    #[test]
    fn suffixes_use_base32_and_fit() {
        assert_eq!(suffix_from_bytes([0, 25, 26, 31]), "AZ27");
        assert_eq!(suffix_from_bytes([32, 255, 63, 224]), "A77A");
        let longest = CouponCode::generate(&prefix("ABCDEFGHIJ"), "Maximiliano", "", [9; 4]);
        assert!(longest.as_str().len() <= MAX_CODE_LEN);
        assert!(CouponCode::parse_custom(longest.as_str()).is_ok());
    }

    #[test]
    fn prefixes() {
        assert_eq!(CouponPrefix::parse(" LRP ").unwrap().as_str(), "LRP");
        assert_eq!(CouponPrefix::parse("A"), Err(FieldCode::TooShort));
        assert_eq!(CouponPrefix::parse("ABCDEFGHIJK"), Err(FieldCode::TooLong));
        assert_eq!(CouponPrefix::parse("lrp"), Err(FieldCode::InvalidFormat));
        assert_eq!(CouponPrefix::parse("L-P"), Err(FieldCode::InvalidFormat));
        assert_eq!(CouponPrefix::parse(""), Err(FieldCode::Required));
    }

    #[test]
    fn custom_codes() {
        let code = CouponCode::parse_custom(" isa-verano26 ").unwrap();
        assert_eq!(code.as_str(), "ISA-VERANO26");
        assert!(CouponCode::parse_custom("ABCD").is_ok());
        assert!(CouponCode::parse_custom(&"A".repeat(30)).is_ok());
        assert_eq!(CouponCode::parse_custom("ABC"), Err(FieldCode::TooShort));
        assert_eq!(
            CouponCode::parse_custom(&"A".repeat(31)),
            Err(FieldCode::TooLong)
        );
        for bad in [
            "-ABCD", "ABCD-", "AB--CD", "AB CD", "ÁBCD", "AB_CD", "AB.CD",
        ] {
            assert_eq!(
                CouponCode::parse_custom(bad),
                Err(FieldCode::InvalidFormat),
                "{bad}"
            );
        }
        assert_eq!(CouponCode::parse_custom("  "), Err(FieldCode::Required));
    }

    #[test]
    fn reserved_prefix_and_lookup() {
        let code = CouponCode::parse_custom("cetaphil-promo").unwrap();
        assert!(code.uses_prefix(&prefix("CETAPHIL")));
        assert!(!code.uses_prefix(&prefix("CETA")));
        let plain = CouponCode::parse_custom("CETAPHILPROMO").unwrap();
        assert!(!plain.uses_prefix(&prefix("CETAPHIL")));
        assert_eq!(
            normalize_code(" cetaphil-isabela7kq2 "),
            "CETAPHIL-ISABELA7KQ2"
        );
    }
}
