//! `Idempotency-Key` on the other money-out POSTs of `api.md` §0.5 — paying a withdrawal,
//! creating and paying a batch, recording an adjustment: a retry replays the first answer
//! (`Idempotent-Replay: true`) and does the work once; the same key and body sent to another
//! withdrawal or batch is another request, so it is refused (422 `idempotency_key_reused`) rather
//! than answered with the first one's payment.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::payments::pay_body;
use crate::payments_fixtures::{approved_withdrawal, confirm, payee, paying_app};

const ACCOUNT_A: &str = "00123456789";
const ACCOUNT_B: &str = "00987654321";

async fn send(
    app: &TestApp,
    path: &str,
    token: &str,
    key: &str,
    body: &Value,
) -> (u16, Option<String>, Value) {
    let response = app
        .request(Method::POST, path)
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let replay = response
        .headers()
        .get("idempotent-replay")
        .map(|value| value.to_str().unwrap().to_owned());
    (status, replay, response.json().await.unwrap_or(Value::Null))
}

async fn count(app: &TestApp, table: &str) -> i64 {
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.conn().await;
    let row: Count = diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
        .get_result(&mut conn)
        .await
        .unwrap();
    row.n
}

#[tokio::test]
async fn paying_twice_with_one_key_pays_once_and_the_key_does_not_pay_another_withdrawal() {
    let (app, _clock) = paying_app().await;
    let isabela = payee(&app, "Isabela", "Gómez", ACCOUNT_A, "cetaphil").await;
    confirm(&app, &isabela, "100000.00").await;
    let (f1, _) = app.login_as("finance").await;
    let (f2, f2_token) = app.login_as("finance").await;
    let first = approved_withdrawal(&app, &isabela, "20000.00", f1, f2).await;
    let second = approved_withdrawal(&app, &isabela, "20000.00", f1, f2).await;
    let path = format!("/api/v1/payments/withdrawals/{first}/pay");
    let body = pay_body("20000.00");

    let (status, replay, paid) = send(&app, &path, &f2_token, "pago-1", &body).await;
    assert_eq!((status, replay), (201, None), "{paid}");
    let (status, replay, again) = send(&app, &path, &f2_token, "pago-1", &body).await;
    assert_eq!((status, replay.as_deref()), (201, Some("true")), "{again}");
    assert_eq!(again, paid, "the first payment, not a second one");
    assert_eq!(count(&app, "payments").await, 1);

    let other = format!("/api/v1/payments/withdrawals/{second}/pay");
    let (status, _, refused) = send(&app, &other, &f2_token, "pago-1", &body).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (422, Some("idempotency_key_reused")),
        "another withdrawal is another request: {refused}"
    );
    assert_eq!(count(&app, "payments").await, 1, "nothing paid");
}

#[tokio::test]
async fn a_batch_is_created_and_paid_once_whatever_the_retries() {
    let (app, _clock) = paying_app().await;
    let isabela = payee(&app, "Isabela", "Gómez", ACCOUNT_A, "cetaphil").await;
    let ana = payee(&app, "Ana", "Pérez", ACCOUNT_B, "cetaphil").await;
    confirm(&app, &isabela, "100000.00").await;
    confirm(&app, &ana, "100000.00").await;
    let (f1, _) = app.login_as("finance").await;
    let (f2, f2_token) = app.login_as("finance").await;
    approved_withdrawal(&app, &isabela, "30000.00", f1, f2).await;
    approved_withdrawal(&app, &ana, "40000.00", f1, f2).await;

    let create = "/api/v1/payments/batches";
    let (status, _, batch) = send(&app, create, &f2_token, "lote-1", &json!({})).await;
    assert_eq!(status, 201, "{batch}");
    let (status, replay, again) = send(&app, create, &f2_token, "lote-1", &json!({})).await;
    assert_eq!((status, replay.as_deref()), (201, Some("true")));
    assert_eq!(again["id"], batch["id"]);
    assert_eq!(count(&app, "payout_batches").await, 1);

    let pay = format!(
        "/api/v1/payments/batches/{}/pay",
        batch["id"].as_str().unwrap()
    );
    let body =
        json!({ "paymentDate": "2026-03-10", "method": "bank_transfer", "reference": "LOTE-1" });
    let (status, replay, paid) = send(&app, &pay, &f2_token, "lote-1-pago", &body).await;
    assert_eq!((status, replay), (200, None), "{paid}");
    let (status, replay, again) = send(&app, &pay, &f2_token, "lote-1-pago", &body).await;
    assert_eq!((status, replay.as_deref()), (200, Some("true")), "{again}");
    assert_eq!(again, paid);
    assert_eq!(
        count(&app, "payments").await,
        2,
        "each withdrawal paid once"
    );
}

#[tokio::test]
async fn an_adjustment_retried_with_its_key_is_recorded_once() {
    let (app, _clock) = paying_app().await;
    let isabela = payee(&app, "Isabela", "Gómez", ACCOUNT_A, "cetaphil").await;
    confirm(&app, &isabela, "40000.00").await;
    let (_, finance) = app.login_as("finance").await;
    let body = json!({
        "influencerId": isabela.influencer, "brandId": isabela.brand,
        "amount": "15000.00", "reason": "muestras no devueltas",
    });
    let path = "/api/v1/payments/adjustments";
    let (status, replay, first) = send(&app, path, &finance, "ajuste-1", &body).await;
    assert_eq!((status, replay), (201, None), "{first}");
    let (status, replay, again) = send(&app, path, &finance, "ajuste-1", &body).await;
    assert_eq!((status, replay.as_deref()), (201, Some("true")));
    assert_eq!(again, first);
    assert_eq!(count(&app, "adjustments").await, 1);
    let other = json!({
        "influencerId": isabela.influencer, "brandId": isabela.brand,
        "amount": "1000.00", "reason": "muestras no devueltas",
    });
    let (status, _, refused) = send(&app, path, &finance, "ajuste-1", &other).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (422, Some("idempotency_key_reused"))
    );
    assert_eq!(count(&app, "adjustments").await, 1);
}
