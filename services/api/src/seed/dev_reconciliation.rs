//! The reconciliation part of `seed dev-orders` (issue 12, `domain.md` §7): one finished
//! reconciliation with one discrepancy of each class, recorded by Finance through
//! `POST /vtex/reconciliations` (the production rules: A/B/C start their re-fetch from the
//! sandbox, D/E wait for a person). The lists name seeded orders, so every discrepancy points at an
//! order the demo users can open.
//!
//! Idempotent: nothing is recorded when a recorded run exists.

use anyhow::Context;
use reqwest::Method;
use serde_json::json;

use super::client::SeedApi;
use super::dev_order_book::demo_orders;

/// The Finance user who records it.
const FINANCE: &str = "finance@medipiel.co";

/// Records the demo reconciliation once.
pub(super) async fn seed_reconciliation(api: &mut SeedApi) -> anyhow::Result<()> {
    if api
        .first("/vtex/reconciliations?source=manual_record&pageSize=1")
        .await?
        .is_some()
    {
        println!("[reconciliation] a recorded reconciliation exists; none recorded");
        return Ok(());
    }
    let orders = demo_orders();
    let id = |i: usize| -> anyhow::Result<String> {
        orders
            .get(i)
            .map(|o| o.vtex_order_id())
            .context("the demo order book has fewer than five orders")
    };
    let body = json!({
        "runDate": "2026-03-02",
        "type": "daily",
        "discrepanciesFound": 5,
        "summary": {
            "missingInPlatform": [{"orderId": id(0)?}],
            "statusMismatch": [{"orderId": id(1)?, "platform": orders[1].ingested_status(), "vtex": "canceled"}],
            "amountMismatch": [{"orderId": id(2)?, "platform": "399975.70", "vtex": "395975.70"}],
            "couponMismatch": [{"orderId": id(3)?, "platform": "CETAPHIL-DESCONOCIDO"}],
            "missingInVtex": [{"orderId": id(4)?}],
        },
        "alerts": ["Conciliación de demostración: un cupón no reconocido y un pedido ausente en VTEX"],
    });
    api.act_as(FINANCE).await?;
    let run = api
        .call(Method::POST, "/vtex/reconciliations", Some(&body))
        .await?;
    println!(
        "[reconciliation] recorded run {} with one discrepancy of each class",
        run["id"].as_str().unwrap_or_default()
    );
    api.act_as("admin@medipiel.co").await
}
