//! The worker's `/ready` (ADR 0062): ready only while Redis answers `PING` and the api answers
//! `/internal/v1/ping` with the worker's token; `/health` stays 200 whatever they do (liveness).

mod common;

use std::time::Duration;

use afiliados_testkit::eventually;
use afiliados_testkit::redis::{PrivateRedis, namespace};
use common::{FakeApi, RunningWorker, TestResult};
use serde_json::Value;

/// Longer than the readiness checks' 1 s bound and a reconnect.
const WAIT: Duration = Duration::from_secs(10);

async fn probe(port: u16, path: &str) -> TestResult<(u16, Value)> {
    let response = reqwest::get(format!("http://127.0.0.1:{port}{path}")).await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_follows_redis_and_the_api() -> TestResult {
    let mut redis = PrivateRedis::start()?;
    let fake = FakeApi::default();
    let api_base_url = fake.start()?;
    let worker = RunningWorker::start(&api_base_url, &redis.url(), &namespace()).await?;
    let port = worker.metrics_port;

    let (status, body) = probe(port, "/ready").await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["info"]["redis"]["status"], "up");
    assert_eq!(body["info"]["api"]["status"], "up");
    assert_eq!(body["service"], "worker");

    // Redis goes away: not ready (no job can be taken), still alive.
    redis.stop();
    let body = eventually(WAIT, || async {
        probe(port, "/ready")
            .await
            .ok()
            .filter(|(status, _)| *status == 503)
            .map(|(_, body)| body)
    })
    .await?;
    assert_eq!(body["status"], "error");
    assert_eq!(body["error"]["redis"]["status"], "down");
    assert_eq!(body["info"]["api"]["status"], "up");
    let text = body.to_string();
    assert!(
        !text.contains("127.0.0.1") && !text.contains("refused"),
        "{text}"
    );
    assert_eq!(probe(port, "/health").await?.0, 200);

    // Redis returns: ready again without a restart.
    redis.restart()?;
    eventually(WAIT, || async {
        probe(port, "/ready")
            .await
            .ok()
            .filter(|(status, _)| *status == 200)
    })
    .await?;
    worker.stop(Duration::from_secs(30)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_api_is_not_ready() -> TestResult {
    let redis = PrivateRedis::start()?;
    // A port that was free a moment ago: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let worker = RunningWorker::start(
        &format!("http://127.0.0.1:{closed}"),
        &redis.url(),
        &namespace(),
    )
    .await?;
    let (status, body) = probe(worker.metrics_port, "/ready").await?;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["api"]["status"], "down");
    assert_eq!(body["info"]["redis"]["status"], "up");
    assert_eq!(probe(worker.metrics_port, "/health").await?.0, 200);
    worker.stop(Duration::from_secs(30)).await
}
