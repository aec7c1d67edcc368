//! Multipart forms (file uploads). The CSRF layer reads the whole form once, checks its
//! `csrf_token` and leaves the result in the request for the handler's [`MultipartData`]
//! extractor, so a file is never read twice. A file over [`FILE_LIMIT`] is drained and recorded
//! by field name; the page shows "too large" next to it instead of sending it to the api.

use std::future::{Ready, ready};

use actix_multipart::Multipart;
use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest, HttpMessage as _, HttpRequest};
use futures::StreamExt as _;

use crate::error::WebError;
use crate::forms::FormData;

/// The api's `UPLOAD_MAX_BYTES` default (10 MiB); larger files are refused here already.
pub(crate) const FILE_LIMIT: usize = 10 * 1024 * 1024;
/// Text fields are short; this bounds what one field may make us hold.
const TEXT_LIMIT: usize = 256 * 1024;
/// Room for the text fields and part headers next to one full-size file.
const BODY_SLACK: usize = 1024 * 1024;

/// A file part the browser sent (an empty file input sends none).
#[derive(Debug, Clone)]
pub(crate) struct UploadedFile {
    /// The form field's name (`file`, `id_document`).
    pub(crate) field: String,
    /// The browser's file name.
    pub(crate) filename: String,
    /// The declared content type.
    pub(crate) content_type: String,
    /// The bytes.
    pub(crate) bytes: Vec<u8>,
}

impl UploadedFile {
    /// For the api client.
    pub(crate) fn into_upload(self) -> afiliados_api_client::Upload {
        afiliados_api_client::Upload {
            filename: self.filename,
            content_type: self.content_type,
            bytes: self.bytes,
        }
    }
}

/// A parsed multipart form.
#[derive(Debug, Clone, Default)]
pub(crate) struct MultipartData {
    /// The text fields.
    pub(crate) fields: FormData,
    /// The non-empty files.
    pub(crate) files: Vec<UploadedFile>,
    /// Names of file fields whose file was over [`FILE_LIMIT`].
    pub(crate) too_large: Vec<String>,
}

impl MultipartData {
    /// Takes the file of field `name`.
    pub(crate) fn take_file(&mut self, name: &str) -> Option<UploadedFile> {
        let index = self.files.iter().position(|file| file.field == name)?;
        Some(self.files.remove(index))
    }

    /// Whether the file of field `name` was refused as too large.
    pub(crate) fn file_too_large(&self, name: &str) -> bool {
        self.too_large.iter().any(|field| field == name)
    }
}

/// Whether the request carries a multipart form.
pub(crate) fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

fn bad(what: &str) -> WebError {
    WebError::BadForm(anyhow::anyhow!("unreadable multipart form: {what}"))
}

/// Reads every part of the form. A body announced larger than a file and its fields could be
/// is refused before reading it.
pub(crate) async fn read(headers: &HeaderMap, payload: Payload) -> Result<MultipartData, WebError> {
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if announced.is_some_and(|length| length > FILE_LIMIT + BODY_SLACK) {
        return Err(WebError::TooLarge);
    }
    let mut multipart = Multipart::new(headers, payload);
    let mut data = MultipartData::default();
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|error| bad(&error.to_string()))?;
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field
            .content_disposition()
            .and_then(|disposition| disposition.get_filename())
            .map(str::to_owned);
        let content_type = field.content_type().map_or_else(
            || "application/octet-stream".to_owned(),
            ToString::to_string,
        );
        let limit = if filename.is_some() {
            FILE_LIMIT
        } else {
            TEXT_LIMIT
        };
        match field.bytes(limit).await {
            Ok(Ok(bytes)) => match filename {
                Some(filename) if !filename.is_empty() && !bytes.is_empty() => {
                    data.files.push(UploadedFile {
                        field: name,
                        filename,
                        content_type,
                        bytes: bytes.to_vec(),
                    });
                }
                Some(_) => {}
                None => {
                    let text = String::from_utf8(bytes.to_vec()).map_err(|_| bad("not UTF-8"))?;
                    data.fields.0.push((name, text));
                }
            },
            Ok(Err(error)) => return Err(bad(&error.to_string())),
            Err(_) if filename.is_some() => data.too_large.push(name),
            Err(_) => return Err(bad("text field too long")),
        }
    }
    Ok(data)
}

impl FromRequest for MultipartData {
    type Error = actix_web::Error;
    type Future = Ready<Result<MultipartData, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions_mut()
                .remove::<MultipartData>()
                .ok_or_else(|| bad("expected a multipart form").into()),
        )
    }
}
