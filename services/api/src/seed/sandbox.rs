//! The VTEX sandbox's admin API as the order seed uses it (vtex.md §9.2): checkout simulation,
//! workflow transitions, return invoices and hook emission. Every change the seed makes reaches
//! the api the way a real VTEX change does: a signed hook, then the worker's fetch from the OMS.

use anyhow::{Context, bail};
use serde_json::Value;

/// Where the sandbox runs and its optional admin token.
#[derive(Debug, Clone)]
pub struct SandboxTarget {
    /// Base URL, e.g. `http://127.0.0.1:4710`.
    pub base_url: String,
    /// `X-Sandbox-Admin-Token`, when the sandbox was started with one.
    pub admin_token: Option<String>,
}

impl SandboxTarget {
    /// `VTEX_SANDBOX_URL` (default `http://127.0.0.1:4710`) and `VTEX_SANDBOX_ADMIN_TOKEN`.
    pub fn from_env(env: &mut afiliados_config::Env) -> SandboxTarget {
        let base_url = env.var_or("VTEX_SANDBOX_URL", "http://127.0.0.1:4710");
        SandboxTarget {
            base_url: base_url.trim_end_matches('/').to_owned(),
            admin_token: env
                .var("VTEX_SANDBOX_ADMIN_TOKEN")
                .filter(|t| !t.is_empty()),
        }
    }
}

/// An HTTP client of the sandbox's `/_sandbox` routes.
pub(crate) struct SandboxAdmin {
    http: reqwest::Client,
    target: SandboxTarget,
}

/// What the sandbox answered to a checkout.
pub(crate) enum Checkout {
    /// Stored now.
    Created,
    /// An order with this id is already in the sandbox (a re-run against the same process).
    AlreadyThere,
}

impl SandboxAdmin {
    pub(crate) fn new(target: SandboxTarget) -> anyhow::Result<SandboxAdmin> {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .user_agent("afiliados-seed")
            .build()?;
        Ok(SandboxAdmin { http, target })
    }

    /// Fails with a readable message when the sandbox is not reachable.
    pub(crate) async fn require_running(&self) -> anyhow::Result<()> {
        let url = format!("{}/_sandbox/health", self.target.base_url);
        let response = self.http.get(&url).send().await.with_context(|| {
            format!(
                "the VTEX sandbox is not reachable at {} (start it, or set VTEX_SANDBOX_URL)",
                self.target.base_url
            )
        })?;
        anyhow::ensure!(
            response.status().is_success(),
            "the VTEX sandbox health answered {}",
            response.status()
        );
        Ok(())
    }

    async fn post(&self, path: &str, body: &Value) -> anyhow::Result<(u16, Value)> {
        let mut request = self
            .http
            .post(format!("{}/_sandbox{path}", self.target.base_url))
            .json(body);
        if let Some(token) = &self.target.admin_token {
            request = request.header("x-sandbox-admin-token", token);
        }
        let response = request
            .send()
            .await
            .with_context(|| format!("calling the sandbox's {path}"))?;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
    }

    async fn post_ok(&self, path: &str, body: &Value) -> anyhow::Result<Value> {
        let (status, answer) = self.post(path, body).await?;
        if !(200..300).contains(&status) {
            bail!("the sandbox's {path} answered {status}: {answer}");
        }
        Ok(answer)
    }

    /// `POST /_sandbox/orders` (no hook: VTEX announces an order through its status changes).
    pub(crate) async fn checkout(&self, spec: &Value) -> anyhow::Result<Checkout> {
        let (status, answer) = self.post("/orders", spec).await?;
        match status {
            201 => Ok(Checkout::Created),
            400 if answer["message"]
                .as_str()
                .is_some_and(|m| m.contains("already exists")) =>
            {
                Ok(Checkout::AlreadyThere)
            }
            _ => bail!("the sandbox refused the order: {status} {answer}"),
        }
    }

    /// Moves the order to `state`; with `hook`, posts the signed hook about it to the api.
    pub(crate) async fn transition(
        &self,
        order_id: &str,
        state: &str,
        hook: bool,
    ) -> anyhow::Result<()> {
        let body = serde_json::json!({ "state": state, "emitHook": hook });
        let answer = self
            .post_ok(&format!("/orders/{order_id}/transition"), &body)
            .await?;
        if hook {
            require_delivered(&answer["hook"], order_id)?;
        }
        Ok(())
    }

    /// Adds a return invoice (`Input` package) for `quantity` units of line `item_index`, with
    /// its hook.
    pub(crate) async fn return_units(
        &self,
        order_id: &str,
        item_index: usize,
        quantity: i64,
    ) -> anyhow::Result<()> {
        let body = serde_json::json!({
            "type": "Input",
            "items": [{ "itemIndex": item_index, "quantity": quantity }],
            "invoiceNumber": format!("DEV-{order_id}-R1"),
            "emitHook": true,
        });
        let answer = self
            .post_ok(&format!("/orders/{order_id}/packages"), &body)
            .await?;
        require_delivered(&answer["hook"], order_id)
    }

    /// A hook about the order's current state (an order that stays `order-created`).
    pub(crate) async fn emit_hook(&self, order_id: &str) -> anyhow::Result<()> {
        let body = serde_json::json!({ "orderId": order_id });
        let answer = self.post_ok("/hooks/emit", &body).await?;
        let first = &answer["attempts"][0];
        require_delivered(first, order_id)
    }
}

/// A hook the api did not accept means the webhook secret or target differ between the two.
fn require_delivered(delivery: &Value, order_id: &str) -> anyhow::Result<()> {
    let status = delivery["status"].as_u64();
    if status.is_some_and(|s| (200..300).contains(&s)) {
        return Ok(());
    }
    bail!(
        "the api did not accept the hook about {order_id}: {delivery} (check VTEX_SANDBOX_HOOK_TARGET \
         and that VTEX_SANDBOX_WEBHOOK_SECRET equals the api's VTEX_WEBHOOK_SECRET)"
    )
}
