//! An in-process worker against real Redis and the real SMTP sink, with a scripted stand-in for
//! the api's `/internal/v1` e-mail endpoints (the api is tested on its own; here we check what the
//! worker asks and reports).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use afiliados_api_types::internal::{EmailDeliveryReport, InternalEmail};
use afiliados_worker::{Application, Settings};
use tokio::sync::oneshot;
use uuid::Uuid;

pub(crate) type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

pub(crate) use afiliados_testkit::keys::INTERNAL_TOKEN as TOKEN;
pub(crate) use afiliados_testkit::smtp::{SMTP_PORT, ensure_sink};

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
                .route("/internal/v1/ping", web::get().to(ping))
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

async fn ping(request: HttpRequest) -> HttpResponse {
    if !authorized(&request) {
        return error(401, "unauthenticated");
    }
    HttpResponse::NoContent().finish()
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
