//! `spawn_app()`: the real api on port 0 with its own database (cloned from the migrated
//! template), its own Redis key prefix, fast argon2 parameters and typed helpers.

use std::sync::Arc;

use actix_web::web;
use afiliados_api::{Application, Settings, state::AppState};
use afiliados_db_test::TestDb;
use afiliados_db_test::users::{TestUser, insert_active_user};
use afiliados_domain::{Clock, ManualClock};
use reqwest::{Method, RequestBuilder, Response};
use serde_json::{Value, json};
use uuid::Uuid;

pub(crate) use afiliados_testkit::keys::{
    INTERNAL_TOKEN, JWT_NEW, JWT_OLD, METRICS_KEY, PASSWORD, WEB_FORWARDING_KEY,
};

pub(crate) struct TestApp {
    pub(crate) address: String,
    /// Held so the database lives as long as the app; dropped with it.
    pub(crate) db: TestDb,
    pub(crate) http: reqwest::Client,
    pub(crate) state: web::Data<AppState>,
    /// Every request from this app carries this client address (through the trusted proxy), so
    /// per-IP rate limits of parallel tests never collide.
    pub(crate) client_ip: String,
}

/// The api with [`Settings::for_tests`], its own database and its own Redis namespace.
pub(crate) async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like [`spawn_app`], after `configure` changed the settings (a lower limit, 2FA for staff, …).
pub(crate) async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    spawn(&afiliados_testkit::redis::namespace(), None, configure).await
}

/// Like [`spawn_app_with`], under a given Redis namespace: two apps sharing one behave as two
/// replicas of one deployment (shared rate-limit windows and queues), each with its own database.
pub(crate) async fn spawn_app_in(
    namespace: &str,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    spawn(namespace, None, configure).await
}

/// Like [`spawn_app_with`], on a pinned clock the test keeps and moves.
pub(crate) async fn spawn_app_at(
    clock: &ManualClock,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let clock: Arc<dyn Clock> = Arc::new(clock.clone());
    spawn(
        &afiliados_testkit::redis::namespace(),
        Some(clock),
        configure,
    )
    .await
}

async fn spawn(
    namespace: &str,
    clock: Option<Arc<dyn Clock>>,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let db = TestDb::new().await.expect("test database");
    let storage =
        std::env::temp_dir().join(format!("afiliados-storage-{}", Uuid::new_v4().simple()));
    let mut settings = Settings::for_tests(db.url(), namespace, storage);
    configure(&mut settings);
    let application = match clock {
        Some(clock) => Application::build_with_clock(settings, clock).await,
        None => Application::build(settings).await,
    }
    .expect("api builds");
    let port = application.port();
    let state = application.state();
    tokio::spawn(application.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        db,
        http: reqwest::Client::builder()
            .user_agent("afiliados-api-tests")
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        state,
        client_ip: random_client_ip(),
    }
}

/// A client address no other test uses (10.x.y.z from a fresh UUID).
pub(crate) fn random_client_ip() -> String {
    let bytes = Uuid::new_v4().into_bytes();
    format!("10.{}.{}.{}", bytes[0], bytes[1], bytes[2])
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

    /// A connection of the api's own pool: the runtime role (ADR 0023).
    pub(crate) async fn conn(&self) -> afiliados_db::PooledConnection {
        self.state.db.get().await.unwrap()
    }

    /// The clear payload of an outbox row, as the worker gets it with its lease (a reset or
    /// invitation payload is stored sealed, ADR 0024).
    pub(crate) fn open_payload(&self, row: &afiliados_db::email_outbox::OutboxEmailRow) -> Value {
        afiliados_api::usecases::emails::sealed::open(
            &self.state.data_keys,
            &row.template,
            &row.recipient,
            &row.payload,
        )
        .unwrap()
    }

    /// A connection as the owner role, the migrator's (for what only a migration may do).
    pub(crate) async fn owner_conn(&self) -> afiliados_db::AsyncPgConnection {
        use diesel_async::AsyncConnection;
        afiliados_db::AsyncPgConnection::establish(self.db.owner_url())
            .await
            .unwrap()
    }

    /// Creates an active user with roles directly in the database.
    pub(crate) async fn create_user(&self, email: &str, roles: &[&str], brands: &[Uuid]) -> Uuid {
        let hash = self.state.hasher.hash(PASSWORD).unwrap();
        let user = TestUser {
            email,
            password_hash: &hash,
            roles,
            brands,
            name: ("Test", "User"),
        };
        insert_active_user(&mut *self.conn().await, self.state.tenant_id, &user)
            .await
            .unwrap()
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
    // Confirm with the previous step's code so the current step stays free for a sign-in. The
    // step is the server's (a test may run it on a manual clock), never the wall clock's: a
    // wall-clock step boundary between the two would make the sign-in's code a replay.
    let server_now = u64::try_from(app.state.now().timestamp()).unwrap();
    let code = totp_at(&secret, server_now - 30);
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
