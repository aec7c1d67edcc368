//! What every order story does: prepare a synced campaign code, check out in the sandbox with it,
//! move the order through VTEX's lifecycle (each change posting a signed hook to the api), and
//! read the outcome back through the api as finance would.

use std::time::Duration;

use afiliados_db_test::fixtures::{CodeIds, CodeWorld};
use afiliados_testkit::eventually;
use serde_json::{Value, json};

use crate::coupon_sync::stack::{Stack, TestResult};

/// How long an order may take to reach the state a story waits for.
pub(crate) const WAIT: Duration = Duration::from_secs(40);

/// The line every order buys: 2 × 69 900.00 with the code's 10 % off, 19 % tax on top.
/// `priceDefinition.total` 12 582 000 cents: net 125 820.00 → 12 582.00 of commission at 10 %.
fn cetaphil(quantity: u32) -> Value {
    json!({"skuId": "2001", "name": "Cetaphil Limpiador Facial Piel Grasa 473 ml",
           "brandId": "2000050", "brandName": "Cetaphil", "categoriesIds": "/3/45/",
           "quantity": quantity, "price": 6990000, "listPrice": 7490000})
}

/// Inserts an active code of an active 10 % campaign and syncs it to the sandbox as a coupon
/// with its promotion (through the worker), so checkouts with it get the discount.
pub(crate) async fn synced_code(stack: &Stack, tag: &str) -> TestResult<(CodeWorld, CodeIds)> {
    let world = CodeWorld::active(tag);
    let ids = stack.insert(&world).await?;
    stack.queue_sync(ids.code_id).await?;
    stack
        .wait_code(ids.code_id, WAIT, |row| row.0 == "synced")
        .await?;
    Ok((world, ids))
}

/// `POST /_sandbox{path}`; the answer's body, or an error naming the status.
pub(crate) async fn sandbox_admin(stack: &Stack, path: &str, body: Value) -> TestResult<Value> {
    let response = reqwest::Client::new()
        .post(format!("{}/_sandbox{path}", stack.sandbox.base_url()))
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

/// A customer checks out with `coupon` (typed in lower case) buying two units; the order is
/// `payment-approved`. No hook yet: the caller emits it. Returns the VTEX order id.
pub(crate) async fn checkout(stack: &Stack, coupon: &str, customer: u32) -> TestResult<String> {
    let order = sandbox_admin(
        stack,
        "/orders",
        json!({
            "coupon": coupon.to_lowercase(),
            "customer": {"email": format!("cliente{customer}@example.com"),
                         "document": format!("5287{customer:04}")},
            "lines": [cetaphil(2)],
            "shipping": 1200000,
            "status": "payment-approved"
        }),
    )
    .await?;
    let id = order["orderId"].as_str().ok_or("an order id")?.to_owned();
    assert_eq!(
        order["items"][0]["priceDefinition"]["total"], 12_582_000,
        "the synced promotion's 10 % applied"
    );
    Ok(id)
}

/// The api's answer to the one attempt of a hook the sandbox posted (`None`: no answer).
fn hook_status(answer: &Value, pointer: &str) -> TestResult<Option<u16>> {
    let attempt = answer
        .pointer(pointer)
        .ok_or("the sandbox's hook attempt")?;
    Ok(attempt["status"]
        .as_u64()
        .and_then(|s| u16::try_from(s).ok()))
}

/// Has the sandbox post a signed hook about the order's current state; the api's status.
pub(crate) async fn emit_hook(stack: &Stack, vtex_order_id: &str) -> TestResult<Option<u16>> {
    let answer = sandbox_admin(stack, "/hooks/emit", json!({"orderId": vtex_order_id})).await?;
    hook_status(&answer, "/attempts/0")
}

/// Moves the order to `state` in VTEX; the sandbox posts the hook. The api's status.
pub(crate) async fn transition(
    stack: &Stack,
    vtex_order_id: &str,
    state: &str,
) -> TestResult<Option<u16>> {
    let answer = sandbox_admin(
        stack,
        &format!("/orders/{vtex_order_id}/transition"),
        json!({"state": state}),
    )
    .await?;
    hook_status(&answer, "/hook")
}

/// VTEX records a return invoice (`Input` package) of `quantity` units of line 0; the sandbox
/// posts the hook. The api's status.
pub(crate) async fn return_units(
    stack: &Stack,
    vtex_order_id: &str,
    quantity: u32,
) -> TestResult<Option<u16>> {
    let answer = sandbox_admin(
        stack,
        &format!("/orders/{vtex_order_id}/packages"),
        json!({"type": "Input", "items": [{"itemIndex": 0, "quantity": quantity}],
               "invoiceNumber": format!("DEV-{vtex_order_id}"), "emitHook": true}),
    )
    .await?;
    hook_status(&answer, "/hook")
}

/// Reads orders and commissions through the api with a finance user's token.
pub(crate) struct Finance {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl Finance {
    /// Creates a finance user and signs in.
    pub(crate) async fn sign_in(stack: &Stack) -> Finance {
        let email = format!("finanzas-{}@example.com", uuid::Uuid::new_v4().simple());
        stack.api.create_user(&email, &["finance"]).await;
        Finance {
            base: stack.api.address.clone(),
            token: stack.api.token(&email).await,
            http: reqwest::Client::new(),
        }
    }

    async fn get(&self, path: &str) -> TestResult<(u16, Value)> {
        let response = self
            .http
            .get(format!("{}/api/v1{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await?;
        let status = response.status().as_u16();
        Ok((status, response.json().await?))
    }

    /// `GET /orders/{vtexOrderId}` (`None` while the api does not know it).
    pub(crate) async fn order(&self, vtex_order_id: &str) -> TestResult<Option<Value>> {
        match self.get(&format!("/orders/{vtex_order_id}")).await? {
            (200, body) => Ok(Some(body)),
            (404, _) => Ok(None),
            (status, body) => Err(format!("GET /orders/{vtex_order_id}: {status} {body}").into()),
        }
    }

    /// `GET /commissions?vtexOrderId=…`: the order's commissions.
    pub(crate) async fn commissions(&self, vtex_order_id: &str) -> TestResult<Vec<Value>> {
        match self
            .get(&format!("/commissions?vtexOrderId={vtex_order_id}"))
            .await?
        {
            (200, body) => Ok(body["items"].as_array().cloned().unwrap_or_default()),
            (status, body) => Err(format!("GET /commissions: {status} {body}").into()),
        }
    }

    /// `GET /commissions?pageSize=…`: how many commissions there are in all.
    pub(crate) async fn commission_total(&self) -> TestResult<u64> {
        match self.get("/commissions?pageSize=1").await? {
            (200, body) => Ok(body["total"].as_u64().ok_or("a total")?),
            (status, body) => Err(format!("GET /commissions: {status} {body}").into()),
        }
    }

    /// Polls the order until `done` holds (bounded by [`WAIT`]); on time-out the error carries
    /// the last answer and every webhook delivery with its status and error.
    pub(crate) async fn wait_order(
        &self,
        stack: &Stack,
        vtex_order_id: &str,
        done: impl Fn(&Value) -> bool,
    ) -> TestResult<Value> {
        let reached = eventually(WAIT, || async {
            self.order(vtex_order_id)
                .await
                .ok()
                .flatten()
                .filter(|order| done(order))
        })
        .await;
        match reached {
            Ok(order) => Ok(order),
            Err(timed_out) => {
                let last = self.order(vtex_order_id).await?;
                let trail = super::books::delivery_trail(stack).await?;
                Err(format!(
                    "order {vtex_order_id}: {timed_out}; last answer {last:?}; deliveries {trail:#?}"
                )
                .into())
            }
        }
    }
}

/// `status` and the commission's `state` and `commissionAmount`/`netAmount` as text, as the
/// order read shows them.
pub(crate) fn outcome(order: &Value) -> (String, String, String, String) {
    let text = |value: &Value| match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    (
        text(&order["status"]),
        text(&order["commission"]["state"]),
        text(&order["commission"]["commissionAmount"]),
        text(&order["commission"]["netAmount"]),
    )
}
