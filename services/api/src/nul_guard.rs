//! Refuses U+0000 in client text before any handler runs (issue 9, finding 9). PostgreSQL cannot
//! store the character, so a NUL that reached a query used to end as a 500; here it is a client
//! mistake with the envelope (ADR 0016):
//!
//! - a path segment holding `%00` cannot name a row: 404 `not_found`;
//! - a query parameter holding `%00`: 400 `invalid_query`, `details: [{field, code}]` naming it;
//! - a JSON body with a NUL in any string or key: 422 `validation_failed`, one item per field
//!   (`bankAccount.bankName`, `socialLinks[1]`), code `invalid_format`.
//!
//! A NUL can only reach the api as `%00` in the URL (the HTTP parser refuses raw control bytes)
//! or as the `\u0000` escape in JSON, so these three checks cover the text the api reads; the
//! error mapping of [`crate::error`] stays the backstop for anything else.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{HttpMessage as _, HttpResponse, ResponseError};
use afiliados_api_types::{ApiErrorBody, ApiErrorCode};
use futures::StreamExt as _;
use serde_json::{Value, json};

use crate::error::{ApiError, field_item};

/// The largest JSON body any route accepts (the VTEX webhook's 2 MiB); larger bodies are 413
/// here as they would be in the extractor, without holding more than this.
const JSON_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The parameter holding an encoded NUL, decoded for the answer; `None` when there is none.
fn query_parameter_with_nul(query: &str) -> Option<String> {
    query
        .split('&')
        .find(|pair| contains_encoded_nul(pair))
        .map(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            let decoded = percent_decode(name);
            decoded.replace('\0', "")
        })
}

fn contains_encoded_nul(text: &str) -> bool {
    text.as_bytes().windows(3).any(|window| window == b"%00")
}

/// `%XX` decoding, lossy (only for naming a parameter in an answer).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let decoded = (byte == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match decoded {
            Some(value) => {
                out.push(value);
                index += 3;
            }
            None => {
                out.push(if byte == b'+' { b' ' } else { byte });
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The fields of `value` whose string (or key) holds a NUL, named with dots and indexes.
pub(crate) fn fields_with_nul(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    walk(value, String::new(), &mut found);
    found
}

fn walk(value: &Value, path: String, found: &mut Vec<String>) {
    match value {
        Value::String(text) if text.contains('\0') => {
            found.push(if path.is_empty() { "body".into() } else { path })
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{index}]"), found);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let child = if path.is_empty() {
                    key.replace('\0', "")
                } else {
                    format!("{path}.{}", key.replace('\0', ""))
                };
                if key.contains('\0') {
                    found.push(child);
                } else {
                    walk(item, child, found);
                }
            }
        }
        _ => {}
    }
}

fn is_json(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|mime| mime.trim().to_ascii_lowercase())
        .is_some_and(|mime| mime == "application/json" || mime.ends_with("+json"))
}

/// Reads the body up to [`JSON_BODY_LIMIT`]; `Err` when it is larger or the stream fails.
async fn read_body(payload: &mut Payload) -> Result<Bytes, ApiError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|error| {
            ApiError::BadRequest(
                ApiErrorCode::InvalidJson,
                format!("reading the body: {error}"),
            )
        })?;
        if body.len() + chunk.len() > JSON_BODY_LIMIT {
            return Err(ApiError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// 400 `invalid_query` naming the parameter.
fn invalid_query(name: &str) -> HttpResponse {
    HttpResponse::BadRequest().json(ApiErrorBody {
        error: ApiErrorCode::InvalidQuery,
        message: crate::error::message(ApiErrorCode::InvalidQuery).to_owned(),
        details: vec![json!({ "field": name, "code": "invalid_format" })],
    })
}

/// What to answer instead of running the handler, if anything. A JSON body that was read is put
/// back for the handler's extractor.
async fn refusal(req: &mut ServiceRequest) -> Option<HttpResponse> {
    if contains_encoded_nul(req.path()) {
        return Some(ApiError::NotFound.error_response());
    }
    if let Some(name) = query_parameter_with_nul(req.query_string()) {
        return Some(invalid_query(&name));
    }
    if !is_json(req) {
        return None;
    }
    let mut payload = req.take_payload();
    let body = match read_body(&mut payload).await {
        Ok(body) => body,
        Err(error) => return Some(error.error_response()),
    };
    // Malformed JSON goes on to the extractor, which names the problem.
    let fields = serde_json::from_slice::<Value>(&body)
        .map(|value| fields_with_nul(&value))
        .unwrap_or_default();
    req.set_payload(Payload::from(body));
    (!fields.is_empty()).then(|| {
        ApiError::ValidationItems(
            fields
                .iter()
                .map(|field| field_item(field, "invalid_format", None))
                .collect(),
        )
        .error_response()
    })
}

/// Middleware: answers the refusal described in the module header, else runs the handler.
pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if let Some(response) = refusal(&mut req).await {
        tracing::info!(
            status = response.status().as_u16(),
            "refusing a NUL character in client input"
        );
        return Ok(req.into_response(response).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_field_holding_a_nul() {
        let value = json!({
            "email": "a\u{0}b@x.co",
            "ok": "fine",
            "bankAccount": { "bankName": "B\u{0}", "accountType": "ahorros" },
            "socialLinks": ["https://x.co", "https://\u{0}"],
            "k\u{0}ey": 1
        });
        let mut fields = fields_with_nul(&value);
        fields.sort();
        assert_eq!(
            fields,
            vec!["bankAccount.bankName", "email", "key", "socialLinks[1]"]
        );
        assert!(fields_with_nul(&json!({"a": ["\\u0000 is text"]})).is_empty());
        assert_eq!(fields_with_nul(&json!("\u{0}")), vec!["body"]);
    }

    #[test]
    fn the_backstop_maps_character_refusals_to_400() {
        use crate::database_refusal::Refusal;
        for message in [
            "invalid byte sequence for encoding \"UTF8\": 0x00",
            "unsupported Unicode escape sequence",
            "character with byte sequence 0xe2 0x82 0xac in encoding \"UTF8\" has no equivalent in encoding \"LATIN1\"",
        ] {
            let error = ApiError::from(Refusal(message).into_error());
            assert_eq!(error.status_code(), 400, "{message}");
        }
        let other = ApiError::from(Refusal("deadlock detected").into_error());
        assert_eq!(other.status_code(), 500);
    }

    #[test]
    fn finds_the_query_parameter_with_an_encoded_nul() {
        assert_eq!(query_parameter_with_nul("page=1&q=a%00b"), Some("q".into()));
        assert_eq!(
            query_parameter_with_nul("entity%54ype=x%00"),
            Some("entityType".into())
        );
        assert_eq!(query_parameter_with_nul("q=a%2500b"), None);
        assert_eq!(query_parameter_with_nul(""), None);
        assert!(contains_encoded_nul("/versions/1%000/document"));
        assert!(!contains_encoded_nul("/versions/1%2500/document"));
    }
}
