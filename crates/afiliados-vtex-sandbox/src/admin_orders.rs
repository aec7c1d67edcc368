//! The admin calls that make orders live (vtex.md §9.2): checkout simulation, transitions,
//! packages, edits, and posting hooks or whole documents to the hook target. A change is applied
//! under the state lock and stored (bytes and parsed form) before any hook leaves, so the api's
//! fetch triggered by the hook reads the new version.

use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::admin::{deny, error};
use crate::checkout::{self, CheckoutSpec};
use crate::hooks::{self, HookAuth};
use crate::lifecycle::{self, ChangeSpec, PackageSpec, Transition, vtex_instant};
use crate::state::Shared;

/// A refused admin call: status, error code and message (small, unlike an `HttpResponse`).
#[derive(Debug)]
pub(crate) struct Refused(u16, &'static str, String);

impl Refused {
    fn bad_request(message: impl Into<String>) -> Refused {
        Refused(400, "bad_request", message.into())
    }

    fn response(self) -> HttpResponse {
        error(self.0, self.1, self.2)
    }
}

fn parse<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, Refused> {
    serde_json::from_slice(body).map_err(|err| Refused::bad_request(err.to_string()))
}

fn store(shared: &Shared, doc: Value) -> Result<Value, Refused> {
    let raw = Bytes::from(serde_json::to_vec(&doc).unwrap_or_default());
    shared
        .lock()
        .put_order(raw, doc.clone())
        .map_err(|err| Refused::bad_request(format!("{err:#}")))?;
    Ok(doc)
}

/// `POST /_sandbox/orders` with a compact spec.
pub(crate) fn checkout(shared: &Shared, body: &[u8]) -> HttpResponse {
    let created = parse::<CheckoutSpec>(body).and_then(|spec| {
        let built = checkout::build(&mut shared.lock(), spec, Utc::now());
        store(shared, built.map_err(Refused::bad_request)?)
    });
    match created {
        Ok(doc) => HttpResponse::Created().json(doc),
        Err(refused) => refused.response(),
    }
}

/// Applies `change` to the stored order at its next `lastChange`; returns the new document and
/// what `change` returned.
fn update<T>(
    shared: &Shared,
    order_id: &str,
    asked: Option<DateTime<Utc>>,
    change: impl FnOnce(&mut Value, DateTime<Utc>) -> Result<T, String>,
) -> Result<(Value, T), Refused> {
    let mut state = shared.lock();
    let mut doc = state
        .orders
        .get(order_id)
        .map(|stored| stored.doc.clone())
        .ok_or_else(|| Refused(404, "not_found", format!("order {order_id} not found")))?;
    let at = lifecycle::next_last_change(&doc, asked, Utc::now()).map_err(Refused::bad_request)?;
    let output = change(&mut doc, at).map_err(Refused::bad_request)?;
    let raw = Bytes::from(serde_json::to_vec(&doc).unwrap_or_default());
    state
        .put_order(raw, doc.clone())
        .map_err(|err| Refused::bad_request(format!("{err:#}")))?;
    Ok((doc, output))
}

/// Posts a hook about the document's current version to the configured target.
async fn hook_about(shared: &Shared, doc: &Value, last_state: &str) -> Value {
    let target = match hooks::target(&shared.config, None) {
        Ok(target) => target,
        Err(message) => return json!({"error": message}),
    };
    let (state, last_change) = hooks::current(doc);
    let order_id = doc
        .get("orderId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let body = hooks::hook_body(
        &shared.config,
        order_id,
        &state,
        last_state,
        &last_change,
        &vtex_instant(Utc::now()),
    );
    let delivery = hooks::post(&shared.http, &shared.config, &target, body, HookAuth::Hmac).await;
    serde_json::to_value(delivery).unwrap_or_default()
}

async fn answer(shared: &Shared, doc: Value, emit: bool, last_state: &str) -> HttpResponse {
    let hook = if emit {
        hook_about(shared, &doc, last_state).await
    } else {
        Value::Null
    };
    HttpResponse::Ok().json(json!({"order": doc, "hook": hook}))
}

/// `POST /_sandbox/orders/{orderId}/transition` `{state, emitHook (default true), lastChange?}`.
pub(crate) async fn transition(
    req: HttpRequest,
    body: Bytes,
    shared: web::Data<Shared>,
    order_id: web::Path<String>,
) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    let spec: Transition = match parse(&body) {
        Ok(spec) => spec,
        Err(refused) => return refused.response(),
    };
    match update(&shared, &order_id, spec.last_change, |doc, at| {
        lifecycle::transition(doc, &spec.state, at)
    }) {
        Ok((doc, previous)) => answer(&shared, doc, spec.emit_hook, &previous).await,
        Err(refused) => refused.response(),
    }
}

/// `POST /_sandbox/orders/{orderId}/packages` `{type, items, trackingNumber?, invoiceNumber,
/// emitHook?, lastChange?}`.
pub(crate) async fn packages(
    req: HttpRequest,
    body: Bytes,
    shared: web::Data<Shared>,
    order_id: web::Path<String>,
) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    let spec: PackageSpec = match parse(&body) {
        Ok(spec) => spec,
        Err(refused) => return refused.response(),
    };
    match update(&shared, &order_id, spec.last_change, |doc, at| {
        let state = hooks::current(doc).0;
        lifecycle::add_package(doc, &spec, at).map(|()| state)
    }) {
        Ok((doc, state)) => answer(&shared, doc, spec.emit_hook, &state).await,
        Err(refused) => refused.response(),
    }
}

/// `POST /_sandbox/orders/{orderId}/changes` `{itemsRemoved, itemsAdded?, emitHook?, lastChange?}`.
pub(crate) async fn changes(
    req: HttpRequest,
    body: Bytes,
    shared: web::Data<Shared>,
    order_id: web::Path<String>,
) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    let spec: ChangeSpec = match parse(&body) {
        Ok(spec) => spec,
        Err(refused) => return refused.response(),
    };
    match update(&shared, &order_id, spec.last_change, |doc, at| {
        let state = hooks::current(doc).0;
        lifecycle::add_change(doc, &spec, at).map(|()| state)
    }) {
        Ok((doc, state)) => answer(&shared, doc, spec.emit_hook, &state).await,
        Err(refused) => refused.response(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct EmitSpec {
    order_id: String,
    state: Option<String>,
    last_state: Option<String>,
    last_change: Option<String>,
    #[serde(default = "one")]
    repeat: u32,
    #[serde(default)]
    delay_ms: u64,
    #[serde(default)]
    auth: HookAuth,
    target: Option<String>,
}

fn one() -> u32 {
    1
}

/// `POST /_sandbox/hooks/emit`: a hook about an order (its current state and `lastChange` unless
/// given), `repeat` times `delayMs` apart; answers the target's status per attempt.
pub(crate) async fn emit(req: HttpRequest, body: Bytes, shared: web::Data<Shared>) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    let spec: EmitSpec = match parse(&body) {
        Ok(spec) => spec,
        Err(refused) => return refused.response(),
    };
    if !(1..=20).contains(&spec.repeat) || spec.delay_ms > 10_000 {
        return error(
            400,
            "bad_request",
            "repeat must be 1–20 and delayMs at most 10000",
        );
    }
    let target = match hooks::target(&shared.config, spec.target.as_deref()) {
        Ok(target) => target,
        Err(message) => return error(409, "no_hook_target", message),
    };
    let stored = shared
        .lock()
        .orders
        .get(&spec.order_id)
        .map(|o| hooks::current(&o.doc));
    let (state, last_change) = match (stored, spec.state, spec.last_change) {
        (_, Some(state), Some(last_change)) => (state, last_change),
        (Some((current_state, current_change)), state, last_change) => (
            state.unwrap_or(current_state),
            last_change.unwrap_or(current_change),
        ),
        (None, _, _) => {
            return error(404, "not_found", "unknown order: give state and lastChange");
        }
    };
    let body = hooks::hook_body(
        &shared.config,
        &spec.order_id,
        &state,
        spec.last_state.as_deref().unwrap_or_default(),
        &last_change,
        &vtex_instant(Utc::now()),
    );
    let mut attempts = Vec::new();
    for attempt in 0..spec.repeat {
        if attempt > 0 && spec.delay_ms > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(spec.delay_ms)).await;
        }
        attempts.push(
            hooks::post(
                &shared.http,
                &shared.config,
                &target,
                body.clone(),
                spec.auth,
            )
            .await,
        );
    }
    HttpResponse::Ok().json(json!({"attempts": attempts}))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PushSpec {
    #[serde(default)]
    auth: HookAuth,
    target: Option<String>,
}

/// `POST /_sandbox/push/{orderId}`: posts the stored document, byte for byte, signed.
pub(crate) async fn push(
    req: HttpRequest,
    body: Bytes,
    shared: web::Data<Shared>,
    order_id: web::Path<String>,
) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    let spec: PushSpec = if body.iter().all(u8::is_ascii_whitespace) {
        PushSpec::default()
    } else {
        match parse(&body) {
            Ok(spec) => spec,
            Err(refused) => return refused.response(),
        }
    };
    let target = match hooks::target(&shared.config, spec.target.as_deref()) {
        Ok(target) => target,
        Err(message) => return error(409, "no_hook_target", message),
    };
    let Some(raw) = shared
        .lock()
        .orders
        .get(order_id.as_str())
        .map(|o| o.raw.clone())
    else {
        return error(404, "not_found", format!("order {order_id} not found"));
    };
    let delivery = hooks::post(&shared.http, &shared.config, &target, raw, spec.auth).await;
    HttpResponse::Ok().json(json!({"attempts": [delivery]}))
}

/// The most orders one bulk call creates.
const BULK_MAX: usize = 100_000;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct BulkSpec {
    /// How many orders (1–100 000).
    count: usize,
    /// Ids are `{prefix}-{index:07}-01`, index from 0.
    order_id_prefix: String,
    /// Order `i` gets `coupons[i % len]` (none when empty).
    #[serde(default)]
    coupons: Vec<String>,
    /// The checkout spec every order is built from, without `orderId` and `coupon`.
    order: Value,
}

/// `POST /_sandbox/orders/bulk` `{count, orderIdPrefix, coupons?, order}`: `count` checkout
/// simulations from one spec with distinct ids, for load tests (`make bench` hooks each of them
/// in). No hook is emitted; answers `{created, orderIds}`. The state lock is taken per order, so
/// the VTEX routes keep answering during a large call.
pub(crate) async fn bulk(req: HttpRequest, body: Bytes, shared: web::Data<Shared>) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    let spec: BulkSpec = match parse(&body) {
        Ok(spec) => spec,
        Err(refused) => return refused.response(),
    };
    if !(1..=BULK_MAX).contains(&spec.count) || spec.order_id_prefix.trim().is_empty() {
        return error(
            400,
            "bad_request",
            format!("count must be 1–{BULK_MAX} and orderIdPrefix non-empty"),
        );
    }
    let Value::Object(template) = spec.order else {
        return error(400, "bad_request", "order must be a checkout spec object");
    };
    if template.contains_key("orderId") || template.contains_key("coupon") {
        return error(
            400,
            "bad_request",
            "order must not carry orderId or coupon: they come from orderIdPrefix and coupons",
        );
    }
    let mut order_ids = Vec::with_capacity(spec.count);
    for index in 0..spec.count {
        let order_id = format!("{}-{index:07}-01", spec.order_id_prefix.trim());
        let mut one = template.clone();
        one.insert("orderId".into(), Value::String(order_id.clone()));
        if !spec.coupons.is_empty() {
            let coupon = &spec.coupons[index % spec.coupons.len()];
            one.insert("coupon".into(), Value::String(coupon.clone()));
        }
        let created = serde_json::from_value::<CheckoutSpec>(Value::Object(one))
            .map_err(|err| Refused::bad_request(err.to_string()))
            .and_then(|checkout_spec| {
                let built = checkout::build(&mut shared.lock(), checkout_spec, Utc::now());
                store(&shared, built.map_err(Refused::bad_request)?)
            });
        if let Err(refused) = created {
            // The orders before it stay: the answer says how many and which.
            let Refused(status, code, message) = refused;
            return error(
                status,
                code,
                format!("order {index} ({order_id}): {message}; {index} created before it"),
            );
        }
        order_ids.push(order_id);
    }
    HttpResponse::Created().json(json!({"created": order_ids.len(), "orderIds": order_ids}))
}
