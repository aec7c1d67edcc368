//! The worked examples of `domain.md` §5.16.6 through the sandbox, with the spec's numbers: VTEX
//! and the platform disagree about one order of each class on 2026-03-02, finance starts a run
//! through the public endpoint, the real worker lists VTEX and the api classifies:
//! 1. `1432120555555-01` (invoiced, 180 000.00) never reached the platform (its hook was lost) →
//!    A; the re-fetch ingests and attributes it; resolved automatically.
//! 2. `1432120598765-01` is `paid` on the platform, `canceled` in VTEX (the cancel hook failed) →
//!    B; the re-ingestion sets `canceled`; resolved.
//! 3. `1432120512345-01` was stored with 399 975.70, VTEX lists 395 975.70 after an edit (1.01 %)
//!    → C; the forced recalculation lowers the estimated commission; resolved. An order with the
//!    coupon `CETAPHIL-ISABELA7KQ3`, which matches no code → D, open; escalated to every AD by the
//!    tick more than 3 days later (the tick's instant is the clock), once.
//!
//! Plus E: an order the platform holds (pushed by another store's sandbox) that VTEX does not
//! list → open, until finance accepts it with a justification.

use afiliados_jobs::{EscalateDiscrepancies, JobQueues};
use afiliados_testkit::eventually;
use chrono::TimeDelta;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl as _;
use serde_json::{Value, json};

use crate::coupon_sync::stack::TestResult;
use crate::stack::{redis_url, wait_for_mail_with_subject};

use super::stack::{NOW, Options, Order, ReconStack, WAIT, amount, at, spawn_sandbox};

const A: &str = "1432120555555-01";
const B: &str = "1432120598765-01";
const C: &str = "1432120512345-01";
const D: &str = "1432120577777-01";
const E: &str = "1432120588888-01";

fn by_class<'a>(rows: &'a [Value], class: &str) -> Option<&'a Value> {
    rows.iter().find(|row| row["class"] == class)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_worked_examples_are_found_resolved_left_open_and_escalated() -> TestResult {
    let stack = ReconStack::start(Options::default()).await?;
    let (world, ids) = stack.code_world("ejemplos", "2000050").await?;
    let finance = stack.staff("finance", &[]).await?;
    let admin = stack.staff("admin_dentsu", &[]).await?;

    // 1. Only VTEX knows it: checked out with the code and invoiced, no hook ever arrived.
    stack
        .checkout(&Order::new(A, 18_000_000).coupon(&world.code))
        .await?;
    stack.transition_silently(A, "invoiced").await?;
    // 2. Paid and hooked in; then canceled in VTEX without a hook.
    stack.place(&finance, &Order::new(B, 9_118_100)).await?;
    stack.transition_silently(B, "canceled").await?;
    // 3. Stored with 399 975.70 and 39 997.57 of estimated commission; edited in VTEX to
    //    395 975.70 without a hook.
    let c_order = Order::new(C, 39_997_570).coupon(&world.code);
    let stored = stack.place(&finance, &c_order).await?;
    assert_eq!(
        amount(&stored["commission"]["commissionAmount"]),
        "39997.57",
        "{stored}"
    );
    let original = stack.vtex_document(C).await?;
    let mut edited = c_order.clone();
    edited.cents = 39_597_570;
    stack.edit_silently(&original, &edited).await?;
    // D: a coupon no code matches.
    let unknown = stack
        .place(
            &finance,
            &Order::new(D, 15_000_000).coupon("CETAPHIL-ISABELA7KQ3"),
        )
        .await?;
    assert_eq!(
        unknown["nonAttributionReason"], "coupon_unknown",
        "{unknown}"
    );
    // E: pushed whole by another store's sandbox; the reconciled VTEX never lists it.
    let elsewhere = spawn_sandbox(&stack.address).await?;
    stack
        .sandbox_admin(
            &elsewhere,
            "/orders",
            json!({"orderId": E, "creationDate": "2026-03-02T20:00:00Z",
                   "customer": {"email": "prueba@example.com", "document": "1"},
                   "lines": [{"skuId": "2001", "name": "Prueba", "brandId": "2000050",
                              "brandName": "Cetaphil", "categoriesIds": "/3/45/", "quantity": 1,
                              "price": 5_000_000, "taxPercent": 0}],
                   "status": "payment-approved"}),
        )
        .await?;
    stack
        .sandbox_admin(&elsewhere, &format!("/push/{E}"), json!({}))
        .await?;
    stack
        .wait_order(&finance, E, |o| o["status"] == "paid")
        .await?;

    let run = stack.run_day(&finance).await?;
    assert_eq!(run["status"], "running");
    assert_eq!(run["source"], "manual_run");
    let run = stack.run_over(&finance, &run).await?;
    assert_eq!(run["status"], "warning", "{run}");
    assert_eq!(
        run["counts"],
        json!({"A": 1, "B": 1, "C": 1, "D": 1, "E": 1}),
        "{run}"
    );
    assert_eq!(run["discrepanciesFound"], 5);
    assert_eq!(run["vtexOrdersCount"], 4, "A, B, C and D are listed");
    assert_eq!(run["platformOrdersCount"], 4, "B, C, D and E are stored");
    assert_eq!(run["pagesFetched"], 1);

    // The platform's own work resolves A, B and C; D and E wait for a person.
    let rows = stack
        .wait_discrepancies(&finance, &run, |rows| {
            ["A", "B", "C"]
                .iter()
                .all(|class| by_class(rows, class).is_some_and(|row| row["status"] == "resolved"))
        })
        .await?;
    for class in ["A", "B", "C"] {
        let row = by_class(&rows, class).ok_or(class)?;
        assert_eq!(row["resolution"], "auto", "{row}");
        assert_eq!(row["occurrences"], 1);
    }
    let c_row = by_class(&rows, "C").ok_or("C")?;
    assert_eq!(c_row["vtexOrderId"], C);
    assert_eq!(c_row["details"]["platform"], "399975.70", "{c_row}");
    assert_eq!(c_row["details"]["vtex"], "395975.70", "{c_row}");
    assert_eq!(c_row["details"]["ratioPercent"], "1.01", "{c_row}");
    let d_row = by_class(&rows, "D").ok_or("D")?.clone();
    assert_eq!(
        (d_row["vtexOrderId"].as_str(), d_row["status"].as_str()),
        (Some(D), Some("open"))
    );
    let e_row = by_class(&rows, "E").ok_or("E")?.clone();
    assert_eq!(
        (e_row["vtexOrderId"].as_str(), e_row["status"].as_str()),
        (Some(E), Some("open"))
    );

    let found = stack
        .wait_order(&finance, A, |o| o["commission"]["state"] == "estimated")
        .await?;
    assert_eq!(found["status"], "invoiced", "{found}");
    assert_eq!(found["attributed"], true);
    assert_eq!(found["influencerId"], ids.influencer_id.to_string());
    assert_eq!(amount(&found["commission"]["commissionAmount"]), "18000.00");
    let canceled = stack.read(&finance, &format!("/orders/{B}")).await?;
    assert_eq!(canceled["status"], "canceled", "{canceled}");
    assert_eq!(
        canceled["attributed"], false,
        "no coupon: nothing to revert"
    );
    let recalculated = stack.read(&finance, &format!("/orders/{C}")).await?;
    assert_eq!(
        amount(&recalculated["commission"]["commissionAmount"]),
        "39597.57",
        "the forced recalculation lowered it: {recalculated}"
    );
    assert_eq!(recalculated["commission"]["state"], "estimated");

    // The counters follow the table: 3 resolved by the platform, 2 pending, 3 of 5 compared.
    let run = stack
        .read(
            &finance,
            &format!("/vtex/reconciliations/{}", run["id"].as_str().ok_or("id")?),
        )
        .await?;
    assert_eq!(run["autoResolvedCount"], 3, "{run}");
    assert_eq!(run["pendingManualCount"], 2, "{run}");
    let ratio: rust_decimal::Decimal = match &run["autoReconciledRatio"] {
        Value::String(text) => text.parse()?,
        other => other.to_string().parse()?,
    };
    assert_eq!(ratio, rust_decimal::Decimal::new(6, 1), "{run}");

    // E is a test order of another store: finance accepts it with a justification.
    let e_id = e_row["id"].as_str().ok_or("E id")?;
    let (status, accepted) = stack
        .post(
            &finance,
            &format!("/vtex/reconciliations/discrepancies/{e_id}/accept"),
            json!({"justification": "Pedido de prueba de otra tienda del sandbox"}),
        )
        .await?;
    assert_eq!(
        (status, accepted["status"].as_str()),
        (200, Some("accepted")),
        "{accepted}"
    );

    // D stays open. The escalation tick at exactly 3 days escalates nothing; one second later
    // it escalates D, once, with the tick's instant, and every AD is told (in-app and e-mail).
    let producer = JobQueues::connect(&redis_url(), &stack.namespace).await?;
    let detected = at(NOW);
    for (n, tick) in [
        detected + TimeDelta::days(3),
        detected + TimeDelta::days(3) + TimeDelta::seconds(1),
        detected + TimeDelta::days(5),
    ]
    .into_iter()
    .enumerate()
    {
        producer
            .push_job(EscalateDiscrepancies { scheduled_at: tick })
            .await?;
        let escalated = escalation_ticks(&stack, n + 1).await?;
        assert_eq!(escalated.len(), n + 1);
    }
    let escalated = escalation_ticks(&stack, 3).await?;
    assert_eq!(
        escalated,
        [0, 1, 0],
        "only the tick past 3 days escalates, once"
    );
    let page = stack
        .read(
            &finance,
            "/vtex/reconciliations/discrepancies?escalated=true&pageSize=100",
        )
        .await?;
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["items"][0]["vtexOrderId"], D);
    let escalated_at: chrono::DateTime<chrono::Utc> = page["items"][0]["escalatedAt"]
        .as_str()
        .ok_or("escalatedAt")?
        .parse()?;
    assert_eq!(
        escalated_at,
        detected + TimeDelta::days(3) + TimeDelta::seconds(1)
    );
    let notices = stack.read(&admin, "/notifications?pageSize=100").await?;
    let escalations: Vec<&Value> = notices["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|n| n["type"] == "discrepancy.escalated")
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(escalations.len(), 1, "{notices}");
    let mail = wait_for_mail_with_subject(&admin.email, "escalada", WAIT.as_secs()).await;
    let text = mail["text"].as_str().unwrap_or_default();
    assert!(text.contains(D) && text.contains("3 días"), "{text}");
    assert!(text.contains("D — cupón no reconocido"), "{text}");
    stack.stop().await
}

/// The `escalated` count of each finished `discrepancy_escalation` job run, in tick order, once
/// `n` of them finished.
async fn escalation_ticks(stack: &ReconStack, n: usize) -> TestResult<Vec<i64>> {
    #[derive(diesel::QueryableByName)]
    struct Tick {
        #[diesel(sql_type = BigInt)]
        escalated: i64,
    }
    let read = || async {
        let mut conn = stack.state.db.get().await.ok()?;
        let ticks: Vec<Tick> = diesel::sql_query(
            "SELECT COALESCE((details->>'escalated')::bigint, -1) AS escalated \
             FROM job_runs WHERE job_name = 'discrepancy_escalation' AND status = 'succeeded' \
             ORDER BY scheduled_at",
        )
        .load(&mut conn)
        .await
        .ok()?;
        (ticks.len() >= n).then(|| ticks.into_iter().map(|t| t.escalated).collect::<Vec<i64>>())
    };
    Ok(eventually(WAIT, read)
        .await
        .map_err(|e| format!("escalation ticks: {e}"))?)
}
