//! Payout batches through HTTP (`domain.md` §5.14.5, §2.5): the payout CSV is valid RFC 4180 with
//! a BOM and CRLF, carries the decrypted account number (and no JSON answer ever does), its
//! download is audited; a batch pays all or nothing; a cancelled batch releases its withdrawals;
//! a batch's set-based writes chain the ledger of several withdrawals of one balance.

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
        format!("AFI-{}", &first.simple().to_string()[20..]).as_str()
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
    // Sealed in the chunked format (ADR 0081) and streamed back with the row's length and digest.
    assert_eq!(at_rest[0], afiliados_crypto::CHUNKED_FORMAT_VERSION);
    let object_path = app
        .state
        .settings
        .onboarding
        .storage
        .local_dir
        .join(&document.storage_key);
    let response = app.get(&csv_path, &finance).await;
    assert_eq!(response.status(), 200);
    let digest = response.headers()["x-content-sha256"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(response.content_length(), Some(document.size_bytes as u64));
    let csv_bytes = response.bytes().await.unwrap().to_vec();
    assert_eq!(csv_bytes.len() as i64, document.size_bytes);
    assert_eq!(digest, afiliados_crypto::sha256_hex(&csv_bytes));
    assert_eq!(digest, document.sha256.trim());
    // A CSV sealed whole, as before ADR 0081, still downloads.
    let legacy = app
        .state
        .data_keys
        .encrypt(&csv_bytes, document.id.as_bytes())
        .unwrap();
    std::fs::write(&object_path, &legacy).unwrap();
    let response = app.get(&csv_path, &finance).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().to_vec(), csv_bytes);
    // A tampered object is refused before any byte is answered.
    let mut tampered = at_rest.clone();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x01;
    std::fs::write(&object_path, &tampered).unwrap();
    assert_eq!(app.get(&csv_path, &finance).await.status(), 500);
    std::fs::write(&object_path, &at_rest).unwrap();

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
    // A batch reference leaves room for `/AFI-` and 12 characters within a payment's 100 (ADR
    // 0079): 83 characters pass validation (and meet the conflict below), 84 are too long.
    let (status, body) = post(&app, &pay_path, &f2_token, pay_batch_body(&"L".repeat(84))).await;
    assert_eq!(
        (status, body["details"][0]["code"].as_str()),
        (422, Some("too_long")),
        "{body}"
    );
    assert_eq!(body["details"][0]["field"], "reference");
    let (status, body) = post(&app, &pay_path, &f2_token, pay_batch_body(&"L".repeat(83))).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("batch_conflict")),
        "{body}"
    );
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
            format!("LOTE-2/AFI-{}", &withdrawal[withdrawal.len() - 12..])
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

/// The ledger entries of a balance in `seq` order.
async fn entries_of(
    app: &TestApp,
    payee: &crate::payments_fixtures::Payee,
) -> Vec<afiliados_db::ledger::LedgerRow> {
    let mut conn = app.conn().await;
    let filter = afiliados_db::ledger::LedgerFilter {
        influencer_id: Some(payee.influencer),
        brand_id: Some(payee.brand),
        ..Default::default()
    };
    afiliados_db::ledger::list(&mut conn, app.state.tenant_id, &filter, false, 0, 1_000)
        .await
        .unwrap()
        .0
}

/// Several withdrawals of one balance and of different influencers and brands in one batch:
/// each payment entry moves pending → withdrawn by its gross, the entries of one balance chain
/// (each `available_after` is the running balance over every earlier entry, in `seq` order), each
/// balance row is the sum of its deltas with `last_entry_seq` its last entry, verify finds no
/// drift, and every payment has its e-mail (gross, withheld, net), its job and its `paid` event.
#[tokio::test]
async fn a_batch_chains_the_ledger_of_several_withdrawals_of_one_balance() {
    use afiliados_db::schema::{email_outbox, influencer_balance, job_outbox, payments};
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use rust_decimal::Decimal;

    let (app, _clock) = paying_app().await;
    let isabela = payee(&app, "Isabela", "Gómez", ISABELA_ACCOUNT, "cetaphil").await;
    let ana = payee(&app, "Ana", "Pérez", ANA_ACCOUNT, "cetaphil").await;
    let ana_eucerin = crate::payments_fixtures::Payee {
        influencer: ana.influencer,
        token: ana.token.clone(),
        brand: app.create_brand("eucerin").await,
    };
    confirm(&app, &isabela, "500000.00").await;
    confirm(&app, &ana, "300000.00").await;
    confirm(&app, &ana_eucerin, "80000.00").await;
    let profile = tax_profile(&app, "honorarios_10", "10", "0").await;
    assign_profile(&app, &ana, profile).await;
    let (f1, _) = app.login_as("finance").await;
    let (f2, f2_token) = app.login_as("finance").await;
    let (_, payer) = app.login_as("finance").await;
    let mut ids = Vec::new();
    for (who, amount) in [
        (&isabela, "100000.00"),
        (&ana, "40000.00"),
        (&isabela, "50000.00"),
        (&ana_eucerin, "30000.00"),
        (&isabela, "25000.00"),
        (&ana, "60000.00"),
    ] {
        ids.push(approved_withdrawal(&app, who, amount, f1, f2).await);
    }
    let (status, batch) = post(
        &app,
        "/api/v1/payments/batches",
        &f2_token,
        json!({"withdrawalIds": ids}),
    )
    .await;
    assert_eq!(status, 201, "{batch}");
    let batch_id = batch["id"].as_str().unwrap().to_owned();
    let (status, paid) = post(
        &app,
        &format!("/api/v1/payments/batches/{batch_id}/pay"),
        &payer,
        pay_batch_body("LOTE-CADENA"),
    )
    .await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["withdrawalCount"], 6);
    // 305 000.00 gross; Ana's 130 000.00 withholds 10 %.
    assert_eq!(paid["totalGross"].to_string(), "305000.00");
    assert_eq!(paid["totalWithheld"].to_string(), "13000.00");
    assert_eq!(paid["totalNet"].to_string(), "292000.00");
    let listed = paid["payments"].as_array().unwrap();
    assert_eq!(listed.len(), 6);
    let mut sums = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for payment in listed {
        sums.0 += dec(&payment["amount"].to_string());
        sums.1 += dec(&payment["taxWithheld"].to_string());
        sums.2 += dec(&payment["netAmount"].to_string());
    }
    assert_eq!(sums, (dec("305000.00"), dec("13000.00"), dec("292000.00")));

    // Each balance: Σ deltas = the row, each entry's available_after the running available, the
    // payments moving pending → withdrawn in the batch's (withdrawal id) order.
    let stored_payments: Vec<afiliados_db::payments::PaymentRow> = {
        let mut conn = app.conn().await;
        payments::table
            .filter(payments::batch_id.eq(batch_id.parse::<Uuid>().unwrap()))
            .select(afiliados_db::payments::PaymentRow::as_select())
            .load(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(stored_payments.len(), 6);
    for (who, paid_amounts) in [
        (&isabela, vec!["100000.00", "50000.00", "25000.00"]),
        (&ana, vec!["40000.00", "60000.00"]),
        (&ana_eucerin, vec!["30000.00"]),
    ] {
        let entries = entries_of(&app, who).await;
        let mut running = [Decimal::ZERO; 6];
        for entry in &entries {
            let deltas = [
                entry.d_estimated,
                entry.d_confirmed,
                entry.d_reverted,
                entry.d_pending_withdrawal,
                entry.d_withdrawn,
                entry.d_pending_adjustments,
            ];
            for (sum, delta) in running.iter_mut().zip(deltas) {
                *sum += delta;
            }
            assert_eq!(
                entry.available_after,
                running[1] - running[4] - running[3] - running[5],
                "available_after of entry {} ({})",
                entry.seq,
                entry.entry_type
            );
        }
        let payment_entries: Vec<_> = entries
            .iter()
            .filter(|e| e.entry_type == "payment")
            .collect();
        assert_eq!(payment_entries.len(), paid_amounts.len());
        let mut expected: Vec<_> = stored_payments
            .iter()
            .filter(|p| p.influencer_id == who.influencer && p.brand_id == who.brand)
            .collect();
        expected.sort_by_key(|p| p.withdrawal_id);
        let mut amounts: Vec<Decimal> = paid_amounts.iter().map(|a| dec(a)).collect();
        amounts.sort();
        let mut gross: Vec<Decimal> = expected.iter().map(|p| p.gross_amount).collect();
        gross.sort();
        assert_eq!(gross, amounts);
        for (entry, payment) in payment_entries.iter().zip(&expected) {
            assert_eq!(entry.payment_id, Some(payment.id));
            assert_eq!(entry.withdrawal_id, Some(payment.withdrawal_id));
            assert_eq!(entry.amount, payment.gross_amount);
            assert_eq!(
                [
                    entry.d_estimated,
                    entry.d_confirmed,
                    entry.d_reverted,
                    entry.d_pending_withdrawal,
                    entry.d_withdrawn,
                    entry.d_pending_adjustments
                ],
                [
                    Decimal::ZERO,
                    Decimal::ZERO,
                    Decimal::ZERO,
                    -payment.gross_amount,
                    payment.gross_amount,
                    Decimal::ZERO
                ]
            );
            assert_eq!(
                entry.description,
                format!(
                    "payment {} of withdrawal {}",
                    payment.reference, payment.withdrawal_id
                )
            );
        }
        let (row, available) = balance(&app, &fixture(who)).await;
        assert_eq!(row.pending_withdrawal, Decimal::ZERO);
        assert_eq!(row.withdrawn, amounts.iter().copied().sum::<Decimal>());
        assert_eq!(Some(&available), entries.last().map(|e| &e.available_after));
        let last_seq: Option<i64> = {
            let mut conn = app.conn().await;
            influencer_balance::table
                .filter(influencer_balance::influencer_id.eq(who.influencer))
                .filter(influencer_balance::brand_id.eq(who.brand))
                .select(influencer_balance::last_entry_seq)
                .first(&mut conn)
                .await
                .unwrap()
        };
        assert_eq!(last_seq, entries.last().map(|e| e.seq));
        crate::orders_ingest::assert_ledger_identity(&app, &fixture(who)).await;
    }
    let (_, finance) = app.login_as("finance").await;
    let (status, verified) = post(
        &app,
        "/api/v1/commissions/balances/verify",
        &finance,
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{verified}");
    assert_eq!(verified["mismatches"], json!([]), "{verified}");
    assert!(
        verified["checkedBalances"].as_i64().unwrap() >= 3,
        "{verified}"
    );

    // One e-mail per payment with its figures, to its influencer, each with its SendEmail job.
    let mails: Vec<(Uuid, String, Value)> = {
        let mut conn = app.conn().await;
        email_outbox::table
            .filter(email_outbox::template.eq("withdrawal_paid"))
            .select((
                email_outbox::id,
                email_outbox::recipient,
                email_outbox::payload,
            ))
            .load(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(mails.len(), 6);
    // The e-mails are compared as a whole: one per payment, with its recipient and figures.
    let mut expected = Vec::new();
    for payment in &stored_payments {
        assert_eq!(
            payment.reference,
            format!(
                "LOTE-CADENA/AFI-{}",
                &payment.withdrawal_id.simple().to_string()[20..]
            )
        );
        let influencer_email: String = {
            use afiliados_db::schema::influencers;
            let mut conn = app.conn().await;
            influencers::table
                .find(payment.influencer_id)
                .select(influencers::email)
                .first(&mut conn)
                .await
                .unwrap()
        };
        let brand = if payment.brand_id == ana_eucerin.brand {
            "eucerin"
        } else {
            "cetaphil"
        };
        expected.push((
            influencer_email,
            payment.reference.clone(),
            brand.to_owned(),
            payment.gross_amount,
            payment.withholding_rate,
            payment.tax_withheld,
            payment.net_amount,
        ));
    }
    let text = |value: &Value| value.as_str().unwrap().to_owned();
    let mut sent: Vec<_> = mails
        .iter()
        .map(|(_, recipient, mail)| {
            assert_eq!(mail["paymentDate"], "2026-03-10");
            (
                recipient.clone(),
                text(&mail["reference"]),
                text(&mail["brandName"]),
                dec(&text(&mail["gross"])),
                dec(&text(&mail["withholdingRate"])),
                dec(&text(&mail["withheld"])),
                dec(&text(&mail["net"])),
            )
        })
        .collect();
    expected.sort();
    sent.sort();
    assert_eq!(sent, expected);
    let jobs: Vec<Value> = {
        let mut conn = app.conn().await;
        job_outbox::table
            .filter(job_outbox::job_type.eq("SendEmail"))
            .select(job_outbox::payload)
            .load(&mut conn)
            .await
            .unwrap()
    };
    for (id, _, _) in &mails {
        assert_eq!(
            jobs.iter()
                .filter(|job| job["emailId"] == id.to_string())
                .count(),
            1,
            "one SendEmail job for e-mail {id}"
        );
    }
    {
        let mut conn = app.conn().await;
        let events = afiliados_db::withdrawal_events::of_withdrawals(&mut conn, &ids)
            .await
            .unwrap();
        for id in &ids {
            let paid_events = events
                .iter()
                .filter(|e| e.withdrawal_id == *id && e.action == "paid")
                .count();
            assert_eq!(paid_events, 1, "one paid event for {id}");
            let row = afiliados_db::withdrawal_requests::find(&mut conn, app.state.tenant_id, *id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(row.status, "paid");
            assert_eq!(
                row.payment_id,
                stored_payments
                    .iter()
                    .find(|p| p.withdrawal_id == *id)
                    .map(|p| p.id)
            );
        }
    }
    assert_eq!(app.audit_actions("batch.paid").await.len(), 1);
}

/// A batch larger than every chunk of ADR 0081 (2 301 withdrawals: three chunks of 1 000 rows for
/// the CSV and for pay, a CSV of ~640 KB sealed in ten 64-KiB chunks): the CSV streams back whole
/// with the row's digest; a refusal in the last chunk rolls back the payments the first chunks
/// wrote; a balance whose two withdrawals fall in the first and the last chunk chains across them.
#[tokio::test]
async fn a_batch_larger_than_its_chunks_streams_its_csv_and_pays_across_chunks() {
    use afiliados_db::schema::{influencer_balance, withdrawal_requests};
    use diesel::prelude::*;
    use diesel_async::{RunQueryDsl, SimpleAsyncConnection};
    use rust_decimal::Decimal;

    const COUNT: i64 = 2_300;
    let (app, _clock) = paying_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (approver, _) = app.login_as("finance").await;
    let (_, payer) = app.login_as("finance").await;
    let now: chrono::DateTime<chrono::Utc> = crate::payments_fixtures::NOW.parse().unwrap();
    {
        let mut conn = app.conn().await;
        afiliados_api::bench_payouts::generate(
            &mut conn,
            &app.state.data_keys,
            afiliados_api::bench_payouts::Dataset {
                tenant_id: app.state.tenant_id,
                brand_id: brand,
                approver_id: approver,
                now,
                count: COUNT,
            },
        )
        .await
        .unwrap();
        // A second withdrawal of 10 000.00 for the influencer of the first withdrawal in id order,
        // with the greatest id: its balance is paid in the first chunk and again in the last.
        conn.batch_execute(
            "WITH first AS (SELECT * FROM withdrawal_requests ORDER BY id LIMIT 1)
             INSERT INTO withdrawal_requests (id, tenant_id, influencer_id, brand_id, amount, status,
               requested_by, requested_at, decided_by, decided_at, payable_from, created_at, updated_at)
             SELECT 'ffffffff-ffff-4fff-bfff-ffffffffffff', tenant_id, influencer_id, brand_id,
               10000.00, 'approved', requested_by, requested_at, decided_by, decided_at,
               payable_from, created_at, updated_at FROM first;
             UPDATE influencer_balance SET pending_withdrawal = pending_withdrawal + 10000.00,
               available = available - 10000.00
             WHERE (influencer_id, brand_id) =
               (SELECT influencer_id, brand_id FROM withdrawal_requests ORDER BY id LIMIT 1);",
        )
        .await
        .unwrap();
    }
    let last: Uuid = "ffffffff-ffff-4fff-bfff-ffffffffffff".parse().unwrap();
    let (status, batch) = post(&app, "/api/v1/payments/batches", &payer, json!({})).await;
    assert_eq!(status, 201, "{batch}");
    assert_eq!(batch["withdrawalCount"], COUNT + 1);
    assert_eq!(
        batch["withdrawalIds"].as_array().unwrap().len(),
        (COUNT + 1) as usize
    );
    assert_eq!(batch["totalGross"].to_string(), "46010000.00");
    let batch_id = batch["id"].as_str().unwrap().to_owned();

    // The CSV: every row, in id order, streamed with the stored length and digest.
    let response = app
        .get(
            &format!("/api/v1/payments/batches/{batch_id}/export.csv"),
            &payer,
        )
        .await;
    assert_eq!(response.status(), 200);
    let digest = response.headers()["x-content-sha256"]
        .to_str()
        .unwrap()
        .to_owned();
    let length = response.content_length().unwrap();
    let bytes = response.bytes().await.unwrap().to_vec();
    assert_eq!(bytes.len() as u64, length);
    assert!(
        bytes.len() > 9 * afiliados_crypto::CHUNK_SIZE,
        "{}",
        bytes.len()
    );
    assert_eq!(digest, afiliados_crypto::sha256_hex(&bytes));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let ids: Vec<String> = reader
        .records()
        .map(|record| record.unwrap()[1].to_owned())
        .collect();
    assert_eq!(ids.len(), (COUNT + 1) as usize);
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "id order");
    assert_eq!(ids.last().unwrap(), &last.to_string());

    // The last withdrawal on hold: 409 naming it alone, and nothing of the first chunks stays.
    let mut conn = app.conn().await;
    diesel::update(withdrawal_requests::table.find(last))
        .set(withdrawal_requests::payable_from.eq(now + chrono::Duration::days(1)))
        .execute(&mut conn)
        .await
        .unwrap();
    let pay_path = format!("/api/v1/payments/batches/{batch_id}/pay");
    let (status, refused) = post(&app, &pay_path, &payer, pay_batch_body("LOTE-GRANDE")).await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["error"], "batch_conflict");
    let details = refused["details"].as_array().unwrap();
    assert_eq!(details.len(), 1, "{refused}");
    assert_eq!(details[0]["withdrawalId"], last.to_string());
    assert_eq!(details[0]["code"], "withdrawal_on_hold");
    assert_eq!(payment_count(&app).await, 0);

    // Payable again: every withdrawal paid, the shared balance chained across the chunks.
    diesel::update(withdrawal_requests::table.find(last))
        .set(withdrawal_requests::payable_from.eq(now - chrono::Duration::hours(1)))
        .execute(&mut conn)
        .await
        .unwrap();
    let (status, paid) = post(&app, &pay_path, &payer, pay_batch_body("LOTE-GRANDE")).await;
    assert_eq!(status, 200, "{}", paid["error"]);
    assert_eq!(paid["status"], "paid");
    let payments = paid["payments"].as_array().unwrap();
    assert_eq!(payments.len(), (COUNT + 1) as usize);
    let listed: Vec<&str> = payments
        .iter()
        .map(|p| p["withdrawalId"].as_str().unwrap())
        .collect();
    assert!(listed.windows(2).all(|pair| pair[0] < pair[1]));
    assert_eq!(payment_count(&app).await, COUNT + 1);
    assert_eq!(paid["totalGross"].to_string(), "46010000.00");
    let rows: Vec<(Decimal, Decimal, Decimal)> = influencer_balance::table
        .filter(influencer_balance::brand_id.eq(brand))
        .select((
            influencer_balance::pending_withdrawal,
            influencer_balance::withdrawn,
            influencer_balance::available,
        ))
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(rows.len(), COUNT as usize);
    let twice = (dec("0.00"), dec("30000.00"), dec("20000.00"));
    let once = (dec("0.00"), dec("20000.00"), dec("30000.00"));
    assert_eq!(rows.iter().filter(|r| **r == twice).count(), 1, "{rows:?}");
    assert_eq!(
        rows.iter().filter(|r| **r == once).count(),
        (COUNT - 1) as usize
    );
}
