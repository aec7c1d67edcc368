//! An in-process worker against real Redis and the real SMTP sink, with a scripted stand-in for
//! the api's `/internal/v1` e-mail endpoints (the api is tested on its own; here we check what the
//! worker asks and reports).

use std::{
    collections::HashMap,
    net::TcpStream,
    path::Path,
    process::Command,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use afiliados_api_types::internal::{EmailDeliveryReport, InternalEmail};
use afiliados_worker::{Application, Settings};
use tokio::sync::oneshot;
use uuid::Uuid;

pub(crate) type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

pub(crate) const TOKEN: &str = "test-internal-token-0123456789abcdef";
pub(crate) const SMTP_PORT: u16 = 1025;
pub(crate) const SMTP_WEB_PORT: u16 = 8025;

/// How the fake api answers claims of one e-mail: the queue of statuses to answer before
/// answering 200 with the e-mail (e.g. `[503]` fails the first claim).
#[derive(Clone, Default)]
pub(crate) struct FakeApi {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    emails: HashMap<Uuid, (InternalEmail, Vec<u16>)>,
    claims: HashMap<Uuid, usize>,
    reports: HashMap<Uuid, Vec<EmailDeliveryReport>>,
}

impl FakeApi {
    pub(crate) fn add_email(&self, email: InternalEmail, failures_first: Vec<u16>) {
        if let Ok(mut state) = self.state.lock() {
            state.emails.insert(email.id, (email, failures_first));
        }
    }

    pub(crate) fn claims(&self, id: Uuid) -> usize {
        self.state
            .lock()
            .map(|state| state.claims.get(&id).copied().unwrap_or(0))
            .unwrap_or(0)
    }

    pub(crate) fn reports(&self, id: Uuid) -> Vec<EmailDeliveryReport> {
        self.state
            .lock()
            .map(|state| state.reports.get(&id).cloned().unwrap_or_default())
            .unwrap_or_default()
    }

    /// Serves the fake on a free port; returns its base URL.
    pub(crate) fn start(&self) -> TestResult<String> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let fake = self.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(fake.clone()))
                .route("/internal/v1/emails/{id}/claim", web::post().to(claim))
                .route(
                    "/internal/v1/emails/{id}/delivery",
                    web::post().to(delivery),
                )
        })
        .workers(1)
        .disable_signals()
        .listen(listener)?
        .run();
        tokio::spawn(server);
        Ok(format!("http://127.0.0.1:{port}"))
    }
}

fn authorized(request: &HttpRequest) -> bool {
    request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        == Some(&format!("Bearer {TOKEN}"))
}

fn error(status: u16, code: &str) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(status)
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status)
        .json(serde_json::json!({ "error": code, "message": code, "details": [] }))
}

async fn claim(
    request: HttpRequest,
    fake: web::Data<FakeApi>,
    id: web::Path<Uuid>,
) -> HttpResponse {
    if !authorized(&request) {
        return error(401, "unauthenticated");
    }
    let Ok(mut state) = fake.state.lock() else {
        return error(500, "internal_error");
    };
    *state.claims.entry(*id).or_default() += 1;
    let Some((email, failures)) = state.emails.get_mut(&id) else {
        return error(404, "not_found");
    };
    if !failures.is_empty() {
        let status = failures.remove(0);
        return error(status, if status == 410 { "gone" } else { "conflict" });
    }
    HttpResponse::Ok().json(email.clone())
}

async fn delivery(
    request: HttpRequest,
    fake: web::Data<FakeApi>,
    id: web::Path<Uuid>,
    report: web::Json<EmailDeliveryReport>,
) -> HttpResponse {
    if !authorized(&request) {
        return error(401, "unauthenticated");
    }
    if let Ok(mut state) = fake.state.lock() {
        state
            .reports
            .entry(*id)
            .or_default()
            .push(report.into_inner());
    }
    HttpResponse::NoContent().finish()
}

/// An outbox row for `template` addressed to a unique recipient.
pub(crate) fn email(template: &str, payload: serde_json::Value) -> InternalEmail {
    let id = Uuid::now_v7();
    InternalEmail {
        id,
        recipient: format!("worker-{id}@example.test"),
        template: template.into(),
        locale: "es".into(),
        payload,
        attempts: 0,
        max_attempts: 10,
        status: "sending".into(),
    }
}

/// Starts the SMTP sink when its port is closed (see `scripts/smtp-sink.sh`); fails when it cannot.
pub(crate) fn ensure_sink() -> TestResult {
    if TcpStream::connect(("127.0.0.1", SMTP_PORT)).is_ok() {
        return Ok(());
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/smtp-sink.sh");
    let status = Command::new("bash").arg(&script).arg("start").status()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} start failed", script.display()).into())
    }
}

/// A running in-process worker.
pub(crate) struct RunningWorker {
    pub(crate) metrics_port: u16,
    stop: Option<oneshot::Sender<()>>,
    handle: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl RunningWorker {
    pub(crate) async fn start(
        api_base_url: &str,
        redis_url: &str,
        namespace: &str,
    ) -> TestResult<RunningWorker> {
        let mail = afiliados_mailer::MailConfig::local_sink(SMTP_PORT);
        let settings = Settings::for_tests(api_base_url, TOKEN, redis_url, namespace, mail);
        let app = Application::build(settings).await?;
        let metrics_port = app.metrics_port();
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(app.run_until_stopped(async move {
            let _ = stopped.await;
        }));
        Ok(RunningWorker {
            metrics_port,
            stop: Some(stop),
            handle,
        })
    }

    /// Sends the stop signal and waits (bounded) for the worker to return.
    pub(crate) async fn stop(mut self, within: Duration) -> TestResult {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(within, &mut self.handle).await???;
        Ok(())
    }
}

/// Polls `check` every 100 ms until it is true or `within` passes.
pub(crate) async fn eventually(within: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    check()
}

/// A throw-away `redis-server` on a free port, killed on drop.
pub(crate) struct OwnRedis {
    port: u16,
    child: Option<std::process::Child>,
}

impl OwnRedis {
    pub(crate) fn start() -> TestResult<OwnRedis> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut redis = OwnRedis { port, child: None };
        redis.restart()?;
        Ok(redis)
    }

    pub(crate) fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    pub(crate) fn restart(&mut self) -> TestResult {
        let child = Command::new("redis-server")
            .args([
                "--port",
                &self.port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if Instant::now() > deadline {
                return Err("redis-server did not start".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }

    pub(crate) fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.stop();
    }
}
