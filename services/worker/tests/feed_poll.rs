//! The feed backstop's drain (`vtex.md` §7) against the real sandbox feed and a scripted
//! stand-in for `POST /internal/v1/feed/events`: lots are read while full and at most 50 per
//! tick, only the handles the api confirmed are committed, and an api 5xx commits nothing — the
//! events come back after the visibility timeout and a later drain delivers them.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpResponse, HttpServer, web};
use afiliados_api_client::{InternalApi, Transport};
use afiliados_api_types::internal_feed::{FeedEventsRequest, FeedEventsResponse};
use afiliados_vtex::{VtexClient, VtexConfig, VtexCredential};
use afiliados_vtex_sandbox::{DEV_APP_KEY, DEV_APP_TOKEN, RunningSandbox, SandboxConfig, spawn};
use afiliados_worker::jobs::poll_vtex_feed::{Drained, drain};
use secrecy::SecretString;
use serde_json::{Value, json};

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

const TOKEN: &str = afiliados_testkit::keys::INTERNAL_TOKEN;

/// How the stand-in answers each hand-over.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// 503.
    Fail,
    /// Every handle stored.
    StoreAll,
    /// Every handle but the request's last one (an answer that leaves one out).
    LeaveLastOut,
}

#[derive(Clone)]
struct FeedApi {
    mode: Arc<Mutex<Mode>>,
    calls: Arc<Mutex<Vec<FeedEventsRequest>>>,
}

impl FeedApi {
    fn new(mode: Mode) -> FeedApi {
        FeedApi {
            mode: Arc::new(Mutex::new(mode)),
            calls: Arc::default(),
        }
    }

    fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap_or_else(|e| e.into_inner()) = mode;
    }

    fn calls(&self) -> Vec<FeedEventsRequest> {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn start(&self) -> TestResult<InternalApi> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let fake = self.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(fake.clone()))
                .route("/internal/v1/feed/events", web::post().to(hand_over))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)?
        .run();
        tokio::spawn(server);
        let transport =
            Transport::new(&format!("http://127.0.0.1:{port}"), Duration::from_secs(5))?;
        Ok(InternalApi::new(
            transport,
            SecretString::from(TOKEN.to_owned()),
        ))
    }
}

async fn hand_over(
    fake: web::Data<FeedApi>,
    request: actix_web::HttpRequest,
    body: web::Json<FeedEventsRequest>,
) -> HttpResponse {
    let bearer = format!("Bearer {TOKEN}");
    if request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        != Some(&bearer)
    {
        return HttpResponse::Unauthorized().json(json!({"error": "unauthenticated"}));
    }
    let body = body.into_inner();
    fake.calls
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(body.clone());
    let mode = *fake.mode.lock().unwrap_or_else(|e| e.into_inner());
    let mut handles: Vec<String> = body.events.iter().map(|e| e.handle.clone()).collect();
    match mode {
        Mode::Fail => {
            return HttpResponse::ServiceUnavailable()
                .json(json!({"error": "service_unavailable", "message": "down", "details": []}));
        }
        Mode::StoreAll => {}
        Mode::LeaveLastOut => {
            handles.pop();
        }
    }
    HttpResponse::Ok().json(FeedEventsResponse {
        stored: handles,
        duplicates: Vec::new(),
    })
}

async fn sandbox_with_orders(count: usize) -> TestResult<RunningSandbox> {
    let sandbox = spawn(SandboxConfig::default()).await?;
    let dir = SandboxConfig::default()
        .resolve_fixtures_dir()
        .ok_or("the repository's VTEX fixtures")?;
    let raw = std::fs::read(dir.join("oms-order-with-coupon.json"))?;
    let template: Value = serde_json::from_slice(&raw)?;
    for n in 0..count {
        let mut doc = template.clone();
        doc["orderId"] = json!(format!("14321205{n:05}-01"));
        sandbox.put_order(serde_json::to_vec(&doc)?)?;
    }
    Ok(sandbox)
}

fn vtex(sandbox: &RunningSandbox) -> TestResult<VtexClient> {
    let mut config = VtexConfig::new(
        sandbox.base_url(),
        vec![VtexCredential::new("primary", DEV_APP_KEY, DEV_APP_TOKEN)],
    );
    config.retry_delay = Duration::from_millis(1);
    config.retry_max_delay = Duration::from_millis(5);
    Ok(VtexClient::new(config)?)
}

fn queued(sandbox: &RunningSandbox) -> usize {
    sandbox.feed()["events"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn an_api_failure_commits_nothing_and_the_events_come_back() -> TestResult {
    let sandbox = sandbox_with_orders(3).await?;
    let fake = FeedApi::new(Mode::Fail);
    let api = fake.start()?;
    let vtex = vtex(&sandbox)?;

    let error = drain(&vtex, &api, 10, || false)
        .await
        .err()
        .ok_or("a 503 from the api fails the drain")?;
    assert!(error.is_transient(), "{error}");
    assert_eq!(fake.calls().len(), 1);
    assert_eq!(fake.calls()[0].events.len(), 3);
    assert!(
        sandbox.requests_for("feed_commit").is_empty(),
        "nothing committed"
    );
    assert_eq!(queued(&sandbox), 3, "the events stay at VTEX");

    // Hidden until the visibility timeout; then a drain with the api back delivers them.
    fake.set(Mode::StoreAll);
    let hidden = drain(&vtex, &api, 10, || false).await?;
    assert_eq!((hidden.lots, hidden.events), (1, 0));
    sandbox.advance_feed_clock(Duration::from_secs(250));
    let drained = drain(&vtex, &api, 10, || false).await?;
    assert_eq!(
        drained,
        Drained {
            lots: 1,
            events: 3,
            stored: 3,
            duplicates: 0,
            committed: 3
        }
    );
    assert_eq!(queued(&sandbox), 0);
    Ok(())
}

#[tokio::test]
async fn full_lots_are_read_again_and_only_confirmed_handles_are_committed() -> TestResult {
    let sandbox = sandbox_with_orders(5).await?;
    let fake = FeedApi::new(Mode::LeaveLastOut);
    let api = fake.start()?;
    let vtex = vtex(&sandbox)?;

    let drained = drain(&vtex, &api, 2, || false).await?;
    // Lots of 2, 2, 1: the short third lot ends the tick.
    assert_eq!(drained.lots, 3);
    assert_eq!(drained.events, 5);
    assert_eq!(drained.committed, 2, "one handle per lot was left out");
    let lots: Vec<usize> = fake.calls().iter().map(|c| c.events.len()).collect();
    assert_eq!(lots, [2, 2, 1]);
    let commits = sandbox.requests_for("feed_commit");
    assert_eq!(
        commits.len(),
        2,
        "the lot with nothing confirmed commits nothing"
    );
    let first_lot = &fake.calls()[0].events;
    assert_eq!(
        commits[0].body,
        Some(json!({ "handles": [first_lot[0].handle] }))
    );
    assert_eq!(queued(&sandbox), 3, "unconfirmed events stay queued");

    // A stop request ends the drain before the next read.
    let stopped = drain(&vtex, &api, 2, || true).await?;
    assert_eq!(stopped, Drained::default());
    Ok(())
}

#[tokio::test]
async fn one_tick_reads_at_most_fifty_lots() -> TestResult {
    let sandbox = sandbox_with_orders(101).await?;
    let fake = FeedApi::new(Mode::StoreAll);
    let api = fake.start()?;
    let drained = drain(&vtex(&sandbox)?, &api, 2, || false).await?;
    assert_eq!((drained.lots, drained.committed), (50, 100));
    assert_eq!(queued(&sandbox), 1, "the next tick continues");
    Ok(())
}
