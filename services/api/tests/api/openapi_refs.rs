//! Every `$ref` of the published OpenAPI document resolves to a component: a reference to a
//! schema that was never collected (a query-only enumeration, say) leaves clients and fuzzers
//! unable to read that part of the contract.

use serde_json::Value;

fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                out.push(target);
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn every_reference_in_the_document_resolves() {
    let document: Value = serde_json::from_str(&afiliados_api::openapi::json()).unwrap();
    let mut found = Vec::new();
    refs(&document, &mut found);
    assert!(!found.is_empty(), "the document uses references");
    let dangling: Vec<&str> = found
        .into_iter()
        .filter(|target| {
            let path = target.trim_start_matches("#/");
            path.split('/')
                .try_fold(&document, |node, part| node.get(part))
                .is_none()
        })
        .collect();
    assert!(dangling.is_empty(), "unresolved references: {dangling:?}");
}
