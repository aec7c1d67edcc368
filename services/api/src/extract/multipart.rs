//! Reading `multipart/form-data` uploads: one `file` part and short text parts, with the file
//! limited to `UPLOAD_MAX_BYTES` (422 `file_too_large`) and the whole body to that plus 64 KiB
//! (413), so an oversized body becomes the error envelope instead of a 500. The result is the
//! plain [`Upload`] a use case validates.

use actix_multipart::{Multipart, MultipartError};
use actix_web::HttpRequest;
use actix_web::web::Payload;
use futures::StreamExt;

use crate::error::ApiError;
use crate::usecases::documents::upload::Upload;

/// Room for the text parts and the multipart framing on top of the file limit (`api.md` §0.1).
pub const ENVELOPE_BYTES: usize = 64 * 1024;
/// Longest text part.
const TEXT_PART_MAX: usize = 4 * 1024;

fn multipart_error(error: MultipartError) -> ApiError {
    match error {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible
        | MultipartError::BoundaryMissing => ApiError::UnsupportedMediaType,
        MultipartError::Payload(actix_web::error::PayloadError::Overflow) => {
            ApiError::PayloadTooLarge
        }
        _ => ApiError::field("file", "invalid_format"),
    }
}

/// Reads the whole upload, keeping at most `max_file` bytes of the file.
pub async fn read(
    req: &HttpRequest,
    payload: Payload,
    max_file: usize,
) -> Result<Upload, ApiError> {
    let max_body = max_file.saturating_add(ENVELOPE_BYTES);
    let declared_length = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared_length.is_some_and(|length| length > max_body) {
        return Err(ApiError::PayloadTooLarge);
    }
    let mut multipart = Multipart::new(req.headers(), payload);
    let mut upload = Upload::default();
    let mut body_bytes = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(multipart_error)?;
        let name = field.name().unwrap_or_default().to_owned();
        let is_file = name == "file" && upload.file.is_none() && !upload.file_too_large;
        if is_file {
            upload.declared_type = field.content_type().map(|m| m.essence_str().to_owned());
            upload.filename = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .map(str::to_owned);
        }
        let mut bytes = Vec::new();
        let mut over = false;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(multipart_error)?;
            body_bytes = body_bytes.saturating_add(chunk.len());
            if body_bytes > max_body {
                return Err(ApiError::PayloadTooLarge);
            }
            let limit = if is_file { max_file } else { TEXT_PART_MAX };
            if !over && bytes.len() + chunk.len() <= limit {
                bytes.extend_from_slice(&chunk);
            } else {
                // Keep reading (and counting) so the client gets the answer, not a reset.
                over = true;
                bytes.clear();
            }
        }
        if is_file {
            if over {
                upload.file_too_large = true;
            } else {
                upload.file = Some(bytes);
            }
        } else if !over && !name.is_empty() {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            // PostgreSQL cannot store U+0000: a client mistake, not a 500 (ADR 0016).
            if text.contains('\0') {
                return Err(ApiError::field(&name, "invalid_format"));
            }
            upload.texts.push((name, text));
        }
    }
    if upload
        .filename
        .as_deref()
        .is_some_and(|name| name.contains('\0'))
    {
        return Err(ApiError::field("file", "invalid_format"));
    }
    Ok(upload)
}
