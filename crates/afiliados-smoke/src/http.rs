//! HTTP for the steps: one bounded client for the api and one browser-like client (cookie jar,
//! no automatic redirects) for the web. Failures become one readable sentence: what was asked,
//! and the connection error or the api's error code — never a header, a body sent or a secret.

use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value;

use crate::config::Config;

/// A step's failure reason, printed after `FAIL`.
pub type StepResult<T> = Result<T, String>;

const USER_AGENT: &str = concat!("afiliados-smoke/", env!("CARGO_PKG_VERSION"));

/// The api client (JSON, bearer tokens) and the web client (cookies, forms).
pub struct Clients {
    /// For the api, Prometheus and the metrics endpoints.
    pub api: reqwest::Client,
    /// A browser: keeps the session cookie, does not follow redirects (the steps read them).
    pub browser: reqwest::Client,
}

impl Clients {
    /// Builds both clients with the run's timeout.
    pub fn new(config: &Config) -> StepResult<Clients> {
        let api = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        let browser = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .user_agent(USER_AGENT)
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot build the browser client: {e}"))?;
        Ok(Clients { api, browser })
    }
}

/// Sends `request` (described as `what`, e.g. `GET https://…/api/v1/health`).
pub async fn send(request: RequestBuilder, what: &str) -> StepResult<reqwest::Response> {
    request.send().await.map_err(|e| transport(what, &e))
}

/// One sentence for a request that got no answer: connection refused, timeout, TLS…
fn transport(what: &str, error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "no answer in time"
    } else if error.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    // The innermost cause says it plainly ("Connection refused (os error 111)").
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    format!("{what}: {kind} ({cause})")
}

/// Reads a JSON body; a body that is not JSON is described by its status.
pub async fn json(response: reqwest::Response, what: &str) -> StepResult<(StatusCode, Value)> {
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| format!("{what}: {status} with an unreadable body ({e})"))?;
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Ok((status, body))
}

/// `what` answered `status` instead of `expected`: the api's error code and message when the
/// body is the error envelope.
pub fn unexpected(what: &str, status: StatusCode, body: &Value, expected: StatusCode) -> String {
    let code = body["error"].as_str();
    let message = body["message"].as_str();
    match (code, message) {
        (Some(code), Some(message)) => {
            format!("{what}: {status} {code} ({message}), expected {expected}")
        }
        (Some(code), None) => format!("{what}: {status} {code}, expected {expected}"),
        _ => format!("{what}: {status}, expected {expected}"),
    }
}

/// Calls the api with JSON and an optional bearer token; answers the body when the status is
/// `expected`.
pub async fn call(
    client: &reqwest::Client,
    method: Method,
    url: &str,
    token: Option<&str>,
    body: Option<&Value>,
    expected: StatusCode,
) -> StepResult<Value> {
    let what = format!("{method} {}", path_of(url));
    let mut request = client.request(method, url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let (status, body) = json(send(request, &what).await?, &what).await?;
    if status == expected {
        Ok(body)
    } else {
        Err(unexpected(&what, status, &body, expected))
    }
}

/// The URL as printed: origin and path, without the query (it may carry filters, never secrets,
/// but the lines stay short).
pub fn path_of(url: &str) -> String {
    url.split('?').next().unwrap_or(url).to_owned()
}
