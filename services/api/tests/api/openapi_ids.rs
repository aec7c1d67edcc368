//! Entity ids in the OpenAPI document are their newtypes (ADR 0029): a schema property that is a
//! bare `uuid` string fails this test unless it is listed below as the id of a record that has no
//! newtype. The newtypes render as `$ref`s to their own components (`UserId`, `BrandId`…), so a
//! DTO field that goes back from `BrandId` to `Uuid` turns its property into an inline
//! `{"type": "string", "format": "uuid"}` — which this walk finds. The list is compared exactly,
//! so an entry whose field gained a newtype must leave the list too.
//!
//! Path parameters are not checked yet: the routes still extract `web::Path<Uuid>` and convert
//! at the use-case edge.

use serde_json::Value;

/// The components that are the id newtypes themselves (each a `uuid` string; `MembershipId` is
/// on no DTO yet, memberships are named by campaign and influencer).
const NEWTYPES: &[&str] = &[
    "TenantId",
    "UserId",
    "InfluencerId",
    "BrandId",
    "CampaignId",
    "CodeId",
    "ArcoRequestId",
    "DocumentId",
    "NotificationId",
    "SessionId",
    "PolicyVersionId",
];

/// `(schema, property)` that are bare uuids on purpose: ids of records without a newtype.
const WITHOUT_NEWTYPE: &[(&str, &str)] = &[
    // An adjustment's links to a commission, an order and a reconciliation (commissions and
    // orders have no id newtype yet, like the ledger entry's references below).
    ("AdjustmentResponse", "commissionId"),
    ("AdjustmentResponse", "orderId"),
    ("AdjustmentResponse", "reconciliationId"),
    ("Page_AdjustmentResponse.items", "commissionId"),
    ("Page_AdjustmentResponse.items", "orderId"),
    ("Page_AdjustmentResponse.items", "reconciliationId"),
    ("CreateAdjustmentRequest", "commissionId"),
    ("CreateAdjustmentRequest", "orderId"),
    // Reconciliation runs have no newtype until the reconciliation issue (ADR 0049).
    ("FinanceReconciliationRun", "id"),
    // Audit rows are identified only for paging and support.
    ("AuditEntry", "id"),
    ("Page_AuditEntry.items", "id"),
    // Status-history entries (shared `status_history` table).
    ("CampaignStatusChange", "id"),
    ("InfluencerStatusChange", "id"),
    // Consents and their certificates.
    ("CertificateConsent", "id"),
    ("ConsentCertificate", "certificateId"),
    ("ConsentResponse", "certificateId"),
    ("ConsentResponse", "id"),
    ("VerifyCertificateResponse", "certificateId"),
    // The e-mail outbox (the id is also the Message-ID's local part).
    ("OutboxEmail", "id"),
    ("Page_OutboxEmail.items", "id"),
    // A pending bank account change, a tax profile, a tier level.
    ("PendingBankAccountChange", "id"),
    ("TaxProfileResponse", "id"),
    ("TierResponse", "id"),
    // A tier history period.
    ("TierHistoryEntry", "id"),
    ("Page_TierHistoryEntry.items", "id"),
    // Money records (issue 10): orders, commissions and their lines, transitions, ledger entries,
    // balances, deliveries, settlement runs and jobs have no newtype yet.
    ("CommissionLineResponse", "orderLineId"),
    ("CommissionResponse", "id"),
    ("CommissionResponse", "orderId"),
    ("CommissionResponse", "settlementRunId"),
    ("CommissionTier", "id"),
    ("Delivery", "duplicateOf"),
    ("Delivery", "id"),
    ("Delivery", "orderId"),
    // A discrepancy's order (issue 12): orders have no newtype yet.
    ("DiscrepancyResponse", "orderId"),
    ("Page_DiscrepancyResponse.items", "orderId"),
    ("ExplainedDelivery", "id"),
    ("LedgerEntryResponse", "adjustmentId"),
    ("LedgerEntryResponse", "commissionId"),
    ("LedgerEntryResponse", "id"),
    ("LedgerEntryResponse", "paymentId"),
    ("LedgerEntryResponse", "reconciliationId"),
    ("LedgerEntryResponse", "settlementRunId"),
    ("LedgerEntryResponse", "withdrawalId"),
    ("OrderCommissionBrief", "id"),
    ("OrderResponse", "id"),
    ("Page_CommissionResponse.items", "id"),
    ("Page_CommissionResponse.items", "orderId"),
    ("Page_CommissionResponse.items", "settlementRunId"),
    ("Page_Delivery.items", "duplicateOf"),
    ("Page_Delivery.items", "id"),
    ("Page_Delivery.items", "orderId"),
    ("Page_LedgerEntryResponse.items", "adjustmentId"),
    ("Page_LedgerEntryResponse.items", "commissionId"),
    ("Page_LedgerEntryResponse.items", "id"),
    ("Page_LedgerEntryResponse.items", "paymentId"),
    ("Page_LedgerEntryResponse.items", "reconciliationId"),
    ("Page_LedgerEntryResponse.items", "settlementRunId"),
    ("Page_LedgerEntryResponse.items", "withdrawalId"),
    ("Page_OrderResponse.items", "id"),
    ("Page_SettlementRunResponse.items", "id"),
    ("Page_TransitionResponse.items", "commissionId"),
    ("Page_TransitionResponse.items", "id"),
    ("RefetchAccepted", "jobId"),
    ("SettlementGroup", "id"),
    ("SettlementItem", "commissionId"),
    ("SettlementRunResponse", "id"),
    ("TransitionResponse", "commissionId"),
    ("TransitionResponse", "id"),
    ("WebhookAck", "deliveryId"),
    // Payout batches (issue 11) have no newtype yet; a withdrawal names the batch holding it.
    ("Page_WithdrawalResponse.items", "batchId"),
    ("WithdrawalResponse", "batchId"),
    // Payout batches (issue 11) have no newtype yet: the batch's id and a payment's batch.
    ("Page_PaymentResponse.items", "batchId"),
    ("Page_PayoutBatchResponse.items", "id"),
    ("PaymentResponse", "batchId"),
    ("PayoutBatchResponse", "id"),
];

/// Whether `schema` holds an inline `uuid` string (directly, in a nullable union or as items);
/// a `$ref` is a named type, never bare.
fn is_bare_uuid(schema: &Value) -> bool {
    if schema.get("$ref").is_some() {
        return false;
    }
    if schema["format"] == "uuid" {
        return true;
    }
    let unions = ["oneOf", "anyOf", "allOf"]
        .iter()
        .flat_map(|union| schema[*union].as_array().into_iter().flatten());
    unions.chain(schema.get("items")).any(is_bare_uuid)
}

/// `(where, property)` of every bare uuid property of the components and inline bodies.
fn bare_uuids(document: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut stack: Vec<(String, Value)> = document["components"]["schemas"]
        .as_object()
        .expect("components.schemas")
        .iter()
        .filter(|(name, _)| !NEWTYPES.contains(&name.as_str()))
        .map(|(name, schema)| (name.clone(), schema.clone()))
        .collect();
    for item in document["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().into_iter().flat_map(|o| o.values()) {
            let id = operation["operationId"].as_str().unwrap_or_default();
            let responses = operation["responses"]
                .as_object()
                .into_iter()
                .flat_map(|r| r.values());
            for body in std::iter::once(&operation["requestBody"]).chain(responses) {
                for content in body["content"]
                    .as_object()
                    .into_iter()
                    .flat_map(|c| c.values())
                {
                    stack.push((id.to_owned(), content["schema"].clone()));
                }
            }
        }
    }
    while let Some((owner, schema)) = stack.pop() {
        if let Some(properties) = schema["properties"].as_object() {
            for (name, property) in properties {
                if is_bare_uuid(property) {
                    found.push((owner.clone(), name.clone()));
                }
                stack.push((format!("{owner}.{name}"), property.clone()));
            }
        }
        for union in ["oneOf", "anyOf", "allOf"] {
            for variant in schema[union].as_array().into_iter().flatten() {
                stack.push((owner.clone(), variant.clone()));
            }
        }
        if schema.get("items").is_some() {
            stack.push((owner.clone(), schema["items"].clone()));
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn entity_ids_in_the_document_are_newtypes() {
    let document = serde_json::to_value(afiliados_api::openapi::document()).unwrap();
    for name in NEWTYPES {
        assert_eq!(
            document["components"]["schemas"][name]["format"], "uuid",
            "{name} is a uuid component"
        );
    }
    let mut expected: Vec<(String, String)> = WITHOUT_NEWTYPE
        .iter()
        .map(|(owner, name)| ((*owner).to_owned(), (*name).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(
        bare_uuids(&document),
        expected,
        "a bare uuid property appeared (type it with its `afiliados_domain::ids` newtype) or a \
         listed one gained a newtype (drop it from WITHOUT_NEWTYPE)"
    );
}

#[test]
fn a_bare_uuid_property_is_found() {
    let document = serde_json::json!({
        "components": { "schemas": {
            "UserId": { "type": "string", "format": "uuid" },
            "Typed": { "type": "object", "properties": {
                "id": { "$ref": "#/components/schemas/UserId" },
                "ownerIds": { "type": "array", "items": { "$ref": "#/components/schemas/UserId" } }
            }},
            "Bare": { "type": "object", "properties": {
                "brandId": { "type": "string", "format": "uuid" },
                "ownerIds": { "type": ["array", "null"], "items": { "type": "string", "format": "uuid" } },
                "userId": { "oneOf": [{ "type": "null" }, { "type": "string", "format": "uuid" }] }
            }}
        }},
        "paths": { "/x": { "post": { "operationId": "createX", "requestBody": { "content": {
            "application/json": { "schema": { "type": "object", "properties": {
                "campaignId": { "type": "string", "format": "uuid" }
            }}}
        }}}}}
    });
    assert_eq!(
        bare_uuids(&document),
        vec![
            ("Bare".to_owned(), "brandId".to_owned()),
            ("Bare".to_owned(), "ownerIds".to_owned()),
            ("Bare".to_owned(), "userId".to_owned()),
            ("createX".to_owned(), "campaignId".to_owned()),
        ]
    );
}
