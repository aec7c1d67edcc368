//! Collecting 422 field problems: domain validators answer `afiliados_domain::FieldError`, the
//! envelope wants `afiliados_api_types::FieldError` with a message; and the exact-decimal
//! conversions every catalogue representation needs.

use afiliados_api_types::FieldError;
use afiliados_domain::{FieldCode, Money, Percent};
use rust_decimal::Decimal;

use crate::error::{ApiError, field_message};

/// Problems found so far.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<FieldError>);

impl Problems {
    /// Adds one problem.
    pub fn push(&mut self, field: impl Into<String>, code: &str) {
        self.0.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: field_message(code),
        });
    }

    /// Adds a domain problem.
    pub fn code(&mut self, field: impl Into<String>, code: FieldCode) {
        self.push(field, code.as_str());
    }

    /// Adds the problems of a domain validator.
    pub fn extend(&mut self, errors: Vec<afiliados_domain::FieldError>) {
        for error in errors {
            self.push(error.field, error.code.as_str());
        }
    }

    /// Adds the problems of a validator result and returns its value, if any.
    pub fn take<T>(&mut self, result: Result<T, Vec<afiliados_domain::FieldError>>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(errors) => {
                self.extend(errors);
                None
            }
        }
    }

    /// Adds a field's failure and returns its value, if any.
    pub fn field<T>(&mut self, field: &str, result: Result<T, FieldCode>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.code(field, code);
                None
            }
        }
    }

    /// Whether nothing failed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when nothing failed, else the 422.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.0))
        }
    }
}

/// A stored `NUMERIC(14, 2)` as money.
pub fn money(value: Decimal) -> Money {
    Money::rounded(value)
}

/// A stored `NUMERIC(5, 2)` rate as a percent (the CHECK constraints keep it in 0–100).
pub fn percent(value: Decimal) -> Percent {
    Percent::from_decimal(afiliados_domain::round_money(value)).unwrap_or_default()
}
