//! `GET /api/oms/pvt/orders/{orderId}` and the paged order list (vtex.md §6, §9.1).

use chrono::{DateTime, FixedOffset};
use serde_json::{Value, json};

use crate::config::SandboxConfig;
use crate::state::{Reply, SandboxState};

/// VTEX's page size when `per_page` is absent.
const DEFAULT_PER_PAGE: usize = 15;

/// The stored document, byte for byte.
pub(crate) fn get(state: &SandboxState, order_id: &str) -> Reply {
    match state.orders.get(order_id) {
        Some(order) => Reply::raw(order.raw.clone()),
        None => Reply::not_found(format!("order {order_id} not found")),
    }
}

#[derive(Debug, PartialEq)]
struct ListQuery {
    range: Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)>,
    statuses: Option<Vec<String>>,
    page: usize,
    per_page: usize,
    descending: bool,
}

fn parse_instant(raw: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(raw.trim()).map_err(|_| format!("{raw:?} is not an instant"))
}

/// `creationDate:[A TO B]`.
fn parse_range(raw: &str) -> Result<(DateTime<FixedOffset>, DateTime<FixedOffset>), String> {
    let inner = raw
        .trim()
        .strip_prefix("creationDate:[")
        .and_then(|rest| rest.strip_suffix(']'))
        .ok_or("f_creationDate must look like creationDate:[FROM TO TO]")?;
    let (from, to) = inner
        .split_once(" TO ")
        .ok_or("f_creationDate must look like creationDate:[FROM TO TO]")?;
    Ok((parse_instant(from)?, parse_instant(to)?))
}

fn parse_query(raw: &str, config: &SandboxConfig) -> Result<ListQuery, String> {
    let mut query = ListQuery {
        range: None,
        statuses: None,
        page: 1,
        per_page: DEFAULT_PER_PAGE,
        descending: true,
    };
    for (name, value) in url::form_urlencoded::parse(raw.as_bytes()) {
        match name.as_ref() {
            "f_creationDate" => query.range = Some(parse_range(&value)?),
            "f_status" => {
                query.statuses = Some(value.split(',').map(|s| s.trim().to_owned()).collect());
            }
            "page" => {
                query.page = value
                    .parse()
                    .ok()
                    .filter(|p| *p >= 1)
                    .ok_or("page must be a whole number from 1")?;
            }
            "per_page" => {
                query.per_page = value
                    .parse()
                    .ok()
                    .filter(|p| (1..=100).contains(p))
                    .ok_or("per_page must be within 1–100")?;
            }
            "orderBy" => {
                query.descending = match value.as_ref() {
                    "creationDate,asc" => false,
                    "creationDate,desc" => true,
                    _ => return Err("orderBy must be creationDate,asc or creationDate,desc".into()),
                };
            }
            _ => {}
        }
    }
    if query.page > config.max_pages as usize {
        return Err(format!(
            "page {} is beyond the maximum of {} pages; narrow the creationDate range",
            query.page, config.max_pages
        ));
    }
    Ok(query)
}

fn field(doc: &Value, name: &str) -> Value {
    doc.get(name).cloned().unwrap_or(Value::Null)
}

fn payment_names(doc: &Value) -> Value {
    let names: Vec<&str> = doc
        .pointer("/paymentData/transactions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("payments").and_then(Value::as_array))
        .flatten()
        .filter_map(|p| p.get("paymentSystemName").and_then(Value::as_str))
        .collect();
    if names.is_empty() {
        Value::Null
    } else {
        Value::String(names.join(", "))
    }
}

fn total_items(doc: &Value) -> i64 {
    doc.get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| item.get("quantity").and_then(Value::as_i64))
        .sum()
}

/// The list entry VTEX derives from a full document.
pub(crate) fn summary(doc: &Value) -> Value {
    let client_name = match (
        doc.pointer("/clientProfileData/firstName")
            .and_then(Value::as_str),
        doc.pointer("/clientProfileData/lastName")
            .and_then(Value::as_str),
    ) {
        (Some(first), Some(last)) => Value::String(format!("{first} {last}")),
        (Some(one), None) | (None, Some(one)) => Value::String(one.to_owned()),
        (None, None) => Value::Null,
    };
    let marketplace_order_id = match doc.get("marketplaceOrderId").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => Value::String(id.to_owned()),
        _ => Value::Null,
    };
    let payment_approved = doc.get("authorizedDate").cloned().unwrap_or(Value::Null);
    json!({
        "orderId": field(doc, "orderId"),
        "creationDate": field(doc, "creationDate"),
        "clientName": client_name,
        "items": null,
        "totalValue": field(doc, "value"),
        "paymentNames": payment_names(doc),
        "status": field(doc, "status"),
        "statusDescription": field(doc, "statusDescription"),
        "marketPlaceOrderId": marketplace_order_id,
        "sequence": field(doc, "sequence"),
        "salesChannel": field(doc, "salesChannel"),
        "affiliateId": field(doc, "affiliateId"),
        "origin": field(doc, "origin"),
        "workflowInErrorState": doc.get("workflowIsInError").cloned().unwrap_or(Value::Bool(false)),
        "workflowInRetry": false,
        "lastMessageUnread": null,
        "ShippingEstimatedDate": null,
        "ShippingEstimatedDateMax": null,
        "ShippingEstimatedDateMin": null,
        "orderIsComplete": doc.get("isCompleted").cloned().unwrap_or(Value::Bool(true)),
        "listId": null,
        "listType": null,
        "authorizedDate": field(doc, "authorizedDate"),
        "callCenterOperatorName": null,
        "totalItems": total_items(doc),
        "currencyCode": doc.pointer("/storePreferencesData/currencyCode").cloned().unwrap_or(Value::Null),
        "hostname": field(doc, "hostname"),
        "invoiceOutput": null,
        "invoiceInput": null,
        "lastChange": field(doc, "lastChange"),
        "isAllDelivered": false,
        "isAnyDelivered": false,
        "giftCardProviders": null,
        "orderFormId": null,
        "paymentApprovedDate": payment_approved,
        "readyForHandlingDate": null,
        "deliveryDates": null,
    })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn stat(values: &[f64]) -> Value {
    let count = values.len();
    let sum: f64 = values.iter().sum();
    let max = values.iter().copied().fold(f64::NAN, f64::max);
    let min = values.iter().copied().fold(f64::NAN, f64::min);
    let mean = if count == 0 { 0.0 } else { sum / count as f64 };
    json!({
        "Count": count, "Max": if count == 0 { 0.0 } else { max },
        "Mean": round2(mean), "Min": if count == 0 { 0.0 } else { min },
        "Missing": 0, "StdDev": 0.0, "Sum": sum, "SumOfSquares": 0.0, "Facets": {}
    })
}

/// `GET /api/oms/pvt/orders?f_creationDate=…&page=…&per_page=…&orderBy=…`.
pub(crate) fn list(state: &SandboxState, config: &SandboxConfig, raw_query: &str) -> Reply {
    let query = match parse_query(raw_query, config) {
        Ok(query) => query,
        Err(message) => return Reply::bad_request(message),
    };
    // In creation order (then id), from the index kept by `put_order`.
    let range = query.range.map(|(from, to)| {
        (
            from.with_timezone(&chrono::Utc),
            to.with_timezone(&chrono::Utc),
        )
    });
    let candidates: Box<dyn Iterator<Item = &(Option<DateTime<chrono::Utc>>, String)>> = match range
    {
        Some((from, to)) => Box::new(
            state
                .by_creation
                .range((Some(from), String::new())..)
                .take_while(move |(created, _)| created.is_some_and(|c| c <= to)),
        ),
        None => Box::new(state.by_creation.iter()),
    };
    let mut matching: Vec<(&str, &Value)> = candidates
        .filter_map(|(_, id)| state.orders.get(id).map(|order| (id.as_str(), &order.doc)))
        .filter(|(_, doc)| {
            query.statuses.as_ref().is_none_or(|statuses| {
                doc.get("status")
                    .and_then(Value::as_str)
                    .is_some_and(|s| statuses.iter().any(|wanted| wanted == s))
            })
        })
        .collect();
    if query.descending {
        matching.reverse();
    }
    let total = matching.len();
    let pages = total.div_ceil(query.per_page);
    let list: Vec<Value> = matching
        .iter()
        .skip((query.page - 1) * query.per_page)
        .take(query.per_page)
        .map(|(_, doc)| summary(doc))
        .collect();
    let values: Vec<f64> = matching
        .iter()
        .filter_map(|(_, doc)| doc.get("value").and_then(Value::as_f64))
        .collect();
    let items: Vec<f64> = matching
        .iter()
        .map(|(_, doc)| total_items(doc) as f64)
        .collect();
    Reply::ok(json!({
        "list": list,
        "facets": [],
        "paging": {"total": total, "pages": pages, "currentPage": query.page, "perPage": query.per_page},
        "stats": {"stats": {"totalValue": stat(&values), "totalItems": stat(&items)}},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_of_vtex_md_parses() {
        let q = parse_query(
            "f_creationDate=creationDate%3A%5B2026-03-02T05%3A00%3A00.000Z%20TO%202026-03-03T04%3A59%3A59.999Z%5D&page=2&per_page=100&orderBy=creationDate,asc",
            &SandboxConfig::default(),
        )
        .unwrap();
        assert_eq!(q.page, 2);
        assert_eq!(q.per_page, 100);
        assert!(!q.descending);
        let (from, to) = q.range.unwrap();
        assert_eq!(from.to_rfc3339(), "2026-03-02T05:00:00+00:00");
        assert_eq!(to.timestamp_subsec_millis(), 999);
    }

    #[test]
    fn bad_queries_are_refused() {
        let config = SandboxConfig::default();
        for raw in [
            "per_page=0",
            "per_page=101",
            "page=0",
            "page=31",
            "orderBy=value,asc",
            "f_creationDate=creationDate:[x TO y]",
        ] {
            assert!(parse_query(raw, &config).is_err(), "{raw}");
        }
    }

    #[test]
    fn seven_digit_fractions_parse() {
        let doc = json!({"creationDate": "2026-03-02T14:05:10.9876543+00:00"});
        assert_eq!(
            crate::state::creation_instant(&doc)
                .unwrap()
                .timestamp_subsec_nanos(),
            987_654_300
        );
    }
}
