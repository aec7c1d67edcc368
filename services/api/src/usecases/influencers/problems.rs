//! Collecting every field problem of a request before answering, so one 422 names them all.

use afiliados_domain::FieldCode;
use serde_json::Value;

use crate::error::{ApiError, field_item};

/// The problems found so far.
#[derive(Debug, Default)]
pub struct Problems(Vec<Value>);

impl Problems {
    /// No problems yet.
    pub fn new() -> Problems {
        Problems::default()
    }

    /// One problem with a field code.
    pub fn push(&mut self, field: &str, code: &str) {
        self.0.push(field_item(field, code, None));
    }

    /// One problem with parameters (`consent_missing` lists the missing types).
    pub fn push_with(&mut self, field: &str, code: &str, params: Value) {
        self.0.push(field_item(field, code, Some(params)));
    }

    /// A domain validation code.
    pub fn code(&mut self, field: &str, code: FieldCode) {
        self.push(field, code.as_str());
    }

    /// Problems reported by a domain parser (with their own field paths).
    pub fn domain(&mut self, errors: Vec<afiliados_domain::FieldError>) {
        for error in errors {
            self.push(&error.field, error.code.as_str());
        }
    }

    /// Records the error of `result` under `field` and passes the value on.
    pub fn check<T>(&mut self, field: &str, result: Result<T, FieldCode>) -> Option<T> {
        result.map_err(|code| self.code(field, code)).ok()
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// 422 with every problem, or `Ok` when there are none.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::ValidationItems(self.0))
        }
    }
}
