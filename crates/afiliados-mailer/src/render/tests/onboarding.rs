//! The payload contract of the onboarding messages (issue 3): every field is required, a wrong
//! type or an unknown label is a permanent error, unknown fields are ignored.

use serde_json::json;

use super::payloads::{payload, with};
use crate::{MailError, RenderedEmail, Result, render};

const ONBOARDING: &[&str] = &[
    "welcome_registration_received",
    "set_password",
    "influencer_approved",
    "influencer_rejected",
    "influencer_suspended",
    "influencer_reactivated",
    "bank_account_changed",
    "arco_request_received",
    "arco_request_resolved",
    "code_activated",
];

fn assert_permanent_payload_error(result: Result<RenderedEmail>, template: &str, what: &str) {
    assert!(
        matches!(&result, Err(MailError::InvalidPayload { template: t, .. }) if t == template),
        "{template} without {what}: {result:?}"
    );
    assert!(
        result.is_err_and(|error| error.is_permanent()),
        "{template} without {what} must not be retried"
    );
}

#[test]
fn every_onboarding_template_is_listed() {
    for template in ONBOARDING {
        assert!(crate::TEMPLATES.contains(template), "{template}");
    }
}

#[test]
fn a_missing_field_is_a_permanent_payload_error() {
    for template in ONBOARDING {
        let full = payload(template);
        for key in full
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            for locale in ["es", "en"] {
                let result = render(
                    template,
                    locale,
                    &with(template, json!({ key.clone(): null })),
                );
                assert_permanent_payload_error(result, template, &key);
            }
        }
    }
    // A code inside `influencer_approved` is checked field by field too.
    for key in ["code", "campaignName", "discountPercent"] {
        let mut code = json!({ "code": "X-1", "campaignName": "C", "discountPercent": "10.00" });
        code.as_object_mut().map(|o| o.remove(key));
        let payload = with("influencer_approved", json!({ "codes": [code] }));
        assert_permanent_payload_error(
            render("influencer_approved", "es", &payload),
            "influencer_approved",
            key,
        );
    }
}

#[test]
fn wrong_types_and_unknown_labels_are_permanent_payload_errors() {
    let cases = [
        (
            "welcome_registration_received",
            json!({ "reviewDays": "tres" }),
        ),
        (
            "influencer_approved",
            json!({ "codes": "CETAPHIL-ANA7KQ3" }),
        ),
        ("arco_request_received", json!({ "requestType": "erase" })),
        ("arco_request_resolved", json!({ "decision": "maybe" })),
        ("code_activated", json!({ "discountPercent": true })),
        // Instants are typed: text that is not RFC 3339 is refused, not shown verbatim.
        ("set_password", json!({ "expiresAt": "pronto" })),
        ("bank_account_changed", json!({ "changedAt": "ayer" })),
        ("arco_request_received", json!({ "dueAt": "2026-13-45" })),
        (
            "arco_request_received",
            json!({ "requestId": "not-a-uuid" }),
        ),
    ];
    for (template, change) in cases {
        let result = render(template, "es", &with(template, change.clone()));
        assert_permanent_payload_error(result, template, &change.to_string());
    }
}

#[test]
fn unknown_fields_are_ignored() -> Result<()> {
    for template in crate::TEMPLATES {
        let extra = with(
            template,
            json!({ "tenantId": "t-1", "futureField": { "a": [1, 2] } }),
        );
        for locale in ["es", "en"] {
            assert_eq!(
                render(template, locale, &extra)?,
                render(template, locale, &payload(template))?,
                "{template}/{locale}"
            );
        }
    }
    Ok(())
}
