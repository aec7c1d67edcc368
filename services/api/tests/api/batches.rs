//! Payout batches through HTTP (`domain.md` §5.14.5, §2.5): the payout CSV is valid RFC 4180 with
//! a BOM and CRLF, carries the decrypted account number (and no JSON answer ever does), its
//! download is audited; a batch pays all or nothing; a cancelled batch releases its withdrawals.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::TestApp;
use crate::orders_ingest::{balance, dec};
use crate::payments_fixtures::{
    approved_withdrawal, approved_withdrawal_at, assign_profile, confirm, fixture, payee,
    paying_app, pending_withdrawal, tax_profile,
};

const ISABELA_ACCOUNT: &str = "0012345678";
const ANA_ACCOUNT: &str = "4455667788";

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> (u16, Value) {
    let response = app.post(path, token, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn pay_batch_body(reference: &str) -> Value {
    json!({"paymentDate": "2026-03-10", "method": "bank_transfer", "reference": reference})
}

async fn payment_count(app: &TestApp) -> i64 {
    use afiliados_db::schema::payments;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let mut conn = app.conn().await;
    payments::table.count().get_result(&mut conn).await.unwrap()
}

#[tokio::test]
async fn the_payout_csv_is_rfc_4180_with_the_decrypted_account_and_only_there() {
    let (app, _clock) = paying_app().await;
    let isabela = payee(&app, "Isabela", "Gómez", ISABELA_ACCOUNT, "cetaphil").await;
    let ana = payee(
        &app,
        "Ana \"La Flaca\"",
        "Gómez, Peña",
        ANA_ACCOUNT,
        "cetaphil",
    )
    .await;
    confirm(&app, &isabela, "100000.00").await;
    confirm(&app, &ana, "100000.00").await;
    let profile = tax_profile(&app, "honorarios_10", "10", "0").await;
    assign_profile(&app, &ana, profile).await;
    let (f1, finance) = app.login_as("finance").await;
    let (f2, _) = app.login_as("finance").await;
    let first = approved_withdrawal(&app, &isabela, "30000.00", f1, f2).await;
    let second = approved_withdrawal(&app, &ana, "20000.00", f1, f2).await;
    let pending = pending_withdrawal(&app, &ana, "1000.00", f1).await;
    let held =
        approved_withdrawal_at(&app, &isabela, "1000.00", f1, f2, "2026-03-20T15:00:00Z").await;

    for role in ["gestor_afiliados", "auditor", "admin_marca"] {
        let (_, token) = app.login_as(role).await;
        let (status, _) = post(&app, "/api/v1/payments/batches", &token, json!({})).await;
        assert_eq!(status, 403, "{role}");
    }
    let (status, body) = post(&app, "/api/v1/payments/batches", &isabela.token, json!({})).await;
    assert_eq!(status, 403, "{body}");

    // An explicit list with a pending and a held withdrawal names both.
    let (status, body) = post(
        &app,
        "/api/v1/payments/batches",
        &finance,
        json!({"withdrawalIds": [first, pending, held]}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("batch_conflict")),
        "{body}"
    );
    let refused: Vec<(String, String)> = body["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["withdrawalId"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(refused.contains(&(pending.to_string(), "withdrawal_not_approved".into())));
    assert!(refused.contains(&(held.to_string(), "withdrawal_on_hold".into())));
    assert_eq!(refused.len(), 2);

    // Every approved, payable, unbatched withdrawal: the two payable ones.
    let (status, batch) = post(&app, "/api/v1/payments/batches", &finance, json!({})).await;
    assert_eq!(status, 201, "{batch}");
    assert_eq!(batch["status"], "exported");
    assert_eq!(batch["withdrawalCount"], 2);
    assert_eq!(batch["totalGross"].to_string(), "50000.00");
    assert_eq!(batch["totalWithheld"].to_string(), "2000.00");
    assert_eq!(batch["totalNet"].to_string(), "48000.00");
    let batch_id = batch["id"].as_str().unwrap().to_owned();
    let (status, body) = post(&app, "/api/v1/payments/batches", &finance, json!({})).await;
    assert_eq!((status, body["error"].as_str()), (409, Some("batch_empty")));

    // The CSV: BOM, CRLF, header, RFC 4180 quoting, decrypted account numbers.
    let csv_path = format!("/api/v1/payments/batches/{batch_id}/export.csv");
    let (_, auditor) = app.login_as("auditor").await;
    assert_eq!(app.get(&csv_path, &auditor).await.status(), 403);
    assert_eq!(app.get(&csv_path, &isabela.token).await.status(), 403);
    let response = app.get(&csv_path, &finance).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = response.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n"));
    assert_eq!(
        text.matches("\r\n").count(),
        3,
        "header and two rows, CRLF each"
    );
    assert!(
        text.contains("\"Ana \"\"La Flaca\"\" Gómez, Peña\""),
        "quoted: {text}"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "batch_id",
            "withdrawal_id",
            "influencer_id",
            "influencer_name",
            "document_type",
            "document_number",
            "email",
            "bank_name",
            "account_type",
            "account_holder",
            "account_number",
            "brand",
            "currency",
            "gross_amount",
            "withholding_rate",
            "tax_withheld",
            "net_amount",
            "payment_reference"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let by_withdrawal = |id: Uuid| {
        rows.iter()
            .find(|r| r[1] == id.to_string())
            .unwrap()
            .clone()
    };
    let isabela_row = by_withdrawal(first);
    assert_eq!(&isabela_row[0], batch_id.as_str());
    assert_eq!(&isabela_row[2], isabela.influencer.to_string().as_str());
    assert_eq!(&isabela_row[3], "Isabela Gómez");
    assert_eq!(&isabela_row[7], "Bancolombia");
    assert_eq!(&isabela_row[8], "ahorros");
    assert_eq!(&isabela_row[10], ISABELA_ACCOUNT);
    assert_eq!(&isabela_row[11], "cetaphil");
    assert_eq!(&isabela_row[12], "COP");
    assert_eq!(&isabela_row[13], "30000.00");
    assert_eq!(&isabela_row[15], "0.00");
    assert_eq!(
        &isabela_row[17],
        format!("AFI-{}", &first.to_string()[..8]).as_str()
    );
    let ana_row = by_withdrawal(second);
    assert_eq!(&ana_row[3], "Ana \"La Flaca\" Gómez, Peña");
    assert_eq!(&ana_row[10], ANA_ACCOUNT);
    assert_eq!((&ana_row[13], &ana_row[14]), ("20000.00", "10.00"));
    assert_eq!((&ana_row[15], &ana_row[16]), ("2000.00", "18000.00"));
    let downloads = app.audit_actions("batch.csv_downloaded").await;
    assert_eq!(downloads.len(), 1);
    assert_eq!(downloads[0].entity_id.as_deref(), Some(batch_id.as_str()));
    assert_eq!(app.audit_actions("batch.created").await.len(), 1);

    // Stored encrypted: the object at rest does not contain an account number.
    let document = {
        let mut conn = app.conn().await;
        let row = afiliados_db::payout_batches::find(
            &mut conn,
            app.state.tenant_id,
            batch_id.parse().unwrap(),
            false,
        )
        .await
        .unwrap()
        .unwrap();
        afiliados_db::stored_documents::find_live(
            &mut conn,
            app.state.tenant_id,
            row.csv_document_id.unwrap(),
        )
        .await
        .unwrap()
        .unwrap()
    };
    let at_rest = std::fs::read(
        app.state
            .settings
            .onboarding
            .storage
            .local_dir
            .join(&document.storage_key),
    )
    .unwrap();
    assert!(!at_rest.windows(10).any(|w| w == ISABELA_ACCOUNT.as_bytes()));

    // No JSON answer carries an account number: the batch, its payments, the influencers.
    let (status, paid) = post(
        &app,
        &format!("/api/v1/payments/batches/{batch_id}/pay"),
        &finance,
        pay_batch_body("LOTE-2026-03-10"),
    )
    .await;
    assert_eq!(status, 200, "{paid}");
    let mut bodies = vec![batch.to_string(), paid.to_string()];
    for path in [
        format!("/api/v1/payments/batches/{batch_id}"),
        "/api/v1/payments/batches".to_owned(),
        "/api/v1/payments".to_owned(),
        format!("/api/v1/influencers/{}", isabela.influencer),
        format!("/api/v1/influencers/{}", ana.influencer),
    ] {
        let response = app.get(&path, &finance).await;
        assert_eq!(response.status(), 200, "{path}");
        bodies.push(response.text().await.unwrap());
    }
    for path in ["/api/v1/payments", "/api/v1/auth/profile"] {
        bodies.push(app.get(path, &ana.token).await.text().await.unwrap());
    }
    for body in &bodies {
        assert!(
            !body.contains(ISABELA_ACCOUNT) && !body.contains(ANA_ACCOUNT),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_batch_pays_all_or_nothing_and_a_cancelled_batch_releases_its_withdrawals() {
    let (app, _clock) = paying_app().await;
    let isabela = payee(&app, "Isabela", "Gómez", ISABELA_ACCOUNT, "cetaphil").await;
    let ana = payee(&app, "Ana", "Pérez", ANA_ACCOUNT, "cetaphil").await;
    confirm(&app, &isabela, "3000000.00").await;
    confirm(&app, &ana, "100000.00").await;
    let (f1, f1_token) = app.login_as("finance").await;
    let (f2, f2_token) = app.login_as("finance").await;
    // F2 approved the big one: F2 may not pay it (dual control), so the whole batch is refused.
    let big = approved_withdrawal(&app, &isabela, "2500000.00", f1, f2).await;
    let small = approved_withdrawal(&app, &isabela, "100000.00", f1, f2).await;
    let other = approved_withdrawal(&app, &ana, "50000.00", f1, f2).await;
    let (status, batch) = post(&app, "/api/v1/payments/batches", &f2_token, json!({})).await;
    assert_eq!(status, 201, "{batch}");
    assert_eq!(batch["withdrawalCount"], 3);
    let batch_id = batch["id"].as_str().unwrap().to_owned();
    let before = (
        balance(&app, &fixture(&isabela)).await,
        balance(&app, &fixture(&ana)).await,
    );

    // A single pay of a batched withdrawal is refused: it leaves with its batch.
    let (status, body) = crate::payments::pay(
        &app,
        &f1_token,
        small,
        crate::payments::pay_body("100000.00"),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("withdrawal_in_batch"))
    );

    let pay_path = format!("/api/v1/payments/batches/{batch_id}/pay");
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (status, _) = post(&app, &pay_path, &gestor, pay_batch_body("LOTE-1")).await;
    assert_eq!(status, 403);
    let (status, body) = post(&app, &pay_path, &f2_token, pay_batch_body("LOTE-1")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("batch_conflict")),
        "{body}"
    );
    let details = body["details"].as_array().unwrap();
    assert_eq!(
        details.len(),
        1,
        "only the blocking withdrawal is listed: {body}"
    );
    assert_eq!(details[0]["withdrawalId"], big.to_string());
    assert_eq!(details[0]["code"], "dual_control_required");
    assert_eq!(details[0]["threshold"].to_string(), "2000000.00");
    assert_eq!(payment_count(&app).await, 0, "nothing paid");
    let after = (
        balance(&app, &fixture(&isabela)).await,
        balance(&app, &fixture(&ana)).await,
    );
    assert_eq!(before, after, "ledger unchanged");
    let shown: Value = app
        .get(&format!("/api/v1/payments/batches/{batch_id}"), &f1_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["status"], "exported");

    // Cancel: the withdrawals are plain approved again and go into a new batch.
    let cancel_path = format!("/api/v1/payments/batches/{batch_id}/cancel");
    let (status, cancelled) = post(&app, &cancel_path, &f2_token, json!({})).await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["withdrawalIds"].as_array().unwrap().len(), 3);
    let (status, body) = post(&app, &cancel_path, &f2_token, json!({})).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("batch_not_open"))
    );
    let (status, body) = post(&app, &pay_path, &f1_token, pay_batch_body("LOTE-1")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("batch_not_open"))
    );
    {
        let mut conn = app.conn().await;
        for id in [big, small, other] {
            let row = afiliados_db::withdrawal_requests::find(&mut conn, app.state.tenant_id, id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!((row.status.as_str(), row.batch_id), ("approved", None));
        }
        let events = afiliados_db::withdrawal_events::of_withdrawals(&mut conn, &[big])
            .await
            .unwrap();
        let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
        // The request's whole log (it went through the endpoints): the batch added the last two.
        assert_eq!(actions, ["requested", "approved", "exported", "unexported"]);
    }

    let (status, again) = post(
        &app,
        "/api/v1/payments/batches",
        &f2_token,
        json!({"withdrawalIds": [big, small, other]}),
    )
    .await;
    assert_eq!(status, 201, "{again}");
    let again_id = again["id"].as_str().unwrap().to_owned();
    let (status, paid) = post(
        &app,
        &format!("/api/v1/payments/batches/{again_id}/pay"),
        &f1_token,
        pay_batch_body("LOTE-2"),
    )
    .await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["paidBy"], f1.to_string());
    let payments = paid["payments"].as_array().unwrap();
    assert_eq!(payments.len(), 3);
    for payment in payments {
        let withdrawal = payment["withdrawalId"].as_str().unwrap();
        assert_eq!(
            payment["reference"],
            format!("LOTE-2/AFI-{}", &withdrawal[..8])
        );
        assert_eq!(payment["batchId"], again_id.as_str());
    }
    assert_eq!(paid["totalGross"].to_string(), "2650000.00");
    assert_eq!(payment_count(&app).await, 3);
    let (row, available) = balance(&app, &fixture(&isabela)).await;
    assert_eq!(
        (row.pending_withdrawal, row.withdrawn),
        (dec("0"), dec("2600000.00"))
    );
    assert_eq!(available, dec("400000.00"));
    crate::orders_ingest::assert_ledger_identity(&app, &fixture(&isabela)).await;
    crate::orders_ingest::assert_ledger_identity(&app, &fixture(&ana)).await;
    let listed: Value = app
        .get(&format!("/api/v1/payments?batchId={again_id}"), &f1_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 3);
    let batches: Value = app
        .get("/api/v1/payments/batches?status=paid", &f1_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(batches["total"], 1);
    assert_eq!(app.audit_actions("batch.paid").await.len(), 1);
    assert_eq!(app.audit_actions("batch.cancelled").await.len(), 1);
}
