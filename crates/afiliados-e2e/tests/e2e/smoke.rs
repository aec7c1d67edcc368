//! The post-deploy smoke tool (`afiliados-smoke`, ADR 0064) as an operator runs it: a separate
//! process configured only through its environment, against a fresh stack — the api with its own
//! database after `seed qa`, the web BFF, the VTEX sandbox and a worker that is the cron replica
//! with backups on (so a fresh stack has its start-up backup) — all seven steps pass. With the api
//! down, step 1 fails with a clear line and nothing else runs.
//!
//! Step 7 reads the services' metrics, which are process-wide: run this under nextest (one process
//! per test, as `make test` does) so another test's failures do not show up here.

use std::path::PathBuf;
use std::process::{Output, Stdio};
use std::time::Duration;

use afiliados_api::Application as Api;
use afiliados_api::Settings as ApiSettings;
use afiliados_api::seed::{QaSecrets, seed_qa};
use afiliados_config::SecretString;
use afiliados_db_test::TestDb;
use afiliados_db_test::users::{TestUser, insert_active_user};
use afiliados_worker::schedules::Schedules;
use serde_json::Value;
use uuid::Uuid;

use crate::chrome::spawn_web;
use crate::stack::{
    INTERNAL_TOKEN, PASSWORD, SMTP_PORT, namespace, redis_url, require_smtp_sink, spawn_sandbox,
};

const ADMIN_PASSWORD: &str = "QaAdmin!2025xx";
const ADMIN_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const FINANCE_PASSWORD: &str = "QaFinance!2025xx";
const FINANCE_TOTP_SECRET: &str = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";
const INFLUENCER_PASSWORD: &str = "Influencer!QA2025";
const METRICS_KEY: &str = "e2e-smoke-metrics-key-0123456789abcdef";
/// A whole smoke run is a few seconds; this bounds a hung one.
const RUN_LIMIT: Duration = Duration::from_secs(300);

/// Where the smoke binary is: `AFILIADOS_SMOKE_BIN`, else next to this test binary
/// (`target/<profile>/afiliados-smoke`, which `cargo build -p afiliados-smoke` puts there).
fn binary() -> PathBuf {
    if let Ok(path) = std::env::var("AFILIADOS_SMOKE_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    let path = exe
        .parent()
        .and_then(std::path::Path::parent)
        .expect("target/<profile>/deps")
        .join("afiliados-smoke");
    assert!(
        path.is_file(),
        "no smoke binary at {}: cargo build -p afiliados-smoke (or set AFILIADOS_SMOKE_BIN)",
        path.display()
    );
    path
}

/// Runs the smoke binary with exactly `env` (and `PATH`), bounded by [`RUN_LIMIT`].
async fn run_smoke(env: &[(&str, String)]) -> Output {
    let mut command = tokio::process::Command::new(binary());
    command.env_clear().env("APP_ENV", "test");
    if let Ok(path) = std::env::var("PATH") {
        command.env("PATH", path);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the smoke binary starts");
    tokio::time::timeout(RUN_LIMIT, child.wait_with_output())
        .await
        .expect("the smoke run ends in time")
        .expect("the smoke run's output")
}

/// The QA secrets as the operator's environment holds them.
fn qa_env() -> Vec<(&'static str, String)> {
    vec![
        ("QA_ADMIN_PASSWORD", ADMIN_PASSWORD.into()),
        ("QA_ADMIN_TOTP_SECRET", ADMIN_TOTP_SECRET.into()),
        ("QA_INFLUENCER_PASSWORD", INFLUENCER_PASSWORD.into()),
    ]
}

/// A fresh stack after `seed qa`.
struct QaStack {
    api: String,
    web: String,
    worker_metrics: String,
    state: actix_web::web::Data<afiliados_api::state::AppState>,
    stop_worker: tokio::sync::oneshot::Sender<()>,
    _sandbox: afiliados_vtex_sandbox::RunningSandbox,
    _db: TestDb,
}

async fn fresh_qa_stack() -> QaStack {
    require_smtp_sink().await;
    let namespace = namespace();
    let db = TestDb::new().await.expect("test database");
    let storage =
        std::env::temp_dir().join(format!("afiliados-storage-{}", Uuid::new_v4().simple()));
    let mut settings = ApiSettings::for_tests(db.url(), &namespace, storage);
    settings.redis.url = SecretString::from(redis_url());
    settings.telemetry.service_name = "e2e-smoke".into();
    settings.metrics_api_key = SecretString::from(METRICS_KEY.to_owned());
    let api = Api::build(settings.clone()).await.expect("api builds");
    let address = format!("http://127.0.0.1:{}", api.port());
    let state = api.state();
    tokio::spawn(api.run_until_stopped());

    let secrets = QaSecrets {
        admin_password: ADMIN_PASSWORD.into(),
        admin_totp_secret: ADMIN_TOTP_SECRET.into(),
        finance_password: FINANCE_PASSWORD.into(),
        finance_totp_secret: FINANCE_TOTP_SECRET.into(),
        influencer_password: INFLUENCER_PASSWORD.into(),
    };
    {
        let mut conn = state.db.get().await.expect("connection");
        seed_qa(
            &mut conn,
            state.tenant_id,
            &state.hasher,
            &state.data_keys,
            &secrets,
            &settings,
        )
        .await
        .expect("seed qa");
    }

    // The worker as the cron replica of a fresh deploy: no snapshot yet, so it backs up at
    // start-up; the coupon of `seed qa` syncs against the sandbox. Only the backup timer runs.
    let sandbox = spawn_sandbox().await;
    let mut worker_settings = afiliados_worker::Settings::for_tests(
        &address,
        INTERNAL_TOKEN,
        &redis_url(),
        &namespace,
        afiliados_mailer::MailConfig::local_sink(SMTP_PORT),
    );
    worker_settings.vtex = afiliados_vtex::VtexConfig::new(
        sandbox.base_url(),
        vec![afiliados_vtex::VtexCredential::new(
            "primary",
            "e2e-key",
            "e2e-token",
        )],
    );
    worker_settings.enable_cron = true;
    worker_settings.schedules = Schedules {
        daily_maintenance: None,
        settlement: None,
        tier_evaluation: None,
        reconciliation: None,
        reconciliation_fortnightly: None,
        escalation: None,
        health_check: None,
        data_retention: None,
        vtex_feed_poll: None,
    };
    worker_settings.backup_interval = Duration::from_secs(3600);
    let backups =
        std::env::temp_dir().join(format!("afiliados-backups-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&backups).expect("backup directory");
    worker_settings.backup.database_url = Some(SecretString::from(db.owner_url().to_owned()));
    worker_settings.backup.storage = afiliados_storage::StorageConfig::local(backups);
    let worker = afiliados_worker::Application::build(worker_settings)
        .await
        .expect("worker builds");
    let worker_metrics = format!("http://127.0.0.1:{}/metrics", worker.metrics_port());
    let (stop_worker, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(worker.run_until_stopped(async move {
        let _ = stopped.await;
    }));

    let web = spawn_web(&address).await;
    QaStack {
        api: address,
        web,
        worker_metrics,
        state,
        stop_worker,
        _sandbox: sandbox,
        _db: db,
    }
}

impl QaStack {
    /// A fresh admin_dentsu without 2FA, to read back what the smoke run left.
    async fn staff_token(&self) -> String {
        let email = format!("auditoria-{}@example.com", Uuid::new_v4().simple());
        let hash = self.state.hasher.hash(PASSWORD).expect("hash");
        let mut conn = self.state.db.get().await.expect("connection");
        let user = TestUser {
            email: &email,
            password_hash: &hash,
            roles: &["admin_dentsu"],
            brands: &[],
            name: ("Revisión", "Smoke"),
        };
        insert_active_user(&mut conn, self.state.tenant_id, &user)
            .await
            .expect("user");
        sign_in(&self.api, &email, PASSWORD).await
    }
}

async fn sign_in(api: &str, email: &str, password: &str) -> String {
    let response = reqwest::Client::new()
        .post(format!("{api}/api/v1/auth/login"))
        .json(&serde_json::json!({ "email": email, "password": password }))
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), 200, "{email} signs in");
    let body: Value = response.json().await.expect("json");
    body["accessToken"].as_str().expect("token").to_owned()
}

async fn get(api: &str, token: &str, path: &str) -> Value {
    let response = reqwest::Client::new()
        .get(format!("{api}/api/v1{path}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 200, "GET {path}");
    response.json().await.expect("json")
}

fn stdout_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn all_seven_steps_pass_against_a_fresh_seed_qa_stack() {
    let stack = Box::pin(fresh_qa_stack()).await;
    let mut env = qa_env();
    env.push(("API_URL", stack.api.clone()));
    env.push(("WEB_URL", stack.web.clone()));
    env.push(("WORKER_METRICS_URL", stack.worker_metrics.clone()));
    env.push(("METRICS_API_KEY", METRICS_KEY.into()));
    env.push(("SMOKE_BACKUP_WAIT_SECS", "120".into()));
    let output = run_smoke(&env).await;
    let stdout = stdout_of(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    for n in 1..=7 {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&format!("PASS  {n} ")) && l.ends_with(" ms")),
            "step {n} passed with its timing:\n{stdout}"
        );
    }
    assert!(
        !stdout.contains("FAIL") && !stdout.contains("SKIP"),
        "{stdout}"
    );
    assert!(stdout.contains("all 7 steps passed"), "{stdout}");
    for secret in [
        ADMIN_PASSWORD,
        ADMIN_TOTP_SECRET,
        INFLUENCER_PASSWORD,
        METRICS_KEY,
    ] {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "a secret was printed"
        );
    }

    // What it left: the dummy registration rejected as smoke data, the web's withdrawal listed
    // and then rejected, so the QA balance is whole again for the next run.
    let staff = stack.staff_token().await;
    let rejected = get(
        &stack.api,
        &staff,
        "/influencers?status=rejected&pageSize=100",
    )
    .await;
    assert!(
        rejected["items"].as_array().is_some_and(|items| items
            .iter()
            .any(|i| i["email"].as_str().is_some_and(|e| e.starts_with("smoke+")))),
        "the dummy is rejected: {rejected}"
    );
    let withdrawals = get(&stack.api, &staff, "/payments/withdrawals?pageSize=100").await;
    let statuses: Vec<&str> = withdrawals["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|w| w["status"].as_str())
        .collect();
    assert_eq!(statuses, ["rejected"], "{withdrawals}");
    let influencer = sign_in(&stack.api, "influencer.qa@medipiel.co", INFLUENCER_PASSWORD).await;
    let balances = get(&stack.api, &influencer, "/commissions/balances").await;
    let cetaphil = balances["items"]
        .as_array()
        .and_then(|items| items.iter().find(|b| b["brandName"] == "Cetaphil"))
        .unwrap_or_else(|| panic!("a Cetaphil balance: {balances}"));
    assert_eq!(cetaphil["available"].to_string(), "67500.00", "{cetaphil}");
    let _ = stack.stop_worker.send(());
}

#[tokio::test]
async fn with_the_api_down_step_one_fails_clearly_and_nothing_else_runs() {
    // A port that was free a moment ago: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("free port")
        .local_addr()
        .expect("addr")
        .port();
    let mut env = qa_env();
    env.push(("BASE_URL", format!("http://127.0.0.1:{closed}")));
    let output = run_smoke(&env).await;
    let stdout = stdout_of(&output);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("PASS") || l.starts_with("FAIL") || l.starts_with("SKIP"))
        .collect();
    assert_eq!(lines.len(), 7, "{stdout}");
    let expected =
        format!("FAIL  1 api health: GET http://127.0.0.1:{closed}/api/v1/health: cannot connect");
    assert!(lines[0].starts_with(&expected), "{stdout}");
    assert!(lines[0].to_lowercase().contains("refused"), "{stdout}");
    for (n, line) in lines.iter().enumerate().skip(1) {
        assert!(
            line.starts_with(&format!("SKIP  {} ", n + 1))
                && line.ends_with("(not run: step 1 failed)"),
            "{stdout}"
        );
    }
    assert!(stdout.contains("FAILED at step 1"), "{stdout}");
}
