//! The shared request path of both clients.

use std::time::Duration;

use afiliados_api_types::{ApiErrorBody, ApiErrorCode};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::{Serialize, de::DeserializeOwned};

/// What a call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiClientError {
    /// The api answered with an error envelope.
    #[error("api answered {status} {}", body.error)]
    Api {
        /// HTTP status.
        status: StatusCode,
        /// The envelope.
        body: ApiErrorBody,
        /// The `error` code as sent, also when this build's [`ApiErrorCode`] does not know it
        /// yet (then `body.error` is `Unknown`), so a client still finds its message.
        wire_code: String,
    },
    /// The api could not be reached, timed out or sent something unreadable.
    #[error("api unreachable: {0}")]
    Transport(#[from] reqwest::Error),
}

impl ApiClientError {
    /// The api's error code, when it answered.
    pub fn code(&self) -> Option<ApiErrorCode> {
        match self {
            ApiClientError::Api { body, .. } => Some(body.error),
            ApiClientError::Transport(_) => None,
        }
    }

    /// The error code as the api spelled it (`batch_conflict`), when it answered.
    pub fn wire_code(&self) -> Option<&str> {
        match self {
            ApiClientError::Api { wire_code, .. } => Some(wire_code),
            ApiClientError::Transport(_) => None,
        }
    }

    /// The HTTP status, when it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ApiClientError::Api { status, .. } => Some(*status),
            ApiClientError::Transport(error) => error.status(),
        }
    }

    /// 5xx and network errors are worth retrying; 4xx are not (the worker's rule).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiClientError::Api { status, .. } => status.is_server_error(),
            ApiClientError::Transport(_) => true,
        }
    }
}

/// `Result` with [`ApiClientError`].
pub type Result<T, E = ApiClientError> = std::result::Result<T, E>;

/// What the web forwards about the browser's request, so the api rate-limits and audits the real
/// client and one trace and request id follow the request across services.
#[derive(Debug, Clone, Default)]
pub struct Forwarded {
    /// The browser's address, sent as `X-Forwarded-For`.
    pub client_ip: Option<String>,
    /// The browser's `User-Agent`.
    pub user_agent: Option<String>,
    /// The request id the web logged.
    pub request_id: Option<String>,
    /// The language the web shows, sent as `Accept-Language` so the api's own messages (the
    /// registration's review promise) match the page.
    pub accept_language: Option<String>,
}

/// The header the web states the browser's address in (ADR 0015).
const CLIENT_IP_HEADER: &str = "x-afiliados-client-ip";
/// The header proving the statement comes from the web (`WEB_FORWARDING_KEY`).
const FORWARDING_KEY_HEADER: &str = "x-afiliados-forwarding-key";

/// A base URL plus a pooled reqwest client.
#[derive(Clone)]
pub struct Transport {
    base_url: String,
    http: reqwest::Client,
    forwarded: Option<std::sync::Arc<Forwarded>>,
    /// `WEB_FORWARDING_KEY`, sent with a forwarded client address so the api believes it.
    forwarding_key: Option<std::sync::Arc<str>>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.base_url)
            .field("forwarded", &self.forwarded)
            .field(
                "forwarding_key",
                &self.forwarding_key.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

impl Transport {
    /// `base_url` is the api's origin, e.g. `http://127.0.0.1:8080` (no trailing slash needed).
    pub fn new(base_url: &str, timeout: Duration) -> Result<Transport> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(concat!("afiliados-api-client/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Transport {
            base_url: base_url.trim_end_matches('/').to_owned(),
            http,
            forwarded: None,
            forwarding_key: None,
        })
    }

    /// The same transport, proving forwarded client addresses with the key shared with the api
    /// (`WEB_FORWARDING_KEY`); an empty key sends none.
    pub fn with_forwarding_key(self, key: &str) -> Transport {
        Transport {
            forwarding_key: (!key.is_empty()).then(|| std::sync::Arc::from(key)),
            ..self
        }
    }

    /// The same transport (sharing its connection pool) that forwards a browser's facts.
    pub fn with_forwarded(&self, forwarded: Forwarded) -> Transport {
        Transport {
            forwarded: Some(std::sync::Arc::new(forwarded)),
            ..self.clone()
        }
    }

    /// Starts a request to `path` (which begins with `/`); an empty `bearer` sends no
    /// `Authorization` header. The current trace context goes along as `traceparent`.
    pub fn request(
        &self,
        method: Method,
        path: &str,
        bearer: &str,
        request_id: Option<&str>,
    ) -> RequestBuilder {
        let mut builder = self
            .http
            .request(method, format!("{}{path}", self.base_url));
        if !bearer.is_empty() {
            builder = builder.bearer_auth(bearer);
        }
        let forwarded = self.forwarded.as_deref();
        if let Some(id) = request_id.or(forwarded.and_then(|f| f.request_id.as_deref())) {
            builder = builder.header("x-request-id", id);
        }
        if let Some(ip) = forwarded.and_then(|f| f.client_ip.as_deref()) {
            match &self.forwarding_key {
                // The api believes this statement from the web whatever its network address.
                Some(key) => {
                    builder = builder
                        .header(CLIENT_IP_HEADER, ip)
                        .header(FORWARDING_KEY_HEADER, key.as_ref());
                }
                // Without a key only an api that trusts this client's address as a proxy uses it.
                None => builder = builder.header("x-forwarded-for", ip),
            }
        }
        if let Some(agent) = forwarded.and_then(|f| f.user_agent.as_deref()) {
            builder = builder.header("user-agent", agent);
        }
        if let Some(language) = forwarded.and_then(|f| f.accept_language.as_deref()) {
            builder = builder.header("accept-language", language);
        }
        afiliados_telemetry::inject_trace_headers(builder)
    }

    /// Sends and decodes a JSON answer.
    pub async fn json<T: DeserializeOwned>(builder: RequestBuilder) -> Result<T> {
        let response = Self::checked(builder).await?;
        Ok(response.json().await?)
    }

    /// Sends and ignores the body of a 2xx answer.
    pub async fn empty(builder: RequestBuilder) -> Result<()> {
        Self::checked(builder).await.map(|_| ())
    }

    /// Sends and returns the body of a 2xx answer as text (policy documents).
    pub async fn text(builder: RequestBuilder) -> Result<String> {
        let response = Self::checked(builder).await?;
        Ok(response.text().await?)
    }

    /// Sends and returns a file answer: its bytes, content type and the filename of its
    /// `Content-Disposition` (when the api gives one).
    pub async fn download(builder: RequestBuilder) -> Result<Download> {
        let response = Self::checked(builder).await?;
        let header = |name: reqwest::header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE)
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        let filename = header(reqwest::header::CONTENT_DISPOSITION)
            .as_deref()
            .and_then(disposition_filename);
        let bytes = response.bytes().await?.to_vec();
        Ok(Download {
            bytes,
            content_type,
            filename,
        })
    }

    /// Sends a JSON body.
    pub fn with_body<B: Serialize + ?Sized>(builder: RequestBuilder, body: &B) -> RequestBuilder {
        builder.json(body)
    }

    async fn checked(builder: RequestBuilder) -> Result<reqwest::Response> {
        let response = builder.send().await?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let bytes = response.bytes().await?;
        let wire_code = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|value| value.get("error")?.as_str().map(str::to_owned));
        let body =
            serde_json::from_slice::<ApiErrorBody>(&bytes).unwrap_or_else(|_| ApiErrorBody {
                error: if status.is_server_error() {
                    ApiErrorCode::InternalError
                } else {
                    ApiErrorCode::Unknown
                },
                message: format!("HTTP {status}"),
                details: Vec::new(),
            });
        let wire_code = wire_code.unwrap_or_else(|| body.error.as_str().to_owned());
        Err(ApiClientError::Api {
            status,
            body,
            wire_code,
        })
    }
}

/// A file the api answered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its `Content-Type`.
    pub content_type: String,
    /// The `filename` of its `Content-Disposition`, if any.
    pub filename: Option<String>,
}

/// A file to send as the `file` part of a multipart upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The name the browser gave (the api strips path characters).
    pub filename: String,
    /// The declared content type (the api checks it against the magic bytes).
    pub content_type: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// `attachment; filename="a b.pdf"` → `a b.pdf`; also the unquoted form.
fn disposition_filename(value: &str) -> Option<String> {
    value.split(';').find_map(|part| {
        let (name, raw) = part.trim().split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("filename") {
            return None;
        }
        let name = raw.trim().trim_matches('"').trim();
        (!name.is_empty()).then(|| name.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forwarded_address_goes_with_the_key_when_there_is_one() {
        let transport = Transport::new("http://127.0.0.1:9", Duration::from_secs(1)).unwrap();
        let forwarded = Forwarded {
            client_ip: Some("198.51.100.7".into()),
            ..Forwarded::default()
        };
        let plain = transport
            .with_forwarded(forwarded.clone())
            .request(Method::GET, "/x", "", None)
            .build()
            .unwrap();
        assert_eq!(plain.headers()["x-forwarded-for"], "198.51.100.7");
        assert!(plain.headers().get(CLIENT_IP_HEADER).is_none());
        let keyed_transport = transport.with_forwarding_key("a-key-shared-with-the-api-0123456789");
        assert!(!format!("{keyed_transport:?}").contains("a-key-shared"));
        let keyed = keyed_transport
            .with_forwarded(forwarded)
            .request(Method::GET, "/x", "", None)
            .build()
            .unwrap();
        assert_eq!(keyed.headers()[CLIENT_IP_HEADER], "198.51.100.7");
        assert_eq!(
            keyed.headers()[FORWARDING_KEY_HEADER],
            "a-key-shared-with-the-api-0123456789"
        );
        assert!(keyed.headers().get("x-forwarded-for").is_none());
    }

    #[test]
    fn reads_the_filename_of_a_disposition() {
        assert_eq!(
            disposition_filename(r#"attachment; filename="cedula ana.pdf""#).as_deref(),
            Some("cedula ana.pdf")
        );
        assert_eq!(
            disposition_filename("attachment; filename=cert.json").as_deref(),
            Some("cert.json")
        );
        assert_eq!(disposition_filename("attachment"), None);
        assert_eq!(disposition_filename(r#"attachment; filename="""#), None);
    }
}
