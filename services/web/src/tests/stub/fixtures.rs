//! The api's representations (api.md §1) as the stub answers them, with fixed ids.

use serde_json::{Value, json};

pub(crate) const USER_ID: &str = "0190a0a0-0000-7000-8000-000000000001";
pub(crate) const TENANT_ID: &str = "0190a0a0-0000-7000-8000-000000000002";
pub(crate) const INFLUENCER_ID: &str = "0190a0a0-0000-7000-8000-0000000000a1";
pub(crate) const BRAND_ID: &str = "0190a0a0-0000-7000-8000-0000000000b1";
pub(crate) const CAMPAIGN_ID: &str = "0190a0a0-0000-7000-8000-0000000000d1";
pub(crate) const CODE_ID: &str = "0190a0a0-0000-7000-8000-0000000000c1";
pub(crate) const CODE: &str = "CETAPHIL-ISABELA7KQ2";
pub(crate) const DOCUMENT_ID: &str = "0190a0a0-0000-7000-8000-0000000000f1";
pub(crate) const TAX_PROFILE_ID: &str = "0190a0a0-0000-7000-8000-0000000000a9";
pub(crate) const ARCO_ID: &str = "0190a0a0-0000-7000-8000-0000000000aa";
/// An open rectification, past its due date.
pub(crate) const ARCO_RECTIFY_ID: &str = "0190a0a0-0000-7000-8000-0000000000ab";
/// An open deletion, due within the day.
pub(crate) const ARCO_DELETE_ID: &str = "0190a0a0-0000-7000-8000-0000000000ac";
pub(crate) const NOTIFICATION_ID: &str = "0190a0a0-0000-7000-8000-0000000000e9";
pub(crate) const TERMS_ID: &str = "0190a0a0-0000-7000-8000-0000000000e1";
pub(crate) const PRIVACY_ID: &str = "0190a0a0-0000-7000-8000-0000000000e2";
pub(crate) const HABEAS_ID: &str = "0190a0a0-0000-7000-8000-0000000000e3";
pub(crate) const TERMS_V2_ID: &str = "0190a0a0-0000-7000-8000-0000000000e4";
/// The gestor who asked for the pending bank account change (not the signed-in user).
pub(crate) const REQUESTER_ID: &str = "0190a0a0-0000-7000-8000-0000000000b9";
pub(crate) const SYNC_ERROR: &str = "VTEX 503: coupon service unavailable";
const AT: &str = "2026-03-02T14:05:10.987654Z";

pub(crate) fn error(code: &str, details: Value) -> Value {
    json!({"error": code, "message": code, "details": details})
}

pub(crate) fn pair(access: &str) -> Value {
    json!({"accessToken": access, "refreshToken": format!("rt_{access}"), "tokenType": "Bearer",
           "expiresIn": 900, "refreshExpiresIn": 604800, "twoFactorEnrollmentRequired": false})
}

pub(crate) fn pending_consent() -> Value {
    json!({"policyType": "terms", "policyVersionId": TERMS_V2_ID, "version": "2.0",
           "title": "Términos y condiciones 2.0", "documentUrl": "https://api.example/terms/2.0"})
}

pub(crate) fn profile(role: &str, pending: bool) -> Value {
    let influencer = role == "influencer";
    json!({
        "id": USER_ID, "email": format!("{role}@example.com"), "firstName": "Ana", "lastName": "Gómez",
        "roles": [role], "brandIds": if role == "admin_marca" { json!([BRAND_ID]) } else { json!([]) },
        "tenantId": TENANT_ID, "locale": "es", "status": "active", "twoFactorEnabled": false,
        "twoFactorRequired": false,
        "influencerId": if influencer { json!(INFLUENCER_ID) } else { Value::Null },
        "influencerStatus": if influencer { json!("approved") } else { Value::Null },
        "pendingConsents": if pending { json!([pending_consent()]) } else { json!([]) },
        "lastLoginAt": null, "sessionId": null
    })
}

pub(crate) fn policy(id: &str, kind: &str, version: &str, title: &str) -> Value {
    json!({"id": id, "policyType": kind, "version": version, "title": title,
           "documentUrl": format!("https://api.example/{kind}/{version}"), "checksum": "e60c5ae2",
           "publishedAt": AT, "isActive": true, "notes": null})
}

pub(crate) fn policies() -> Value {
    json!({"items": [
        policy(TERMS_ID, "terms", "1.0", "Términos y condiciones"),
        policy(PRIVACY_ID, "privacy", "1.0", "Política de privacidad"),
        policy(HABEAS_ID, "habeas_data", "1.0", "Autorización de datos"),
    ]})
}

pub(crate) fn influencer(status: &str, reduced: bool) -> Value {
    json!({
        "id": INFLUENCER_ID, "userId": USER_ID, "firstName": "Isabela", "lastName": "Gómez",
        "documentType": "CC", "documentNumber": if reduced { "*******050" } else { "1020304050" },
        "email": "isabela@example.com", "phone": "+573104567890",
        "address": if reduced { Value::Null } else { json!("Calle 1 # 2-3") },
        "city": "Cali", "department": "Valle", "country": "CO",
        "socialLinks": ["https://instagram.com/isabela"],
        "taxProfile": if reduced { Value::Null } else { json!({"code": "persona_natural", "name": "Persona natural", "withholdingRate": 10.00}) },
        "bankAccount": if reduced { Value::Null } else { json!({"accountHolder": "Isabela Gómez", "bankName": "Bancolombia",
            "accountType": "ahorros", "accountNumberMasked": "*******6789", "last4": "6789"}) },
        "status": status, "statusReason": null, "approvedAt": null, "marketingOptIn": false,
        "memberships": [{"campaignId": CAMPAIGN_ID, "campaignName": "Verano", "brandId": BRAND_ID,
            "brandName": "Cetaphil", "status": "active", "assignedAt": AT,
            "tier": {"level": 1, "name": "Bronce", "commissionPercent": 10.00}}],
        "documentsCount": 1, "pendingConsents": [], "anonymized": false, "createdAt": AT, "updatedAt": AT,
        "pendingBankAccountChange": if reduced { Value::Null } else { json!({
            "id": "0190a0a0-0000-7000-8000-0000000000ba", "requestedBy": REQUESTER_ID,
            "requestedByEmail": "gestor.otro@medipiel.co", "requestedAt": AT,
            "bankAccount": {"accountHolder": "Isabela Gómez", "bankName": "Nequi",
                "accountType": "corriente", "accountNumberMasked": "*******4433", "last4": "4433"}}) }
    })
}

pub(crate) fn summary(status: &str) -> Value {
    json!({"id": INFLUENCER_ID, "firstName": "Isabela", "lastName": "Gómez", "email": "isabela@example.com",
           "status": status, "city": "Cali", "documentType": "CC", "documentNumberMasked": "*******050",
           "memberships": 1, "pendingConsents": 0, "createdAt": AT})
}

pub(crate) fn page(items: Vec<Value>) -> Value {
    let total = items.len();
    json!({"items": items, "page": 1, "pageSize": 20, "total": total})
}

pub(crate) fn code(sync_state: &str) -> Value {
    let failed = sync_state == "failed";
    json!({
        "id": CODE_ID, "code": CODE, "custom": false, "campaignId": CAMPAIGN_ID, "campaignName": "Verano",
        "brandId": BRAND_ID, "influencerId": INFLUENCER_ID, "influencerName": "Isabela Gómez",
        "discountPercent": 15.00, "startsOn": null, "endsOn": null, "maxUses": 100,
        "maxUsesPerCustomer": null, "usageCount": 3, "enabled": true, "disabledReason": null,
        "status": "active",
        "sync": {"state": sync_state, "revision": 4, "syncedRevision": 3, "vtexCouponId": "cp-1",
                 "lastSyncedAt": AT, "lastSyncError": if failed { json!(SYNC_ERROR) } else { Value::Null }},
        "createdAt": AT, "updatedAt": AT
    })
}

pub(crate) fn withdrawal_policy() -> Value {
    json!({"brandId": BRAND_ID, "brandName": "Cetaphil", "minimumAmount": 20000.00, "currency": "COP",
           "holdDays": 5, "updatedAt": AT, "updatedBy": null})
}

pub(crate) fn brand() -> Value {
    json!({"id": BRAND_ID, "name": "Cetaphil", "slug": "cetaphil", "couponPrefix": "CETAPHIL",
           "vtexBrandId": "2000001", "description": "Cuidado de la piel",
           "logoUrl": format!("/api/v1/public/brands/{BRAND_ID}/logo"), "status": "active",
           "ownerUserIds": [USER_ID], "withdrawalPolicy": withdrawal_policy(), "createdAt": AT, "updatedAt": AT})
}

pub(crate) fn campaign(status: &str) -> Value {
    json!({
        "id": CAMPAIGN_ID, "brandId": BRAND_ID, "brandName": "Cetaphil", "name": "Verano", "slug": "verano",
        "description": "Campaña de verano", "startDate": "2026-02-01", "endDate": "2026-04-30",
        "status": status, "baseCommissionPercent": 10.00, "commissionBasis": "pre_tax",
        "includeShipping": false, "maxDiscountPercent": 20.00, "maxUsage": null, "minOrderValue": null,
        "confirmationWindowDays": 15, "tierEvaluationPeriodDays": 15, "eligibleScopeType": "all",
        "eligibleScopeValues": [],
        "stackingRules": {"cumulativeWithOtherPromotions": false, "excludeLinesWithOtherDiscounts": false},
        "tiers": [
            {"id": "0190a0a0-0000-7000-8000-0000000000f7", "name": "Bronce", "level": 1, "threshold": 0.00, "commissionPercent": 10.00, "isDefault": true},
            {"id": "0190a0a0-0000-7000-8000-0000000000f8", "name": "Plata", "level": 2, "threshold": 1000000.00, "commissionPercent": 12.50, "isDefault": false}
        ],
        "version": 1, "nextTierEvaluationOn": "2026-02-16",
        "promotions": [{"discountPercent": 15.00, "utmCampaign": "verano-15", "vtexPromotionId": "pr-1",
                        "syncState": "failed", "lastSyncedAt": null, "lastSyncError": "VTEX 400"}],
        "activeMembers": 1, "myTier": {"level": 1, "name": "Bronce", "commissionPercent": 10.00},
        "myCodes": [CODE], "createdAt": AT, "updatedAt": AT
    })
}

pub(crate) fn membership() -> Value {
    json!({"campaignId": CAMPAIGN_ID, "influencerId": INFLUENCER_ID, "influencerName": "Isabela Gómez",
           "status": "active", "assignedAt": AT, "assignedBy": null, "notes": null,
           "tier": {"level": 1, "name": "Bronce", "commissionPercent": 10.00, "since": AT}, "codes": [CODE]})
}

pub(crate) fn history(from: Option<&str>, to: &str) -> Value {
    json!({"items": [{"id": "0190a0a0-0000-7000-8000-000000000011", "fromStatus": from, "toStatus": to,
                      "reason": null, "actor": "gestor@example.com", "occurredAt": AT}]})
}

pub(crate) fn document() -> Value {
    json!({"id": DOCUMENT_ID, "kind": "id_document", "filename": "cedula.pdf", "contentType": "application/pdf",
           "sizeBytes": 2048, "sha256": "ab", "notes": null, "uploadedBy": "isabela@example.com",
           "uploadedAt": AT,
           "downloadUrl": format!("/api/v1/influencers/{INFLUENCER_ID}/documents/{DOCUMENT_ID}/download")})
}

pub(crate) fn consent() -> Value {
    json!({"id": "0190a0a0-0000-7000-8000-000000000012", "influencerId": INFLUENCER_ID,
           "policyVersionId": TERMS_ID, "policyType": "terms", "version": "1.0",
           "title": "Términos y condiciones", "documentUrl": "https://api.example/terms/1.0",
           "checksum": "e60c5ae2", "acceptedAt": AT, "ipAddress": "181.49.12.7", "userAgent": "Mozilla",
           "channel": "web", "consentHash": "22385c3a", "revokedAt": null, "certificateId": null})
}

pub(crate) fn arco() -> Value {
    json!({"id": ARCO_ID, "influencerId": INFLUENCER_ID, "type": "access", "status": "completed",
           "channel": "web", "details": {}, "dueAt": AT, "requestedBy": USER_ID, "createdAt": AT,
           "startedAt": AT, "resolvedAt": AT, "resolvedBy": USER_ID, "resolutionNotes": "Listo",
           "exportAvailable": true})
}

/// An open request: `rectify` is a day overdue, any other type is due in twelve hours.
pub(crate) fn arco_open(id: &str, kind: &str, status: &str) -> Value {
    let now = chrono::Utc::now();
    let due = if kind == "rectify" {
        now - chrono::Duration::days(1)
    } else {
        now + chrono::Duration::hours(12)
    };
    let details = if kind == "rectify" {
        json!({"phone": "+573001112233", "city": "Medellín"})
    } else {
        json!({})
    };
    json!({"id": id, "influencerId": INFLUENCER_ID, "type": kind, "status": status,
           "channel": "email", "details": details, "dueAt": due, "requestedBy": USER_ID, "createdAt": AT,
           "startedAt": null, "resolvedAt": null, "resolvedBy": null, "resolutionNotes": null,
           "exportAvailable": false})
}

/// The caller's feed: one unread alert and one read message, unless everything was read.
pub(crate) fn notifications(all_read: bool) -> Value {
    let read_at = if all_read { json!(AT) } else { Value::Null };
    json!({"items": [
        {"id": NOTIFICATION_ID, "type": "arco.received", "severity": "warning",
         "message": "Nueva solicitud ARCO de Isabela Gómez.", "payload": {}, "operational": false,
         "readAt": read_at, "createdAt": AT},
        {"id": "0190a0a0-0000-7000-8000-0000000000ea", "type": "code.activated", "severity": "info",
         "message": "Tu código CETAPHIL-ISABELA7KQ2 está activo.", "payload": {}, "operational": false,
         "readAt": AT, "createdAt": AT}
    ], "page": 1, "pageSize": 20, "total": 2, "unreadCount": if all_read { 0 } else { 1 }})
}

pub(crate) fn tax_profile() -> Value {
    json!({"id": TAX_PROFILE_ID, "code": "persona_natural", "name": "Persona natural",
           "withholdingRate": 10.00, "thresholdAmount": 0.00, "active": true})
}

pub(crate) fn user() -> Value {
    json!({"id": USER_ID, "email": "marca@example.com", "firstName": "Marta", "lastName": "Ruiz",
           "roles": ["admin_marca"], "brandIds": [BRAND_ID], "status": "active", "statusReason": null,
           "locale": "es", "twoFactorEnabled": true, "lastLoginAt": null, "lockedUntil": null,
           "createdAt": AT, "updatedAt": AT})
}
