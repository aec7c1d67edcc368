//! Malformed JSON, wrong types, missing fields, oversized bodies and bad query strings become the
//! error envelope with a 4xx, never a 5xx or actix's plain-text default.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::web;

use crate::error::ApiError;

const JSON_LIMIT: usize = 1024 * 1024;

/// 1 MiB JSON bodies; 400 `invalid_json`, 413, 415 or 422 with the field.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT)
        .error_handler(|error, _req| json_error(error).into())
}

fn json_error(error: JsonPayloadError) -> ApiError {
    match error {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::PayloadTooLarge
        }
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
        JsonPayloadError::Deserialize(error) => serde_error(&error),
        other => ApiError::BadRequest(
            afiliados_api_types::ApiErrorCode::InvalidJson,
            other.to_string(),
        ),
    }
}

/// Syntax errors are 400; well-formed JSON of the wrong shape is 422 naming the field when serde
/// says which. Also used by handlers that read a body as JSON first and type it themselves.
pub fn serde_error(error: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match error.classify() {
        Category::Data => {
            let text = error.to_string();
            let field = between(&text, "missing field `", "`");
            match field {
                Some(field) => ApiError::field(&field, "required"),
                None if text.contains("unknown variant") => ApiError::field("body", "invalid_enum"),
                None => ApiError::field(
                    &between(&text, "field `", "`").unwrap_or_else(|| "body".into()),
                    "invalid_type",
                ),
            }
        }
        _ => ApiError::BadRequest(
            afiliados_api_types::ApiErrorCode::InvalidJson,
            error.to_string(),
        ),
    }
}

fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(text[from..to].to_owned())
}

/// 400 `invalid_query`.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error: QueryPayloadError, _req| {
        ApiError::BadRequest(
            afiliados_api_types::ApiErrorCode::InvalidQuery,
            error.to_string(),
        )
        .into()
    })
}

/// A malformed id in the path cannot name a row the caller may see: 404.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_error: PathError, _req| ApiError::NotFound.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[expect(dead_code, reason = "only deserialised")]
    struct Body {
        email: String,
        count: u32,
    }

    fn classify(raw: &str) -> String {
        let error = serde_json::from_str::<Body>(raw).unwrap_err();
        format!("{:?}", serde_error(&error))
    }

    #[test]
    fn shapes_are_422_and_syntax_is_400() {
        assert!(classify(r#"{"email": "a"}"#).contains("\"count\""));
        assert!(classify(r#"{"email": 5, "count": 1}"#).contains("invalid_type"));
        assert!(classify(r#"{"email": "a""#).contains("InvalidJson"));
    }
}
