//! Binding, serving, and the handle tests use to reach the running sandbox.

use std::net::TcpListener;

use actix_web::dev::ServerHandle;
use actix_web::web::{self, Bytes};
use actix_web::{App, HttpServer};
use anyhow::Context as _;
use serde_json::Value;
use tokio::task::JoinHandle;

use crate::config::SandboxConfig;
use crate::coupons::Coupon;
use crate::faults::{FaultRule, StoredFault};
use crate::journal::RequestRecord;
use crate::state::Shared;
use crate::{admin, vtex};

/// A sandbox serving in the background. Dropping it stops the server.
#[derive(Debug)]
pub struct RunningSandbox {
    port: u16,
    base_url: String,
    shared: web::Data<Shared>,
    handle: ServerHandle,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// Binds `config.host:config.port` (port 0 picks a free port), loads the seed and serves on the
/// current tokio runtime.
pub async fn spawn(config: SandboxConfig) -> anyhow::Result<RunningSandbox> {
    if config.credentials.is_empty() {
        anyhow::bail!("the sandbox needs at least one credential pair");
    }
    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .with_context(|| format!("binding {}:{}", config.host, config.port))?;
    let port = listener.local_addr()?.port();
    let host = if config.host == "0.0.0.0" {
        "127.0.0.1".to_owned()
    } else {
        config.host.clone()
    };
    let workers = config.workers.max(1);
    let shared = web::Data::new(Shared::new(config)?);
    let app_state = shared.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(app_state.clone())
            .app_data(web::PayloadConfig::new(8 * 1024 * 1024))
            .configure(admin::configure)
            .configure(vtex::configure)
            .default_service(web::to(vtex::unknown))
    })
    .workers(workers)
    .disable_signals()
    .shutdown_timeout(1)
    .listen(listener)?
    .run();
    let handle = server.handle();
    let task = tokio::spawn(server);
    Ok(RunningSandbox {
        port,
        base_url: format!("http://{host}:{port}"),
        shared,
        handle,
        task: Some(task),
    })
}

/// Marks the credential with this label (or app key) expired or valid again; returns its label.
pub(crate) fn set_credential_expired(
    shared: &Shared,
    label: &str,
    expired: bool,
) -> Option<String> {
    let credential = shared
        .config
        .credentials
        .iter()
        .find(|c| c.label == label || c.app_key == label)?;
    let mut state = shared.lock();
    if expired {
        state.expired.insert(credential.label.clone());
    } else {
        state.expired.remove(&credential.label);
    }
    Some(credential.label.clone())
}

impl RunningSandbox {
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The journal of VTEX-route requests, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.lock().requests.clone()
    }

    /// The journal entries of one operation label (`get_order`, `coupon_upsert`, …).
    pub fn requests_for(&self, operation: &str) -> Vec<RequestRecord> {
        self.shared
            .lock()
            .requests
            .iter()
            .filter(|r| r.operation.as_deref() == Some(operation))
            .cloned()
            .collect()
    }

    /// Empties the journal.
    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }

    /// Adds a fault rule and returns its id.
    pub fn add_fault(&self, rule: FaultRule) -> anyhow::Result<u64> {
        rule.validate().map_err(anyhow::Error::msg)?;
        Ok(self.shared.lock().faults.add(rule))
    }

    /// The active fault rules.
    pub fn faults(&self) -> Vec<StoredFault> {
        self.shared.lock().faults.list()
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Makes the credential with this label (or app key) answer 401; false when unknown.
    pub fn expire_credential(&self, label: &str) -> bool {
        set_credential_expired(&self.shared, label, true).is_some()
    }

    /// Accepts the credential again.
    pub fn restore_credential(&self, label: &str) -> bool {
        set_credential_expired(&self.shared, label, false).is_some()
    }

    /// Stores an order document given as JSON bytes (kept byte for byte); returns its id.
    pub fn put_order(&self, raw: impl Into<Bytes>) -> anyhow::Result<String> {
        let raw = raw.into();
        let doc: Value = serde_json::from_slice(&raw).context("order document is not JSON")?;
        if !crate::fixtures::is_order_document(&doc) {
            anyhow::bail!("an order document needs a string orderId and an items array");
        }
        self.shared.lock().put_order(raw, doc)
    }

    /// A coupon by code (case-insensitive), archived or not.
    pub fn coupon(&self, code: &str) -> Option<Coupon> {
        self.shared
            .lock()
            .coupons
            .get(&code.trim().to_uppercase())
            .cloned()
    }

    /// A promotion by `idCalculatorConfiguration`.
    pub fn promotion(&self, id: &str) -> Option<Value> {
        self.shared
            .lock()
            .promotions
            .get(id)
            .map(|doc| Value::Object(doc.clone()))
    }

    /// The feed v3 queue as `GET /_sandbox/state` shows it (`config`, `events`).
    pub fn feed(&self) -> Value {
        self.shared.lock().feed.snapshot()
    }

    /// Moves the feed's clock forward: events read more than the visibility timeout ago (in
    /// feed time) are visible again.
    pub fn advance_feed_clock(&self, by: std::time::Duration) {
        self.shared.lock().feed.advance(by);
    }

    /// Serves until `shutdown` resolves (then stops gracefully) or the server ends by itself.
    pub async fn run_until(
        mut self,
        shutdown: impl std::future::Future<Output = ()>,
    ) -> anyhow::Result<()> {
        let Some(mut task) = self.task.take() else {
            return Ok(());
        };
        tokio::select! {
            result = &mut task => Ok(result.context("sandbox server task")??),
            () = shutdown => {
                self.handle.stop(true).await;
                // The server already stopped; its result carries nothing worth reporting.
                let _ = task.await;
                Ok(())
            }
        }
    }

    /// Stops accepting connections and waits for the server to finish.
    pub async fn stop(mut self) {
        self.handle.stop(true).await;
        if let Some(task) = self.task.take() {
            // The server already stopped; its result carries nothing worth reporting.
            let _ = task.await;
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        if self.task.is_some()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            runtime.spawn(self.handle.stop(false));
        }
    }
}
