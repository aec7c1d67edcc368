//! Parsing of list filters shared by the money lists (orders, commissions, ledger, balances):
//! comma lists of a closed vocabulary, `from`/`to` bounds and the stored spellings read back.
//! Unknown values are field problems (422), never a 500.

use afiliados_domain::FieldCode;
use chrono::{DateTime, NaiveDate, Utc};

use super::{Problems, UseCaseError};

/// The comma list `raw`, each value parsed with `parse`; an unknown one is `invalid_enum`.
pub fn enum_list<T: Copy>(
    raw: Option<&str>,
    field: &str,
    parse: fn(&str) -> Option<T>,
    problems: &mut Problems,
) -> Vec<T> {
    let mut values = Vec::new();
    for value in raw.unwrap_or_default().split(',').map(str::trim) {
        if value.is_empty() {
            continue;
        }
        match parse(value) {
            Some(parsed) => values.push(parsed),
            None => {
                problems.push(field, FieldCode::InvalidEnum);
                return Vec::new();
            }
        }
    }
    values
}

/// A range bound: an RFC 3339 instant, or a business date meaning its start in Bogota.
pub fn instant(field: &str, raw: Option<&str>, problems: &mut Problems) -> Option<DateTime<Utc>> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.with_timezone(&Utc));
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(date) => Some(afiliados_domain::business_day_start(date)),
        Err(_) => {
            problems.push(field, FieldCode::InvalidFormat);
            None
        }
    }
}

/// A stored vocabulary value read back; anything else is a broken row (500).
pub fn stored<T>(value: &str, parse: fn(&str) -> Option<T>) -> Result<T, UseCaseError> {
    parse(value).ok_or_else(|| UseCaseError::internal(format!("stored value `{value}` unknown")))
}
