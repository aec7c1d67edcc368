//! U+0000 in client text (issue 9, finding 9): PostgreSQL refuses the character, so the api
//! refuses it at the edge — 422 `validation_failed` naming the field for a JSON string, 400
//! `invalid_query` naming the parameter for a query string, 404 for a path segment — and no client
//! input reaches a 500. The reproductions of the issue first, then a property test over every text
//! field, filter and path parameter of the published OpenAPI document.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

fn assert_field_refused(status: u16, body: &Value, field: &str, what: &str) {
    assert_eq!(status, 422, "{what}: {body}");
    assert_eq!(body["error"], "validation_failed", "{what}: {body}");
    assert!(
        body["details"]
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["field"] == field && item["code"] == "invalid_format"),
        "{what} names {field}: {body}"
    );
}

#[tokio::test]
async fn nul_in_the_sign_in_and_reset_bodies_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    let (status, body) = answer(
        app.request(Method::POST, "/api/v1/auth/login")
            .json(&json!({ "email": "a\u{0}b@x.co", "password": "x" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_field_refused(status, &body, "email", "login");
    let (status, body) = answer(
        app.request(Method::POST, "/api/v1/auth/password/forgot")
            .json(&json!({ "email": "a\u{0}b@x.co" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_field_refused(status, &body, "email", "forgot");
    let (_, token) = app.login_as("gestor_afiliados").await;
    let (status, body) = answer(
        app.patch(
            "/api/v1/auth/profile",
            &token,
            json!({ "firstName": "Ana\u{0}María" }),
        )
        .await,
    )
    .await;
    assert_field_refused(status, &body, "firstName", "profile");
    // Nested fields are named with dots and indexes.
    let (status, body) = answer(
        app.request(Method::POST, "/api/v1/public/influencers")
            .json(
                &json!({ "socialLinks": ["https://x.co/a", "https://x.co/\u{0}"],
                           "bankAccount": { "bankName": "B\u{0}" } }),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_field_refused(status, &body, "socialLinks[1]", "registration");
    assert_field_refused(status, &body, "bankAccount.bankName", "registration");
}

#[tokio::test]
async fn nul_in_a_path_segment_is_a_404() {
    let app = spawn_app().await;
    let (status, body) = answer(
        app.request(
            Method::GET,
            "/api/v1/public/policies/terms/versions/1%000/document",
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"], "not_found");
}

#[tokio::test]
async fn nul_in_a_list_filter_is_a_400_naming_the_parameter() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    for path in [
        "/api/v1/brands?q=a%00b",
        "/api/v1/users?q=a%00b",
        "/api/v1/campaigns?q=a%00b",
        "/api/v1/codes?q=a%00b",
        "/api/v1/influencers?q=a%00b",
        "/api/v1/audit/logs?q=a%00b",
        "/api/v1/audit/logs?action=user.%00",
        "/api/v1/audit/logs?entityType=user%00",
        "/api/v1/notifications/emails?recipient=a%00b",
        "/api/v1/notifications/emails?template=%00",
    ] {
        let (status, body) = answer(app.get(path, &admin).await).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error"], "invalid_query", "{path}: {body}");
        let name = path.split('?').nth(1).unwrap().split('=').next().unwrap();
        assert_eq!(
            body["details"][0]["field"], name,
            "{path} names its parameter: {body}"
        );
    }
}

/// Where a NUL can be put in one operation of the document.
#[derive(Debug, Clone)]
enum Spot {
    /// A query parameter.
    Query(String),
    /// A path parameter.
    Path(String),
    /// A string in the JSON body, by its path of keys and indexes (`bankAccount.bankName`).
    Body(Vec<Step>),
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index,
}

#[derive(Debug, Clone)]
struct Injection {
    method: Method,
    path: String,
    spot: Spot,
}

fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => document
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or(&Value::Null),
        None => schema,
    }
}

fn has_type(schema: &Value, wanted: &str) -> bool {
    match &schema["type"] {
        Value::String(kind) => kind == wanted,
        Value::Array(kinds) => kinds.iter().any(|kind| kind == wanted),
        _ => false,
    }
}

/// Every string leaf of a request schema (through `$ref`, `oneOf`/`anyOf`/`allOf`, objects and
/// arrays), as paths of steps.
fn string_leaves(document: &Value, schema: &Value, prefix: &[Step], out: &mut Vec<Vec<Step>>) {
    if prefix.len() > 6 {
        return;
    }
    let schema = resolve(document, schema);
    for combinator in ["oneOf", "anyOf", "allOf"] {
        for variant in schema[combinator].as_array().into_iter().flatten() {
            string_leaves(document, variant, prefix, out);
        }
    }
    if has_type(schema, "string") {
        out.push(prefix.to_vec());
    }
    if let Some(properties) = schema["properties"].as_object() {
        for (name, property) in properties {
            let mut path = prefix.to_vec();
            path.push(Step::Key(name.clone()));
            string_leaves(document, property, &path, out);
        }
    }
    if has_type(schema, "array") {
        let mut path = prefix.to_vec();
        path.push(Step::Index);
        string_leaves(document, &schema["items"], &path, out);
    }
}

/// Every (operation, spot) pair of the document where text goes in.
fn injections(document: &Value) -> Vec<Injection> {
    let mut all = Vec::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let mut spots = Vec::new();
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap().to_owned();
                let schema = resolve(document, &parameter["schema"]);
                match parameter["in"].as_str() {
                    Some("query") if has_type(schema, "string") => spots.push(Spot::Query(name)),
                    Some("path") => spots.push(Spot::Path(name)),
                    _ => {}
                }
            }
            let body = &operation["requestBody"]["content"]["application/json"]["schema"];
            if !body.is_null() {
                let mut leaves = Vec::new();
                string_leaves(document, body, &[], &mut leaves);
                spots.extend(leaves.into_iter().map(Spot::Body));
            }
            all.extend(spots.into_iter().map(|spot| Injection {
                method: method.clone(),
                path: path.clone(),
                spot,
            }));
        }
    }
    all
}

fn field_name(steps: &[Step]) -> String {
    let mut name = String::new();
    for step in steps {
        match step {
            Step::Key(key) if name.is_empty() => name.push_str(key),
            Step::Key(key) => {
                name.push('.');
                name.push_str(key);
            }
            Step::Index => name.push_str("[0]"),
        }
    }
    name
}

fn body_with(steps: &[Step], text: &str) -> Value {
    match steps.split_first() {
        None => Value::String(text.to_owned()),
        Some((Step::Key(key), rest)) => json!({ key.as_str(): body_with(rest, text) }),
        Some((Step::Index, rest)) => json!([body_with(rest, text)]),
    }
}

fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// Sends `text` (which holds a NUL) at `injection` and checks the documented answer.
async fn probe(app: &TestApp, token: &str, injection: &Injection, text: &str) {
    let placeholder = Uuid::new_v4().to_string();
    let mut path = injection.path.clone();
    let mut query = String::new();
    let mut body = None;
    match &injection.spot {
        Spot::Path(name) => {
            path = path.replace(&format!("{{{name}}}"), &percent_encoded(text));
        }
        Spot::Query(name) => query = format!("?{name}={}", percent_encoded(text)),
        Spot::Body(steps) => body = Some(body_with(steps, text)),
    }
    // Every other path parameter gets a well-formed id, so the NUL is the only problem.
    while let Some(start) = path.find('{') {
        let end = path[start..].find('}').unwrap() + start;
        path.replace_range(start..=end, &placeholder);
    }
    let mut request = app
        .request(injection.method.clone(), &format!("{path}{query}"))
        .bearer_auth(token);
    if let Some(body) = &body {
        request = request.json(body);
    }
    let (status, answer) = answer(request.send().await.unwrap()).await;
    let what = format!("{} {path}{query} {body:?}", injection.method);
    assert!(status < 500, "{what} answered {status}: {answer}");
    match &injection.spot {
        Spot::Path(_) => assert_eq!(status, 404, "{what}: {answer}"),
        Spot::Query(name) => {
            assert_eq!(status, 400, "{what}: {answer}");
            assert_eq!(answer["error"], "invalid_query", "{what}");
            assert_eq!(answer["details"][0]["field"], name.as_str(), "{what}");
        }
        Spot::Body(steps) => assert_field_refused(status, &answer, &field_name(steps), &what),
    }
}

/// A string holding at least one NUL somewhere among ordinary characters.
fn text_with_nul() -> impl Strategy<Value = String> {
    ("[a-zA-Z0-9 @.ñé-]{0,6}", "[a-zA-Z0-9 @.ñé\\x00-]{0,6}")
        .prop_map(|(before, after)| format!("{before}\u{0}{after}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_text_field_filter_or_path_parameter_of_the_document_answers_5xx_with_a_nul() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let document: Value = app
        .request(Method::GET, "/api/v1/openapi.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let all = injections(&document);
    assert!(
        all.len() > 150,
        "the document lists its text inputs ({} found)",
        all.len()
    );
    // Every spot at least once, deterministically.
    for injection in &all {
        probe(&app, &admin, injection, "a\u{0}b").await;
    }
    // Then random NUL-bearing strings at random spots.
    let handle = tokio::runtime::Handle::current();
    let mut runner = TestRunner::new(Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (0..all.len(), text_with_nul());
    tokio::task::block_in_place(|| {
        runner
            .run(&strategy, |(index, text)| {
                handle.block_on(probe(&app, &admin, &all[index], &text));
                Ok(())
            })
            .unwrap();
    });
}

#[tokio::test]
async fn nul_in_an_upload_text_part_or_file_name_is_a_422_naming_the_field() {
    use reqwest::multipart::{Form, Part};
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let policies = crate::onboarding::publish_policies(&app, &admin).await;
    let (me, token) = crate::onboarding::registered_influencer(&app, &policies).await;
    let me = crate::onboarding::id_of(&me);
    let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".to_vec();
    let form = |filename: &str, notes: &str| {
        Form::new()
            .part(
                "file",
                Part::bytes(pdf.clone())
                    .file_name(filename.to_owned())
                    .mime_str("application/pdf")
                    .unwrap(),
            )
            .text("kind", "id_document")
            .text("notes", notes.to_owned())
    };
    for (form, field) in [
        (form("cedula.pdf", "Cédula\u{0}"), "notes"),
        (form("ced\u{0}ula.pdf", "Cédula"), "file"),
    ] {
        let (status, body) = answer(
            app.request(Method::POST, &format!("/api/v1/influencers/{me}/documents"))
                .bearer_auth(&token)
                .multipart(form)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_field_refused(status, &body, field, "upload");
    }
}
