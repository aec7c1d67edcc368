//! Every status, kind, type, role, channel, locale and state in the OpenAPI document names its
//! values (ADR 0029): a property or query parameter with one of those names whose schema is a
//! plain string fails this test. The few that are open sets say why below. Walks the generated
//! document (components, inline request and response bodies and operation parameters), following `$ref`, `oneOf`/`anyOf`/`allOf`
//! (how utoipa writes `Option<T>`) and array items.

use serde_json::Value;

/// `(schema or operation, property)` that are free text on purpose.
const OPEN_SETS: &[(&str, &str)] = &[
    // Notification types are event names (`auth.session_revoked`, `policy.updated`…), a set that
    // grows with every feature; the web shows them as text.
    ("NotificationResponse", "type"),
    ("ReadAllRequest", "type"),
    // Audit entity types name tables and aggregates; the list grows with the schema.
    ("AuditEntry", "entityType"),
    ("Page_AuditEntry.items", "entityType"),
    ("list_audit_logs", "entityType"),
    // A MIME type, checked against the upload's bytes, not a vocabulary of ours.
    ("DocumentResponse", "contentType"),
    // VTEX's raw workflow states as VTEX sent them: an open set of VTEX's, mapped by `vtex.md`
    // §3, where an unknown state is stored raw and flagged, never refused.
    ("Delivery", "state"),
    ("Delivery", "lastState"),
    ("Page_Delivery.items", "state"),
    ("Page_Delivery.items", "lastState"),
    // The raw VTEX order state as VTEX sent it: an open set by design — a state the map does not
    // know is stored as is and flagged `statusUnmapped` (vtex.md §4.4); the mapped one is `status`.
    ("OrderResponse", "vtexStatus"),
    ("OrderStatusChange", "vtexStatus"),
    ("Page_OrderResponse.items", "vtexStatus"),
    ("list_vtex_orders", "vtexStatus"),
    // OAuth's constant `Bearer` (RFC 6750), not a vocabulary of ours.
    ("TokenPair", "tokenType"),
    // The gestor dashboard's counts per status (`domain.md` §6.2): objects whose properties are
    // the statuses, not a status value.
    ("GestorCampaigns", "byStatus"),
    ("GestorCodes", "byStatus"),
    ("GestorInfluencers", "byStatus"),
    // The finance dashboard's open debts per kind (`domain.md` §6.3): an object keyed by kind.
    ("FinanceAdjustments", "byKind"),
    // Reconciliation runs have no tables nor vocabulary yet (the reconciliation issue adds
    // them); the list is always empty until then (ADR 0049).
    ("FinanceReconciliationRun", "status"),
    ("FinanceReconciliationRun", "type"),
];

fn is_vocabulary_name(name: &str) -> bool {
    const EXACT: &[&str] = &[
        "status", "kind", "type", "role", "roles", "channel", "locale", "severity", "state",
    ];
    const SUFFIXES: &[&str] = &[
        "Status", "Kind", "Type", "State", "Role", "Roles", "Channel",
    ];
    EXACT.contains(&name) || SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
}

/// Whether `schema` (after `$ref`s, nullable unions and array items) lists its values.
fn has_enum(document: &Value, schema: &Value) -> bool {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return has_enum(document, &document["components"]["schemas"][name]);
    }
    if schema.get("enum").is_some() || schema.get("const").is_some() {
        return true;
    }
    for union in ["oneOf", "anyOf", "allOf"] {
        if let Some(variants) = schema[union].as_array() {
            let typed: Vec<&Value> = variants.iter().filter(|v| v["type"] != "null").collect();
            return !typed.is_empty() && typed.iter().all(|v| has_enum(document, v));
        }
    }
    if schema.get("items").is_some() {
        return has_enum(document, &schema["items"]);
    }
    false
}

/// `(where, name)` of every vocabulary-named property or parameter without an `enum`.
fn plain_strings(document: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut check = |owner: &str, name: &str, schema: &Value| {
        if is_vocabulary_name(name)
            && !OPEN_SETS.contains(&(owner, name))
            && !has_enum(document, schema)
        {
            found.push((owner.to_owned(), name.to_owned()));
        }
    };
    let mut stack: Vec<(String, Value)> = document["components"]["schemas"]
        .as_object()
        .expect("components.schemas")
        .iter()
        .map(|(name, schema)| (name.clone(), schema.clone()))
        .collect();
    // Inline bodies (a multipart form is documented in place, not as a component) are walked
    // like components, named by their operation.
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
                check(&owner, name, property);
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
    for item in document["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().into_iter().flat_map(|o| o.values()) {
            let id = operation["operationId"].as_str().unwrap_or_default();
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap_or_default();
                check(id, name, &parameter["schema"]);
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_status_and_kind_in_the_document_is_an_enum() {
    let document = serde_json::to_value(afiliados_api::openapi::document()).unwrap();
    let plain = plain_strings(&document);
    assert!(
        plain.is_empty(),
        "these properties name a finite vocabulary but are plain strings in the OpenAPI document \
         (type them with the domain enum, or `schema(value_type = …)` for a request field that \
         the use case validates): {plain:#?}"
    );
}

#[test]
fn a_plain_string_status_is_found() {
    let document = serde_json::json!({
        "components": { "schemas": {
            "Typed": { "type": "object", "properties": {
                "status": { "$ref": "#/components/schemas/Status" },
                "locale": { "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/Status" }] },
                "roles": { "type": "array", "items": { "$ref": "#/components/schemas/Status" } }
            }},
            "Status": { "type": "string", "enum": ["a", "b"] },
            "Plain": { "type": "object", "properties": {
                "syncState": { "type": "string" },
                "name": { "type": "string" }
            }}
        }},
        "paths": { "/x": {
            "get": { "operationId": "listX", "parameters": [
                { "name": "kind", "in": "query", "schema": { "type": ["string", "null"] } }
            ]},
            "post": { "operationId": "uploadX", "requestBody": { "content": {
                "multipart/form-data": { "schema": { "type": "object", "properties": {
                    "kind": { "type": "string" },
                    "status": { "$ref": "#/components/schemas/Status" }
                }}}
            }}}
        }}
    });
    assert_eq!(
        plain_strings(&document),
        vec![
            ("Plain".to_owned(), "syncState".to_owned()),
            ("listX".to_owned(), "kind".to_owned()),
            ("uploadX".to_owned(), "kind".to_owned())
        ]
    );
}
