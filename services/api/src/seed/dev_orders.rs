//! `seed dev-orders`: the money half of the demo data (ADR 0043). Run by `make dev` once the
//! api, the VTEX sandbox and the worker are up, it places the demo orders in the sandbox with the
//! demo coupons and moves them through VTEX's workflow; each change reaches the running api as a
//! signed hook, the worker fetches the order from the sandbox's OMS and the api ingests it —
//! the production path, nothing written behind it. It waits (bounded) for every order to be
//! ingested, applies a cancellation and a partial return the same way, then runs a settlement
//! with `waitingPeriodDays: 0` so the confirmed commissions are available at once, and finally
//! seeds the money out (`dev_money_out`: withdrawals, a paid one with its voucher, a clawback).
//!
//! Idempotent: an order the api already has is not placed again, and when nothing was placed and
//! a settlement run exists, the phase changes nothing.

use std::time::Duration;

use afiliados_domain::{Clock, Money};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::client::{SeedApi, text};
use super::dev_order_book::{DemoOrder, FollowUp, ISABELA, demo_orders};
use super::dev_order_codes::{Codes, prepare_codes};
use super::sandbox::{Checkout, SandboxAdmin, SandboxTarget};
use crate::settings::Settings;

/// How long the phase waits for the worker before giving up.
#[derive(Debug, Clone, Copy)]
pub struct OrderSeedTimeouts {
    /// For the coupons of the demo codes to reach the sandbox.
    pub coupon_sync: Duration,
    /// For every hook to end as an ingested order version.
    pub ingestion: Duration,
}

impl Default for OrderSeedTimeouts {
    fn default() -> OrderSeedTimeouts {
        OrderSeedTimeouts {
            coupon_sync: Duration::from_secs(60),
            ingestion: Duration::from_secs(180),
        }
    }
}

/// What the phase did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSeedReport {
    /// Orders placed in the sandbox by this run.
    pub placed: usize,
    /// Whether this run ran a settlement.
    pub settled: bool,
    /// Isabela's available Cetaphil balance afterwards.
    pub isabela_cetaphil_available: Money,
}

const POLL: Duration = Duration::from_millis(400);

/// Places, ingests and settles the demo orders (see the module documentation).
pub async fn seed_dev_orders(
    settings: &Settings,
    sandbox: SandboxTarget,
    timeouts: OrderSeedTimeouts,
) -> anyhow::Result<OrderSeedReport> {
    let sandbox = SandboxAdmin::new(sandbox)?;
    sandbox.require_running().await?;
    let mut api = SeedApi::start(settings.clone()).await?;
    api.act_as("admin@medipiel.co").await?;
    let orders = demo_orders();
    let total = orders.len();

    let mut missing = Vec::new();
    for order in &orders {
        if stored(&api, order).await?.is_none() {
            missing.push(order.clone());
        }
    }
    println!(
        "[1/5] demo orders: {} of {total} already ingested",
        total - missing.len()
    );
    let codes = prepare_codes(&api, &orders).await?;
    println!("[2/5] demo codes ready (a disabled one, a future one, a draft campaign's)");

    if !missing.is_empty() {
        wait_for_coupons(&api, &codes, timeouts.coupon_sync).await;
        for order in &missing {
            place(&sandbox, &codes, order).await?;
        }
        println!(
            "[3/5] {} orders placed in the VTEX sandbox; waiting for the worker",
            missing.len()
        );
        wait_until(
            &api,
            &missing,
            timeouts.ingestion,
            "ingested",
            |order, row| row["status"] == order.ingested_status(),
        )
        .await?;
        let follow_ups: Vec<DemoOrder> = missing
            .iter()
            .filter(|o| o.follow_up != FollowUp::None)
            .cloned()
            .collect();
        for order in &follow_ups {
            follow_up(&sandbox, order).await?;
        }
        wait_until(
            &api,
            &follow_ups,
            timeouts.ingestion,
            "canceled or returned",
            follow_up_done,
        )
        .await?;
        println!("[4/5] a cancellation and a partial return ingested");
    } else {
        println!("[3/5] nothing to place");
        println!("[4/5] nothing to follow up");
    }

    let settled = if missing.is_empty() && has_settlement_run(&api).await? {
        println!("[5/5] a settlement run exists; not run again");
        false
    } else {
        settle(&api).await?;
        true
    };
    super::dev_money_out::seed_money_out(&mut api, &sandbox, timeouts.ingestion).await?;
    super::dev_reconciliation::seed_reconciliation(&mut api).await?;
    let available = isabela_cetaphil_available(&api).await?;
    println!("\n{ISABELA}: {available} COP available in Cetaphil");
    Ok(OrderSeedReport {
        placed: missing.len(),
        settled,
        isabela_cetaphil_available: available,
    })
}

/// The stored order, `None` when the api does not have it.
async fn stored(api: &SeedApi, order: &DemoOrder) -> anyhow::Result<Option<Value>> {
    let path = format!("/orders/{}", order.vtex_order_id());
    let (status, body) = api.try_call(Method::GET, &path, None).await?;
    match status {
        StatusCode::OK => Ok(Some(body)),
        StatusCode::NOT_FOUND => Ok(None),
        other => anyhow::bail!("GET {path} answered {other}: {body}"),
    }
}

/// The coupons must be in the sandbox for checkout to apply their discount; a code that is not
/// synced in time still attributes (the coupon is recorded on the order), it only lacks the
/// customer's discount, so the phase warns and goes on.
async fn wait_for_coupons(api: &SeedApi, codes: &Codes, timeout: Duration) {
    let deadline = tokio::time::Instant::now() + timeout;
    let mut waiting: Vec<String> = codes.all().map(|c| c.code.clone()).collect();
    while !waiting.is_empty() && tokio::time::Instant::now() < deadline {
        let mut still = Vec::new();
        for code in waiting {
            // Only an active code's coupon discounts; the others are archived in VTEX.
            let synced = api
                .first(&format!("/codes?q={code}"))
                .await
                .ok()
                .flatten()
                .is_some_and(|c| c["status"] != "active" || c["sync"]["state"] == "synced");
            if !synced {
                still.push(code);
            }
        }
        waiting = still;
        if !waiting.is_empty() {
            tokio::time::sleep(POLL).await;
        }
    }
    if !waiting.is_empty() {
        println!(
            "      warning: {} coupons not yet in the sandbox ({}); their orders carry the coupon \
             without its discount",
            waiting.len(),
            waiting.join(", ")
        );
    }
}

fn checkout_spec(codes: &Codes, order: &DemoOrder) -> anyhow::Result<Value> {
    let code = codes.resolve(order.coupon)?;
    let lines: Vec<Value> = order
        .lines
        .iter()
        .map(|(product, quantity)| {
            json!({
                "skuId": product.sku, "name": product.name, "brandId": product.brand_id,
                "brandName": product.brand_name, "categoriesIds": product.categories,
                "quantity": quantity, "price": product.price,
            })
        })
        .collect();
    let (email, document) = order.customer;
    let mut spec = json!({
        "orderId": order.vtex_order_id(),
        "customer": { "email": email, "document": document },
        "lines": lines,
        "shipping": order.shipping,
    });
    if let Some(code) = code {
        // VTEX keeps the coupon the customer typed; `forceCoupon` records it even when the
        // sandbox has no active coupon for it (unknown, disabled, draft campaign).
        spec["coupon"] = json!(code.code);
        spec["forceCoupon"] = json!(true);
        if order.placed_before_code {
            spec["creationDate"] = json!(code.created_at - chrono::Duration::days(1));
        }
    }
    Ok(spec)
}

/// Checkout, then the workflow up to the order's state; the last step posts the hook.
async fn place(sandbox: &SandboxAdmin, codes: &Codes, order: &DemoOrder) -> anyhow::Result<()> {
    let id = order.vtex_order_id();
    let created = sandbox.checkout(&checkout_spec(codes, order)?).await?;
    if matches!(created, Checkout::AlreadyThere) {
        // Placed by an earlier run against this sandbox but never ingested: announce it again.
        return sandbox.emit_hook(&id).await;
    }
    match order.state {
        "order-created" => sandbox.emit_hook(&id).await,
        "payment-approved" => sandbox.transition(&id, "payment-approved", true).await,
        state => {
            sandbox.transition(&id, "payment-approved", false).await?;
            sandbox.transition(&id, state, true).await
        }
    }
}

async fn follow_up(sandbox: &SandboxAdmin, order: &DemoOrder) -> anyhow::Result<()> {
    let id = order.vtex_order_id();
    match order.follow_up {
        FollowUp::None => Ok(()),
        FollowUp::Cancel => sandbox.transition(&id, "canceled", true).await,
        FollowUp::ReturnOneUnit => sandbox.return_units(&id, 0, 1).await,
    }
}

/// A money field of a JSON answer (string or number).
pub(super) fn money(value: &Value) -> Option<Money> {
    match value {
        Value::String(text) => Money::parse(text).ok(),
        Value::Number(number) => Money::parse(&number.to_string()).ok(),
        _ => None,
    }
}

fn follow_up_done(order: &DemoOrder, row: &Value) -> bool {
    match order.follow_up {
        FollowUp::None => true,
        FollowUp::Cancel => row["status"] == "canceled",
        FollowUp::ReturnOneUnit => {
            let commission = &row["commission"];
            matches!(
                (money(&commission["netAmount"]), money(&commission["commissionAmount"])),
                (Some(net), Some(amount)) if net < amount
            )
        }
    }
}

/// Polls until `done` holds for every order, printing `N/M <what>` as the count grows.
async fn wait_until(
    api: &SeedApi,
    orders: &[DemoOrder],
    timeout: Duration,
    what: &str,
    done: impl Fn(&DemoOrder, &Value) -> bool,
) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + timeout;
    let total = orders.len();
    let mut pending: Vec<&DemoOrder> = orders.iter().collect();
    let mut shown = usize::MAX;
    loop {
        let mut still = Vec::new();
        for order in pending {
            let reached = stored(api, order)
                .await?
                .is_some_and(|row| done(order, &row));
            if !reached {
                still.push(order);
            }
        }
        pending = still;
        let finished = total - pending.len();
        if finished != shown {
            println!("      {finished}/{total} orders {what}");
            shown = finished;
        }
        if pending.is_empty() {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            let ids: Vec<String> = pending.iter().map(|o| o.vtex_order_id()).collect();
            anyhow::bail!(
                "{} orders not {what} after {} s: {} (is the worker running against this api \
                 and the sandbox? see its log)",
                pending.len(),
                timeout.as_secs(),
                ids.join(", ")
            );
        }
        tokio::time::sleep(POLL).await;
    }
}

async fn has_settlement_run(api: &SeedApi) -> anyhow::Result<bool> {
    let page = api
        .call(Method::GET, "/commissions/settlements?pageSize=100", None)
        .await?;
    Ok(page["items"]
        .as_array()
        .is_some_and(|runs| runs.iter().any(|run| run["dryRun"] == false)))
}

/// A manual run with no waiting period (domain.md §5.12 example 3): every paid or invoiced
/// commission that is not on hold is confirmed at the run's instant, which is after every
/// invoice the sandbox stamped.
async fn settle(api: &SeedApi) -> anyhow::Result<()> {
    let body = json!({ "waitingPeriodDays": 0, "dryRun": false });
    let run = api
        .call(Method::POST, "/commissions/settlements/run", Some(&body))
        .await?;
    let totals = &run["totals"];
    println!(
        "[5/5] settlement run at {}: {} confirmed ({} COP), {} pending",
        afiliados_domain::SystemClock
            .now()
            .format("%Y-%m-%d %H:%M UTC"),
        totals["confirmed"]["count"],
        money(&totals["confirmed"]["amount"]).unwrap_or_default(),
        totals["pending"]["count"],
    );
    Ok(())
}

async fn isabela_cetaphil_available(api: &SeedApi) -> anyhow::Result<Money> {
    let isabela = api
        .first(&format!("/influencers?q={ISABELA}"))
        .await?
        .ok_or_else(|| anyhow::anyhow!("{ISABELA} is not seeded"))?;
    let id = text(&isabela, "id")?;
    let page = api
        .call(
            Method::GET,
            &format!("/commissions/balances?influencerId={id}&pageSize=100"),
            None,
        )
        .await?;
    Ok(page["items"]
        .as_array()
        .and_then(|items| items.iter().find(|b| b["brandName"] == "Cetaphil"))
        .and_then(|b| money(&b["available"]))
        .unwrap_or_default())
}
