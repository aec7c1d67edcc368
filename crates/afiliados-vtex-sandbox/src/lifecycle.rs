//! What happens to a stored order after checkout (vtex.md §9.2): workflow transitions (with the
//! dates VTEX sets), packages (`Output` shipments, `Input` return invoices) and order edits. Each
//! change moves `lastChange` forward, so the document served by `GET /api/oms/pvt/orders/{id}`
//! and the list always show the newest version, and a hook about it has a new idempotency key.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

/// VTEX's instant format: UTC with seven fraction digits (`2026-03-02T14:05:10.9876540+00:00`).
pub(crate) fn vtex_instant(instant: DateTime<Utc>) -> String {
    format!("{}0+00:00", instant.format("%Y-%m-%dT%H:%M:%S%.6f"))
}

fn parse(raw: Option<&Value>) -> Option<DateTime<Utc>> {
    raw.and_then(Value::as_str)
        .and_then(|raw| DateTime::parse_from_rfc3339(raw).ok())
        .map(|d| d.with_timezone(&Utc))
}

/// The `lastChange` of the next version: the one asked for, else now, and never at or before
/// the current one (a version is newer by `lastChange`, `domain.md` §5.6).
pub(crate) fn next_last_change(
    doc: &Value,
    asked: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, String> {
    let current = parse(doc.get("lastChange"));
    match (asked, current) {
        (Some(asked), Some(current)) if asked <= current => Err(format!(
            "lastChange must be after the current {}",
            current.to_rfc3339_opts(SecondsFormat::Micros, true)
        )),
        (Some(asked), _) => Ok(asked),
        (None, Some(current)) if now <= current => Ok(current + Duration::milliseconds(1)),
        (None, _) => Ok(now),
    }
}

/// States on which VTEX records `authorizedDate` (payment approved or later).
const PAID_STATES: &[&str] = &[
    "payment-approved",
    "approve-payment",
    "ready-for-handling",
    "start-handling",
    "handling",
    "window-to-cancel",
    "invoice",
    "invoiced",
];

/// `POST /_sandbox/orders/{id}/transition`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Transition {
    pub(crate) state: String,
    #[serde(default = "yes")]
    pub(crate) emit_hook: bool,
    pub(crate) last_change: Option<DateTime<Utc>>,
}

fn yes() -> bool {
    true
}

/// Sets the state and its dates; returns the previous state (the hook's `LastState`).
pub(crate) fn transition(
    doc: &mut Value,
    state: &str,
    at: DateTime<Utc>,
) -> Result<String, String> {
    let state = state.trim();
    if state.is_empty() {
        return Err("state is required".into());
    }
    let previous = doc
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let instant = Value::String(vtex_instant(at));
    let object = doc.as_object_mut().ok_or("the order is not an object")?;
    object.insert("status".into(), Value::String(state.to_owned()));
    object.insert("lastChange".into(), instant.clone());
    let unset = |object: &serde_json::Map<String, Value>, field: &str| {
        object.get(field).is_none_or(Value::is_null)
    };
    if PAID_STATES.contains(&state) && unset(object, "authorizedDate") {
        object.insert("authorizedDate".into(), instant.clone());
    }
    if state == "invoiced" && unset(object, "invoicedDate") {
        object.insert("invoicedDate".into(), instant.clone());
    }
    if state == "canceled" {
        object.insert(
            "cancellationData".into(),
            json!({"RequestedByUser": true, "RequestedBySystem": false, "RequestedBySellerNotification": false,
                   "RequestedByPaymentNotification": false, "Reason": "sandbox", "CancellationDate": instant}),
        );
    }
    Ok(previous)
}

/// `POST /_sandbox/orders/{id}/packages`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PackageSpec {
    #[serde(rename = "type")]
    kind: String,
    items: Vec<PackageLine>,
    tracking_number: Option<String>,
    invoice_number: String,
    #[serde(default)]
    pub(crate) emit_hook: bool,
    pub(crate) last_change: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PackageLine {
    item_index: usize,
    quantity: i64,
}

fn item_field(doc: &Value, index: usize, field: &str) -> Option<i64> {
    doc.pointer(&format!("/items/{index}/{field}"))
        .and_then(Value::as_i64)
}

/// Appends a shipment or a return invoice (its value: the lines' selling price plus tax).
pub(crate) fn add_package(
    doc: &mut Value,
    spec: &PackageSpec,
    at: DateTime<Utc>,
) -> Result<(), String> {
    if spec.kind != "Output" && spec.kind != "Input" {
        return Err("type must be Output or Input".into());
    }
    let mut value = 0;
    let mut items = Vec::with_capacity(spec.items.len());
    for line in &spec.items {
        let quantity = item_field(doc, line.item_index, "quantity")
            .ok_or_else(|| format!("no line with itemIndex {}", line.item_index))?;
        if line.quantity < 1 || line.quantity > quantity {
            return Err(format!(
                "itemIndex {} has {quantity} units; a package takes 1 to {quantity}",
                line.item_index
            ));
        }
        let selling = item_field(doc, line.item_index, "sellingPrice").unwrap_or_default();
        let tax = item_field(doc, line.item_index, "tax").unwrap_or_default();
        value += (selling + tax) * line.quantity;
        items.push(
            json!({"itemIndex": line.item_index, "quantity": line.quantity, "price": selling,
                          "description": null, "unitMultiplier": 1.0}),
        );
    }
    let instant = vtex_instant(at);
    let package = json!({
        "type": spec.kind,
        "items": items,
        "invoiceNumber": spec.invoice_number,
        "invoiceValue": value,
        "issuanceDate": instant,
        "trackingNumber": spec.tracking_number.clone().unwrap_or_default(),
        "courier": if spec.kind == "Output" { json!("Servientrega") } else { Value::Null },
        "trackingUrl": "",
        "restitutions": {},
        "volumes": 1,
    });
    let object = doc.as_object_mut().ok_or("the order is not an object")?;
    let attachment = object
        .entry("packageAttachment")
        .or_insert_with(|| json!({"packages": []}));
    if !attachment.get("packages").is_some_and(Value::is_array) {
        *attachment = json!({"packages": []});
    }
    if let Some(packages) = attachment.get_mut("packages").and_then(Value::as_array_mut) {
        packages.push(package);
    }
    object.insert("lastChange".into(), Value::String(instant));
    Ok(())
}

/// `POST /_sandbox/orders/{id}/changes`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ChangeSpec {
    #[serde(default)]
    items_removed: Vec<ChangedItem>,
    #[serde(default)]
    items_added: Vec<ChangedItem>,
    #[serde(default)]
    pub(crate) emit_hook: bool,
    pub(crate) last_change: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ChangedItem {
    id: String,
    quantity: i64,
}

/// Appends an order edit (VTEX's `changesAttachment.changesData[]`).
pub(crate) fn add_change(
    doc: &mut Value,
    spec: &ChangeSpec,
    at: DateTime<Utc>,
) -> Result<(), String> {
    if spec.items_removed.is_empty() && spec.items_added.is_empty() {
        return Err("an edit removes or adds at least one item".into());
    }
    if spec
        .items_removed
        .iter()
        .chain(&spec.items_added)
        .any(|item| item.quantity < 1)
    {
        return Err("quantities must be ≥ 1".into());
    }
    let instant = vtex_instant(at);
    let change = json!({
        "reason": "sandbox edit",
        "discountValue": 0,
        "incrementValue": 0,
        "itemsAdded": spec.items_added,
        "itemsRemoved": spec.items_removed,
        "receipt": null,
    });
    let object = doc.as_object_mut().ok_or("the order is not an object")?;
    let attachment = object.entry("changesAttachment").or_insert(Value::Null);
    if !attachment.get("changesData").is_some_and(Value::is_array) {
        *attachment = json!({"id": "changeAttachment", "changesData": []});
    }
    if let Some(changes) = attachment
        .get_mut("changesData")
        .and_then(Value::as_array_mut)
    {
        changes.push(change);
    }
    object.insert("lastChange".into(), Value::String(instant));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        raw.parse().unwrap()
    }

    #[test]
    fn instants_have_vtexs_seven_digits() {
        assert_eq!(
            vtex_instant(at("2026-03-02T14:05:10.987654Z")),
            "2026-03-02T14:05:10.9876540+00:00"
        );
    }

    #[test]
    fn last_change_only_moves_forward() {
        let doc = json!({"lastChange": "2026-03-03T16:20:07.3010000+00:00"});
        let now = at("2026-03-01T00:00:00Z");
        assert_eq!(
            next_last_change(&doc, None, now).unwrap(),
            at("2026-03-03T16:20:07.302Z"),
            "a clock behind the document still moves forward"
        );
        assert!(next_last_change(&doc, Some(at("2026-03-03T16:20:07.301Z")), now).is_err());
        let later = at("2026-03-04T00:00:00Z");
        assert_eq!(next_last_change(&doc, Some(later), now).unwrap(), later);
        assert_eq!(next_last_change(&doc, None, later).unwrap(), later);
    }

    #[test]
    fn transitions_set_the_dates_once() {
        let mut doc =
            json!({"status": "order-created", "authorizedDate": null, "invoicedDate": null});
        let paid = at("2026-03-02T14:09:30.412Z");
        assert_eq!(
            transition(&mut doc, "payment-approved", paid).unwrap(),
            "order-created"
        );
        assert_eq!(doc["authorizedDate"], "2026-03-02T14:09:30.4120000+00:00");
        let invoiced = at("2026-03-03T16:20:05.118Z");
        assert_eq!(
            transition(&mut doc, "invoiced", invoiced).unwrap(),
            "payment-approved"
        );
        assert_eq!(doc["authorizedDate"], "2026-03-02T14:09:30.4120000+00:00");
        assert_eq!(doc["invoicedDate"], "2026-03-03T16:20:05.1180000+00:00");
        assert_eq!(doc["lastChange"], doc["invoicedDate"]);
        transition(&mut doc, "canceled", invoiced).unwrap();
        assert_eq!(
            doc["cancellationData"]["CancellationDate"],
            doc["lastChange"]
        );
    }
}
