//! Starting the services in-process, plus the SMTP sink's inbox and a private Redis.

use std::time::Duration;

use afiliados_api::Application as Api;
use afiliados_api::settings::{RateLimits, Settings as ApiSettings};
use afiliados_auth::Argon2Params;
use afiliados_config::{
    AppEnv, DatabaseConfig, LogFormat, RedisConfig, SecretString, TelemetryConfig,
};
use afiliados_db_test::TestDb;
use afiliados_mailer::{MailConfig, MailTransportKind, SmtpTls};
use serde_json::Value;
use uuid::Uuid;

pub(crate) const PASSWORD: &str = "Changeit!2024";
pub(crate) const INTERNAL_TOKEN: &str = "e2e-internal-token-0123456789-abcdefghij";
/// Shared by the api and the web of these tests (ADR 0013).
pub(crate) const WEB_FORWARDING_KEY: &str = "e2e-web-forwarding-key-0123456789-abcdef";
const JWT_KEYS: &str = "e2e:YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWY=";
const DATA_KEY: &str = "k1:MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";
pub(crate) const SMTP_PORT: u16 = 1025;
pub(crate) const INBOX: &str = "http://127.0.0.1:8025";

/// A running api with its database.
pub(crate) struct ApiUnderTest {
    pub(crate) address: String,
    pub(crate) state: actix_web::web::Data<afiliados_api::state::AppState>,
    _db: TestDb,
}

fn telemetry() -> TelemetryConfig {
    TelemetryConfig {
        service_name: "e2e".into(),
        log_format: LogFormat::Json,
        log_level: "warn".into(),
        otlp_endpoint: None,
    }
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
    let db = TestDb::new().await.expect("test database");
    let settings = ApiSettings {
        app_env: AppEnv::Test,
        host: "127.0.0.1".into(),
        port: 0,
        database: DatabaseConfig {
            url: SecretString::from(db.url().to_owned()),
            max_connections: 8,
            statement_timeout_ms: 10_000,
        },
        redis: RedisConfig {
            url: SecretString::from(redis_url.to_owned()),
        },
        telemetry: telemetry(),
        jwt_keys: SecretString::from(JWT_KEYS.to_owned()),
        access_ttl_seconds: 900,
        refresh_ttl_seconds: 604_800,
        refresh_family_max_age_days: 30,
        data_encryption_key: SecretString::from(DATA_KEY.to_owned()),
        internal_api_token: SecretString::from(INTERNAL_TOKEN.to_owned()),
        metrics_api_key: SecretString::from(String::new()),
        require_2fa_for_staff: false,
        argon2: Argon2Params {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        },
        lockout_threshold: 5,
        lockout_minutes: 15,
        password_reset_ttl_minutes: 60,
        invitation_ttl_days: 7,
        rate_limits: RateLimits {
            login: 100,
            refresh: 100,
            password_reset: 100,
            default: 1000,
        },
        trusted_proxies: vec!["127.0.0.0/8".parse().expect("cidr")],
        web_forwarding_key: SecretString::from(WEB_FORWARDING_KEY.to_owned()),
        web_public_url: "http://127.0.0.1:3000".into(),
        api_public_url: "http://127.0.0.1:8080".into(),
        queue_namespace: namespace.to_owned(),
        run_migrations_on_start: false,
        tenant_slug: "medipiel".into(),
        cors_origins: vec![],
        onboarding: afiliados_api::onboarding_settings::OnboardingSettings::for_tests(
            std::env::temp_dir().join(format!(
                "afiliados-storage-{}",
                uuid::Uuid::new_v4().simple()
            )),
        ),
    };
    let mut settings = settings;
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
        let user = afiliados_db::users::insert(
            &mut conn,
            &afiliados_db::users::NewUser {
                id: afiliados_db::new_id(),
                tenant_id: self.state.tenant_id,
                email,
                first_name: "Prueba",
                last_name: "Extremo",
                password_hash: Some(&hash),
                status: "active",
                locale: "es",
                created_by: None,
                password_changed_at: None,
            },
        )
        .await
        .expect("user");
        let roles: Vec<String> = roles.iter().map(|r| (*r).to_owned()).collect();
        afiliados_db::roles::set_roles(&mut conn, user.id, &roles, None)
            .await
            .expect("roles");
        user.id
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
    let mail = MailConfig {
        transport: MailTransportKind::Smtp,
        file_dir: std::env::temp_dir(),
        host: "127.0.0.1".into(),
        port: SMTP_PORT,
        username: None,
        password: None,
        tls: SmtpTls::None,
        from: afiliados_mailer::DEFAULT_FROM.into(),
    };
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

/// Messages in the SMTP sink addressed to `recipient`.
pub(crate) async fn inbox_for(recipient: &str) -> Vec<Value> {
    let Ok(response) = reqwest::get(format!("{INBOX}/email")).await else {
        return Vec::new();
    };
    let all: Vec<Value> = response.json().await.unwrap_or_default();
    all.into_iter()
        .filter(|m| {
            m["to"]
                .as_array()
                .is_some_and(|to| to.iter().any(|t| t["address"].as_str() == Some(recipient)))
        })
        .collect()
}

/// Waits up to `seconds` for a message to `recipient`.
pub(crate) async fn wait_for_mail(recipient: &str, seconds: u64) -> Value {
    for _ in 0..seconds * 4 {
        if let Some(message) = inbox_for(recipient).await.into_iter().next() {
            return message;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("no e-mail reached {recipient} within {seconds} s");
}

/// Fails clearly when the SMTP sink is not running (`make test` starts it).
pub(crate) async fn require_smtp_sink() {
    let ok = reqwest::get(format!("{INBOX}/email"))
        .await
        .is_ok_and(|r| r.status().is_success());
    assert!(
        ok,
        "the SMTP sink is not running on :1025/:8025 — run scripts/smtp-sink.sh start (make test does)"
    );
}

/// A private redis-server on a free port, which a test may stop and start again.
pub(crate) struct PrivateRedis {
    pub(crate) port: u16,
    child: Option<tokio::process::Child>,
}

impl PrivateRedis {
    pub(crate) async fn start() -> PrivateRedis {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("free port")
            .local_addr()
            .expect("addr")
            .port();
        let mut redis = PrivateRedis { port, child: None };
        redis.resume().await;
        redis
    }

    pub(crate) fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    pub(crate) async fn resume(&mut self) {
        let child = tokio::process::Command::new("redis-server")
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
            .kill_on_drop(true)
            .spawn()
            .expect("redis-server is installed");
        self.child = Some(child);
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("private redis did not start");
    }

    pub(crate) async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
            let _ = child.wait().await;
        }
    }
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
    for _ in 0..seconds * 4 {
        if let Some(message) = inbox_for(recipient)
            .await
            .into_iter()
            .find(|m| m["subject"].as_str().is_some_and(|s| s.contains(subject)))
        {
            return message;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("no e-mail about {subject:?} reached {recipient} within {seconds} s");
}
