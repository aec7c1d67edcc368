//! The order story: three customers check out with an influencer's code; each order reaches the
//! api only as a signed hook, the worker fetches it from the OMS and the api attributes it with
//! an estimated commission. Then VTEX invoices the first, cancels the second and records a
//! partial return on the third, and finance sees each commission follow.

use crate::coupon_sync::stack::{Stack, TestResult, Tuning};

use super::shop::{Finance, checkout, emit_hook, outcome, return_units, synced_code, transition};

fn text(value: &str) -> String {
    value.to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hooked_orders_are_attributed_and_follow_invoice_cancel_and_partial_return() -> TestResult {
    let stack = Stack::start(Tuning::default()).await?;
    let (world, ids) = synced_code(&stack, "historia").await?;
    let finance = Finance::sign_in(&stack).await;

    let mut orders = Vec::new();
    for customer in 1..=3 {
        let id = checkout(&stack, &world.code, customer).await?;
        assert_eq!(
            emit_hook(&stack, &id).await?,
            Some(200),
            "the api accepts the hook"
        );
        orders.push(id);
    }
    // Net of the line 125 820.00 (pre-tax, no shipping) × the campaign's 10 %.
    for id in &orders {
        let order = finance
            .wait_order(&stack, id, |o| o["commission"]["state"] == "estimated")
            .await?;
        assert_eq!(
            outcome(&order),
            (
                text("paid"),
                text("estimated"),
                text("12582.00"),
                text("12582.00")
            )
        );
        assert_eq!(order["attributed"], true);
        assert_eq!(order["lastSource"], "hook");
        assert_eq!(order["influencerId"], ids.influencer_id.to_string());
        assert_eq!(order["campaignId"], ids.campaign_id.to_string());
    }
    let [invoiced, canceled, returned] = orders.as_slice() else {
        return Err("three orders".into());
    };

    // Invoiced: the commission stays estimated until settlement.
    assert_eq!(transition(&stack, invoiced, "invoiced").await?, Some(200));
    let order = finance
        .wait_order(&stack, invoiced, |o| o["status"] == "invoiced")
        .await?;
    assert_eq!(
        outcome(&order),
        (
            text("invoiced"),
            text("estimated"),
            text("12582.00"),
            text("12582.00")
        )
    );

    // Canceled: the commission is reverted, nothing left.
    assert_eq!(transition(&stack, canceled, "canceled").await?, Some(200));
    let order = finance
        .wait_order(&stack, canceled, |o| o["status"] == "canceled")
        .await?;
    assert_eq!(
        outcome(&order),
        (
            text("canceled"),
            text("reverted"),
            text("12582.00"),
            text("0.00")
        )
    );

    // One of two units comes back after the invoice: half the commission is reverted, the order
    // keeps its status and the commission its state.
    assert_eq!(transition(&stack, returned, "invoiced").await?, Some(200));
    finance
        .wait_order(&stack, returned, |o| o["status"] == "invoiced")
        .await?;
    assert_eq!(return_units(&stack, returned, 1).await?, Some(200));
    let order = finance
        .wait_order(&stack, returned, |o| outcome(o).3 != "12582.00")
        .await?;
    assert_eq!(
        outcome(&order),
        (
            text("invoiced"),
            text("estimated"),
            text("12582.00"),
            text("6291.00")
        )
    );
    let commissions = finance.commissions(returned).await?;
    assert_eq!(commissions.len(), 1, "{commissions:?}");
    assert_eq!(commissions[0]["revertedAmount"].to_string(), "6291.00");

    // Every order has exactly its one commission, and the ledger tells the same story.
    assert_eq!(finance.commission_total().await?, 3);
    let ledger = |id| super::books::ledger_of(&stack, id);
    assert_eq!(ledger(invoiced).await?, ["commission_estimated 12582.00"]);
    assert_eq!(
        ledger(canceled).await?,
        [
            "commission_estimated 12582.00",
            "commission_reverted 12582.00"
        ]
    );
    assert_eq!(
        ledger(returned).await?,
        [
            "commission_estimated 12582.00",
            "commission_reverted 6291.00"
        ]
    );
    stack.stop().await
}
