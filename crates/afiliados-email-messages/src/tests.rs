//! The wire contract: rows queued before the types existed still decode, every message
//! round-trips through the outbox columns, and what does not fit is refused.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::*;

/// A payload of each template exactly as the api queued it before this crate existed,
/// including the extra fields some producers wrote and no template showed.
fn queued_before(template: &str) -> Option<Value> {
    let link = "https://afiliados.medipiel.co/restablecer-clave?token=abc";
    Some(match template {
        "user_invitation" => {
            json!({ "firstName": "Ana", "link": link, "expiresAt": "2025-03-01T17:30:00Z" })
        }
        "password_reset" => json!({ "firstName": "Ana", "link": link, "expiresInMinutes": 30 }),
        "two_factor_enabled" => json!({ "firstName": "Ana" }),
        "policy_updated" => json!({
            "firstName": "Ana", "policyTitle": "Términos", "version": "2.0", "link": link
        }),
        "welcome_registration_received" => {
            json!({ "firstName": "Ana", "reviewDays": 3, "link": link })
        }
        "set_password" => {
            json!({ "firstName": "Ana", "link": link, "expiresAt": "2026-03-17T03:30:00.123456Z" })
        }
        "influencer_approved" => json!({
            "firstName": "Ana", "reason": "", "link": link,
            "codes": [{ "code": "CETAPHIL-ANA7KQ3", "campaignName": "Verano", "discountPercent": "15.00" }]
        }),
        "influencer_rejected" => {
            json!({ "firstName": "Ana", "reason": "RUT ilegible", "link": link, "codes": [] })
        }
        "influencer_suspended" => {
            json!({ "firstName": "Ana", "reason": "Uso indebido", "link": link, "codes": [] })
        }
        "influencer_reactivated" => {
            json!({ "firstName": "Ana", "reason": "", "link": link, "codes": [] })
        }
        "bank_account_changed" => json!({
            "firstName": "Ana", "removed": false, "bankName": "Bancolombia", "accountType": "savings",
            "accountNumberMasked": "••••••7890", "changedAt": "2026-01-05T19:05:00Z"
        }),
        "email_changed" => json!({
            "firstName": "Ana", "newEmailMasked": "l•••@example.com",
            "changedAt": "2026-01-05T19:05:00Z"
        }),
        "arco_request_received" => json!({
            "firstName": "Ana", "requestId": "0194f3c2-7a1b-7c3d-9e8f-123456789abc",
            "requestType": "access", "dueAt": "2026-03-17T03:30:00Z", "dueDate": "2026-03-16",
            "link": "https://afiliados.medipiel.co"
        }),
        "arco_request_resolved" => json!({
            "firstName": "Ana", "requestId": "0194f3c2-7a1b-7c3d-9e8f-123456789abc",
            "requestType": "rectify", "decision": "completed", "notes": null,
            "link": "https://afiliados.medipiel.co"
        }),
        "code_activated" => json!({
            "firstName": "Ana", "code": "CETAPHIL-ANA7KQ3", "campaignName": "Verano",
            "brandName": "Cetaphil", "discountPercent": "15.00",
            "startsOn": "2026-01-01", "endsOn": null
        }),
        "settlement_summary" => json!({
            "firstName": "Ana", "link": "https://afiliados.medipiel.co/commissions",
            "brands": [{ "brandName": "Cetaphil", "count": 1, "amount": "20223.00" }]
        }),
        "reversal_alert" => json!({
            "firstName": "Ana", "brandName": "Cetaphil", "vtexOrderId": "1432120512345-01",
            "reason": "partial_return", "amount": "9261.41", "remaining": "20510.23",
            "fullyReverted": false, "link": "https://afiliados.medipiel.co/commissions"
        }),
        "negative_balance" => json!({
            "firstName": "Ana", "brandName": "Cetaphil", "vtexOrderId": "1432120512345-01",
            "debt": "20000.00", "available": "-20000.00",
            "link": "https://afiliados.medipiel.co/commissions"
        }),
        "alert_commission_on_hold" => json!({
            "influencerName": "Ana Gómez", "brandName": "Cetaphil",
            "vtexOrderId": "1432120512345-01", "amount": "20223.00", "reason": "self_referral",
            "link": "https://afiliados.medipiel.co/commissions"
        }),
        // domain.md §5.14.6 example 1: 20 000.00 of Cetaphil.
        "withdrawal_requested" => json!({
            "firstName": "Ana", "brandName": "Cetaphil", "amount": "20000.00",
            "requestedAt": "2026-03-02T14:05:10Z",
            "link": "https://afiliados.medipiel.co/withdrawals"
        }),
        "withdrawal_approved" => json!({
            "firstName": "Ana", "brandName": "Cetaphil", "amount": "20000.00",
            "payableFrom": "2026-03-05T14:05:10Z",
            "link": "https://afiliados.medipiel.co/withdrawals"
        }),
        "withdrawal_rejected" => json!({
            "firstName": "Ana", "brandName": "Cetaphil", "amount": "20000.00",
            "reason": "La cuenta bancaria no coincide con el titular.",
            "link": "https://afiliados.medipiel.co/withdrawals"
        }),
        "alert_adjustment_recorded" => json!({
            "influencerName": "Ana Gómez", "brandName": "Cetaphil", "amount": "15000.00",
            "reason": "muestras no devueltas", "available": "25000.00",
            "recordedBy": "finanzas@medipiel.co",
            "link": "https://afiliados.medipiel.co/payments/adjustments"
        }),
        "operational_alert" => json!({
            "alertType": "job_failed", "severity": "critical",
            "message": "El envío del correo de Ana llegó a su límite de intentos.",
            "dedupKey": "SendEmail:1", "raisedAt": "2026-03-17T03:30:00Z", "raiseCount": 1,
            "link": "https://afiliados.medipiel.co/alertas"
        }),
        "withdrawal_paid" => json!({
            "firstName": "Ana", "brandName": "Cetaphil", "gross": "20000.00",
            "withholdingRate": "10.00", "withheld": "2000.00", "net": "18000.00",
            "paymentDate": "2026-03-10", "reference": "TRX-0001",
            "link": "https://afiliados.medipiel.co/payments"
        }),
        "reconciliation_summary" => json!({
            "firstName": "Ana", "runType": "daily", "businessDate": "2026-03-02",
            "status": "warning", "vtexOrders": 3, "platformOrders": 2, "discrepanciesFound": 1,
            "autoResolved": 1, "pendingManual": 0, "brandName": null, "moreRows": 0,
            "link": "https://afiliados.medipiel.co/reconciliation",
            "rows": [{"class": "A", "vtexOrderId": "1432120555555-01", "status": "resolved",
                      "field": "presence", "platform": null, "vtex": "180000.00"}]
        }),
        // domain.md §5.16.6 example 3: the unknown coupon left open for more than 3 days.
        "discrepancy_escalated" => json!({
            "firstName": "Ana", "class": "D", "vtexOrderId": "1432120512345-01",
            "brandName": "Cetaphil", "firstDetectedAt": "2026-03-03T08:00:00Z", "days": 3,
            "lastError": null,
            "link": "https://afiliados.medipiel.co/reconciliation/discrepancies?escalated=true"
        }),
        _ => return None,
    })
}

fn keys(value: &Value) -> Vec<String> {
    value
        .as_object()
        .map(|object| object.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn rows_queued_before_the_types_still_decode_and_keep_their_field_names() -> Result<(), String> {
    for template in EmailMessage::TEMPLATES {
        let stored = queued_before(template).ok_or(format!("no fixture for {template}"))?;
        let message = EmailMessage::decode(template, &stored).map_err(|e| e.to_string())?;
        assert_eq!(message.template(), *template);
        let written = message.payload().map_err(|e| e.to_string())?;
        let before = keys(&stored);
        for key in keys(&written) {
            assert!(
                before.contains(&key),
                "{template}: {key} is a new name; rows already queued would not have it"
            );
        }
        assert_eq!(
            EmailMessage::decode(template, &written).map_err(|e| e.to_string())?,
            message,
            "{template} round-trips through the outbox columns"
        );
    }
    Ok(())
}

#[test]
fn template_names_are_unique_and_match_the_structs() {
    let mut names = EmailMessage::TEMPLATES.to_vec();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), EmailMessage::TEMPLATES.len());
    assert_eq!(PasswordReset::TEMPLATE, "password_reset");
    assert_eq!(CodeActivated::TEMPLATE, "code_activated");
}

#[test]
fn unknown_templates_and_payloads_that_do_not_fit_are_refused() {
    assert!(matches!(
        EmailMessage::decode("welcome_pony", &json!({})),
        Err(DecodeError::UnknownTemplate(name)) if name == "welcome_pony"
    ));
    for (template, payload) in [
        ("password_reset", json!({ "firstName": "Ana", "link": "x" })),
        (
            "password_reset",
            json!({ "firstName": "Ana", "link": "x", "expiresInMinutes": "x" }),
        ),
        (
            "user_invitation",
            json!({ "firstName": "Ana", "link": "x", "expiresAt": "pronto" }),
        ),
        (
            "arco_request_resolved",
            json!({ "firstName": "Ana", "requestType": "access", "decision": "in_progress", "notes": null }),
        ),
        (
            "arco_request_resolved",
            json!({ "firstName": "Ana", "requestType": "access", "decision": "completed" }),
        ),
        (
            "bank_account_changed",
            json!({ "firstName": "Ana", "changedAt": "2026-01-05T19:05:00Z" }),
        ),
        (
            "code_activated",
            json!({ "firstName": "Ana", "code": "C", "campaignName": "V", "brandName": "B", "discountPercent": true }),
        ),
        (
            "reversal_alert",
            json!({ "firstName": "Ana", "brandName": "B", "vtexOrderId": "1", "reason": "whim",
                    "amount": "1.00", "remaining": "0.00", "fullyReverted": true, "link": "x" }),
        ),
        (
            "alert_commission_on_hold",
            json!({ "influencerName": "Ana", "brandName": "B", "vtexOrderId": "1",
                    "amount": "1.00", "reason": "self_referral" }),
        ),
    ] {
        assert!(
            matches!(
                EmailMessage::decode(template, &payload),
                Err(DecodeError::InvalidPayload { template: t, .. }) if t == template
            ),
            "{template}: {payload}"
        );
    }
}

#[test]
fn percentages_are_exact_decimals_written_as_strings() -> Result<(), serde_json::Error> {
    let message = CodeActivated {
        first_name: "Ana".into(),
        code: "C".into(),
        campaign_name: "V".into(),
        brand_name: "B".into(),
        discount_percent: Decimal::new(1250, 2),
    };
    let payload = EmailMessage::from(message.clone()).payload()?;
    assert_eq!(payload["discountPercent"], json!("12.50"));
    // A JSON number (what a hand-written `json!` once could send) is read too.
    let mut numeric = payload.clone();
    numeric["discountPercent"] = json!(12.5);
    let read: CodeActivated = serde_json::from_value(numeric)?;
    assert_eq!(read.discount_percent, Decimal::new(125, 1));
    Ok(())
}

#[test]
fn a_removed_bank_account_is_an_explicit_null() -> Result<(), serde_json::Error> {
    let removed = BankAccountChanged {
        first_name: "Ana".into(),
        account_number_masked: None,
        changed_at: chrono::DateTime::UNIX_EPOCH,
    };
    let payload = EmailMessage::from(removed.clone()).payload()?;
    assert_eq!(payload["accountNumberMasked"], Value::Null);
    assert!(
        payload
            .as_object()
            .is_some_and(|o| o.contains_key("accountNumberMasked"))
    );
    assert_eq!(
        serde_json::from_value::<BankAccountChanged>(payload)?,
        removed
    );
    Ok(())
}

#[test]
fn exactly_the_messages_with_a_single_use_token_carry_a_secret_link() -> Result<(), String> {
    let mut secret = Vec::new();
    for template in EmailMessage::TEMPLATES {
        let payload = queued_before(template).ok_or(format!("no example of {template}"))?;
        let message = EmailMessage::decode(template, &payload).map_err(|e| e.to_string())?;
        if message.carries_secret_link() {
            secret.push(*template);
        }
    }
    assert_eq!(
        secret,
        ["user_invitation", "password_reset", "set_password"]
    );
    Ok(())
}
