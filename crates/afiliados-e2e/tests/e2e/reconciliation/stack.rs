//! The stack of the reconciliation stories: the api in-process on a pinned clock (the day after
//! the worked examples' business day, `domain.md` §5.16.6, so that day is over and may be
//! reconciled) with its own database, the VTEX sandbox posting signed hooks to it, real Redis
//! under a per-test namespace and the real worker consuming every queue (the reconciliation run,
//! the re-fetches it enqueues, the e-mails). The catalogue rows are dated before the orders, as
//! they would have been when those orders were placed.

use std::sync::Arc;
use std::time::Duration;

use afiliados_api::Application as Api;
use afiliados_api::Settings as ApiSettings;
use afiliados_config::SecretString;
use afiliados_db_test::TestDb;
use afiliados_db_test::fixtures::{CodeIds, CodeWorld, insert_code_world};
use afiliados_db_test::users::{TestUser, insert_active_user};
use afiliados_domain::ManualClock;
use afiliados_testkit::eventually;
use afiliados_vtex::{VtexConfig, VtexCredential};
use afiliados_vtex_sandbox::{RunningSandbox, SandboxConfig};
use afiliados_worker::{Application as Worker, Settings as WorkerSettings, retry::Backoff};
use chrono::{DateTime, Utc};
use diesel::sql_types::{Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl as _;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use uuid::Uuid;

use crate::coupon_sync::stack::TestResult;
use crate::stack::{INTERNAL_TOKEN, PASSWORD, SMTP_PORT, namespace, redis_url};

/// The Bogota business day of the worked examples.
pub(crate) const DAY: &str = "2026-03-02";
/// The api's "now": 10:00 in Bogota the day after, so [`DAY`] is over.
pub(crate) const NOW: &str = "2026-03-03T15:00:00Z";
/// How long a run, a re-fetch or an e-mail may take.
pub(crate) const WAIT: Duration = Duration::from_secs(60);

pub(crate) fn at(raw: &str) -> DateTime<Utc> {
    raw.parse().unwrap_or(DateTime::UNIX_EPOCH)
}

/// What a story may change about the stack.
pub(crate) struct Options {
    /// `VTEX_RECONCILIATION_PAGE_SIZE` (the api hands it to the worker with each run).
    pub(crate) page_size: u32,
    /// `VTEX_MAX_RETRIES`.
    pub(crate) vtex_max_retries: u32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            page_size: 100,
            vtex_max_retries: 2,
        }
    }
}

/// A running api (pinned clock), sandbox and worker.
pub(crate) struct ReconStack {
    pub(crate) address: String,
    pub(crate) state: actix_web::web::Data<afiliados_api::state::AppState>,
    pub(crate) sandbox: RunningSandbox,
    pub(crate) namespace: String,
    http: reqwest::Client,
    stop_worker: Option<oneshot::Sender<()>>,
    worker: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _db: TestDb,
}

impl ReconStack {
    pub(crate) async fn start(options: Options) -> TestResult<ReconStack> {
        crate::stack::require_smtp_sink().await;
        let namespace = namespace();
        let db = TestDb::new().await?;
        let storage =
            std::env::temp_dir().join(format!("afiliados-storage-{}", Uuid::new_v4().simple()));
        let mut settings = ApiSettings::for_tests(db.url(), &namespace, storage);
        settings.redis.url = SecretString::from(redis_url());
        settings.telemetry.service_name = "e2e-reconciliation".into();
        settings.reconciliation.page_size = options.page_size;
        let api = Api::build_with_clock(settings, Arc::new(ManualClock::new(at(NOW)))).await?;
        let address = format!("http://127.0.0.1:{}", api.port());
        let state = api.state();
        tokio::spawn(api.run_until_stopped());

        let sandbox = spawn_sandbox(&address).await?;
        let mut worker_settings = WorkerSettings::for_tests(
            &address,
            INTERNAL_TOKEN,
            &redis_url(),
            &namespace,
            afiliados_mailer::MailConfig::local_sink(SMTP_PORT),
        );
        let mut vtex = VtexConfig::new(
            sandbox.base_url(),
            vec![VtexCredential::new("primary", "e2e-key", "e2e-token")],
        );
        vtex.max_retries = options.vtex_max_retries;
        // Long enough that a loaded machine's slow answer is not a timeout (which would change
        // which requests the seeded fault rules hit); short enough for a `timeout` fault.
        vtex.timeout = Duration::from_secs(2);
        vtex.retry_delay = Duration::from_millis(5);
        vtex.retry_max_delay = Duration::from_millis(20);
        vtex.retry_after_max = Duration::from_secs(2);
        worker_settings.vtex = vtex;
        worker_settings.retry = Backoff {
            base: Duration::from_millis(50),
            max: Duration::from_millis(300),
        };
        let worker = Worker::build(worker_settings).await?;
        let (stop, stopped) = oneshot::channel::<()>();
        let worker = tokio::spawn(worker.run_until_stopped(async move {
            let _ = stopped.await;
        }));
        Ok(ReconStack {
            address,
            state,
            sandbox,
            namespace,
            http: reqwest::Client::new(),
            stop_worker: Some(stop),
            worker: Some(worker),
            _db: db,
        })
    }

    /// Stops the worker (bounded).
    pub(crate) async fn stop(mut self) -> TestResult {
        if let Some(stop) = self.stop_worker.take() {
            let _ = stop.send(());
        }
        if let Some(worker) = self.worker.take() {
            tokio::time::timeout(Duration::from_secs(30), worker).await???;
        }
        Ok(())
    }

    /// A brand, campaign, approved influencer and active code, all dated 2026-02-01 (before
    /// the orders), for the brand VTEX knows as `vtex_brand_id`.
    pub(crate) async fn code_world(
        &self,
        tag: &str,
        vtex_brand_id: &str,
    ) -> TestResult<(CodeWorld, CodeIds)> {
        let mut world = CodeWorld::active(tag);
        world.vtex_brand_id = Some(vtex_brand_id.to_owned());
        let mut conn = self.state.db.get().await?;
        let ids = insert_code_world(&mut conn, self.state.tenant_id, &world).await?;
        let before = at("2026-02-01T05:00:00Z");
        for (table, id) in [
            ("discount_codes", ids.code_id),
            ("campaigns", ids.campaign_id),
            ("influencers", ids.influencer_id),
        ] {
            diesel::sql_query(format!("UPDATE {table} SET created_at = $1 WHERE id = $2"))
                .bind::<Timestamptz, _>(before)
                .bind::<SqlUuid, _>(id)
                .execute(&mut conn)
                .await?;
        }
        Ok((world, ids))
    }

    /// An active staff user with `roles` (and `brands`, for an `admin_marca`), signed in.
    pub(crate) async fn staff(&self, role: &str, brands: &[Uuid]) -> TestResult<Staff> {
        let email = format!("{role}-{}@example.com", Uuid::new_v4().simple());
        let hash = self.state.hasher.hash(PASSWORD)?;
        {
            let mut conn = self.state.db.get().await?;
            let user = TestUser {
                email: &email,
                password_hash: &hash,
                roles: &[role],
                brands,
                name: ("Prueba", "Conciliación"),
            };
            insert_active_user(&mut conn, self.state.tenant_id, &user).await?;
        }
        let (status, body) = self
            .call(
                reqwest::Method::POST,
                "/auth/login",
                None,
                Some(json!({"email": email, "password": PASSWORD})),
            )
            .await?;
        if status != 200 {
            return Err(format!("{email} cannot sign in: {status} {body}").into());
        }
        let token = body["accessToken"]
            .as_str()
            .ok_or("an access token")?
            .to_owned();
        Ok(Staff { email, token })
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> TestResult<(u16, Value)> {
        let mut request = self
            .http
            .request(method, format!("{}/api/v1{path}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let text = response.text().await?;
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok((status, body))
    }

    /// `GET /api/v1{path}` as `who`.
    pub(crate) async fn get(&self, who: &Staff, path: &str) -> TestResult<(u16, Value)> {
        self.call(reqwest::Method::GET, path, Some(&who.token), None)
            .await
    }

    /// `POST /api/v1{path}` as `who`.
    pub(crate) async fn post(
        &self,
        who: &Staff,
        path: &str,
        body: Value,
    ) -> TestResult<(u16, Value)> {
        self.call(reqwest::Method::POST, path, Some(&who.token), Some(body))
            .await
    }

    /// `GET` that must answer 200.
    pub(crate) async fn read(&self, who: &Staff, path: &str) -> TestResult<Value> {
        match self.get(who, path).await? {
            (200, body) => Ok(body),
            (status, body) => Err(format!("GET {path}: {status} {body}").into()),
        }
    }

    /// `POST /vtex/reconciliations/run {date: DAY}` as `who`, which must be accepted (202).
    pub(crate) async fn run_day(&self, who: &Staff) -> TestResult<Value> {
        match self
            .post(who, "/vtex/reconciliations/run", json!({"date": DAY}))
            .await?
        {
            (202, run) => Ok(run),
            (status, body) => Err(format!("the run was not started: {status} {body}").into()),
        }
    }

    /// Polls the run until it is no longer `running`.
    pub(crate) async fn run_over(&self, who: &Staff, run: &Value) -> TestResult<Value> {
        let id = run["id"].as_str().ok_or("a run id")?;
        let path = format!("/vtex/reconciliations/{id}");
        let over = eventually(WAIT, || async {
            self.read(who, &path)
                .await
                .ok()
                .filter(|run| run["status"] != "running")
        })
        .await;
        match over {
            Ok(run) => Ok(run),
            Err(timed_out) => {
                let last = self.read(who, &path).await?;
                Err(format!("run {id}: {timed_out}; last {last}").into())
            }
        }
    }

    /// Every discrepancy the run found first or last.
    pub(crate) async fn discrepancies(&self, who: &Staff, run: &Value) -> TestResult<Vec<Value>> {
        let id = run["id"].as_str().ok_or("a run id")?;
        let page = self
            .read(
                who,
                &format!("/vtex/reconciliations/{id}/discrepancies?pageSize=100"),
            )
            .await?;
        Ok(page["items"].as_array().cloned().unwrap_or_default())
    }

    /// Polls the discrepancies of `run` until `done` holds for them.
    pub(crate) async fn wait_discrepancies(
        &self,
        who: &Staff,
        run: &Value,
        done: impl Fn(&[Value]) -> bool,
    ) -> TestResult<Vec<Value>> {
        let reached = eventually(WAIT, || async {
            self.discrepancies(who, run)
                .await
                .ok()
                .filter(|rows| done(rows))
        })
        .await;
        match reached {
            Ok(rows) => Ok(rows),
            Err(timed_out) => {
                let last = self.discrepancies(who, run).await?;
                Err(format!("{timed_out}; discrepancies {last:#?}").into())
            }
        }
    }

    /// `GET /orders/{id}` (`None` while the api does not know it).
    pub(crate) async fn order(
        &self,
        who: &Staff,
        vtex_order_id: &str,
    ) -> TestResult<Option<Value>> {
        match self.get(who, &format!("/orders/{vtex_order_id}")).await? {
            (200, order) => Ok(Some(order)),
            (404, _) => Ok(None),
            (status, body) => Err(format!("GET /orders/{vtex_order_id}: {status} {body}").into()),
        }
    }

    /// Polls the order until `done` holds.
    pub(crate) async fn wait_order(
        &self,
        who: &Staff,
        vtex_order_id: &str,
        done: impl Fn(&Value) -> bool,
    ) -> TestResult<Value> {
        let reached = eventually(WAIT, || async {
            self.order(who, vtex_order_id)
                .await
                .ok()
                .flatten()
                .filter(|order| done(order))
        })
        .await;
        match reached {
            Ok(order) => Ok(order),
            Err(timed_out) => {
                let last = self.order(who, vtex_order_id).await?;
                Err(format!("order {vtex_order_id}: {timed_out}; last {last:?}").into())
            }
        }
    }

    /// `POST /_sandbox{path}` on `sandbox`; the answer's body, or an error naming the status.
    pub(crate) async fn sandbox_admin(
        &self,
        sandbox: &RunningSandbox,
        path: &str,
        body: Value,
    ) -> TestResult<Value> {
        let response = self
            .http
            .post(format!("{}/_sandbox{path}", sandbox.base_url()))
            .json(&body)
            .send()
            .await?;
        let status = response.status();
        let body: Value = response.json().await?;
        if !status.is_success() {
            return Err(format!("sandbox {path}: {status} {body}").into());
        }
        Ok(body)
    }

    /// A checkout in VTEX (no hook yet); returns the stored document.
    pub(crate) async fn checkout(&self, order: &Order) -> TestResult<Value> {
        self.sandbox_admin(&self.sandbox, "/orders", order.spec())
            .await
    }

    /// The sandbox posts a signed hook about the order's current state; the api's status.
    pub(crate) async fn emit_hook(&self, vtex_order_id: &str) -> TestResult<Option<u64>> {
        let answer = self
            .sandbox_admin(
                &self.sandbox,
                "/hooks/emit",
                json!({"orderId": vtex_order_id}),
            )
            .await?;
        Ok(answer.pointer("/attempts/0/status").and_then(Value::as_u64))
    }

    /// Checks out and hooks the order in, then waits until the api stored it.
    pub(crate) async fn place(&self, who: &Staff, order: &Order) -> TestResult<Value> {
        self.checkout(order).await?;
        let status = self.emit_hook(&order.id).await?;
        if status != Some(200) {
            return Err(format!("the hook of {} was answered {status:?}", order.id).into());
        }
        self.wait_order(who, &order.id, |o| o["status"] == order.platform_status())
            .await
    }

    /// VTEX moves the order to `state` without telling the api (the hook is lost).
    pub(crate) async fn transition_silently(&self, vtex_order_id: &str, state: &str) -> TestResult {
        self.sandbox_admin(
            &self.sandbox,
            &format!("/orders/{vtex_order_id}/transition"),
            json!({"state": state, "emitHook": false}),
        )
        .await?;
        Ok(())
    }

    /// VTEX's document of the order is replaced by `edited` (same id, creation date and status;
    /// a later `lastChange`) without telling the api: an edit whose hook was lost. The edited
    /// document is built by the sandbox's own checkout (under a scratch id, outside every
    /// range), so its amounts are consistent.
    pub(crate) async fn edit_silently(&self, original: &Value, edited: &Order) -> TestResult {
        let id = original["orderId"].as_str().ok_or("an order id")?;
        let scratch_id = format!("{id}-edit");
        let mut scratch = edited.clone();
        scratch.id.clone_from(&scratch_id);
        scratch.created = "2026-01-15T12:00:00Z".into();
        let doc = self.checkout(&scratch).await?;
        let text = serde_json::to_string(&doc)?.replace(&scratch_id, id);
        let mut doc: Value = serde_json::from_str(&text)?;
        doc["creationDate"] = original["creationDate"].clone();
        doc["status"] = original["status"].clone();
        doc["authorizedDate"] = original["authorizedDate"].clone();
        doc["invoicedDate"] = original["invoicedDate"].clone();
        doc["lastChange"] = json!(
            Utc::now()
                .format("%Y-%m-%dT%H:%M:%S%.3f0000+00:00")
                .to_string()
        );
        let response = self
            .http
            .put(format!("{}/_sandbox/orders/{id}", self.sandbox.base_url()))
            .json(&doc)
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(format!("the edit of {id}: {}", response.text().await?).into());
        }
        Ok(())
    }

    /// The current VTEX document of the order, as the OMS serves it.
    pub(crate) async fn vtex_document(&self, vtex_order_id: &str) -> TestResult<Value> {
        let state = self
            .http
            .get(format!("{}/_sandbox/state", self.sandbox.base_url()))
            .send()
            .await?
            .json::<Value>()
            .await?;
        state["orders"]
            .as_array()
            .and_then(|orders| {
                orders
                    .iter()
                    .find(|o| o["orderId"] == vtex_order_id)
                    .cloned()
            })
            .ok_or_else(|| format!("VTEX does not hold {vtex_order_id}").into())
    }
}

/// A sandbox signing its hooks to the api with the development secret (`for_tests`).
pub(crate) async fn spawn_sandbox(api: &str) -> TestResult<RunningSandbox> {
    Ok(afiliados_vtex_sandbox::spawn(SandboxConfig {
        credentials: vec![afiliados_vtex_sandbox::SandboxCredential::new(
            "primary",
            "e2e-key",
            "e2e-token",
        )],
        hook_target: Some(format!("{api}/api/v1/vtex/webhooks/orders")),
        ..SandboxConfig::default()
    })
    .await?)
}

/// A signed-in staff member.
pub(crate) struct Staff {
    pub(crate) email: String,
    pub(crate) token: String,
}

/// One order of a story: one line of `cents` (no tax, no shipping, so its value is exactly the
/// line's), with a coupon or not, in a VTEX state, placed at `created`.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub(crate) id: String,
    pub(crate) cents: i64,
    pub(crate) coupon: Option<String>,
    pub(crate) vtex_brand_id: String,
    pub(crate) status: String,
    pub(crate) created: String,
}

impl Order {
    /// A `payment-approved` order of [`DAY`] (14:05 in Bogota) for brand `2000050`.
    pub(crate) fn new(id: &str, cents: i64) -> Order {
        Order {
            id: id.to_owned(),
            cents,
            coupon: None,
            vtex_brand_id: "2000050".into(),
            status: "payment-approved".into(),
            created: "2026-03-02T19:05:10Z".into(),
        }
    }

    pub(crate) fn coupon(mut self, code: &str) -> Order {
        self.coupon = Some(code.to_owned());
        self
    }

    pub(crate) fn brand(mut self, vtex_brand_id: &str) -> Order {
        vtex_brand_id.clone_into(&mut self.vtex_brand_id);
        self
    }

    pub(crate) fn created(mut self, at: &str) -> Order {
        at.clone_into(&mut self.created);
        self
    }

    /// The platform's status for the order's VTEX state.
    pub(crate) fn platform_status(&self) -> &'static str {
        match self.status.as_str() {
            "invoiced" => "invoiced",
            "canceled" => "canceled",
            _ => "paid",
        }
    }

    fn spec(&self) -> Value {
        json!({
            "orderId": self.id,
            "creationDate": self.created,
            "coupon": self.coupon,
            // The coupon is kept on the order as typed even where VTEX has no promotion for
            // it: what matters here is the platform's attribution, not VTEX's discount.
            "forceCoupon": self.coupon.is_some(),
            "customer": {"email": "cliente@example.com", "document": "52870001"},
            "lines": [{
                "skuId": "2001", "name": "Cetaphil Limpiador Facial Piel Grasa 473 ml",
                "brandId": self.vtex_brand_id, "brandName": "Cetaphil", "categoriesIds": "/3/45/",
                "quantity": 1, "price": self.cents, "listPrice": self.cents, "taxPercent": 0
            }],
            "shipping": 0,
            "status": self.status,
        })
    }
}

/// An amount as the api writes it (an exact JSON number, or a string), as text.
pub(crate) fn amount(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
