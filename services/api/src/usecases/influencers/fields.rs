//! Field rules of `domain.md` §5.2.2 shared by registration and edits: each checker records its
//! problem under the request's field name and returns the normalised value when valid.

use afiliados_api_types::influencers::BankAccountRequest;
use afiliados_domain::{
    BankAccount, BankAccountInput, DocumentNumber, DocumentType, Email, FieldCode, PersonName,
    Phone, optional_text, parse_social_links,
};

use crate::usecases::Problems;

/// The value was invalid and its problem is already recorded in [`Problems`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded;

/// Longest city and department.
pub const CITY_MAX: usize = 80;
/// Longest address.
pub const ADDRESS_MAX: usize = 200;

/// A given or family name.
pub fn name(field: &str, raw: &str, problems: &mut Problems) -> Option<String> {
    problems
        .check(field, PersonName::parse(raw))
        .map(|n| n.as_str().to_owned())
}

/// An email, lower-cased.
pub fn email(raw: &str, problems: &mut Problems) -> Option<Email> {
    if raw.trim().is_empty() {
        problems.push("email", FieldCode::Required);
        return None;
    }
    let parsed = Email::parse(raw);
    if parsed.is_none() {
        problems.push("email", FieldCode::InvalidFormat);
    }
    parsed
}

/// A document type (`CC|CE|NIT|PP`).
pub fn document_type(raw: &str, problems: &mut Problems) -> Option<DocumentType> {
    if raw.trim().is_empty() {
        problems.push("documentType", FieldCode::Required);
        return None;
    }
    let parsed = DocumentType::parse(raw.trim());
    if parsed.is_none() {
        problems.push("documentType", FieldCode::InvalidEnum);
    }
    parsed
}

/// A document number for a known type; with an unknown type only emptiness can be judged.
pub fn document_number(
    doc_type: Option<DocumentType>,
    raw: &str,
    problems: &mut Problems,
) -> Option<DocumentNumber> {
    match doc_type {
        Some(doc_type) => problems.check("documentNumber", DocumentNumber::parse(doc_type, raw)),
        None => {
            if raw.trim().is_empty() {
                problems.push("documentNumber", FieldCode::Required);
            }
            None
        }
    }
}

/// An optional phone; blank means none.
pub fn phone(raw: Option<&str>, problems: &mut Problems) -> Result<Option<String>, Recorded> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(raw) => match Phone::parse(raw) {
            Ok(phone) => Ok(Some(phone.as_str().to_owned())),
            Err(code) => {
                problems.push("phone", code);
                Err(Recorded)
            }
        },
    }
}

/// Optional free text with a maximum length; blank means none.
pub fn text(
    field: &str,
    raw: Option<&str>,
    max: usize,
    problems: &mut Problems,
) -> Result<Option<String>, Recorded> {
    optional_text(raw, max).map_err(|code| {
        problems.push(field, code);
        Recorded
    })
}

/// ISO 3166-1 alpha-2, upper-cased; blank means the default `CO`.
pub fn country(raw: Option<&str>, problems: &mut Problems) -> Option<String> {
    let value = raw.map(str::trim).unwrap_or_default();
    if value.is_empty() {
        return Some("CO".into());
    }
    if value.len() == 2 && value.chars().all(|c| c.is_ascii_alphabetic()) {
        Some(value.to_ascii_uppercase())
    } else {
        problems.push("country", FieldCode::InvalidFormat);
        None
    }
}

/// 0–10 https URLs.
pub fn social_links(raw: &[String], problems: &mut Problems) -> Option<Vec<String>> {
    match parse_social_links(raw) {
        Ok(links) => Some(links.iter().map(|l| l.as_str().to_owned()).collect()),
        Err(errors) => {
            problems.extend(errors);
            None
        }
    }
}

/// A bank account (problems at `bankAccount.<field>`).
pub fn bank_account(raw: &BankAccountRequest, problems: &mut Problems) -> Option<BankAccount> {
    let input = BankAccountInput {
        account_holder: raw.account_holder.clone(),
        bank_name: raw.bank_name.clone(),
        account_type: raw.account_type.clone(),
        account_number: raw.account_number.clone(),
    };
    match BankAccount::parse(&input) {
        Ok(account) => Some(account),
        Err(errors) => {
            problems.extend(errors);
            None
        }
    }
}

/// The password rules of §5.1.1 (each broken rule at `password`).
pub fn password(raw: &str, email: &str, problems: &mut Problems) {
    for violation in afiliados_domain::check_password(raw, email, None) {
        problems.push("password", violation.field_code());
    }
}
