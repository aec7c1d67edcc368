//! `spawn_app()`: the real api on port 0 with its own database (cloned from the migrated
//! template), its own Redis key prefix, fast argon2 parameters and typed helpers.

use actix_web::web;
use afiliados_api::settings::{RateLimits, Settings};
use afiliados_api::{Application, state::AppState};
use afiliados_auth::Argon2Params;
use afiliados_config::{
    AppEnv, DatabaseConfig, LogFormat, RedisConfig, SecretString, TelemetryConfig,
};
use afiliados_db_test::TestDb;
use reqwest::{Method, RequestBuilder, Response};
use serde_json::{Value, json};
use uuid::Uuid;

pub(crate) const PASSWORD: &str = "Changeit!2024";
pub(crate) const JWT_OLD: &str = "old:MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";
pub(crate) const JWT_NEW: &str = "new:YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWY=";
pub(crate) const DATA_KEY: &str = "k1:MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";
pub(crate) const INTERNAL_TOKEN: &str = "test-internal-token-0123456789-abcdefghij";
pub(crate) const METRICS_KEY: &str = "test-metrics-key";
/// The secret the web proves itself with when it states a browser's address (ADR 0013).
pub(crate) const WEB_KEY: &str = "test-web-forwarding-key-0123456789-abcdef";

pub(crate) struct TestApp {
    pub(crate) address: String,
    /// Held so the database lives as long as the app; dropped with it.
    _db: TestDb,
    pub(crate) http: reqwest::Client,
    pub(crate) state: web::Data<AppState>,
    /// Every request from this app carries this client address (through the trusted proxy), so
    /// per-IP rate limits of parallel tests never collide.
    pub(crate) client_ip: String,
}

pub(crate) struct Options {
    pub(crate) jwt_keys: &'static str,
    pub(crate) require_2fa_for_staff: bool,
    /// Per-IP sign-in limit; tests that sign in often raise it, the rate-limit test keeps 5.
    pub(crate) login_per_minute: u32,
    /// Redis key prefix; two apps sharing one behave as two replicas.
    pub(crate) namespace: Option<String>,
    /// `UPLOAD_MAX_BYTES` (the test default, 10 MiB, when `None`).
    pub(crate) upload_max_bytes: Option<usize>,
    /// `RATE_LIMIT_REGISTRATION_PER_MIN` (1000 when `None`).
    pub(crate) registration_per_min: Option<u32>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            jwt_keys: JWT_NEW,
            require_2fa_for_staff: false,
            login_per_minute: 1000,
            namespace: None,
            upload_max_bytes: None,
            registration_per_min: None,
        }
    }
}

pub(crate) fn test_settings(db: &TestDb, namespace: &str, options: &Options) -> Settings {
    Settings {
        app_env: AppEnv::Test,
        host: "127.0.0.1".into(),
        port: 0,
        database: DatabaseConfig {
            url: SecretString::from(db.url().to_owned()),
            max_connections: 8,
            statement_timeout_ms: 10_000,
        },
        redis: RedisConfig {
            url: SecretString::from(
                std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into()),
            ),
        },
        telemetry: TelemetryConfig {
            service_name: "test".into(),
            log_format: LogFormat::Json,
            log_level: "warn".into(),
            otlp_endpoint: None,
        },
        jwt_keys: SecretString::from(options.jwt_keys.to_owned()),
        access_ttl_seconds: 900,
        refresh_ttl_seconds: 604_800,
        refresh_family_max_age_days: 30,
        data_encryption_key: SecretString::from(DATA_KEY.to_owned()),
        internal_api_token: SecretString::from(INTERNAL_TOKEN.to_owned()),
        metrics_api_key: SecretString::from(METRICS_KEY.to_owned()),
        require_2fa_for_staff: options.require_2fa_for_staff,
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
            login: options.login_per_minute,
            refresh: 30,
            password_reset: 50,
            default: 1000,
        },
        trusted_proxies: vec!["127.0.0.0/8".parse().unwrap()],
        web_forwarding_key: SecretString::from(WEB_KEY.to_owned()),
        web_public_url: "http://127.0.0.1:3000".into(),
        api_public_url: "http://127.0.0.1:8080".into(),
        queue_namespace: namespace.to_owned(),
        run_migrations_on_start: false,
        tenant_slug: "medipiel".into(),
        cors_origins: vec![],
        onboarding: {
            let mut onboarding = afiliados_api::onboarding_settings::OnboardingSettings::for_tests(
                std::env::temp_dir().join(format!(
                    "afiliados-storage-{}",
                    uuid::Uuid::new_v4().simple()
                )),
            );
            if let Some(max) = options.upload_max_bytes {
                onboarding.upload_max_bytes = max;
            }
            if let Some(limit) = options.registration_per_min {
                onboarding.registration_per_min = limit;
            }
            onboarding
        },
    }
}

pub(crate) async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub(crate) async fn spawn_app_with(options: Options) -> TestApp {
    let db = TestDb::new().await.expect("test database");
    let namespace = options
        .namespace
        .clone()
        .unwrap_or_else(|| format!("t-{}:", Uuid::new_v4().simple()));
    let application = Application::build(test_settings(&db, &namespace, &options))
        .await
        .expect("api builds");
    let port = application.port();
    let state = application.state();
    tokio::spawn(application.run_until_stopped());
    let bytes = Uuid::new_v4().into_bytes();
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        _db: db,
        http: reqwest::Client::builder()
            .user_agent("afiliados-api-tests")
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        state,
        client_ip: format!("10.{}.{}.{}", bytes[0], bytes[1], bytes[2]),
    }
}

impl TestApp {
    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.address))
            .header("x-forwarded-for", &self.client_ip)
    }

    pub(crate) async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub(crate) async fn post(&self, path: &str, token: &str, body: Value) -> Response {
        self.request(Method::POST, path)
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub(crate) async fn patch(&self, path: &str, token: &str, body: Value) -> Response {
        self.request(Method::PATCH, path)
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub(crate) async fn conn(&self) -> afiliados_db::PooledConnection {
        self.state.db.get().await.unwrap()
    }

    /// Creates an active user with roles directly in the database.
    pub(crate) async fn create_user(&self, email: &str, roles: &[&str], brands: &[Uuid]) -> Uuid {
        let hash = self.state.hasher.hash(PASSWORD).unwrap();
        let mut conn = self.conn().await;
        let user = afiliados_db::users::insert(
            &mut conn,
            &afiliados_db::users::NewUser {
                id: afiliados_db::new_id(),
                tenant_id: self.state.tenant_id,
                email,
                first_name: "Test",
                last_name: "User",
                password_hash: Some(&hash),
                status: "active",
                locale: "es",
                created_by: None,
                password_changed_at: None,
            },
        )
        .await
        .unwrap();
        let roles: Vec<String> = roles.iter().map(|r| (*r).to_owned()).collect();
        afiliados_db::roles::set_roles(&mut conn, user.id, &roles, None)
            .await
            .unwrap();
        afiliados_db::roles::set_brands(&mut conn, user.id, brands, None)
            .await
            .unwrap();
        user.id
    }

    pub(crate) async fn create_brand(&self, slug: &str) -> Uuid {
        let mut conn = self.conn().await;
        let prefix: String = slug
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(8)
            .collect::<String>()
            .to_uppercase();
        afiliados_db::brands::ensure(&mut conn, self.state.tenant_id, slug, slug, &prefix)
            .await
            .unwrap()
    }

    pub(crate) async fn login_raw(
        &self,
        email: &str,
        password: &str,
        code: Option<&str>,
    ) -> Response {
        let mut body = json!({ "email": email, "password": password });
        if let Some(code) = code {
            body["twoFactorCode"] = json!(code);
        }
        self.request(Method::POST, "/api/v1/auth/login")
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Signs in and returns the token pair JSON.
    pub(crate) async fn login(&self, email: &str) -> Value {
        let response = self.login_raw(email, PASSWORD, None).await;
        assert_eq!(response.status(), 200, "login of {email}");
        response.json().await.unwrap()
    }

    /// A user holding `role`, signed in; returns (user id, access token).
    pub(crate) async fn login_as(&self, role: &str) -> (Uuid, String) {
        let email = format!(
            "{}.{}@medipiel.co",
            role.replace('_', "."),
            Uuid::new_v4().simple()
        );
        let id = self.create_user(&email, &[role], &[]).await;
        let pair = self.login(&email).await;
        (id, pair["accessToken"].as_str().unwrap().to_owned())
    }

    /// Like `login_as`, signing in from another client address (tests that exhaust a limit).
    pub(crate) async fn login_as_from(&self, role: &str, ip: &str) -> (Uuid, String) {
        let email = format!(
            "{}.{}@medipiel.co",
            role.replace('_', "."),
            Uuid::new_v4().simple()
        );
        let id = self.create_user(&email, &[role], &[]).await;
        let response = self
            .http
            .post(format!("{}/api/v1/auth/login", self.address))
            .header("x-forwarded-for", ip)
            .json(&json!({ "email": email, "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let pair: Value = response.json().await.unwrap();
        (id, pair["accessToken"].as_str().unwrap().to_owned())
    }

    /// Pending job_outbox rows, as the relay would push them.
    pub(crate) async fn outbox_jobs(&self) -> Vec<(String, Value)> {
        use afiliados_db::schema::job_outbox;
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let mut conn = self.conn().await;
        job_outbox::table
            .order(job_outbox::created_at.asc())
            .select((job_outbox::job_type, job_outbox::payload))
            .load(&mut conn)
            .await
            .unwrap()
    }

    /// Audit rows with this action.
    pub(crate) async fn audit_actions(&self, action: &str) -> Vec<afiliados_db::audit::AuditRow> {
        let mut conn = self.conn().await;
        let filter = afiliados_db::audit::AuditFilter {
            actions: vec![action.into()],
            ..Default::default()
        };
        afiliados_db::audit::list(&mut conn, self.state.tenant_id, &filter, 0, 100)
            .await
            .unwrap()
            .0
    }
}

/// The current TOTP code of a base32 secret at `unix` seconds.
pub(crate) fn totp_at(secret: &str, unix: u64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_owned())
        .to_bytes()
        .unwrap();
    totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 0, 30, bytes).generate(unix)
}

pub(crate) fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Enrols and confirms 2FA for a signed-in user; returns (secret, recovery codes).
pub(crate) async fn enable_two_factor(app: &TestApp, token: &str) -> (String, Vec<String>) {
    let enrol: Value = app
        .post("/api/v1/auth/2fa/enroll", token, json!({}))
        .await
        .json()
        .await
        .unwrap();
    let secret = enrol["secret"].as_str().unwrap().to_owned();
    // Confirm with the previous step's code so the current step stays free for a sign-in.
    let code = totp_at(&secret, now_unix() - 30);
    let response = app
        .post("/api/v1/auth/2fa/confirm", token, json!({ "code": code }))
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let codes = body["recoveryCodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (secret, codes)
}
