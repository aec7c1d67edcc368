//! The password policy of `domain.md` §5.1.1.

use unicode_general_category::{GeneralCategory, get_general_category};

use crate::field_code::FieldCode;

/// One violated rule; the wire code is [`PasswordViolation::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordViolation {
    /// Fewer than 12 characters.
    TooShort,
    /// More than 128 characters.
    TooLong,
    /// No ASCII digit.
    MissingDigit,
    /// No upper-case letter (A–Z or Á É Í Ó Ú Ü Ñ).
    MissingUppercase,
    /// No lower-case letter (a–z or á é í ó ú ü ñ).
    MissingLowercase,
    /// No punctuation or symbol.
    MissingSpecial,
    /// Equal to the account email, ignoring case.
    SameAsEmail,
    /// Equal to the current password (changes only).
    SameAsCurrent,
}

impl PasswordViolation {
    /// The field code of a 422 item.
    pub fn field_code(self) -> FieldCode {
        match self {
            PasswordViolation::TooShort => FieldCode::TooShort,
            PasswordViolation::TooLong => FieldCode::TooLong,
            PasswordViolation::MissingDigit => FieldCode::MissingDigit,
            PasswordViolation::MissingUppercase => FieldCode::MissingUppercase,
            PasswordViolation::MissingLowercase => FieldCode::MissingLowercase,
            PasswordViolation::MissingSpecial => FieldCode::MissingSpecial,
            PasswordViolation::SameAsEmail => FieldCode::SameAsEmail,
            PasswordViolation::SameAsCurrent => FieldCode::SameAsCurrent,
        }
    }

    /// The stable field code's spelling.
    pub fn code(self) -> &'static str {
        self.field_code().as_str()
    }
}

fn is_upper(c: char) -> bool {
    c.is_ascii_uppercase() || "ÁÉÍÓÚÜÑ".contains(c)
}

fn is_lower(c: char) -> bool {
    c.is_ascii_lowercase() || "áéíóúüñ".contains(c)
}

fn is_special(c: char) -> bool {
    use GeneralCategory::*;
    matches!(
        get_general_category(c),
        ConnectorPunctuation
            | DashPunctuation
            | OpenPunctuation
            | ClosePunctuation
            | InitialPunctuation
            | FinalPunctuation
            | OtherPunctuation
            | MathSymbol
            | CurrencySymbol
            | ModifierSymbol
            | OtherSymbol
    )
}

/// Every rule the password breaks (empty when it is acceptable). `current` is the password in use,
/// given only for a change; comparing it needs the plain text the user just typed and verified.
pub fn check_password(
    password: &str,
    email: &str,
    current: Option<&str>,
) -> Vec<PasswordViolation> {
    let mut violations = Vec::new();
    let length = password.chars().count();
    if length < 12 {
        violations.push(PasswordViolation::TooShort);
    }
    if length > 128 {
        violations.push(PasswordViolation::TooLong);
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        violations.push(PasswordViolation::MissingDigit);
    }
    if !password.chars().any(is_upper) {
        violations.push(PasswordViolation::MissingUppercase);
    }
    if !password.chars().any(is_lower) {
        violations.push(PasswordViolation::MissingLowercase);
    }
    if !password.chars().any(is_special) {
        violations.push(PasswordViolation::MissingSpecial);
    }
    if !email.is_empty() && password.to_lowercase() == email.trim().to_lowercase() {
        violations.push(PasswordViolation::SameAsEmail);
    }
    if current.is_some_and(|current| current == password) {
        violations.push(PasswordViolation::SameAsCurrent);
    }
    violations
}

#[cfg(test)]
mod tests {
    use super::{PasswordViolation::*, check_password};

    #[test]
    fn spec_examples() {
        assert_eq!(
            check_password("weakpass", "a@b.co", None),
            vec![TooShort, MissingDigit, MissingUppercase, MissingSpecial]
        );
        assert!(check_password("Stronger!2024Pass", "a@b.co", None).is_empty());
        assert!(check_password("Contraseña2024!", "a@b.co", None).is_empty());
        assert_eq!(
            check_password("ÁRBOLVERDE2024#", "a@b.co", None),
            vec![MissingLowercase]
        );
        assert_eq!(
            check_password("ñandú2024#xyzw", "a@b.co", None),
            vec![MissingUppercase]
        );
    }

    #[test]
    fn accents_count_as_letters_not_specials() {
        assert_eq!(
            check_password("Árbolverde2024", "a@b.co", None),
            vec![MissingSpecial]
        );
        assert_eq!(
            check_password("Árbol verde 2024", "a@b.co", None),
            vec![MissingSpecial]
        );
        assert!(check_password("Árbol`verde2024", "a@b.co", None).is_empty());
    }

    #[test]
    fn email_current_and_length() {
        assert!(check_password("User1!@mail.co", "USER1!@MAIL.CO", None).contains(&SameAsEmail));
        assert_eq!(
            check_password("Changeit!2024", "a@b.co", Some("Changeit!2024")),
            vec![SameAsCurrent]
        );
        let long = format!("Aa1!{}", "x".repeat(125));
        assert_eq!(check_password(&long, "a@b.co", None), vec![TooLong]);
    }
}
