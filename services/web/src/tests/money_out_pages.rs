//! The money-out pages against the stub api (issue 11 §6): every page renders for its roles in
//! Spanish and English and is refused (403, no api call) for the others; the wallet's request
//! form sends the exact amount with the Idempotency-Key of its render (a double submit creates
//! one request) and explains each refusal with its number; Finance decides (segregation of
//! duties said plainly), pays with the withholding preview (the 11 % example), pays and cancels
//! batches (a conflict lists the blocking withdrawal), resolves and opens debts; the payout CSV
//! and the voucher stream through with their headers; the finance dashboard draws its charts.

use actix_web::http::{StatusCode, header};
use serde_json::json;

use super::browser::{FilePart, open};
use super::stub::money_out::{
    A_PENDING, BATCH_ID, CONFLICT_REFERENCE, CONSENT_AMOUNT, DUAL_REFERENCE, INVOICE_ID,
    NOT_APPROVED_AMOUNT, P_NEW, P_PAID, PAYOUT_CSV, VOUCHER, VOUCHER_ID, W_APPROVED, W_HOLD, W_NEW,
    W_PAID, W_PENDING,
};
use super::stub::{self, fixtures as f};
use crate::i18n::take_missing;

/// A JSON body as text, so money keeps its digits (`60000.50`, not the float `60000.5`).
fn body(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

fn key_in(html: &str) -> String {
    let marker = "name=\"idempotency_key\" value=\"";
    let start = html.find(marker).expect("the form carries a key") + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

fn finance_pages() -> Vec<String> {
    vec![
        "/retiros".into(),
        "/retiros?vista=pagables".into(),
        "/retiros?vista=todos".into(),
        format!("/retiros/{W_PENDING}"),
        format!("/retiros/{W_APPROVED}"),
        format!("/retiros/{W_PAID}"),
        "/pagos".into(),
        format!("/pagos/{P_PAID}"),
        "/lotes".into(),
        format!("/lotes/{BATCH_ID}"),
        "/ajustes".into(),
        "/ajustes?status=all".into(),
        "/finanzas/tablero".into(),
    ]
}

#[actix_web::test]
async fn every_page_renders_for_its_roles_in_both_languages() {
    let stub = stub::spawn();
    take_missing();
    let influencer_pages: Vec<String> = vec![
        "/influencer/billetera".into(),
        format!("/retiros/{W_PAID}"),
        "/pagos".into(),
        format!("/pagos/{P_PAID}"),
        "/ajustes".into(),
    ];
    let readers: Vec<String> = vec![
        "/retiros".into(),
        format!("/retiros/{W_PENDING}"),
        "/ajustes".into(),
    ];
    for (role, pages) in [
        ("finance", finance_pages()),
        ("admin_dentsu", finance_pages()),
        ("influencer", influencer_pages),
        ("gestor_afiliados", readers.clone()),
        ("admin_marca", readers),
    ] {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await;
        for page in pages {
            for lang in ["es", "en"] {
                let joiner = if page.contains('?') { '&' } else { '?' };
                let uri = format!("{page}{joiner}lang={lang}");
                let res = browser.get(&uri).await;
                assert_eq!(res.status, StatusCode::OK, "{role} {uri}: {}", res.html());
                assert!(res.html().contains(&format!("<html lang=\"{lang}\">")));
                let missing = take_missing();
                assert!(missing.is_empty(), "{role} {uri} asked for {missing:?}");
            }
        }
    }
    // The navigation offers each role its entries.
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let html = finance.get("/retiros").await.html();
    for id in [
        "nav-withdrawals",
        "nav-payments",
        "nav-batches",
        "nav-adjustments",
        "nav-finance-dashboard",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "finance lacks {id}");
    }
    let mut influencer = open(&stub).await;
    influencer.sign_in("influencer").await;
    let html = influencer.get("/influencer/billetera").await.html();
    assert!(html.contains("id=\"nav-wallet\"") && !html.contains("id=\"nav-batches\""));
    assert!(!html.contains("id=\"nav-finance-dashboard\""));
    // An influencer's `/retiros` is its wallet.
    influencer
        .get("/retiros")
        .await
        .assert_redirect("/influencer/billetera");
}

#[actix_web::test]
async fn other_roles_are_refused_before_any_api_call() {
    let stub = stub::spawn();
    let closed: [(&str, &[&str]); 4] = [
        (
            "auditor",
            &[
                "/retiros",
                "/pagos",
                "/lotes",
                "/ajustes",
                "/finanzas/tablero",
                "/influencer/billetera",
            ],
        ),
        (
            "gestor_afiliados",
            &[
                "/pagos",
                "/lotes",
                "/finanzas/tablero",
                "/influencer/billetera",
            ],
        ),
        ("admin_marca", &["/pagos", "/lotes", "/finanzas/tablero"]),
        ("influencer", &["/lotes", "/finanzas/tablero"]),
    ];
    for (role, pages) in closed {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await;
        for page in pages {
            let res = browser.get(page).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{role} {page}");
        }
    }
    // The acts are Finance's and admin dentsu's only.
    for (role, home) in [
        ("influencer", "/influencer"),
        ("gestor_afiliados", "/gestor"),
        ("admin_marca", "/gestor"),
        ("auditor", "/admin"),
    ] {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await;
        assert_eq!(browser.get(home).await.status, StatusCode::OK);
        for (uri, fields) in [
            (
                format!("/retiros/{W_PENDING}/decision"),
                vec![("status", "approved")],
            ),
            (
                format!("/retiros/{W_APPROVED}/pagar"),
                vec![("amount", "1234567.89")],
            ),
            ("/lotes".to_owned(), vec![("brand_id", "")]),
            (
                format!("/lotes/{BATCH_ID}/pagar"),
                vec![("reference", "LOTE-1")],
            ),
            (format!("/lotes/{BATCH_ID}/cancelar"), vec![]),
            ("/ajustes".to_owned(), vec![("amount", "100")]),
            (
                format!("/ajustes/{A_PENDING}/resolver"),
                vec![("choice", "written_off")],
            ),
        ] {
            let res = browser.post(&uri, &fields).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{role} {uri}");
            // Refused for the role, not for a stale form token.
            assert!(
                res.html().contains("No tienes permiso"),
                "{role} {uri}: {}",
                res.html()
            );
        }
    }
    let requests = stub.state.requests.lock().unwrap();
    let touched: Vec<String> = requests
        .iter()
        .filter(|r| {
            r.path.starts_with("/api/v1/payments")
                || r.path.starts_with("/api/v1/dashboard/finance")
        })
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(touched.is_empty(), "{touched:?}");
}

#[actix_web::test]
async fn the_wallet_requests_a_withdrawal_once_and_explains_each_refusal() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("influencer").await;
    let html = browser.get("/influencer/billetera").await.html();
    let brand = f::BRAND_ID;
    assert!(html.contains(&format!("id=\"withdraw-form-{brand}\"")));
    assert!(
        html.contains(&format!("id=\"wallet-{brand}-minimum\"")) && html.contains("$ 50.000,00")
    );
    assert!(html.contains("$ 250.000,00"), "the available");
    let key = key_in(&html);

    // Below the brand minimum: the api's 422 with the minimum, what was typed kept.
    let res = browser
        .post(
            "/influencer/billetera/retiros",
            &[
                ("idempotency_key", &key),
                ("brand_id", brand),
                ("amount", "15000"),
                ("notes", "primer retiro"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.html();
    assert!(
        html.contains("Está por debajo del mínimo. (mínimo $ 50.000,00)"),
        "{html}"
    );
    assert!(html.contains("value=\"15000\"") && html.contains("value=\"primer retiro\""));
    let fresh = key_in(&html);
    assert_ne!(fresh, key, "a re-rendered form gets a new key");

    // Over the available: the 409 with the available, in English too.
    let res = browser
        .post(
            "/influencer/billetera/retiros?lang=en",
            &[
                ("idempotency_key", &fresh),
                ("brand_id", brand),
                ("amount", "300000"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let html = res.html();
    assert!(
        html.contains("exceeds the brand")
            && html.contains("available balance. Available now: $250,000.00."),
        "{html}"
    );
    // Not approved yet.
    let res = browser
        .post(
            "/influencer/billetera/retiros",
            &[
                ("idempotency_key", &key_in(&html)),
                ("brand_id", brand),
                ("amount", NOT_APPROVED_AMOUNT),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.html().contains("El afiliado aún no está aprobado."));
    // An ambiguous amount never reaches the api.
    let before = stub.received("POST", "/api/v1/payments/withdrawals").len();
    let res = browser
        .post(
            "/influencer/billetera/retiros",
            &[
                ("idempotency_key", &key),
                ("brand_id", brand),
                ("amount", "20.000,00"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.html().contains("sin separador de miles"));
    assert_eq!(
        stub.received("POST", "/api/v1/payments/withdrawals").len(),
        before
    );
    // New policy versions: to the acceptance page, told why.
    browser
        .post(
            "/influencer/billetera/retiros",
            &[
                ("idempotency_key", &key_in(&res.html())),
                ("brand_id", brand),
                ("amount", CONSENT_AMOUNT),
            ],
        )
        .await
        .assert_redirect("/influencer/aceptar-politicas");

    // Accepted; the same form submitted twice sends the same key and creates one request.
    let html = browser.get("/influencer/billetera").await.html();
    let key = key_in(&html);
    for _ in 0..2 {
        browser
            .post(
                "/influencer/billetera/retiros",
                &[
                    ("idempotency_key", &key),
                    ("brand_id", brand),
                    ("amount", "60000,50"),
                    ("notes", ""),
                ],
            )
            .await
            .assert_redirect(&format!("/retiros/{W_NEW}"));
    }
    let sent = stub.received("POST", "/api/v1/payments/withdrawals");
    let last_two = &sent[sent.len() - 2..];
    for request in last_two {
        assert_eq!(request.idempotency_key.as_deref(), Some(key.as_str()));
        assert_eq!(
            request.json(),
            body(&format!(
                r#"{{"brandId": "{brand}", "amount": 60000.50, "notes": null, "influencerId": null}}"#
            ))
        );
    }
    let page = browser.get(&format!("/retiros/{W_NEW}")).await.html();
    assert!(
        page.contains("Solicitud de retiro enviada") && page.contains("data-status=\"pending\"")
    );
    assert!(
        !page.contains("id=\"withdrawal-decision\""),
        "no acts for the influencer"
    );
    // Another influencer's (or an unknown) withdrawal is the 404 page.
    let res = browser
        .get("/retiros/0190a0a0-0000-7000-8000-00000000ffff")
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn finance_decides_with_segregation_of_duties_said_plainly() {
    let stub = stub::spawn();
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let html = finance.get("/retiros").await.html();
    assert!(html.contains(&format!("id=\"withdrawal-{W_PENDING}\"")));
    assert!(
        !html.contains(&format!("id=\"withdrawal-{W_PAID}\"")),
        "the queue holds pending only"
    );
    let sent = stub.received("GET", "/api/v1/payments/withdrawals");
    assert!(sent.last().unwrap().query.contains("status=pending"));
    finance.get("/retiros?vista=pagables").await;
    let sent = stub.received("GET", "/api/v1/payments/withdrawals");
    assert!(sent.last().unwrap().query.contains("payable=true"));

    let detail = format!("/retiros/{W_PENDING}");
    let html = finance.get(&detail).await.html();
    assert!(html.contains("id=\"own-request\""), "the requester is told");
    let res = finance
        .post(
            &format!("{detail}/decision"),
            &[("status", "approved"), ("notes", "ok")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(
        res.html().contains("Por separación de funciones"),
        "{}",
        res.html()
    );
    assert!(res.html().contains("value=\"ok\""), "the notes are kept");
    // A rejection needs its reason before any call.
    let calls = stub
        .received(
            "PATCH",
            &format!("/api/v1/payments/withdrawals/{W_PENDING}/decision"),
        )
        .len();
    let res = finance
        .post(
            &format!("{detail}/decision"),
            &[("status", "rejected"), ("rejection_reason", "no")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        stub.received(
            "PATCH",
            &format!("/api/v1/payments/withdrawals/{W_PENDING}/decision")
        )
        .len(),
        calls
    );

    // Another person approves.
    let mut admin = open(&stub).await;
    admin.sign_in("admin_dentsu").await;
    admin.get(&detail).await;
    admin
        .post(
            &format!("{detail}/decision"),
            &[("status", "approved"), ("notes", "")],
        )
        .await
        .assert_redirect(&detail);
    let sent = stub.received(
        "PATCH",
        &format!("/api/v1/payments/withdrawals/{W_PENDING}/decision"),
    );
    assert_eq!(
        sent.last().unwrap().json(),
        json!({"status": "approved", "notes": null, "rejectionReason": null})
    );
    let html = admin.get(&detail).await.html();
    assert!(html.contains("Retiro aprobado.") && html.contains("data-status=\"approved\""));
    // Deciding again: the api's 409 in words.
    let res = admin
        .post(
            &format!("{detail}/decision?lang=en"),
            &[
                ("status", "rejected"),
                ("rejection_reason", "datos incompletos"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(
        res.html()
            .contains("This withdrawal was already decided or paid.")
    );
    assert_eq!(
        stub.received(
            "PATCH",
            &format!("/api/v1/payments/withdrawals/{W_PENDING}/decision")
        )
        .last()
        .unwrap()
        .json(),
        json!({"status": "rejected", "notes": null, "rejectionReason": "datos incompletos"})
    );
}

#[actix_web::test]
async fn paying_one_shows_the_withholding_and_each_refusal() {
    let stub = stub::spawn();
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let detail = format!("/retiros/{W_APPROVED}");
    let html = finance.get(&detail).await.html();
    // The 11 % example: 1 234 567.89 → 135 802.47 withheld, 1 098 765.42 net.
    assert!(html.contains("id=\"withholding-preview\""));
    assert!(html.contains("$ 1.234.567,89") && html.contains("11.00 %"));
    assert!(html.contains("$ 135.802,47") && html.contains("$ 1.098.765,42"));
    assert!(
        html.contains("value=\"1234567.89\""),
        "the amount is prefilled"
    );
    let pay = format!("{detail}/pagar");
    // Amount off by more than a cent: the approved amount is shown.
    let res = finance
        .post(
            &pay,
            &[
                ("idempotency_key", &key_in(&html)),
                ("amount", "1234000"),
                ("payment_date", "2026-03-12"),
                ("method", "bank_transfer"),
                ("reference", "TRX-1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.html().contains("(monto aprobado $ 1.234.567,89)"),
        "{}",
        res.html()
    );
    assert!(res.html().contains("value=\"1234000\"") && res.html().contains("value=\"TRX-1\""));
    // Above the dual-control threshold with the approver paying.
    let res = finance
        .post(
            &pay,
            &[
                ("idempotency_key", &key_in(&res.html())),
                ("amount", "1234567.89"),
                ("payment_date", "2026-03-12"),
                ("method", "bank_transfer"),
                ("reference", DUAL_REFERENCE),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.html().contains("control dual"));
    // A short reference never reaches the api.
    let res = finance
        .post(
            &pay,
            &[
                ("idempotency_key", &key_in(&res.html())),
                ("amount", "1234567.89"),
                ("payment_date", "2026-03-12"),
                ("method", "bank_transfer"),
                ("reference", "ab"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.html().contains("entre 3 y 100 caracteres"));
    // Paid: to the payment with gross, rate, withheld and net.
    let key = key_in(&res.html());
    finance
        .post(
            &pay,
            &[
                ("idempotency_key", &key),
                ("amount", "1234567.89"),
                ("payment_date", "2026-03-12"),
                ("method", "bank_transfer"),
                ("reference", "TRX-2026-0001"),
            ],
        )
        .await
        .assert_redirect(&format!("/pagos/{P_NEW}"));
    let sent = stub.received(
        "POST",
        &format!("/api/v1/payments/withdrawals/{W_APPROVED}/pay"),
    );
    let last = sent.last().unwrap();
    assert_eq!(last.idempotency_key.as_deref(), Some(key.as_str()));
    assert_eq!(
        last.json(),
        body(
            r#"{"amount": 1234567.89, "paymentDate": "2026-03-12", "method": "bank_transfer", "reference": "TRX-2026-0001", "notes": null}"#
        )
    );
    let html = finance.get(&format!("/pagos/{P_NEW}?lang=en")).await.html();
    assert!(
        html.contains("Pago registrado."),
        "the flash, in the language of the POST"
    );
    assert!(html.contains("$1,234,567.89") && html.contains("11.00 %"));
    assert!(html.contains("$135,802.47") && html.contains("$1,098,765.42"));

    // On hold: the payable date is said.
    let html = finance.get(&format!("/retiros/{W_HOLD}")).await.html();
    assert!(
        html.contains("id=\"withholding-after\""),
        "no preview: said when it is computed"
    );
    let res = finance
        .post(
            &format!("/retiros/{W_HOLD}/pagar"),
            &[
                ("idempotency_key", &key_in(&html)),
                ("amount", "60000"),
                ("payment_date", "2026-03-12"),
                ("method", "other"),
                ("reference", "TRX-9"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(
        res.html().contains("periodo de espera")
            && res.html().contains("Pagable desde 2099-01-01 05:00 UTC"),
        "{}",
        res.html()
    );
}

#[actix_web::test]
async fn batches_are_created_paid_all_or_nothing_cancelled_and_their_csv_streams() {
    let stub = stub::spawn();
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let html = finance.get("/lotes").await.html();
    assert!(html.contains("id=\"batch-create\"") && html.contains("Cetaphil"));
    // Nothing to batch across every brand: said in words.
    let res = finance
        .post(
            "/lotes",
            &[("idempotency_key", &key_in(&html)), ("brand_id", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(
        res.html()
            .contains("No hay retiros aprobados, pagables y sin lote")
    );
    let key = key_in(&res.html());
    finance
        .post(
            "/lotes",
            &[("idempotency_key", &key), ("brand_id", f::BRAND_ID)],
        )
        .await
        .assert_redirect(&format!("/lotes/{BATCH_ID}"));
    let sent = stub.received("POST", "/api/v1/payments/batches");
    assert_eq!(
        sent.last().unwrap().json(),
        json!({"brandId": f::BRAND_ID, "withdrawalIds": null})
    );
    assert_eq!(
        sent.last().unwrap().idempotency_key.as_deref(),
        Some(key.as_str())
    );

    let page = format!("/lotes/{BATCH_ID}");
    let html = finance.get(&page).await.html();
    assert!(
        html.contains("Lote creado") && html.contains(&format!("id=\"withdrawal-{W_APPROVED}\""))
    );
    assert!(html.contains("$ 1.098.765,42"));
    // The payout CSV, byte for byte, as an attachment.
    let csv = finance.get(&format!("{page}/pagos.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.body, PAYOUT_CSV);
    assert!(
        csv.headers
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert_eq!(
        csv.headers.get(header::CONTENT_DISPOSITION).unwrap(),
        &format!("attachment; filename=\"lote-{BATCH_ID}.csv\"")
    );
    // A blocked withdrawal: nothing paid, the withdrawal named with its reason, in English too.
    let res = finance
        .post(
            &format!("{page}/pagar?lang=en"),
            &[
                ("idempotency_key", &key_in(&html)),
                ("payment_date", "2026-03-07"),
                ("method", "bank_transfer"),
                ("reference", CONFLICT_REFERENCE),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let html = res.html();
    assert!(html.contains("Nothing was paid"));
    assert!(
        html.contains(&format!("id=\"conflict-{W_APPROVED}\""))
            && html.contains("dual-control threshold"),
        "{html}"
    );
    assert!(html.contains(&format!("value=\"{CONFLICT_REFERENCE}\"")));
    let key = key_in(&html);
    finance
        .post(
            &format!("{page}/pagar"),
            &[
                ("idempotency_key", &key),
                ("payment_date", "2026-03-07"),
                ("method", "bank_transfer"),
                ("reference", "LOTE-2026-03"),
            ],
        )
        .await
        .assert_redirect(&page);
    let sent = stub.received("POST", &format!("/api/v1/payments/batches/{BATCH_ID}/pay"));
    assert_eq!(
        sent.last().unwrap().json(),
        json!({"paymentDate": "2026-03-07", "method": "bank_transfer", "reference": "LOTE-2026-03", "notes": null})
    );
    assert_eq!(
        sent.last().unwrap().idempotency_key.as_deref(),
        Some(key.as_str())
    );
    let html = finance.get(&page).await.html();
    assert!(
        html.contains("Lote pagado.")
            && html.contains("data-status=\"paid\"")
            && !html.contains("id=\"batch-pay\"")
    );
    // Cancelling a paid batch: the api's 409 in words.
    finance
        .post(&format!("{page}/cancelar"), &[])
        .await
        .assert_redirect(&page);
    assert!(
        finance
            .get(&page)
            .await
            .html()
            .contains("El lote ya fue pagado o cancelado.")
    );
}

#[actix_web::test]
async fn debts_are_resolved_and_opened_with_their_rules() {
    let stub = stub::spawn();
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let html = finance.get("/ajustes").await.html();
    assert!(html.contains(&format!("id=\"resolve-{A_PENDING}\"")) && html.contains("Reversión"));
    let resolve = format!("/ajustes/{A_PENDING}/resolver");
    // Netting while the balance is negative.
    let res = finance
        .post(&resolve, &[("choice", "netting"), ("notes", "compensar")])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.html().contains("No se puede compensar"));
    assert!(res.html().contains("value=\"compensar\""));
    // A repayment needs its reference before any call.
    let calls = stub
        .received(
            "PATCH",
            &format!("/api/v1/payments/adjustments/{A_PENDING}/resolve"),
        )
        .len();
    let res = finance
        .post(&resolve, &[("choice", "repayment"), ("reference", "")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        stub.received(
            "PATCH",
            &format!("/api/v1/payments/adjustments/{A_PENDING}/resolve")
        )
        .len(),
        calls
    );
    finance
        .post(
            &resolve,
            &[
                ("choice", "repayment"),
                ("reference", "REP-1"),
                ("notes", ""),
            ],
        )
        .await
        .assert_redirect("/ajustes");
    let sent = stub.received(
        "PATCH",
        &format!("/api/v1/payments/adjustments/{A_PENDING}/resolve"),
    );
    assert_eq!(
        sent.last().unwrap().json(),
        json!({"resolutionType": "recovered", "recoveryMethod": "repayment", "reference": "REP-1", "notes": null})
    );
    assert!(
        finance
            .get("/ajustes")
            .await
            .html()
            .contains("Ajuste resuelto.")
    );

    // A manual debt: prefilled from the query, the reason's length checked first.
    let html = finance
        .get(&format!(
            "/ajustes?influencerId={}&brandId={}",
            f::INFLUENCER_ID,
            f::BRAND_ID
        ))
        .await
        .html();
    assert!(html.contains(&format!("value=\"{}\"", f::INFLUENCER_ID)));
    let key = key_in(&html);
    let res = finance
        .post(
            "/ajustes",
            &[
                ("idempotency_key", &key),
                ("influencer_id", f::INFLUENCER_ID),
                ("brand_id", f::BRAND_ID),
                ("amount", "15000"),
                ("reason", "corto"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.html().contains("10 a 500 caracteres") && res.html().contains("value=\"corto\""));
    let key = key_in(&res.html());
    finance
        .post(
            "/ajustes",
            &[
                ("idempotency_key", &key),
                ("influencer_id", f::INFLUENCER_ID),
                ("brand_id", f::BRAND_ID),
                ("amount", "15000"),
                ("reason", "Producto dañado devuelto tras el pago"),
            ],
        )
        .await
        .assert_redirect("/ajustes");
    let sent = stub.received("POST", "/api/v1/payments/adjustments");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].idempotency_key.as_deref(), Some(key.as_str()));
    assert_eq!(
        sent[0].json(),
        body(&format!(
            r#"{{"influencerId": "{}", "brandId": "{}", "amount": 15000.00, "reason": "Producto dañado devuelto tras el pago", "orderId": null, "commissionId": null}}"#,
            f::INFLUENCER_ID,
            f::BRAND_ID
        ))
    );
    // Readers in scope see the debts without the acts.
    let mut gestor = open(&stub).await;
    gestor.sign_in("gestor_afiliados").await;
    let html = gestor.get("/ajustes?status=all").await.html();
    assert!(
        html.contains(&format!("id=\"adjustment-{A_PENDING}\""))
            && !html.contains("id=\"adjustment-create\"")
    );
    assert!(!html.contains("/resolver"));
}

#[actix_web::test]
async fn vouchers_and_invoices_stream_through_with_their_headers() {
    let stub = stub::spawn();
    let mut influencer = open(&stub).await;
    influencer.sign_in("influencer").await;
    let html = influencer.get("/influencer/billetera").await.html();
    assert!(html.contains(&format!("href=\"/pagos/{P_PAID}\"")));
    let html = influencer.get(&format!("/pagos/{P_PAID}")).await.html();
    let link = format!("/pagos/{P_PAID}/documentos/{VOUCHER_ID}");
    assert!(html.contains(&format!("href=\"{link}\"")) && html.contains("Comprobante de pago"));
    assert!(html.contains("id=\"payment-net\""));
    let file = influencer.get(&link).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.body, VOUCHER);
    assert_eq!(
        file.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/pdf"
    );
    assert_eq!(
        file.headers.get(header::CONTENT_DISPOSITION).unwrap(),
        "attachment; filename=\"comprobante.pdf\""
    );
    let invoice = format!("/retiros/{W_PAID}/documentos/{INVOICE_ID}");
    assert!(
        influencer
            .get(&format!("/retiros/{W_PAID}"))
            .await
            .html()
            .contains(&format!("href=\"{invoice}\""))
    );
    let file = influencer.get(&invoice).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(
        file.headers.get(header::CONTENT_DISPOSITION).unwrap(),
        "attachment; filename=\"factura.pdf\""
    );
    // A document that is not there is the 404 page, not a file.
    let res = influencer
        .get(&format!("/pagos/{P_PAID}/documentos/{INVOICE_ID}"))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn the_finance_dashboard_draws_its_charts_with_the_required_labels() {
    let stub = stub::spawn();
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let html = finance.get("/finanzas/tablero").await.html();
    for id in [
        "chart-wallet",
        "chart-withdrawals",
        "chart-payments",
        "chart-adjustments",
        "chart-commissions",
        "chart-brands",
    ] {
        assert!(
            html.contains(&format!("<figure class=\"chart\" id=\"{id}\">")),
            "{id}"
        );
    }
    assert!(html.contains("Comisión confirmada acumulada") && html.contains("Retiros por decidir"));
    // The largest wallet bucket draws full length; the others scale to it.
    assert!(
        html.contains("id=\"chart-wallet-confirmed\"")
            && html.contains("width=\"300\" height=\"18\"")
    );
    assert!(
        html.contains("$ 1.234.567,89 · 1"),
        "payable withdrawals: amount · count"
    );
    assert!(html.contains("−$ 40.000,00"), "negative balances");
    assert!(html.contains("52 h"));
    assert!(html.contains(&format!("href=\"/pagos/{P_PAID}\"")));
    let html = finance
        .get(&format!(
            "/finanzas/tablero?lang=en&brandId={}",
            f::BRAND_ID
        ))
        .await
        .html();
    assert!(
        html.contains("Accumulated confirmed commission") && html.contains("Withdrawals to decide")
    );
    let sent = stub.received("GET", "/api/v1/dashboard/finance");
    assert_eq!(
        sent.last().unwrap().query,
        format!("brandId={}", f::BRAND_ID)
    );
}

#[actix_web::test]
async fn finance_attaches_the_voucher_and_the_influencer_its_invoice() {
    let stub = stub::spawn();
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let page = format!("/pagos/{P_PAID}");
    let html = finance.get(&page).await.html();
    assert!(
        html.contains("id=\"document-upload\"") && html.contains("enctype=\"multipart/form-data\"")
    );
    let file = FilePart {
        field: "file",
        filename: "comprobante.pdf",
        content_type: "application/pdf",
        bytes: VOUCHER,
    };
    finance
        .post_multipart(
            &format!("{page}/documentos"),
            &[("kind", "voucher"), ("notes", "transferencia")],
            Some(file),
        )
        .await
        .assert_redirect(&page);
    let sent = stub.received("POST", &format!("/api/v1/payments/{P_PAID}/documents"));
    assert_eq!(sent.len(), 1);
    assert!(sent[0].content_type.starts_with("multipart/form-data"));
    let body = sent[0].text();
    assert!(
        body.contains("voucher")
            && body.contains("transferencia")
            && body.contains("%PDF-1.7 comprobante")
    );
    assert!(
        finance
            .get(&page)
            .await
            .html()
            .contains("Documento adjuntado.")
    );
    // Without a file, or with a kind the endpoint does not take: said, nothing sent.
    finance
        .post_multipart(&format!("{page}/documentos"), &[("kind", "voucher")], None)
        .await
        .assert_redirect(&page);
    assert!(
        finance
            .get(&page)
            .await
            .html()
            .contains("Este campo es obligatorio.")
    );
    let file = FilePart {
        field: "file",
        filename: "x.pdf",
        content_type: "application/pdf",
        bytes: VOUCHER,
    };
    finance
        .post_multipart(
            &format!("{page}/documentos"),
            &[("kind", "invoice")],
            Some(file),
        )
        .await
        .assert_redirect(&page);
    assert_eq!(
        stub.received("POST", &format!("/api/v1/payments/{P_PAID}/documents"))
            .len(),
        1
    );

    // The influencer attaches its invoice to its request; it cannot attach to a payment.
    let mut influencer = open(&stub).await;
    influencer.sign_in("influencer").await;
    assert!(
        !influencer
            .get(&page)
            .await
            .html()
            .contains("id=\"document-upload\"")
    );
    let file = FilePart {
        field: "file",
        filename: "factura.pdf",
        content_type: "application/pdf",
        bytes: b"%PDF-1.7 factura",
    };
    let res = influencer
        .post_multipart(
            &format!("{page}/documentos"),
            &[("kind", "voucher")],
            Some(file),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let own = format!("/retiros/{W_PAID}");
    assert!(
        influencer
            .get(&own)
            .await
            .html()
            .contains("id=\"document-upload\"")
    );
    let file = FilePart {
        field: "file",
        filename: "factura.pdf",
        content_type: "application/pdf",
        bytes: b"%PDF-1.7 factura",
    };
    influencer
        .post_multipart(
            &format!("{own}/documentos"),
            &[("kind", "invoice")],
            Some(file),
        )
        .await
        .assert_redirect(&own);
    let sent = stub.received(
        "POST",
        &format!("/api/v1/payments/withdrawals/{W_PAID}/documents"),
    );
    assert_eq!(sent.len(), 1);
    assert!(sent[0].text().contains("invoice"));
}
