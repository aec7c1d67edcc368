//! [`Problems`]: the one way a use case collects field problems before refusing, so a single 422
//! names every field that failed. Codes are the domain's [`FieldCode`]; some problems carry
//! `params` (`consent_missing` lists the missing policy types). The api renders each problem as
//! `{field, code, message[, params]}` (see `crate::error`); nothing here knows about HTTP.

use afiliados_domain::{FieldCode, FieldError};
use serde_json::Value;

use super::error::UseCaseError;

/// One failing field.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The field's path as the request spells it (`code`, `bankAccount.accountNumber`,
    /// `tiers[1].threshold`).
    pub field: String,
    /// Why it failed.
    pub code: FieldCode,
    /// Extra facts for the client (`{"missing": ["terms"]}`), when the code has any.
    pub params: Option<Value>,
}

/// The problems found so far, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// No problems yet.
    pub fn new() -> Problems {
        Problems::default()
    }

    /// One problem.
    pub fn push(&mut self, field: impl Into<String>, code: FieldCode) {
        self.0.push(Problem {
            field: field.into(),
            code,
            params: None,
        });
    }

    /// One problem with parameters.
    pub fn push_with(&mut self, field: impl Into<String>, code: FieldCode, params: Value) {
        self.0.push(Problem {
            field: field.into(),
            code,
            params: Some(params),
        });
    }

    /// The problems of a domain validator (they carry their own field paths).
    pub fn extend(&mut self, errors: Vec<FieldError>) {
        for error in errors {
            self.push(error.field, error.code);
        }
    }

    /// Records the failure of `result` under `field` and passes its value on.
    pub fn check<T>(&mut self, field: &str, result: Result<T, FieldCode>) -> Option<T> {
        result.map_err(|code| self.push(field, code)).ok()
    }

    /// Records the failures of a domain validator's `result` and passes its value on.
    pub fn take<T>(&mut self, result: Result<T, Vec<FieldError>>) -> Option<T> {
        result.map_err(|errors| self.extend(errors)).ok()
    }

    /// Whether nothing failed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems, in order.
    pub fn items(&self) -> &[Problem] {
        &self.0
    }

    /// `Ok` when nothing failed, else [`UseCaseError::Invalid`] with every problem.
    pub fn finish(self) -> Result<(), UseCaseError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(UseCaseError::Invalid(self))
        }
    }
}

impl std::fmt::Display for Problems {
    /// `field: code, …` — for logs and test failures (values are never included).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut first = true;
        for problem in &self.0 {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            write!(f, "{}: {}", problem.field, problem.code)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_in_order_and_refuses_once() {
        let mut problems = Problems::new();
        assert!(problems.clone().finish().is_ok());
        assert_eq!(problems.check("maxUses", Ok::<_, FieldCode>(3)), Some(3));
        assert_eq!(
            problems.check::<i32>("maxUses", Err(FieldCode::OutOfRange)),
            None
        );
        problems.take::<()>(Err(vec![FieldError::new("endsOn", FieldCode::DateOrder)]));
        problems.push_with(
            "acceptedPolicyVersionIds",
            FieldCode::ConsentMissing,
            serde_json::json!({ "missing": ["terms"] }),
        );
        assert_eq!(
            problems.to_string(),
            "maxUses: out_of_range, endsOn: date_order, acceptedPolicyVersionIds: consent_missing"
        );
        let Err(UseCaseError::Invalid(refused)) = problems.finish() else {
            panic!("three problems refuse");
        };
        assert_eq!(refused.items().len(), 3);
        assert!(refused.items()[2].params.is_some());
    }
}
