//! PostgreSQL goes away (a private cluster this test stops, never the shared server): the hook is
//! answered 503, so VTEX keeps it and retries. Once the database is back the retried hook is
//! accepted and the order ingested.

use std::time::Duration;

use afiliados_testkit::eventually;

use crate::coupon_sync::stack::{Stack, TestResult, Tuning};
use crate::private_postgres::PrivatePostgres;

use super::books;
use super::shop::{Finance, checkout, emit_hook, outcome, synced_code};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hooks_get_503_while_postgres_is_down_and_are_accepted_when_it_returns() -> TestResult {
    let postgres = PrivatePostgres::start()?;
    let stack = Stack::start(Tuning {
        postgres_admin_url: Some(postgres.admin_url()),
        ..Tuning::default()
    })
    .await?;
    let (world, _) = synced_code(&stack, "sinpg").await?;
    let finance = Finance::sign_in(&stack).await;
    let id = checkout(&stack, &world.code, 1).await?;

    postgres.stop()?;
    assert_eq!(
        emit_hook(&stack, &id).await?,
        Some(503),
        "VTEX is told to retry"
    );

    postgres.resume()?;
    // VTEX retries the hook; the first tries may still meet connections the restart broke.
    let accepted = eventually(Duration::from_secs(20), || async {
        emit_hook(&stack, &id)
            .await
            .ok()
            .flatten()
            .filter(|status| *status == 200)
    })
    .await?;
    assert_eq!(accepted, 200);
    let order = finance
        .wait_order(&stack, &id, |o| o["commission"]["state"] == "estimated")
        .await?;
    assert_eq!(outcome(&order).2, "12582.00");
    let books = books::orders(&stack).await?;
    assert_eq!(books.len(), 1);
    assert_eq!((books[0].commissions, books[0].estimated_entries), (1, 1));
    stack.stop().await
}
