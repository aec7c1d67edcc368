//! The api's stable error codes and 422 field codes, turned into Spanish or English text, and the
//! feedback a form shows when the api refuses it. Messages live in the catalogue under
//! `api_error.<code>` and `field_error.<code>`; this module is the only place that maps them.

use actix_web::http::StatusCode;
use afiliados_api_client::ApiClientError;
use afiliados_api_types::{ApiErrorCode, FieldError};

use crate::error::WebError;
use crate::i18n::I18n;

/// The message for an error code as the api spelled it: money-out codes this build's
/// [`ApiErrorCode`] may not know yet still find their text in the catalogue.
pub(crate) fn wire_error_message(i18n: I18n, wire_code: &str) -> String {
    let key = format!("api_error.{wire_code}");
    if i18n.has(&key) {
        i18n.t(&key).to_owned()
    } else {
        i18n.t("api_error.unknown").to_owned()
    }
}

/// The message for a 422 field code; the api's own text when the catalogue lacks the code.
pub(crate) fn field_error_message(i18n: I18n, error: &FieldError) -> String {
    let key = format!("field_error.{}", error.code);
    if i18n.has(&key) {
        i18n.t(&key).to_owned()
    } else if error.message.is_empty() {
        i18n.t("field_error.invalid").to_owned()
    } else {
        error.message.clone()
    }
}

/// Messages per form field (camelCase, as the api names them).
#[derive(Debug, Default, Clone)]
pub(crate) struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    pub(crate) fn add(&mut self, field: &str, message: String) {
        self.0.push((field.to_owned(), message));
    }

    /// The messages of one field, for the template.
    pub(crate) fn of(&self, field: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(name, _)| name == field)
            .map(|(_, message)| message.as_str())
            .collect()
    }

    /// The messages of one field and of its list items (`socialLinks`, `socialLinks[1]`).
    pub(crate) fn of_prefix(&self, field: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(name, _)| {
                name == field
                    || name
                        .strip_prefix(field)
                        .is_some_and(|rest| rest.starts_with('['))
            })
            .map(|(_, message)| message.as_str())
            .collect()
    }

    /// The messages of a field and of everything inside it (`details`, `details.phone`,
    /// `details[0]`): for forms whose sub-fields have no input of their own.
    pub(crate) fn of_nested(&self, field: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(name, _)| {
                name == field
                    || name
                        .strip_prefix(field)
                        .is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
            })
            .map(|(_, message)| message.as_str())
            .collect()
    }

    /// The messages of a field of one list item (`tiers[2].threshold`).
    pub(crate) fn of_indexed(&self, list: &str, index: &usize, field: &str) -> Vec<&str> {
        let name = format!("{list}[{index}].{field}");
        self.0
            .iter()
            .filter(|(key, _)| *key == name)
            .map(|(_, message)| message.as_str())
            .collect()
    }

    /// Every message, for forms that show them above the fields.
    pub(crate) fn all(&self) -> Vec<&str> {
        self.0.iter().map(|(_, message)| message.as_str()).collect()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Says `message` instead of whatever was said about `field`, when something was.
    pub(crate) fn reword(&mut self, field: &str, message: &str) {
        let before = self.0.len();
        self.0.retain(|(name, _)| name != field);
        if self.0.len() != before {
            self.add(field, message.to_owned());
        }
    }
}

/// What a form shows after the api refused it.
#[derive(Debug)]
pub(crate) struct FormFeedback {
    /// 422 for validation, otherwise the api's 4xx.
    pub(crate) status: StatusCode,
    /// The api error code, for handlers that branch on it.
    pub(crate) code: ApiErrorCode,
    /// The code as the api spelled it (`batch_conflict`), known to this build or not.
    pub(crate) wire_code: String,
    /// The envelope's `details`, for pages that show their facts (`available`, `payableFrom`).
    pub(crate) details: Vec<serde_json::Value>,
    /// Above the form.
    pub(crate) message: Option<String>,
    /// Next to the fields.
    pub(crate) fields: FieldErrors,
}

/// Turns a refusal the user can fix (a 4xx other than 401, 403 `forbidden`/`consent_required` and
/// 404) into form feedback; everything else stays an error page (or the re-acceptance redirect).
pub(crate) fn form_feedback(error: WebError, i18n: I18n) -> Result<FormFeedback, WebError> {
    let WebError::Api(ApiClientError::Api {
        status,
        body,
        wire_code,
    }) = error
    else {
        return Err(error);
    };
    let fixable = status.is_client_error()
        && !matches!(
            body.error,
            ApiErrorCode::Forbidden
                | ApiErrorCode::NotFound
                | ApiErrorCode::Unauthenticated
                // The influencer goes to the re-acceptance page instead (see `error.rs`).
                | ApiErrorCode::ConsentRequired
        );
    if !fixable {
        return Err(WebError::Api(ApiClientError::Api {
            status,
            body,
            wire_code,
        }));
    }
    let mut fields = FieldErrors::default();
    for detail in &body.details {
        if let Ok(field_error) = serde_json::from_value::<FieldError>(detail.clone()) {
            fields.add(&field_error.field, field_error_message(i18n, &field_error));
        }
    }
    let message = if body.error == ApiErrorCode::ValidationFailed && !fields.is_empty() {
        None
    } else {
        Some(wire_error_message(i18n, &wire_code))
    };
    Ok(FormFeedback {
        status: StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
        code: body.error,
        wire_code,
        details: body.details,
        message,
        fields,
    })
}

/// The flash text for an action the api refused; errors the user cannot fix stay errors.
pub(crate) fn refusal(i18n: I18n, error: WebError) -> Result<String, WebError> {
    let feedback = form_feedback(error, i18n)?;
    let mut parts: Vec<String> = feedback.message.into_iter().collect();
    parts.extend(feedback.fields.all().into_iter().map(str::to_owned));
    Ok(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use afiliados_api_types::ApiErrorBody;
    use afiliados_domain::Locale;

    use super::*;

    #[test]
    fn every_api_code_has_a_message_in_both_languages() {
        for locale in [Locale::Es, Locale::En] {
            let i18n = I18n::new(locale);
            for code in ApiErrorCode::ALL {
                assert!(
                    i18n.has(&format!("api_error.{}", code.as_str())),
                    "{locale:?} lacks {code}"
                );
            }
        }
    }

    #[test]
    fn validation_details_land_next_to_fields() {
        let body = ApiErrorBody {
            error: ApiErrorCode::ValidationFailed,
            message: "x".into(),
            details: vec![
                serde_json::json!({"field": "newPassword", "code": "missing_digit", "message": "m"}),
            ],
        };
        let error = WebError::Api(ApiClientError::Api {
            status: reqwest_status(422),
            body,
            wire_code: "validation_failed".into(),
        });
        let feedback = form_feedback(error, I18n::new(Locale::Es)).unwrap();
        assert_eq!(feedback.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(feedback.fields.of("newPassword").len(), 1);
        assert!(feedback.message.is_none());
    }

    #[test]
    fn list_items_belong_to_their_list() {
        let mut fields = FieldErrors::default();
        fields.add("socialLinks[1]", "a".into());
        fields.add("socialLinks", "b".into());
        fields.add("socialLinksX", "c".into());
        fields.add("bankAccount.bankName", "d".into());
        assert_eq!(fields.of_prefix("socialLinks"), vec!["a", "b"]);
        assert!(fields.of_prefix("bankAccount").is_empty());
        assert_eq!(fields.of_nested("bankAccount"), vec!["d"]);
        assert!(fields.of_nested("bank").is_empty());
        assert_eq!(fields.all().len(), 4);
        fields.reword("socialLinks", "e");
        fields.reword("absent", "f");
        assert_eq!(fields.of("socialLinks"), vec!["e"]);
        assert!(fields.of("absent").is_empty());
    }

    /// Field codes of `api.md` §0.4 the onboarding forms can receive.
    #[test]
    fn field_codes_have_messages_in_both_languages() {
        let codes = [
            "required",
            "invalid_format",
            "invalid_enum",
            "invalid_type",
            "not_allowed",
            "too_short",
            "too_long",
            "out_of_range",
            "invalid_amount",
            "below_minimum",
            "exceeds_campaign_max",
            "date_order",
            "not_in_future",
            "in_future",
            "not_unique_in_list",
            "consent_missing",
            "policy_version_not_active",
            "invalid_check_digit",
            "checksum_mismatch",
            "unknown_reference",
            "missing_digit",
            "missing_uppercase",
            "missing_lowercase",
            "missing_special",
            "same_as_email",
            "same_as_current",
            "file_type_not_allowed",
            "file_too_large",
            "not_with_email_change",
        ];
        for locale in [Locale::Es, Locale::En] {
            for code in codes {
                assert!(
                    I18n::new(locale).has(&format!("field_error.{code}")),
                    "{locale:?} lacks field_error.{code}"
                );
            }
        }
    }

    /// The money-out codes of `api.md` §0.4 and §11 have their own text in both languages, also
    /// before this build's `ApiErrorCode` knows them (the web looks them up as spelled).
    #[test]
    fn money_out_codes_have_messages_in_both_languages() {
        let codes = [
            "influencer_not_approved",
            "withdrawal_exceeds_available",
            "withdrawal_already_decided",
            "withdrawal_not_approved",
            "withdrawal_on_hold",
            "withdrawal_in_batch",
            "balance_negative",
            "adjustment_already_resolved",
            "adjustment_not_covered",
            "batch_empty",
            "batch_conflict",
            "batch_not_open",
            "segregation_of_duties",
            "dual_control_required",
            "idempotency_key_reused",
            "consent_required",
        ];
        for locale in [Locale::Es, Locale::En] {
            let i18n = I18n::new(locale);
            for code in codes {
                assert!(
                    i18n.has(&format!("api_error.{code}")),
                    "{locale:?} lacks {code}"
                );
                assert_ne!(wire_error_message(i18n, code), i18n.t("api_error.unknown"));
            }
            assert!(i18n.has("field_error.payment_amount_mismatch"));
        }
        assert_eq!(
            wire_error_message(I18n::new(Locale::En), "not_a_code_yet"),
            I18n::new(Locale::En).t("api_error.unknown")
        );
    }

    #[test]
    fn server_errors_stay_errors() {
        let body = ApiErrorBody {
            error: ApiErrorCode::InternalError,
            message: "x".into(),
            details: vec![],
        };
        let error = WebError::Api(ApiClientError::Api {
            status: reqwest_status(500),
            body,
            wire_code: "internal_error".into(),
        });
        assert!(form_feedback(error, I18n::new(Locale::Es)).is_err());
    }

    fn reqwest_status(code: u16) -> reqwest::StatusCode {
        reqwest::StatusCode::from_u16(code).unwrap()
    }
}
