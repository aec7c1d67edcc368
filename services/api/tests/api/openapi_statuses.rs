//! The OpenAPI document states every status the api answers to the usual client mistakes. For
//! each documented operation this sends, in-process, what a fuzzer sends first — no token, a
//! malformed JSON body, a body of the wrong media type, a repeated query parameter, a malformed
//! id, and for reads a valid token with unknown ids — and checks that every answer's status is
//! declared on that operation and that every error uses the envelope. Each operation gets a fresh
//! token: an optional body that does not parse is ignored, so a malformed logout still signs out.

use reqwest::Method;
use serde_json::Value;

use crate::helpers::*;

/// One documented operation.
struct Operation {
    method: Method,
    path: String,
    declared: Vec<String>,
    bearer: bool,
    json_body: bool,
    any_body: bool,
    body_required: bool,
    query: Vec<String>,
    path_params: bool,
}

fn operations() -> Vec<Operation> {
    let document = serde_json::to_value(afiliados_api::openapi::document()).unwrap();
    let mut out = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let parameters = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let in_place = |place: &str| -> Vec<String> {
                parameters
                    .iter()
                    .filter(|p| p["in"] == place)
                    .filter_map(|p| p["name"].as_str().map(str::to_owned))
                    .collect()
            };
            let content = &operation["requestBody"]["content"];
            out.push(Operation {
                method,
                path: path.clone(),
                declared: operation["responses"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .cloned()
                    .collect(),
                bearer: operation["security"]
                    .as_array()
                    .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some())),
                json_body: content.get("application/json").is_some(),
                any_body: content.is_object(),
                body_required: operation["requestBody"]["required"] == true,
                query: in_place("query"),
                path_params: !in_place("path").is_empty(),
            });
        }
    }
    out
}

/// `path` with every `{param}` replaced by `value`.
fn concrete(path: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').unwrap() + start;
        out.push_str(value);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn every_answer_to_a_client_mistake_is_declared_on_its_operation() {
    let app = spawn_app().await;
    let unknown = uuid::Uuid::new_v4().to_string();
    let operations = operations();
    assert!(operations.len() > 80, "the document lists the api");
    let mut undeclared = Vec::new();
    for op in &operations {
        let (_, token) = app.login_as("admin_dentsu").await;
        let url = concrete(&op.path, &unknown);
        let mut attempts: Vec<(&str, reqwest::RequestBuilder)> =
            vec![("no token, no body", app.request(op.method.clone(), &url))];
        let signed = |url: &str| app.request(op.method.clone(), url).bearer_auth(&token);
        if op.json_body {
            attempts.push((
                "malformed JSON",
                signed(&url)
                    .header("content-type", "application/json")
                    .body("{\"truncated\": "),
            ));
        }
        if op.any_body {
            attempts.push((
                "wrong media type",
                signed(&url)
                    .header("content-type", "text/plain")
                    .body("plain"),
            ));
        }
        if !op.query.is_empty() {
            let repeated: Vec<String> = op
                .query
                .iter()
                .map(|name| format!("{name}=1&{name}=2"))
                .collect();
            attempts.push((
                "repeated query parameters",
                signed(&format!("{url}?{}", repeated.join("&"))),
            ));
        }
        if op.path_params {
            attempts.push(("malformed id", signed(&concrete(&op.path, "not-an-id"))));
        }
        if op.method == Method::GET {
            attempts.push(("a read with unknown ids", signed(&url)));
        }
        for (what, request) in attempts {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            if status >= 400 {
                let body: Value = response.json().await.unwrap_or(Value::Null);
                assert!(
                    body["error"].is_string() && body["details"].is_array(),
                    "{} {} ({what}) answers {status} without the envelope: {body}",
                    op.method,
                    op.path
                );
            }
            if what == "a read with unknown ids" {
                assert_ne!(status, 401, "{} {}: the token is valid", op.method, op.path);
            }
            if !op.declared.contains(&status.to_string()) {
                undeclared.push(format!("{} {} ({what}): {status}", op.method, op.path));
            }
        }
    }
    assert!(
        undeclared.is_empty(),
        "statuses answered but not declared:\n{}",
        undeclared.join("\n")
    );
}

#[test]
fn every_operation_declares_the_shared_answers_its_inputs_allow() {
    for op in operations() {
        let has = |status: &str| op.declared.iter().any(|s| s == status);
        let what = format!("{} {}", op.method, op.path);
        if op.path.starts_with("/api/v1/health") {
            continue;
        }
        assert!(has("429") && has("500") && has("503"), "{what}");
        if op.bearer {
            assert!(has("401"), "{what}: bearer without 401");
        }
        if (op.json_body && op.body_required) || !op.query.is_empty() {
            assert!(has("400"), "{what}");
        }
        if op.any_body || !op.query.is_empty() || op.path_params {
            assert!(has("422"), "{what}");
        }
        if op.any_body && op.body_required {
            assert!(has("415"), "{what}");
        }
        if op.path_params {
            assert!(has("404"), "{what}");
        }
    }
}
