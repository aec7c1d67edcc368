//! [`VtexClient`]: one HTTP call with timeouts, retries, backoff, `Retry-After` and credential
//! rotation (vtex.md §8). The typed operations live in their own modules.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret as _;
use url::Url;

use crate::config::{VtexConfig, VtexCredential};
use crate::error::{Result, VtexError};
use crate::metrics;
use crate::retry::{backoff, parse_retry_after};
use crate::ring::CredentialRing;

/// Header carrying the idempotency key of writes (vtex.md §5.3, §8).
pub const IDEMPOTENCY_HEADER: &str = "X-Idempotency-Key";
/// Longest part of a VTEX error body kept in [`VtexError::Client`].
const BODY_LIMIT: usize = 2 * 1024;

/// Operation labels of logs and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    GetOrder,
    ListOrders,
    CouponGet,
    CouponUpsert,
    CouponArchive,
    CouponUnarchive,
    PromotionGet,
    PromotionUpsert,
    FeedRead,
    FeedCommit,
    FeedConfig,
}

impl Operation {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Operation::GetOrder => "get_order",
            Operation::ListOrders => "list_orders",
            Operation::CouponGet => "coupon_get",
            Operation::CouponUpsert => "coupon_upsert",
            Operation::CouponArchive => "coupon_archive",
            Operation::CouponUnarchive => "coupon_unarchive",
            Operation::PromotionGet => "promotion_get",
            Operation::PromotionUpsert => "promotion_upsert",
            Operation::FeedRead => "feed_read",
            Operation::FeedCommit => "feed_commit",
            Operation::FeedConfig => "feed_config",
        }
    }
}

/// One logical call: retried as a whole.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    pub(crate) operation: Operation,
    pub(crate) method: Method,
    pub(crate) segments: &'a [&'a str],
    pub(crate) query: &'a [(&'a str, String)],
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) idempotency_key: Option<&'a str>,
}

impl<'a> Call<'a> {
    pub(crate) fn get(operation: Operation, segments: &'a [&'a str]) -> Call<'a> {
        Call {
            operation,
            method: Method::GET,
            segments,
            query: &[],
            body: None,
            idempotency_key: None,
        }
    }

    pub(crate) fn post(
        operation: Operation,
        segments: &'a [&'a str],
        body: Option<Vec<u8>>,
        idempotency_key: &'a str,
    ) -> Call<'a> {
        Call {
            operation,
            method: Method::POST,
            segments,
            query: &[],
            body,
            idempotency_key: Some(idempotency_key),
        }
    }
}

/// The VTEX REST client of the worker. Cheap to clone; clones share the connection pool and the
/// credential rotation index.
#[derive(Debug, Clone)]
pub struct VtexClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: Url,
    ring: CredentialRing,
    config: VtexConfig,
}

/// What one attempt ended with, before the retry decision.
enum Attempt {
    Answered {
        status: StatusCode,
        headers: HeaderMap,
        body: reqwest::Result<Vec<u8>>,
    },
    SendFailed(reqwest::Error),
    TimedOut,
    /// The credential cannot be sent as a header (invalid characters).
    Unsendable,
}

fn describe(error: &reqwest::Error) -> String {
    let mut message = String::new();
    let mut current: Option<&dyn std::error::Error> = Some(error);
    while let Some(err) = current {
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&err.to_string());
        current = err.source();
    }
    message
}

fn status_class(status: StatusCode) -> &'static str {
    match status.as_u16() {
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

impl VtexClient {
    /// Builds the client: base URL, connection pool, `User-Agent`, connect timeout
    /// `min(2 s, timeout)`.
    pub fn new(config: VtexConfig) -> Result<VtexClient> {
        let base_url = Url::parse(&config.base_url)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && !url.cannot_be_a_base())
            .ok_or_else(|| {
                VtexError::Config(format!("{:?} is not an http(s) URL", config.base_url))
            })?;
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .user_agent(concat!(
                "marketing-afiliados-worker/",
                env!("CARGO_PKG_VERSION")
            ))
            .default_headers(headers)
            .connect_timeout(config.timeout.min(Duration::from_secs(2)))
            .build()
            .map_err(|err| VtexError::Config(describe(&err)))?;
        Ok(VtexClient {
            inner: Arc::new(Inner {
                http,
                base_url,
                ring: CredentialRing::new(config.credentials.clone()),
                config,
            }),
        })
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str().trim_end_matches('/')
    }

    /// The configuration the client was built with.
    pub fn config(&self) -> &VtexConfig {
        &self.inner.config
    }

    /// The label of the credential the next call starts with.
    pub fn current_credential_label(&self) -> Option<&str> {
        self.inner.ring.current_label()
    }

    fn url(&self, call: &Call<'_>) -> Result<Url> {
        let mut url = self.inner.base_url.clone();
        url.path_segments_mut()
            .map_err(|()| VtexError::Config("the base URL cannot take a path".into()))?
            .pop_if_empty()
            .extend(call.segments);
        if !call.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in call.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    /// Path plus query names, with query values redacted (they may hold customer data).
    fn loggable(url: &Url) -> String {
        let names: Vec<String> = url
            .query_pairs()
            .map(|(name, _)| format!("{name}=…"))
            .collect();
        if names.is_empty() {
            url.path().to_owned()
        } else {
            format!("{}?{}", url.path(), names.join("&"))
        }
    }

    /// VTEX's body for an error, truncated to 2 KiB, with every configured secret removed.
    fn sanitize(&self, body: &[u8]) -> String {
        let mut text = String::from_utf8_lossy(body).into_owned();
        for credential in self.inner.ring.all() {
            let token = credential.app_token.expose_secret();
            if !token.is_empty() {
                text = text.replace(token, "[REDACTED]");
            }
        }
        if text.len() > BODY_LIMIT {
            let mut cut = BODY_LIMIT;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            text.push('…');
        }
        text
    }

    async fn attempt(&self, url: &Url, call: &Call<'_>, credential: &VtexCredential) -> Attempt {
        let mut token = match HeaderValue::from_str(credential.app_token.expose_secret()) {
            Ok(token) => token,
            Err(_) => return Attempt::Unsendable,
        };
        token.set_sensitive(true);
        let mut request = self
            .inner
            .http
            .request(call.method.clone(), url.clone())
            .header("X-VTEX-API-AppKey", credential.app_key.as_str())
            .header("X-VTEX-API-AppToken", token)
            .timeout(self.inner.config.timeout);
        if let Some(body) = &call.body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        if let Some(key) = call.idempotency_key {
            request = request.header(IDEMPOTENCY_HEADER, key);
        }
        let request = afiliados_telemetry::inject_trace_headers(request);
        // Dropping this future on timeout drops the connection: the request is really cancelled.
        let exchange = async {
            match request.send().await {
                Err(err) => Attempt::SendFailed(err),
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    let body = response.bytes().await.map(|b| b.to_vec());
                    Attempt::Answered {
                        status,
                        headers,
                        body,
                    }
                }
            }
        };
        tokio::time::timeout(self.inner.config.timeout, exchange)
            .await
            .unwrap_or(Attempt::TimedOut)
    }

    /// Runs a call: rotation on 401/403, retries with backoff on transient failures, permanent
    /// errors at once. Returns the body of the 2xx answer.
    pub(crate) async fn execute(&self, call: &Call<'_>) -> Result<Vec<u8>> {
        let url = self.url(call)?;
        let path = Self::loggable(&url);
        let operation = call.operation.label();
        let ring = &self.inner.ring;
        let config = &self.inner.config;
        let mut tried = vec![false; ring.len()];
        let mut index = ring
            .next_usable(ring.current(), &tried)
            .ok_or(VtexError::NoUsableCredential)?;
        let mut attempt: u32 = 1;
        loop {
            let Some(credential) = ring.get(index) else {
                return Err(VtexError::NoUsableCredential);
            };
            let started = Instant::now();
            let outcome = self.attempt(&url, call, credential).await;
            let took = started.elapsed();
            let log = |status: &str| {
                tracing::debug!(
                    vtex.operation = operation,
                    http.method = %call.method,
                    url.path = %path,
                    http.status = status,
                    attempt,
                    duration_ms = took.as_millis() as u64,
                    vtex.credential = %credential.label,
                    "VTEX attempt"
                );
            };

            let (failure, class, reason, retry_after) = match outcome {
                Attempt::Unsendable => {
                    metrics::attempt(operation, "network", "error", took);
                    return Err(VtexError::Config(format!(
                        "credential {:?} holds characters that cannot be sent in a header",
                        credential.label
                    )));
                }
                Attempt::TimedOut => {
                    log("timeout");
                    let timeout_ms = config.timeout.as_millis() as u64;
                    (
                        VtexError::Timeout { timeout_ms },
                        "timeout",
                        "timeout",
                        None,
                    )
                }
                Attempt::SendFailed(err) | Attempt::Answered { body: Err(err), .. } => {
                    log("network");
                    if err.is_builder() {
                        metrics::attempt(operation, "network", "error", took);
                        return Err(VtexError::Config(describe(&err.without_url())));
                    }
                    let failure = if err.is_timeout() {
                        VtexError::Timeout {
                            timeout_ms: config.timeout.as_millis() as u64,
                        }
                    } else {
                        VtexError::Network {
                            message: describe(&err.without_url()),
                        }
                    };
                    (failure, "network", "network", None)
                }
                Attempt::Answered {
                    status,
                    headers,
                    body: Ok(body),
                } => {
                    log(status.as_str());
                    let class = status_class(status);
                    let code = status.as_u16();
                    if status.is_success() {
                        metrics::attempt(operation, class, "success", took);
                        ring.set_current(index);
                        return Ok(body);
                    }
                    if matches!(code, 401 | 403) {
                        tried[index] = true;
                        let Some(next) = ring.next_usable(index, &tried) else {
                            metrics::attempt(operation, class, "error", took);
                            return Err(VtexError::AllCredentialsRejected {
                                status: code,
                                tried: tried.iter().filter(|t| **t).count(),
                            });
                        };
                        metrics::attempt(operation, class, "rotate", took);
                        metrics::rotation();
                        tracing::warn!(
                            vtex.operation = operation,
                            http.status = code,
                            vtex.credential = %credential.label,
                            vtex.next_credential = ring.get(next).map_or("", |c| c.label.as_str()),
                            "VTEX refused a credential; rotating"
                        );
                        ring.set_current(next);
                        index = next;
                        continue;
                    }
                    let retry_after = headers
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, chrono::Utc::now()));
                    match code {
                        404 => {
                            metrics::attempt(operation, class, "error", took);
                            return Err(VtexError::NotFound);
                        }
                        429 => (
                            VtexError::RateLimited { retry_after },
                            class,
                            "rate_limited",
                            retry_after,
                        ),
                        408 | 500..=599 => (
                            VtexError::Server { status: code },
                            class,
                            "server_error",
                            retry_after.filter(|_| code == 503),
                        ),
                        _ => {
                            metrics::attempt(operation, class, "error", took);
                            return Err(VtexError::Client {
                                status: code,
                                body: self.sanitize(&body),
                            });
                        }
                    }
                }
            };

            if attempt >= config.max_attempts() {
                metrics::attempt(operation, class, "error", took);
                return Err(failure);
            }
            let mut delay = backoff(config.retry_delay, config.retry_max_delay, attempt);
            if let Some(wanted) = retry_after {
                if wanted > config.retry_after_max {
                    // Too long to wait inside a call: the job's own backoff takes over.
                    metrics::attempt(operation, class, "error", took);
                    return Err(failure);
                }
                delay = delay.max(wanted);
            }
            metrics::attempt(operation, class, "retry", took);
            metrics::retry(operation, reason);
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// Runs a call and decodes its JSON body.
    pub(crate) async fn execute_json<T: serde::de::DeserializeOwned>(
        &self,
        call: &Call<'_>,
    ) -> Result<T> {
        let body = self.execute(call).await?;
        serde_json::from_slice(&body)
            .map_err(|err| VtexError::Decode(format!("{} answer: {err}", call.operation.label())))
    }
}
