//! Rate limits, asserted exactly: with a limit of N per window, requests 1..N of a client are
//! answered normally and request N+1 is 429 `rate_limited` with `Retry-After`; two replicas sharing
//! a Redis namespace share the window; another client address has a window of its own.
//!
//! The windows are fixed minutes of the api's clock (`rate_limit.rs`; the system clock in these
//! tests), so a burst may straddle a boundary. Instead of hoping it does not, every response is
//! attributed to the window it reports (`X-RateLimit-Reset`) and checked against its position in
//! that window; a burst continues until one window has received N+1 requests. A burst takes well under a second, so at most one
//! boundary can fall inside it and the loop is bounded by 2N+2 requests.

use std::collections::HashMap;
use std::future::Future;

use reqwest::Response;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

/// What one response says about the limiter.
#[derive(Debug, Clone)]
struct Hit {
    status: u16,
    /// `X-RateLimit-Reset`: the epoch second the response's window ends; identifies the window.
    window_end: u64,
    limit: u32,
    remaining: u32,
    retry_after: Option<u64>,
    error: Option<String>,
}

fn header<T: std::str::FromStr>(response: &Response, name: &str) -> Option<T> {
    response.headers().get(name)?.to_str().ok()?.parse().ok()
}

async fn hit(response: Response) -> Hit {
    let status = response.status().as_u16();
    let window_end = header(&response, "x-ratelimit-reset")
        .unwrap_or_else(|| panic!("a limited route answers X-RateLimit-Reset ({status})"));
    let limit = header(&response, "x-ratelimit-limit").expect("X-RateLimit-Limit");
    let remaining = header(&response, "x-ratelimit-remaining").expect("X-RateLimit-Remaining");
    let retry_after = header(&response, "retry-after");
    let body: Value = response.json().await.unwrap_or(Value::Null);
    Hit {
        status,
        window_end,
        limit,
        remaining,
        retry_after,
        error: body["error"].as_str().map(str::to_owned),
    }
}

/// Checks every hit against its position in its window: the k-th request of a window is refused
/// exactly when k > `limit`. Returns whether some window already received `limit + 1` requests.
fn check_windows(hits: &[Hit], limit: u32) -> bool {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let mut full = false;
    for (i, hit) in hits.iter().enumerate() {
        let k = {
            let count = seen.entry(hit.window_end).or_default();
            *count += 1;
            *count
        };
        assert_eq!(hit.limit, limit, "request {i}: X-RateLimit-Limit");
        assert_eq!(
            hit.remaining,
            limit.saturating_sub(k),
            "request {i} is number {k} of its window: {hits:?}"
        );
        if k <= limit {
            assert_ne!(
                hit.status, 429,
                "request {k} of a window of {limit} is allowed: {hits:?}"
            );
        } else {
            assert_eq!(
                hit.status, 429,
                "request {k} of a window of {limit} is refused: {hits:?}"
            );
            assert_eq!(hit.error.as_deref(), Some("rate_limited"));
            let retry_after = hit.retry_after.expect("a 429 carries Retry-After");
            assert!(
                (1..=60).contains(&retry_after),
                "Retry-After counts to the window's end: {retry_after}"
            );
            full = true;
        }
    }
    full
}

/// Sends `send(i)` until one window holds `limit + 1` requests, checking every answer; returns
/// the hits (the last one is the refused request).
async fn exhaust<F, Fut>(limit: u32, mut send: F) -> Vec<Hit>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = Response>,
{
    let mut hits = Vec::new();
    for i in 0..2 * (limit as usize + 1) {
        hits.push(hit(send(i).await).await);
        if check_windows(&hits, limit) {
            return hits;
        }
    }
    panic!("no window received {} requests: {hits:?}", limit + 1);
}

/// A failed sign-in of an unknown e-mail (the lockout never answers first) from `ip`.
async fn failed_sign_in(app: &TestApp, ip: &str) -> Response {
    app.http
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("x-forwarded-for", ip)
        .json(&json!({
            "email": format!("probe.{}@medipiel.co", Uuid::new_v4().simple()),
            "password": "Whatever!2024"
        }))
        .send()
        .await
        .unwrap()
}

/// Exhausts the sign-in limit of one address across `replicas` (round robin), then checks that
/// another address, in the same window, still has its whole allowance. Repeats (at most three
/// times) when a window boundary falls between the two.
async fn sign_in_limit_is_exact(replicas: &[&TestApp], limit: u32) {
    for _ in 0..3 {
        let ip = random_client_ip();
        let hits = exhaust(limit, |i| failed_sign_in(replicas[i % replicas.len()], &ip)).await;
        let refused = hits.last().unwrap();
        assert!(
            hits.iter().all(|h| h.status == 401 || h.status == 429),
            "an unknown e-mail is 401 until the limit: {hits:?}"
        );

        let other_replica = replicas[hits.len() % replicas.len()];
        let other = hit(failed_sign_in(other_replica, &random_client_ip()).await).await;
        if other.window_end != refused.window_end {
            continue;
        }
        assert_eq!(
            (other.status, other.remaining),
            (401, limit - 1),
            "another address has a window of its own: {other:?}"
        );
        return;
    }
    panic!("three window boundaries in three bursts of a few milliseconds");
}

#[tokio::test]
async fn sixth_login_in_a_minute_from_one_ip_is_429() {
    let app = spawn_app_with(|settings| settings.rate_limits.login = 5).await;
    sign_in_limit_is_exact(&[&app], 5).await;
}

#[tokio::test]
async fn the_login_limit_is_shared_by_two_replicas() {
    let namespace = afiliados_testkit::redis::namespace();
    let first = spawn_app_in(&namespace, |settings| settings.rate_limits.login = 5).await;
    let second = spawn_app_in(&namespace, |settings| settings.rate_limits.login = 5).await;
    sign_in_limit_is_exact(&[&first, &second], 5).await;
}

#[tokio::test]
async fn replicas_under_different_namespaces_count_apart() {
    let first = spawn_app_with(|settings| settings.rate_limits.login = 2).await;
    let second = spawn_app_with(|settings| settings.rate_limits.login = 2).await;
    for _ in 0..3 {
        let ip = random_client_ip();
        let hits = exhaust(2, |_| failed_sign_in(&first, &ip)).await;
        let elsewhere = hit(failed_sign_in(&second, &ip).await).await;
        if elsewhere.window_end != hits.last().unwrap().window_end {
            continue;
        }
        assert_eq!((elsewhere.status, elsewhere.remaining), (401, 1));
        return;
    }
    panic!("three window boundaries in three bursts of a few milliseconds");
}

#[tokio::test]
async fn registration_is_rate_limited_per_ip() {
    let app = spawn_app_with(|settings| settings.onboarding.registration_per_min = 2).await;
    let empty = json!({});
    let hits = exhaust(2, |_| crate::onboarding::register(&app, &empty)).await;
    assert!(
        hits.iter().all(|h| h.status == 422 || h.status == 429),
        "an empty registration is 422 until the limit: {hits:?}"
    );
}
