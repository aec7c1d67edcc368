//! The tolerance examples of `domain.md` §5.16.2 through the sandbox (1.00 % and one peso, both
//! exceeded for a difference): an order stored with 100 000.00 that VTEX lists with 101 000.00
//! (0.99 %) is no discrepancy; one VTEX lists with 102 000.00 (1.96 %) is a C, resolved by its
//! re-ingestion; an attributed order whose commission the deep check recomputes as 20 223.50
//! against the stored 20 223.00 (0.50) is no discrepancy — and the deep check saved nothing.

use serde_json::json;

use crate::coupon_sync::stack::TestResult;

use super::stack::{Options, Order, ReconStack, amount};

const UNDER: &str = "1432120531111-01";
const OVER: &str = "1432120532222-01";
const COMMISSION: &str = "1432120533333-01";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn differences_within_the_tolerance_are_no_discrepancy() -> TestResult {
    let stack = ReconStack::start(Options::default()).await?;
    let (world, _) = stack.code_world("tolerancia", "2000050").await?;
    let finance = stack.staff("finance", &[]).await?;

    for (id, stored, listed) in [
        (UNDER, 10_000_000, 10_100_000),
        (OVER, 10_000_000, 10_200_000),
    ] {
        let order = Order::new(id, stored);
        stack.place(&finance, &order).await?;
        let original = stack.vtex_document(id).await?;
        let mut edited = order.clone();
        edited.cents = listed;
        stack.edit_silently(&original, &edited).await?;
    }
    // Eligible 202 230.00 at 10 % → 20 223.00; VTEX's edit makes it 202 235.00 → 20 223.50
    // (and the total 5.00 higher: 0.0025 %, no difference either).
    let order = Order::new(COMMISSION, 20_223_000).coupon(&world.code);
    let stored = stack.place(&finance, &order).await?;
    assert_eq!(
        amount(&stored["commission"]["commissionAmount"]),
        "20223.00",
        "{stored}"
    );
    let original = stack.vtex_document(COMMISSION).await?;
    let mut edited = order.clone();
    edited.cents = 20_223_500;
    stack.edit_silently(&original, &edited).await?;

    stack.sandbox.clear_requests();
    let run = stack.run_day(&finance).await?;
    let run = stack.run_over(&finance, &run).await?;
    assert_eq!(run["status"], "warning", "{run}");
    assert_eq!(
        run["counts"],
        json!({"A": 0, "B": 0, "C": 1, "D": 0, "E": 0}),
        "{run}"
    );
    let rows = stack
        .wait_discrepancies(&finance, &run, |rows| {
            rows.len() == 1 && rows[0]["status"] == "resolved"
        })
        .await?;
    let c = &rows[0];
    assert_eq!(c["vtexOrderId"], OVER, "{c}");
    assert_eq!(c["details"]["platform"], "100000.00", "{c}");
    assert_eq!(c["details"]["vtex"], "102000.00", "{c}");
    assert_eq!(c["details"]["ratioPercent"], "1.96", "{c}");
    assert_eq!(c["resolution"], "auto");

    // The deep check read the attributed order from VTEX and left the stored one as it was.
    let fetched: Vec<String> = stack
        .sandbox
        .requests_for("get_order")
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert!(
        fetched.iter().any(|path| path.contains(COMMISSION)),
        "the deep check fetched {COMMISSION}: {fetched:?}"
    );
    let kept = stack
        .read(&finance, &format!("/orders/{COMMISSION}"))
        .await?;
    assert_eq!(
        amount(&kept["commission"]["commissionAmount"]),
        "20223.00",
        "{kept}"
    );
    let under = stack.read(&finance, &format!("/orders/{UNDER}")).await?;
    assert_eq!(amount(&under["totalAmount"]), "100000.00", "{under}");
    stack.stop().await
}
