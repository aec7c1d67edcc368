//! Loading OMS order documents from a fixtures directory.

use std::path::Path;

use actix_web::web::Bytes;
use anyhow::Context as _;
use serde_json::Value;

/// Every `*.json` file of `dir` (not `*.expected.json`) that is an order document: an object with
/// a string `orderId` and an array `items`. Files are kept byte for byte.
pub(crate) fn load_orders(dir: &Path) -> anyhow::Result<Vec<(Bytes, Value)>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading fixtures directory {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.ends_with(".json") && !name.ends_with(".expected.json"))
        })
        .collect();
    paths.sort();
    let mut orders = Vec::new();
    for path in paths {
        let raw = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let Ok(doc) = serde_json::from_slice::<Value>(&raw) else {
            continue;
        };
        if is_order_document(&doc) {
            orders.push((Bytes::from(raw), doc));
        }
    }
    Ok(orders)
}

/// The shape the api recognises as `order_document` (vtex.md §2.1).
pub(crate) fn is_order_document(doc: &Value) -> bool {
    doc.get("orderId").is_some_and(Value::is_string)
        && doc.get("items").is_some_and(Value::is_array)
}

#[cfg(test)]
mod tests {
    use crate::config::SandboxConfig;

    #[test]
    fn the_two_oms_fixtures_are_orders() {
        let dir = SandboxConfig::default().resolve_fixtures_dir().unwrap();
        let orders = super::load_orders(&dir).unwrap();
        let ids: Vec<_> = orders
            .iter()
            .map(|(_, doc)| doc["orderId"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids, vec!["1432120512345-01", "1432120598765-01"]);
    }
}
