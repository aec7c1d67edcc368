//! Every `ApiErrorCode` is produced somewhere in the api (after Lemmy's `test_errors_used.rs`): a
//! code no handler can answer is a promise to clients that nothing keeps. The search reads the
//! api's source — handlers name `ApiErrorCode`, use cases its alias `ErrorCode` or a
//! `UseCaseError` variant — leaving out what only maps or renders codes (`ApiError::code`,
//! `details`, `message`, the `ResponseError` impl, `From<UseCaseError>`) and unit-test modules.
//!
//! That every code has a message in Spanish and in English is the web's test
//! (`services/web/src/error_messages.rs`, `every_api_code_has_a_message_in_both_languages`): the
//! web owns the catalogue users read.

use std::path::{Path, PathBuf};

use afiliados_api_types::ApiErrorCode;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `text` without the item starting at `start` (up to its matching closing brace; the items cut
/// here have no unbalanced brace in a literal).
fn without_item(text: &str, start: &str) -> String {
    let Some(from) = text.find(start) else {
        return text.to_owned();
    };
    let open = from + text[from..].find('{').unwrap();
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return format!("{}{}", &text[..from], &text[open + i + 1..]);
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces after {start:?}");
}

/// The api's source that can produce errors.
fn producing_source() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut all = String::new();
    for file in files {
        let mut text = std::fs::read_to_string(&file).unwrap();
        // Unit-test modules close their file (the workspace's convention).
        if let Some(tests) = text.find("#[cfg(test)]\nmod tests") {
            text.truncate(tests);
        }
        if file.ends_with("src/error.rs") {
            for mapping in [
                "fn code(&self)",
                "fn details(&self)",
                "fn message(code: ApiErrorCode)",
                "impl ResponseError for ApiError",
                "impl From<UseCaseError> for ApiError",
            ] {
                assert!(text.contains(mapping), "error.rs changed: {mapping:?}");
                text = without_item(&text, mapping);
            }
        }
        all.push_str(&text);
    }
    all
}

/// How a code can be produced: its name (`ApiErrorCode::X` or the use cases' `ErrorCode::X`), or
/// the `ApiError` / `UseCaseError` variant or helper that carries it.
fn producers(code: ApiErrorCode) -> Vec<String> {
    let mut out = vec![format!("ErrorCode::{code:?}")];
    let via: &[&str] = match code {
        ApiErrorCode::ValidationFailed => &[
            "ApiError::Validation(",
            "ApiError::ValidationItems(",
            "ApiError::field(",
            "UseCaseError::Invalid(",
            "UseCaseError::invalid(",
        ],
        ApiErrorCode::NotFound => &["ApiError::NotFound", "UseCaseError::NotFound"],
        ApiErrorCode::Gone => &["ApiError::Gone", "UseCaseError::Gone"],
        ApiErrorCode::PayloadTooLarge => &["ApiError::PayloadTooLarge"],
        ApiErrorCode::UnsupportedMediaType => &["ApiError::UnsupportedMediaType"],
        ApiErrorCode::AccountLocked => &["ApiError::Locked {", "UseCaseError::Locked {"],
        ApiErrorCode::RateLimited => &["ApiError::RateLimited {"],
        ApiErrorCode::ServiceUnavailable => &["ApiError::Unavailable("],
        ApiErrorCode::ServerBusy => &["UseCaseError::Busy {", "ApiError::Busy {"],
        ApiErrorCode::InternalError => &[
            "ApiError::Internal(",
            "UseCaseError::Internal(",
            "UseCaseError::internal(",
            "UseCaseError::Database(",
        ],
        _ => &[],
    };
    out.extend(via.iter().map(|s| (*s).to_owned()));
    out
}

#[test]
fn every_error_code_is_produced_somewhere() {
    let source = producing_source();
    let unused: Vec<String> = ApiErrorCode::ALL
        .iter()
        .filter(|code| {
            !producers(**code)
                .iter()
                .any(|needle| source.contains(needle))
        })
        .map(|code| code.as_str().to_owned())
        .collect();
    assert!(
        unused.is_empty(),
        "codes nothing in services/api/src produces (remove them or wire them): {unused:?}"
    );
}

#[test]
fn the_search_sees_through_the_mappings() {
    let source = producing_source();
    assert!(
        !source.contains("ApiError::Gone => ApiErrorCode::Gone"),
        "ApiError::code is left out"
    );
    assert!(
        !source.contains("fn message(code: ApiErrorCode)"),
        "the message table is left out"
    );
    assert!(
        !source.contains("UseCaseError::Gone => ApiError::Gone"),
        "the use-case error mapping is left out"
    );
}
