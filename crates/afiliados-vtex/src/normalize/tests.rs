//! The normaliser on every OMS fixture with the numbers of `vtex.md` §4 and the fixtures'
//! `*.expected.json`, then each rule on a fixture changed in one place.

use afiliados_api_types::orders::NormalizedOrder;
use serde_json::{Value, json};

use super::*;

fn fixture(name: &str) -> Value {
    let dir = afiliados_vtex_sandbox::SandboxConfig::default()
        .resolve_fixtures_dir()
        .unwrap();
    serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
}

fn expected(name: &str) -> NormalizedOrder {
    serde_json::from_value(fixture(name)["normalizedOrder"].clone()).unwrap()
}

fn with_coupon() -> Value {
    fixture("oms-order-with-coupon.json")
}

fn normalized(document: &Value) -> NormalizedOrder {
    normalize(document, "COP").unwrap()
}

fn amount(money: afiliados_domain::Money) -> String {
    money.to_string()
}

#[test]
fn the_order_with_coupon_is_its_expected_file() {
    let document = with_coupon();
    let mut order = normalized(&document);
    let sent = order.document.take().unwrap();
    assert_eq!(order, expected("oms-order-with-coupon.expected.json"));
    assert_eq!(sent, without_personal_data(&document));
}

#[test]
fn the_order_without_coupon_is_its_expected_file() {
    let mut order = normalized(&fixture("oms-order-without-coupon.json"));
    order.document = None;
    assert_eq!(order, expected("oms-order-without-coupon.expected.json"));
    assert_eq!(order.status, "paid");
    assert_eq!(order.coupon_code, None);
    assert_eq!(amount(order.total_value), "91181.00");
}

#[test]
fn the_numbers_of_vtex_md() {
    let order = normalized(&with_coupon());
    // §4.2: 39997570 → 399975.70; the totals of the fixture README.
    assert_eq!(amount(order.total_value), "399975.70");
    assert_eq!(amount(order.items_total), "351700.00");
    assert_eq!(amount(order.discounts_total), "25670.00");
    assert_eq!(amount(order.shipping_total), "12000.00");
    assert_eq!(amount(order.tax_total), "61945.70");
    // §4.3: instants truncated to microseconds.
    assert_eq!(
        order
            .placed_at
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        "2026-03-02T14:05:10.987654Z"
    );
    assert_eq!(order.coupon_code.as_deref(), Some("cetaphil-isabela7kq2"));
    assert_eq!(
        order.coupon_code_normalized.as_deref(),
        Some("CETAPHIL-ISABELA7KQ2")
    );
    // §4.4 fixture check, line 0.
    let line = &order.lines[0];
    assert_eq!(amount(line.line_gross), "139800.00");
    assert_eq!(amount(line.line_net), "125820.00");
    assert_eq!(amount(line.line_discount), "13980.00");
    assert_eq!(amount(line.line_tax), "23905.80");
    assert_eq!(line.category_path, ["3", "45"]);
    assert_eq!(line.category_id.as_deref(), Some("45"));
    assert_eq!(line.promotion_ids, ["5f3c2a1e-8b7d-4c6e-9a10-2b3c4d5e6f70"]);
    assert!(order.warnings.is_empty());
}

#[test]
fn personal_data_travels_only_as_the_orders_fields() {
    let mut document = with_coupon();
    document["clientProfileData"]["email"] = json!("  Laura.Gomez@Example.COM ");
    document["clientProfileData"]["document"] = json!("52.876.543-k");
    let order = normalized(&document);
    assert_eq!(
        order.customer_email.as_deref(),
        Some("laura.gomez@example.com")
    );
    assert_eq!(order.customer_document.as_deref(), Some("52876543k"));
    let sent = serde_json::to_string(&order.document).unwrap();
    assert!(!sent.contains("Laura.Gomez"), "{sent}");
    assert!(!sent.contains("+573104567890"));
    assert!(!sent.contains("clientProfileData"));
}

#[test]
fn a_blank_coupon_or_null_marketing_data_is_no_coupon_and_the_currency_defaults() {
    let mut document = with_coupon();
    document["marketingData"]["coupon"] = json!("   ");
    document["storePreferencesData"] = Value::Null;
    let order = normalize(&document, "USD").unwrap();
    assert_eq!(order.coupon_code, None);
    assert_eq!(order.coupon_code_normalized, None);
    assert_eq!(order.currency, "USD");
    document["marketingData"] = Value::Null;
    assert_eq!(normalized(&document).coupon_code, None);
}

#[test]
fn an_output_package_with_tracking_ships_an_invoiced_order() {
    let mut document = with_coupon();
    document["packageAttachment"]["packages"][0]["trackingNumber"] = json!("SV-123");
    let order = normalized(&document);
    assert!(order.has_tracking);
    assert_eq!(order.status, "shipped");

    document["status"] = json!("handling");
    assert_eq!(normalized(&document).status, "paid");
    document["status"] = json!("canceled");
    assert_eq!(normalized(&document).status, "canceled");
}

fn add_package(document: &mut Value, package: Value) {
    document["packageAttachment"]["packages"]
        .as_array_mut()
        .unwrap()
        .push(package);
}

#[test]
fn return_invoices_count_units_and_cover_the_order_when_complete() {
    let mut document = with_coupon();
    add_package(
        &mut document,
        json!({"type": "Input", "invoiceNumber": "NC-1",
               "items": [{"itemIndex": 0, "quantity": 1}, {"itemIndex": 2, "quantity": 5}]}),
    );
    let order = normalized(&document);
    assert_eq!(order.lines[0].returned_quantity, 1);
    assert_eq!(
        order.lines[2].returned_quantity, 1,
        "capped at the line's units"
    );
    assert!(!order.returned_by_input_invoice);
    assert_eq!(order.status, "invoiced");

    add_package(
        &mut document,
        json!({"type": "Input", "invoiceNumber": "NC-2",
               "items": [{"itemIndex": 0, "quantity": 1}, {"itemIndex": 1, "quantity": 1},
                         {"itemIndex": 3, "quantity": 1}]}),
    );
    let order = normalized(&document);
    assert!(order.returned_by_input_invoice);
    assert_eq!(order.status, "returned");

    document["status"] = json!("canceled");
    assert_eq!(normalized(&document).status, "canceled", "canceled wins");
}

#[test]
fn edits_remove_units_from_the_highest_line_of_the_sku_first() {
    let mut document = with_coupon();
    let mut twin = document["items"][0].clone();
    twin["quantity"] = json!(3);
    document["items"].as_array_mut().unwrap().push(twin);
    document["changesAttachment"] = json!({"changesData": [
        {"itemsRemoved": [{"id": "2001", "quantity": 4}], "itemsAdded": []},
        {"itemsRemoved": [], "itemsAdded": [{"id": "2001", "quantity": 1}]},
        {"itemsRemoved": [{"id": "3050", "quantity": 1}], "itemsAdded": [{"id": "3050", "quantity": 2}]},
    ]});
    let order = normalized(&document);
    assert_eq!(
        order.lines[4].removed_quantity, 3,
        "highest lineIndex first"
    );
    assert_eq!(order.lines[0].removed_quantity, 0);
    assert_eq!(order.lines[2].removed_quantity, 0, "never below 0");

    add_package(
        &mut document,
        json!({"type": "Input", "items": [{"itemIndex": 4, "quantity": 3}]}),
    );
    assert_eq!(
        normalized(&document).lines[4].returned_quantity,
        0,
        "returns are capped at quantity − removed"
    );
}

#[test]
fn an_unknown_state_is_kept_raw_and_flagged() {
    let mut document = with_coupon();
    document["status"] = json!("replaced");
    let order = normalized(&document);
    assert_eq!(order.vtex_status, "replaced");
    assert!(order.status_unmapped);
    assert_eq!(order.status, "created");
    assert_eq!(order.warnings, ["unknown_state"]);
}

#[test]
fn inconsistencies_are_warnings_never_failures() {
    let mut document = with_coupon();
    document["totals"][0]["value"] = json!(35_170_001);
    document["totals"][1]["value"] = json!(-2_567_001);
    document["totals"][3]["value"] = json!(6_194_571);
    document["items"][2]["priceDefinition"]["total"] = json!(9_600_000);
    document["items"][1]["price"] = json!(8_490_000.4);
    let order = normalized(&document);
    assert_eq!(
        order.warnings,
        [
            "non_integer_cents",
            "net_exceeds_gross",
            "items_total_mismatch",
            "discounts_total_mismatch",
            "tax_total_mismatch",
            "value_mismatch",
        ]
    );
    assert_eq!(amount(order.lines[2].line_discount), "0.00");
    assert_eq!(amount(order.lines[1].unit_price), "84900.00");

    let mut document = with_coupon();
    document["value"] = json!(39_997_571);
    assert_eq!(normalized(&document).warnings, ["value_mismatch"]);
}

#[test]
fn without_price_definition_the_net_is_selling_price_times_quantity() {
    let mut document = with_coupon();
    document["items"][0]["priceDefinition"] = Value::Null;
    document["items"][0]["additionalInfo"]["categoriesIds"] = Value::Null;
    let line = normalized(&document).lines.remove(0);
    assert_eq!(amount(line.line_net), "125820.00");
    assert!(line.category_path.is_empty());
    assert_eq!(line.category_id, None);
}

#[test]
fn a_broken_document_is_an_error() {
    let mut document = with_coupon();
    document["items"][0]["quantity"] = json!(-1);
    assert!(normalize(&document, "COP").is_err());
    assert!(normalize(&json!({"orderId": "1-01"}), "COP").is_err());
    assert!(normalize(&json!([1, 2]), "COP").is_err());
}
