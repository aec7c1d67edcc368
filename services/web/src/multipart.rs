//! Multipart forms (file uploads), read only on the routes that take one ([`upload_route`]) and
//! only after the session check, with caps that do not trust the client (issue 9, finding 6): the
//! whole body is counted as it streams (chunked bodies included) and refused past
//! [`BODY_LIMIT`], at most [`MAX_PARTS`] parts, a [`READ_TIMEOUT`] for the whole body, and the
//! `csrf_token` must be the first part (browsers send the hidden field first) so a forged form is
//! refused after a few hundred bytes. The result is left in the request for the handler's
//! [`MultipartData`] extractor, so a file is never read twice. A file over [`FILE_LIMIT`] is
//! drained and recorded by field name; the page shows "too large" next to it instead of sending it
//! to the api.

use std::future::{Ready, ready};

use std::time::Duration;

use actix_multipart::{Multipart, MultipartError};
use actix_web::dev::{Payload, ServiceRequest};
use actix_web::error::PayloadError;
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest, HttpMessage as _, HttpRequest};
use futures::{Stream, StreamExt as _};

use crate::error::WebError;
use crate::forms::FormData;

/// The api's `UPLOAD_MAX_BYTES` default (10 MiB); larger files are refused here already.
pub(crate) const FILE_LIMIT: usize = 10 * 1024 * 1024;
/// Text fields are short; this bounds what one field may make us hold.
const TEXT_LIMIT: usize = 256 * 1024;
/// Room for the text fields and part headers next to one full-size file.
const BODY_SLACK: usize = 1024 * 1024;
/// The most bytes of one multipart body the web reads, counted on the stream.
pub(crate) const BODY_LIMIT: usize = FILE_LIMIT + BODY_SLACK;
/// The most parts of one form (the registration form, the largest, has about forty).
pub(crate) const MAX_PARTS: usize = 200;
/// The whole body must arrive within this; a client trickling bytes holds a worker no longer.
pub(crate) const READ_TIMEOUT: Duration = Duration::from_secs(60);
/// Uploads read at once; each may hold a file of [`FILE_LIMIT`] in memory, so this bounds what all
/// of them together may hold (about 88 MiB). One more answers 503 at once, unread.
pub(crate) const CONCURRENT_UPLOADS: usize = 8;
/// The permits of [`CONCURRENT_UPLOADS`].
pub(crate) static UPLOAD_SLOTS: tokio::sync::Semaphore =
    tokio::sync::Semaphore::const_new(CONCURRENT_UPLOADS);
/// A CSRF token is 43 characters; anything longer in that part is not one.
const CSRF_PART_LIMIT: usize = 256;

/// Who may post a route's multipart form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// The public registration form: a session with a CSRF secret (from the form page) suffices.
    Public,
    /// A signed-in user (the role check stays in the handler).
    SignedIn,
}

/// The routes whose handler takes [`MultipartData`], by route pattern. A multipart body sent
/// anywhere else is refused unread.
const UPLOAD_ROUTES: &[(&str, Access)] = &[
    ("/registro", Access::Public),
    ("/influencer/documentos", Access::SignedIn),
    ("/gestor/marcas/{id}/logo", Access::SignedIn),
    ("/admin/certificados/verificar", Access::SignedIn),
    ("/retiros/{id}/documentos", Access::SignedIn),
    ("/pagos/{id}/documentos", Access::SignedIn),
];

/// Who may post a multipart form to this request's route; `None` when the route takes none. The
/// route is the pattern the router will match (the percent-decoded path), as in the api.
pub(crate) fn upload_route(req: &ServiceRequest) -> Option<Access> {
    if req.method() != Method::POST {
        return None;
    }
    let pattern = req
        .resource_map()
        .match_pattern(req.match_info().as_str())?;
    UPLOAD_ROUTES
        .iter()
        .find(|(route, _)| *route == pattern)
        .map(|(_, access)| *access)
}

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

/// The body as the multipart parser sees it: it fails with `Overflow` once more than `limit` bytes
/// went through (whatever the body announced, or did not: chunked bodies), and it hands over one
/// chunk per poll. The parser reads greedily while its stream is ready; pacing it makes it parse
/// each chunk before asking for the next, so a wrong token, a part too many or an oversized body
/// stops the reading where it is found rather than after everything the client already sent.
struct Paced {
    payload: Payload,
    limit: usize,
    total: usize,
    failed: bool,
    /// The next poll reads; the one after it yields to the parser first.
    ready: bool,
}

impl Stream for Paced {
    type Item = Result<actix_web::web::Bytes, PayloadError>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        if self.failed {
            return Poll::Ready(None);
        }
        if !self.ready {
            self.ready = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let polled = std::pin::Pin::new(&mut self.payload).poll_next(cx);
        let Poll::Ready(Some(chunk)) = polled else {
            return polled;
        };
        self.ready = false;
        let checked = chunk.and_then(|bytes| {
            self.total = self.total.saturating_add(bytes.len());
            if self.total > self.limit {
                Err(PayloadError::Overflow)
            } else {
                Ok(bytes)
            }
        });
        self.failed = checked.is_err();
        Poll::Ready(Some(checked))
    }
}

fn paced(payload: Payload, limit: usize) -> Paced {
    Paced {
        payload,
        limit,
        total: 0,
        failed: false,
        ready: true,
    }
}

/// Checks the first part: `csrf_token`, no file, at most [`CSRF_PART_LIMIT`] bytes, matching.
async fn check_token(
    field: &mut actix_multipart::Field,
    expected_csrf: &str,
) -> Result<(), WebError> {
    let is_token = field.name() == Some("csrf_token")
        && field
            .content_disposition()
            .and_then(|disposition| disposition.get_filename())
            .is_none();
    if !is_token {
        return Err(WebError::Csrf);
    }
    let mut token = Vec::new();
    while let Some(chunk) = field.next().await {
        token.extend_from_slice(&chunk.map_err(read_error)?);
        if token.len() > CSRF_PART_LIMIT {
            return Err(WebError::Csrf);
        }
    }
    let token = std::str::from_utf8(&token).unwrap_or_default();
    if crate::csrf::tokens_match(Some(expected_csrf), Some(token)) {
        Ok(())
    } else {
        Err(WebError::Csrf)
    }
}

fn read_error(error: MultipartError) -> WebError {
    match error {
        MultipartError::Payload(PayloadError::Overflow) => WebError::TooLarge,
        other => bad(&other.to_string()),
    }
}

/// Reads the form after checking its first part is `csrf_token` matching `expected_csrf`: past
/// [`BODY_LIMIT`] bytes or [`MAX_PARTS`] parts it is 413, past [`READ_TIMEOUT`] 408, and a wrong
/// or missing token 403, each answered without reading further.
pub(crate) async fn read(
    headers: &HeaderMap,
    payload: Payload,
    expected_csrf: &str,
) -> Result<MultipartData, WebError> {
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if announced.is_some_and(|length| length > BODY_LIMIT) {
        return Err(WebError::TooLarge);
    }
    read_within(headers, payload, expected_csrf, READ_TIMEOUT).await
}

/// [`read`] with its timeout given (tests shorten it).
pub(crate) async fn read_within(
    headers: &HeaderMap,
    payload: Payload,
    expected_csrf: &str,
    timeout: Duration,
) -> Result<MultipartData, WebError> {
    let multipart = Multipart::new(headers, paced(payload, BODY_LIMIT));
    tokio::time::timeout(timeout, read_parts(multipart, expected_csrf))
        .await
        .map_err(|_| WebError::Timeout)?
}

async fn read_parts(
    mut multipart: Multipart,
    expected_csrf: &str,
) -> Result<MultipartData, WebError> {
    let mut data = MultipartData::default();
    let mut parts = 0_usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(read_error)?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(WebError::TooLarge);
        }
        if parts == 1 {
            check_token(&mut field, expected_csrf).await?;
            continue;
        }
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
            Ok(Err(error)) => return Err(read_error(error)),
            Err(_) if filename.is_some() => data.too_large.push(name),
            Err(_) => return Err(bad("text field too long")),
        }
    }
    if parts == 0 {
        return Err(WebError::Csrf);
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

#[cfg(test)]
mod tests {
    use actix_web::http::header::{CONTENT_TYPE, HeaderValue};

    use super::*;

    #[actix_web::test]
    async fn a_body_that_stops_arriving_times_out() {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("multipart/form-data; boundary=xyz"),
        );
        // The token part arrives, then nothing more, ever.
        let head = futures::stream::once(async {
            Ok::<_, PayloadError>(actix_web::web::Bytes::from_static(
                b"--xyz\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nt\r\n--xyz\r\nContent-Disposition: form-data; name=\"notes\"\r\n\r\nhal",
            ))
        });
        let stream = head.chain(futures::stream::pending());
        let payload = Payload::from(Box::pin(stream) as actix_http::BoxedPayloadStream);
        // A short timeout stands in for READ_TIMEOUT; the wait ends when it fires.
        let result = read_within(&headers, payload, "t", Duration::from_millis(100)).await;
        assert!(matches!(result, Err(WebError::Timeout)), "{result:?}");
    }
}
