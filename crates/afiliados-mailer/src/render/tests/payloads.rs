//! A complete outbox payload for every template, as the api queues it. A template without a
//! fixture here fails the suite, so a new message cannot ship untested.

use serde_json::{Value, json};

pub(super) const LINK: &str = "https://afiliados.medipiel.co/auth/accept?token=abc&x=1";

/// The complete payload of `template`.
pub(super) fn payload(template: &str) -> Value {
    match template {
        "user_invitation" => {
            json!({ "firstName": "Ana", "link": LINK, "expiresAt": "2025-03-01T17:30:00Z" })
        }
        "password_reset" => json!({ "firstName": "Ana", "link": LINK, "expiresInMinutes": 30 }),
        "two_factor_enabled" => json!({ "firstName": "Ana" }),
        "policy_updated" => json!({
            "firstName": "Ana", "policyTitle": "Términos y condiciones", "version": "2.0", "link": LINK
        }),
        "welcome_registration_received" => {
            json!({ "firstName": "Ana", "reviewDays": 3, "link": LINK })
        }
        "set_password" => {
            json!({ "firstName": "Ana", "link": LINK, "expiresAt": "2026-03-17T03:30:00Z" })
        }
        "influencer_approved" => json!({
            "firstName": "Ana",
            "link": LINK,
            "codes": [
                { "code": "CETAPHIL-ANA7KQ3", "campaignName": "Verano Cetaphil", "discountPercent": "15.00" },
                { "code": "ISDIN-ANA2M9", "campaignName": "Protección solar", "discountPercent": "12.50" }
            ]
        }),
        "influencer_rejected" => json!({ "firstName": "Ana", "reason": "El RUT no es legible." }),
        "influencer_suspended" => {
            json!({ "firstName": "Ana", "reason": "Uso indebido del código." })
        }
        "influencer_reactivated" => json!({ "firstName": "Ana", "link": LINK }),
        "bank_account_changed" => json!({
            "firstName": "Ana", "accountNumberMasked": "••••••7890", "changedAt": "2026-01-05T19:05:00Z"
        }),
        "email_changed" => json!({
            "firstName": "Ana", "newEmailMasked": "l•••@example.com", "changedAt": "2026-01-05T19:05:00Z"
        }),
        "arco_request_received" => json!({
            "firstName": "Ana",
            "requestType": "access",
            "dueAt": "2026-03-17T03:30:00Z",
            "requestId": "0194f3c2-7a1b-7c3d-9e8f-123456789abc"
        }),
        "arco_request_resolved" => json!({
            "firstName": "Ana",
            "requestType": "rectify",
            "decision": "completed",
            "notes": "Actualizamos la dirección."
        }),
        "code_activated" => json!({
            "firstName": "Ana",
            "code": "CETAPHIL-ANA7KQ3",
            "campaignName": "Verano Cetaphil",
            "brandName": "Cetaphil",
            "discountPercent": "15.00"
        }),
        "settlement_summary" => json!({
            "firstName": "Ana",
            "link": LINK,
            "brands": [
                {"brandName": "Cetaphil", "count": 2, "amount": "20223.00"},
                {"brandName": "La Roche-Posay", "count": 1, "amount": "1500.50"}
            ]
        }),
        // domain.md §5.9 example 1: one unit of line 0 returned after confirmation.
        "reversal_alert" => json!({
            "firstName": "Ana",
            "brandName": "Cetaphil",
            "vtexOrderId": "1432120512345-01",
            "reason": "partial_return",
            "amount": "9261.41",
            "remaining": "20510.23",
            "fullyReverted": false,
            "link": LINK
        }),
        // domain.md §5.13.5 step 5: 25 000 reverted, 5 000 covered.
        "negative_balance" => json!({
            "firstName": "Ana",
            "brandName": "Cetaphil",
            "vtexOrderId": "1432120512345-01",
            "debt": "20000.00",
            "available": "-20000.00",
            "link": LINK
        }),
        // domain.md §5.14.6 example 4: 20 000.00 at 10 %.
        "withdrawal_paid" => json!({
            "firstName": "Ana",
            "brandName": "Cetaphil",
            "gross": "20000.00",
            "withholdingRate": "10.00",
            "withheld": "2000.00",
            "net": "18000.00",
            "paymentDate": "2026-03-10",
            "reference": "TRX-0001",
            "link": LINK
        }),
        // domain.md §5.16.6 example 3, as Cetaphil's AM receives it.
        "reconciliation_summary" => json!({
            "firstName": "Ana",
            "runType": "daily",
            "businessDate": "2026-03-02",
            "status": "warning",
            "brandName": "Cetaphil",
            "vtexOrders": 3,
            "platformOrders": 2,
            "discrepanciesFound": 1,
            "autoResolved": 0,
            "pendingManual": 0,
            "rows": [{"class": "C", "vtexOrderId": "1432120512345-01", "status": "resolving", "field": "totalValue", "platform": "399975.70", "vtex": "395975.70"}],
            "moreRows": 0,
            "link": LINK
        }),
        // domain.md §5.16.6 example 3: coupon CETAPHIL-ISABELA7KQ3 unknown, open 3 days.
        "discrepancy_escalated" => json!({
            "firstName": "Ana",
            "class": "D",
            "vtexOrderId": "1432120512345-01",
            "brandName": "Cetaphil",
            "firstDetectedAt": "2026-03-03T08:00:00Z",
            "days": 3,
            "lastError": null,
            "link": LINK
        }),
        "alert_commission_on_hold" => json!({
            "influencerName": "Ana Gómez",
            "brandName": "Cetaphil",
            "vtexOrderId": "1432120512345-01",
            "amount": "20223.00",
            "reason": "self_referral",
            "link": LINK
        }),
        // domain.md §5.14.6 example 1: 20 000.00 of Cetaphil.
        "withdrawal_requested" => json!({
            "firstName": "Ana",
            "brandName": "Cetaphil",
            "amount": "20000.00",
            "requestedAt": "2026-03-02T14:05:10Z",
            "link": LINK
        }),
        "withdrawal_approved" => json!({
            "firstName": "Ana",
            "brandName": "Cetaphil",
            "amount": "20000.00",
            "payableFrom": "2026-03-05T14:05:10Z",
            "link": LINK
        }),
        "withdrawal_rejected" => json!({
            "firstName": "Ana",
            "brandName": "Cetaphil",
            "amount": "20000.00",
            "reason": "La cuenta bancaria no coincide con el titular.",
            "link": LINK
        }),
        "alert_adjustment_recorded" => json!({
            "influencerName": "Ana Gómez",
            "brandName": "Cetaphil",
            "amount": "15000.00",
            "reason": "muestras no devueltas",
            "available": "25000.00",
            "recordedBy": "finanzas@medipiel.co",
            "link": LINK
        }),
        "operational_alert" => json!({
            "alertType": "job_failed",
            "severity": "critical",
            "message": "El envío del correo de Ana llegó a su límite de intentos.",
            "dedupKey": "SendEmail:1",
            "raisedAt": "2026-03-17T03:30:00Z",
            "raiseCount": 2,
            "link": LINK
        }),
        other => panic!("no fixture for template {other}: add one"),
    }
}

/// The fixture with `changes` merged in (a `null` value removes the key).
pub(super) fn with(template: &str, changes: Value) -> Value {
    let mut payload = payload(template);
    if let (Some(object), Some(changes)) = (payload.as_object_mut(), changes.as_object()) {
        for (key, value) in changes {
            if value.is_null() {
                object.remove(key);
            } else {
                object.insert(key.clone(), value.clone());
            }
        }
    }
    payload
}
