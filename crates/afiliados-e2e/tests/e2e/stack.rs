//! Starting the services in-process: the api (`Settings::for_tests`, its own `TestDb`), the
//! worker, the VTEX sandbox; the shared harness (keys, Redis, the SMTP sink's inbox) comes from
//! `afiliados-testkit`.

use std::time::Duration;

use afiliados_api::Application as Api;
use afiliados_api::Settings as ApiSettings;
use afiliados_config::SecretString;
use afiliados_db_test::TestDb;
use afiliados_db_test::users::{TestUser, insert_active_user};
use serde_json::Value;
use uuid::Uuid;

pub(crate) use afiliados_testkit::keys::{INTERNAL_TOKEN, PASSWORD, WEB_FORWARDING_KEY};
pub(crate) use afiliados_testkit::redis::{PrivateRedis, namespace, redis_url};
pub(crate) use afiliados_testkit::smtp::{SMTP_PORT, inbox_for};

/// A running api with its database.
pub(crate) struct ApiUnderTest {
    pub(crate) address: String,
    pub(crate) state: actix_web::web::Data<afiliados_api::state::AppState>,
    _db: TestDb,
}

/// Starts the api on port 0 with its own database, using `redis_url` and `namespace`.
pub(crate) async fn spawn_api(redis_url: &str, namespace: &str) -> ApiUnderTest {
    spawn_api_with(redis_url, namespace, |_| {}).await
}

/// [`spawn_api`] with its settings adjusted by `adjust` (a test's own limits).
pub(crate) async fn spawn_api_with(
    redis_url: &str,
    namespace: &str,
    adjust: impl FnOnce(&mut ApiSettings),
) -> ApiUnderTest {
    spawn_api_full(None, redis_url, namespace, adjust).await
}

/// [`spawn_api`] with its database on the server `postgres_admin_url` names (`None`: the shared
/// one), e.g. a test's private cluster that it stops.
pub(crate) async fn spawn_api_on(
    postgres_admin_url: Option<&str>,
    redis_url: &str,
    namespace: &str,
) -> ApiUnderTest {
    spawn_api_full(postgres_admin_url, redis_url, namespace, |_| {}).await
}

async fn spawn_api_full(
    postgres_admin_url: Option<&str>,
    redis_url: &str,
    namespace: &str,
    adjust: impl FnOnce(&mut ApiSettings),
) -> ApiUnderTest {
    let db = match postgres_admin_url {
        Some(admin_url) => TestDb::new_on(admin_url).await,
        None => TestDb::new().await,
    }
    .expect("test database");
    let storage =
        std::env::temp_dir().join(format!("afiliados-storage-{}", Uuid::new_v4().simple()));
    let mut settings = ApiSettings::for_tests(db.url(), namespace, storage);
    settings.redis.url = SecretString::from(redis_url.to_owned());
    settings.telemetry.service_name = "e2e".into();
    adjust(&mut settings);
    let api = Api::build(settings).await.expect("api builds");
    let address = format!("http://127.0.0.1:{}", api.port());
    let state = api.state();
    tokio::spawn(api.run_until_stopped());
    ApiUnderTest {
        address,
        state,
        _db: db,
    }
}

impl ApiUnderTest {
    /// Creates an active user with roles.
    pub(crate) async fn create_user(&self, email: &str, roles: &[&str]) -> Uuid {
        let hash = self.state.hasher.hash(PASSWORD).expect("hash");
        let mut conn = self.state.db.get().await.expect("connection");
        let user = TestUser {
            email,
            password_hash: &hash,
            roles,
            brands: &[],
            name: ("Prueba", "Extremo"),
        };
        insert_active_user(&mut conn, self.state.tenant_id, &user)
            .await
            .expect("user")
    }

    /// Signs in through the api and returns the access token.
    pub(crate) async fn token(&self, email: &str) -> String {
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/login", self.address))
            .json(&serde_json::json!({ "email": email, "password": PASSWORD }))
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.expect("json");
        body["accessToken"].as_str().expect("token").to_owned()
    }
}

/// Starts an in-process worker against the api and Redis; returns a sender that stops it.
pub(crate) async fn spawn_worker(
    api: &str,
    redis_url: &str,
    namespace: &str,
) -> tokio::sync::oneshot::Sender<()> {
    let mail = afiliados_mailer::MailConfig::local_sink(SMTP_PORT);
    let settings =
        afiliados_worker::Settings::for_tests(api, INTERNAL_TOKEN, redis_url, namespace, mail);
    let worker = afiliados_worker::Application::build(settings)
        .await
        .expect("worker builds");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(worker.run_until_stopped(async move {
        let _ = stopped.await;
    }));
    stop
}

/// Waits up to `seconds` for a message to `recipient`.
pub(crate) async fn wait_for_mail(recipient: &str, seconds: u64) -> Value {
    wait_for_mail_with_subject(recipient, "", seconds).await
}

/// Starts the SMTP sink when it is not running (`scripts/smtp-sink.sh start`; `make test` does).
pub(crate) async fn require_smtp_sink() {
    afiliados_testkit::smtp::ensure_sink().expect("the SMTP sink runs on :1025/:8025");
}

/// The VTEX sandbox in-process on a free port, accepting one credential pair.
pub(crate) async fn spawn_sandbox() -> afiliados_vtex_sandbox::RunningSandbox {
    afiliados_vtex_sandbox::spawn(afiliados_vtex_sandbox::SandboxConfig {
        credentials: vec![afiliados_vtex_sandbox::SandboxCredential::new(
            "primary",
            "e2e-key",
            "e2e-token",
        )],
        ..afiliados_vtex_sandbox::SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// A worker whose VTEX client talks to `sandbox`, with short retry delays (configuration only).
pub(crate) async fn spawn_worker_with_vtex(
    api: &str,
    redis_url: &str,
    namespace: &str,
    sandbox: &afiliados_vtex_sandbox::RunningSandbox,
) -> tokio::sync::oneshot::Sender<()> {
    let mut settings = afiliados_worker::Settings::for_tests(
        api,
        INTERNAL_TOKEN,
        redis_url,
        namespace,
        afiliados_mailer::MailConfig::local_sink(SMTP_PORT),
    );
    settings.vtex = afiliados_vtex::VtexConfig::new(
        sandbox.base_url(),
        vec![afiliados_vtex::VtexCredential::new(
            "primary",
            "e2e-key",
            "e2e-token",
        )],
    );
    settings.retry = afiliados_worker::retry::Backoff {
        base: Duration::from_millis(100),
        max: Duration::from_secs(1),
    };
    let worker = afiliados_worker::Application::build(settings)
        .await
        .expect("worker builds");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(worker.run_until_stopped(async move {
        let _ = stopped.await;
    }));
    stop
}

/// Waits up to `seconds` for a message to `recipient` whose subject contains `subject`.
pub(crate) async fn wait_for_mail_with_subject(
    recipient: &str,
    subject: &str,
    seconds: u64,
) -> Value {
    afiliados_testkit::smtp::wait_for_mail(recipient, subject, Duration::from_secs(seconds))
        .await
        .unwrap_or_else(|_| {
            panic!("no e-mail about {subject:?} reached {recipient} within {seconds} s")
        })
}

/// `(task id, attempts)` of every task in `queue`'s dead set under `namespace`, read from Redis
/// (apalis-redis keeps `<queue>:dead` and the attempts in `<queue>:meta:<id>`).
pub(crate) async fn dead_tasks(
    redis_url: &str,
    namespace: &str,
    queue: &str,
) -> Result<Vec<(String, u64)>, Box<dyn std::error::Error + Send + Sync>> {
    let client = redis::Client::open(redis_url)?;
    let mut conn = client.get_multiplexed_async_connection().await?;
    let prefix = afiliados_jobs::queues::namespaced(namespace, queue);
    let ids: Vec<String> = redis::cmd("SMEMBERS")
        .arg(format!("{prefix}:dead"))
        .query_async(&mut conn)
        .await?;
    let mut out = Vec::new();
    for id in ids {
        let attempts: Option<u64> = redis::cmd("HGET")
            .arg(format!("{prefix}:meta:{id}"))
            .arg("attempts")
            .query_async(&mut conn)
            .await?;
        out.push((id, attempts.unwrap_or(0)));
    }
    Ok(out)
}
