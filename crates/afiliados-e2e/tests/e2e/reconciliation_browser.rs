//! NOT YET DECLARED in `main.rs` and never run (ADR 0067, "Not done"): declare it with
//! `mod reconciliation_browser;` and run `cargo test -p afiliados-e2e --test e2e reconciliation_browser`.
//!
//! The reconciliation story of issue 12 in headless Chromium, against the real api, web, worker,
//! VTEX sandbox, Redis and PostgreSQL: VTEX holds two orders of a closed business day — one the
//! platform never received (its hook was lost: class A) and one the platform ingested with a
//! coupon no discount code matches (class D). An admin starts an ad-hoc run over that day in the
//! web and watches the run page (it reloads itself) until the run finishes; the class A
//! discrepancy resolves by itself (the order is fetched and ingested), the class D one is
//! accepted with a justification through its page. The api confirms both.
//!
//! The day is two Bogotá days before the real one: the api refuses a day that is not over, and
//! the sandbox lists orders by their creation instant, so the story pins its orders at that
//! day's noon. The waits are bounded polls.

use std::time::Duration;

use afiliados_domain::{bogota_date, business_day_start};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::chrome::{browser, chromedriver, spawn_web};
use crate::coupon_sync::stack::{Stack, TestResult, Tuning};
use crate::orders::shop::{Finance, emit_hook, sandbox_admin};
use crate::program::{click, fill, sign_in, wait_for};

/// How long the run, and then the automatic resolution, may take.
const WAIT: Duration = Duration::from_secs(90);
/// A coupon no discount code of the platform matches.
const UNKNOWN_COUPON: &str = "NOEXISTE-RECON7";
const JUSTIFICATION: &str =
    "Cupón de una activación de tienda acordada con la marca; sin comisión.";

/// A customer's order in the sandbox created at `created`, optionally with a coupon the sandbox
/// keeps although no promotion matches; no hook yet. Returns the VTEX order id.
async fn order_at(
    stack: &Stack,
    created: chrono::DateTime<chrono::Utc>,
    coupon: Option<&str>,
    customer: u32,
) -> TestResult<String> {
    let mut spec = json!({
        "creationDate": created.to_rfc3339(),
        "customer": {"email": format!("cliente{customer}@example.com"),
                     "document": format!("5287{customer:04}")},
        "lines": [{"skuId": "2001", "name": "Cetaphil Limpiador Facial Piel Grasa 473 ml",
                   "brandId": "2000050", "brandName": "Cetaphil", "categoriesIds": "/3/45/",
                   "quantity": 1, "price": 6990000, "listPrice": 7490000}],
        "shipping": 1200000,
        "status": "payment-approved"
    });
    if let Some(coupon) = coupon {
        spec["coupon"] = json!(coupon);
        spec["forceCoupon"] = json!(true);
    }
    let order = sandbox_admin(stack, "/orders", spec).await?;
    Ok(order["orderId"].as_str().ok_or("an order id")?.to_owned())
}

/// Sets a `<input type="date">` (typing into one depends on the browser's locale).
async fn set_date(client: &Client, id: &str, date: &str) {
    client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![json!(id), json!(date)],
        )
        .await
        .unwrap_or_else(|e| panic!("setting #{id}: {e}"));
}

/// `data-status` of the element with this id, or `None` while the page is reloading.
async fn status_of(client: &Client, id: &str) -> Option<String> {
    client
        .find(Locator::Id(id))
        .await
        .ok()?
        .attr("data-status")
        .await
        .ok()
        .flatten()
}

/// Polls (bounded) until the element's `data-status` is not `running`; reloads when `reload`
/// (the run page reloads itself; the discrepancy page does not).
async fn wait_status(client: &Client, id: &str, done: &[&str], reload: bool) -> String {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Some(status) = status_of(client, id).await
            && done.contains(&status.as_str())
        {
            return status;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "#{id} never reached {done:?}: {:?}",
            status_of(client, id).await
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
        if reload {
            client.refresh().await.expect("reload");
        }
    }
}

/// Opens the first discrepancy link of the class on the run page.
async fn open_class(client: &Client, web: &str, run_id: &str, class: &str) {
    client
        .goto(&format!("{web}/conciliaciones/{run_id}"))
        .await
        .expect("run page");
    client
        .find(Locator::Css(&format!(
            "#discrepancies-table tr[data-class=\"{class}\"] a"
        )))
        .await
        .unwrap_or_else(|e| panic!("a class {class} discrepancy on the run page: {e}"))
        .click()
        .await
        .expect("open the discrepancy");
    wait_for(client, "discrepancy-facts").await;
}

/// The run's discrepancies through the api.
async fn discrepancies(stack: &Stack, token: &str, run_id: &str) -> TestResult<Vec<Value>> {
    let body: Value = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/vtex/reconciliations/{run_id}/discrepancies",
            stack.api.address
        ))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?;
    Ok(body["items"].as_array().cloned().unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_adhoc_run_is_watched_and_its_discrepancies_settled_in_the_browser() -> TestResult {
    let stack = Stack::start(Tuning::default()).await?;
    let day = bogota_date(chrono::Utc::now()) - chrono::Days::new(2);
    let noon = business_day_start(day) + chrono::TimeDelta::hours(12);

    // The platform received the class D order (its coupon is unknown) and never the other one.
    let finance = Finance::sign_in(&stack).await;
    let with_unknown_coupon = order_at(&stack, noon, Some(UNKNOWN_COUPON), 1).await?;
    assert_eq!(emit_hook(&stack, &with_unknown_coupon).await?, Some(200));
    finance
        .wait_order(&stack, &with_unknown_coupon, |_| true)
        .await?;
    let lost_hook = order_at(&stack, noon + chrono::TimeDelta::hours(1), None, 2).await?;
    assert!(finance.order(&lost_hook).await?.is_none());

    let admin_email = format!("admin-{}@example.com", Uuid::new_v4().simple());
    stack.api.create_user(&admin_email, &["admin_dentsu"]).await;
    let web = spawn_web(&stack.api.address).await;
    let driver = chromedriver().await;
    let client = browser(&driver).await;
    client.goto(&format!("{web}/login?lang=es")).await?;
    sign_in(&client, &web, &admin_email).await;

    // Start the run over that day and watch its page until it finishes.
    client.goto(&format!("{web}/conciliaciones")).await?;
    wait_for(&client, "run-start-form").await;
    set_date(&client, "run-from", &day.to_string()).await;
    set_date(&client, "run-to", &day.to_string()).await;
    click(&client, "run-start-submit").await;
    wait_for(&client, "run-title").await;
    let run_id = client
        .current_url()
        .await?
        .path()
        .trim_start_matches("/conciliaciones/")
        .to_owned();
    Uuid::parse_str(&run_id).map_err(|e| format!("the run page: {run_id}: {e}"))?;
    let finished = wait_status(
        &client,
        "run-facts",
        &["warning", "success", "failed"],
        false,
    )
    .await;
    assert_eq!(finished, "warning", "two discrepancies make a warning");
    for class in ["A", "D"] {
        let bar = client
            .find(Locator::Id(&format!("run-class-chart-{class}")))
            .await?
            .text()
            .await?;
        assert!(
            bar.ends_with('1'),
            "one class {class} discrepancy drawn: {bar}"
        );
    }

    // Class A resolves by itself once the worker fetched and ingested the order.
    open_class(&client, &web, &run_id, "A").await;
    let order = wait_for(&client, "discrepancy-order").await.text().await?;
    assert_eq!(order, lost_hook);
    assert_eq!(
        wait_status(&client, "discrepancy-facts", &["resolved"], true).await,
        "resolved"
    );
    let resolution = wait_for(&client, "discrepancy-resolution")
        .await
        .text()
        .await?;
    assert_eq!(resolution, "Resuelta automáticamente");
    assert!(
        client
            .find(Locator::Id("discrepancy-accept"))
            .await
            .is_err(),
        "nothing to act on"
    );

    // Class D: accepted with a justification.
    open_class(&client, &web, &run_id, "D").await;
    wait_for(&client, "value-vtex").await;
    let page = client.source().await?;
    assert!(
        page.contains(UNKNOWN_COUPON),
        "the unknown coupon is named on the page"
    );
    fill(&client, "justification", JUSTIFICATION).await;
    click(&client, "discrepancy-accept").await;
    assert_eq!(
        wait_status(&client, "discrepancy-facts", &["accepted"], false).await,
        "accepted"
    );
    let written = wait_for(&client, "discrepancy-justification")
        .await
        .text()
        .await?;
    assert_eq!(written, JUSTIFICATION);
    client.close().await?;
    drop(driver.child);

    // The api agrees.
    let token = stack.api.token(&admin_email).await;
    let found = discrepancies(&stack, &token, &run_id).await?;
    let of = |class: &str| {
        found
            .iter()
            .find(|d| d["class"] == class)
            .cloned()
            .unwrap_or_else(|| panic!("a class {class} discrepancy in {found:?}"))
    };
    let a = of("A");
    assert_eq!(
        (&a["vtexOrderId"], &a["status"], &a["resolution"]),
        (&json!(lost_hook), &json!("resolved"), &json!("auto"))
    );
    let d = of("D");
    assert_eq!(
        (&d["vtexOrderId"], &d["status"], &d["justification"]),
        (
            &json!(with_unknown_coupon),
            &json!("accepted"),
            &json!(JUSTIFICATION)
        )
    );
    assert_eq!(d["resolvedBy"], json!(admin_email));
    assert!(
        finance.order(&lost_hook).await?.is_some(),
        "the lost order was ingested"
    );
    stack.stop().await
}
