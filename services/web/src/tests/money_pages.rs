//! The money pages against the stub api (issue 10 §8): every page renders for the roles that may
//! open it, in Spanish and English, with exact amounts; the explanation shows each check with
//! what it compared and each line's formula; other roles get the 403 page without the web
//! calling the api; hold and release round-trip through their forms, refusals come back as plain
//! words; settlement previews, runs, the 409 in progress and the CSV; delivery reprocessing.

use actix_web::http::{StatusCode, header};

use super::browser::open;
use super::stub::money::{
    BUSY_WAITING_DAYS, COMMISSION_ID, CSV, DELIVERY_ID, ORDER_ID, REJECTED_DELIVERY_ID, RUN_ID,
    VTEX_ORDER_ID,
};
use super::stub::{self, fixtures as f};
use crate::i18n::take_missing;

fn money_pages() -> Vec<String> {
    vec![
        "/pedidos".into(),
        format!("/pedidos/{ORDER_ID}"),
        "/comisiones".into(),
        format!("/comisiones/{COMMISSION_ID}"),
        "/liquidaciones".into(),
        format!("/liquidaciones/{RUN_ID}"),
        "/webhooks".into(),
        format!("/webhooks/{DELIVERY_ID}"),
        "/libro-mayor".into(),
    ]
}

#[actix_web::test]
async fn finance_and_admin_read_every_money_page_in_both_languages() {
    let stub = stub::spawn();
    take_missing();
    for role in ["finance", "admin_dentsu"] {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await;
        for page in money_pages() {
            for lang in ["es", "en"] {
                let uri = format!("{page}?lang={lang}");
                let res = browser.get(&uri).await;
                assert_eq!(res.status, StatusCode::OK, "{role} {uri}: {}", res.html());
                assert!(res.html().contains(&format!("<html lang=\"{lang}\">")));
                let missing = take_missing();
                assert!(missing.is_empty(), "{role} {uri} asked for {missing:?}");
            }
        }
        let html = browser.get("/comisiones").await.html();
        for id in [
            "nav-orders",
            "nav-commissions",
            "nav-ledger",
            "nav-settlements",
            "nav-deliveries",
        ] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{role} lacks {id}");
        }
    }
}

#[actix_web::test]
async fn the_explanation_shows_each_check_the_formula_and_exact_amounts() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("finance").await;
    let html = browser.get(&format!("/pedidos/{ORDER_ID}")).await.html();
    for check in [
        "has_coupon",
        "code_exists",
        "code_created_before_order",
        "code_enabled_at_placement",
        "influencer_approved_at_placement",
        "campaign_active_at_placement",
        "campaign_within_dates",
        "min_order_value",
    ] {
        assert!(
            html.contains(&format!("id=\"check-{check}\" data-verdict=\"passed\"")),
            "{check}: {html}"
        );
    }
    assert!(html.contains("2026-02-01T15:00:00Z"), "the compared values");
    assert!(html.contains("mínimo:</span> $ 150.000,00"));
    assert!(html.contains("125820.00 × 10.00 / 100 = 12582.00"));
    assert!(html.contains("$ 338.030,00") && html.contains("$ 4.630,98"));
    assert!(html.contains("data-attributed=\"true\""));
    assert!(html.contains("<svg class=\"icon ok\""), "inline SVG icons");
    assert!(html.contains(&format!("href=\"/webhooks/{DELIVERY_ID}\"")));
    assert!(html.contains(&format!("href=\"/comisiones/{COMMISSION_ID}\"")));
    // The VTEX order id opens the same page.
    let by_vtex = browser
        .get(&format!("/pedidos/{VTEX_ORDER_ID}?lang=en"))
        .await;
    assert_eq!(by_vtex.status, StatusCode::OK);
    let html = by_vtex.html();
    assert!(html.contains("$338,030.00") && html.contains("8. Reaches the minimum order value"));
    // Filters go to the api as the api names them; a date that does not parse is left out.
    let res = browser
        .get("/pedidos?status=invoiced&attributed=true&from=ayer&to=2026-03-31")
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.html().contains(&format!("id=\"order-{ORDER_ID}\"")));
    let sent = stub.received("GET", "/api/v1/orders");
    let query = &sent.last().unwrap().query;
    assert!(
        query.contains("status=invoiced") && query.contains("attributed=true"),
        "{query}"
    );
    assert!(
        query.contains("to=2026-03-31") && !query.contains("from="),
        "{query}"
    );
    // An order out of scope (or unknown) is the 404 page.
    let res = browser
        .get("/pedidos/0190a0a0-0000-7000-8000-00000000ffff")
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn other_roles_get_the_forbidden_page_and_the_api_is_not_called() {
    let stub = stub::spawn();
    let closed: [(&str, &[&str]); 5] = [
        (
            "auditor",
            &[
                "/pedidos",
                "/comisiones",
                "/libro-mayor",
                "/liquidaciones",
                "/webhooks",
            ],
        ),
        (
            "gestor_afiliados",
            &["/comisiones", "/libro-mayor", "/liquidaciones", "/webhooks"],
        ),
        ("admin_marca", &["/liquidaciones", "/webhooks"]),
        ("influencer", &["/liquidaciones", "/webhooks"]),
        (
            "influencer",
            &["/webhooks/0190a0a0-0000-7000-8000-00000000a004"],
        ),
    ];
    for (role, pages) in closed {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await;
        for page in pages {
            let res = browser.get(page).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{role} {page}");
            assert!(res.html().contains("error-title"), "the 403 page");
        }
        let en = browser.get(&format!("{}?lang=en", pages[0])).await.html();
        assert!(en.contains("You are not allowed to see this page."), "{en}");
    }
    // The acts are closed to readers too, before any api call.
    for role in ["admin_marca", "influencer", "gestor_afiliados"] {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await;
        browser.get("/pedidos").await;
        for act in ["retener", "liberar", "revertir"] {
            let res = browser
                .post(
                    &format!("/comisiones/{COMMISSION_ID}/{act}"),
                    &[("notes", "por revisar"), ("reason", "manual")],
                )
                .await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{role} {act}");
        }
        let res = browser.post("/liquidaciones", &[("mode", "real")]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = browser
            .post(&format!("/webhooks/{DELIVERY_ID}/reprocesar"), &[])
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
    }
    let requests = stub.state.requests.lock().unwrap();
    let touched: Vec<&str> = requests
        .iter()
        .map(|r| r.path.as_str())
        .filter(|p| {
            p.starts_with("/api/v1/commissions")
                || p.starts_with("/api/v1/vtex")
                || p.starts_with("/api/v1/ledger")
        })
        .collect();
    assert!(touched.is_empty(), "{touched:?}");
}

#[actix_web::test]
async fn readers_in_scope_see_no_staff_acts_and_influencers_only_their_own() {
    let stub = stub::spawn();
    for role in ["influencer", "admin_marca"] {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await;
        for page in [
            "/pedidos".to_owned(),
            format!("/pedidos/{ORDER_ID}"),
            "/comisiones".into(),
            format!("/comisiones/{COMMISSION_ID}"),
            "/libro-mayor".into(),
        ] {
            let res = browser.get(&page).await;
            assert_eq!(res.status, StatusCode::OK, "{role} {page}: {}", res.html());
            let html = res.html();
            assert!(!html.contains("id=\"commission-acts\""), "{role} {page}");
            assert!(!html.contains("href=\"/webhooks/"), "{role} {page}");
            assert!(take_missing().is_empty());
        }
        let html = browser.get("/comisiones").await.html();
        assert!(html.contains("nav-commissions") && !html.contains("nav-settlements"));
    }
    // An influencer's ledger is its own: an influencerId in the URL is not passed on.
    let mut browser = open(&stub).await;
    browser.sign_in("influencer").await;
    let other = "0190a0a0-0000-7000-8000-0000000000a2";
    let html = browser
        .get(&format!(
            "/libro-mayor?influencerId={other}&brandId={}",
            f::BRAND_ID
        ))
        .await
        .html();
    assert!(!html.contains("id=\"influencer-id\""));
    assert!(
        html.contains("+$ 12.582,00") && html.contains("−$ 12.582,00"),
        "signed deltas"
    );
    let sent = stub.received("GET", "/api/v1/ledger");
    let last = sent.last().unwrap();
    assert!(!last.query.contains(other), "{}", last.query);
    assert!(last.query.contains(&format!("brandId={}", f::BRAND_ID)));
    // Staff filter by influencer; an id that does not parse is dropped, not sent.
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    finance
        .get(&format!("/libro-mayor?influencerId={}", f::INFLUENCER_ID))
        .await;
    finance.get("/libro-mayor?influencerId=not-an-id").await;
    let sent = stub.received("GET", "/api/v1/ledger");
    assert!(
        sent[sent.len() - 2]
            .query
            .contains(&format!("influencerId={}", f::INFLUENCER_ID))
    );
    assert!(!sent[sent.len() - 1].query.contains("influencerId"));
}

#[actix_web::test]
async fn hold_and_release_round_trip_through_the_forms() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("finance").await;
    let detail = format!("/comisiones/{COMMISSION_ID}");
    let html = browser.get(&detail).await.html();
    assert!(html.contains("id=\"commission-hold\"") && !html.contains("id=\"commission-release\""));
    // Notes shorter than the api accepts never reach it.
    browser
        .post(
            &format!("{detail}/retener"),
            &[("reason", "manual"), ("notes", "no")],
        )
        .await
        .assert_redirect(&detail);
    assert!(
        browser
            .get(&detail)
            .await
            .html()
            .contains("Escribe entre 3 y 500 caracteres")
    );
    assert!(
        stub.received("POST", &format!("/api/v1{detail}/hold"))
            .is_empty()
    );

    browser
        .post(
            &format!("{detail}/retener"),
            &[("reason", "fraud_review"), ("notes", "revisión manual")],
        )
        .await
        .assert_redirect(&detail);
    let sent = stub.received("POST", &format!("/api/v1/commissions/{COMMISSION_ID}/hold"));
    assert_eq!(
        sent[0].json(),
        serde_json::json!({"reason": "fraud_review", "notes": "revisión manual"})
    );
    let html = browser.get(&detail).await.html();
    assert!(html.contains("Comisión retenida."), "flash: {html}");
    assert!(html.contains("id=\"commission-held\"") && html.contains("id=\"commission-release\""));
    assert!(!html.contains("id=\"commission-hold\""));
    assert!(browser.get("/comisiones").await.html().contains("s-paused"));

    // Holding again: the api's 409 in plain words, in English too.
    browser
        .post(
            &format!("{detail}/retener?lang=en"),
            &[("reason", "manual"), ("notes", "otra vez")],
        )
        .await
        .assert_redirect(&detail);
    let html = browser.get(&format!("{detail}?lang=en")).await.html();
    assert!(
        html.contains("Only an estimated commission that is not on hold can be held."),
        "{html}"
    );

    browser
        .post(
            &format!("{detail}/liberar"),
            &[("notes", "revisado, sin fraude")],
        )
        .await
        .assert_redirect(&detail);
    let html = browser.get(&format!("{detail}?lang=es")).await.html();
    assert!(html.contains("Retención liberada.") && html.contains("id=\"commission-hold\""));
    // Releasing what is not held is refused by the api and said so.
    browser
        .post(&format!("{detail}/liberar"), &[("notes", "de nuevo")])
        .await
        .assert_redirect(&detail);
    assert!(
        browser
            .get(&detail)
            .await
            .html()
            .contains("La comisión no está retenida.")
    );

    // Revert, then revert again.
    browser
        .post(
            &format!("{detail}/revertir"),
            &[("reason", "pedido fraudulento")],
        )
        .await
        .assert_redirect(&detail);
    let html = browser.get(&detail).await.html();
    assert!(html.contains("Comisión revertida.") && !html.contains("id=\"commission-revert\""));
    browser
        .post(&format!("{detail}/revertir"), &[("reason", "otra vez")])
        .await
        .assert_redirect(&detail);
    assert!(
        browser
            .get(&detail)
            .await
            .html()
            .contains("La comisión ya fue revertida.")
    );
    // An unknown act is not a page.
    let res = browser
        .post(&format!("{detail}/borrar"), &[("notes", "xxxx")])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn settlement_preview_run_conflict_and_csv() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("admin_dentsu").await;
    let html = browser.get("/liquidaciones").await.html();
    assert!(
        html.contains("id=\"settlement-preview\"") && html.contains("id=\"settlement-run-now\"")
    );
    browser
        .post(
            "/liquidaciones",
            &[
                ("mode", "dry"),
                ("waiting_period_days", "0"),
                ("evaluation_date", "2026-03-20"),
            ],
        )
        .await
        .assert_redirect(&format!("/liquidaciones/{RUN_ID}"));
    let sent = stub.received("POST", "/api/v1/commissions/settlements/run");
    assert_eq!(
        sent[0].json(),
        serde_json::json!({"waitingPeriodDays": 0, "evaluationDate": "2026-03-20", "dryRun": true})
    );
    let html = browser
        .get(&format!("/liquidaciones/{RUN_ID}"))
        .await
        .html();
    assert!(html.contains("Vista previa lista") && html.contains("id=\"settlement-dry-run\""));
    assert!(html.contains("1 · $ 12.582,00") && html.contains("Cetaphil Marzo"));
    browser.get("/liquidaciones").await;
    browser
        .post("/liquidaciones", &[("mode", "real")])
        .await
        .assert_redirect(&format!("/liquidaciones/{RUN_ID}"));
    let sent = stub.received("POST", "/api/v1/commissions/settlements/run");
    assert_eq!(
        sent[1].json(),
        serde_json::json!({"waitingPeriodDays": null, "evaluationDate": null, "dryRun": false})
    );

    // Out of range: a field error, no api call.
    let res = browser
        .post(
            "/liquidaciones",
            &[("mode", "dry"), ("waiting_period_days", "91")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.html().contains("field-error"));
    assert_eq!(
        stub.received("POST", "/api/v1/commissions/settlements/run")
            .len(),
        2
    );
    // A run in progress: 409 in plain words, the form keeps what was typed.
    let busy = BUSY_WAITING_DAYS.to_string();
    let res = browser
        .post(
            "/liquidaciones?lang=en",
            &[("mode", "real"), ("waiting_period_days", &busy)],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let html = res.html();
    assert!(
        html.contains("A settlement run is already in progress"),
        "{html}"
    );
    assert!(html.contains(&format!("value=\"{busy}\"")));

    // The CSV, in the reader's language, as an attachment.
    let csv = browser
        .get(&format!("/liquidaciones/{RUN_ID}/reporte.csv?lang=en"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.body, CSV);
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
        &format!("attachment; filename=\"settlement-{RUN_ID}.csv\"")
    );
    let sent = stub.received(
        "GET",
        &format!("/api/v1/commissions/settlements/{RUN_ID}/report.csv"),
    );
    assert_eq!(sent[0].query, "locale=en");
}

#[actix_web::test]
async fn deliveries_reprocess_one_a_refused_one_and_a_range() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("finance").await;
    let html = browser.get("/webhooks?status=failed").await.html();
    assert!(html.contains(&format!("id=\"delivery-{DELIVERY_ID}\"")) && html.contains("VTEX 503"));
    let sent = stub.received("GET", "/api/v1/vtex/webhooks/deliveries");
    assert!(sent[0].query.contains("status=failed"));
    let html = browser
        .get(&format!("/webhooks/{DELIVERY_ID}"))
        .await
        .html();
    assert!(html.contains("orderId") && html.contains(&format!("href=\"/pedidos/{ORDER_ID}\"")));
    browser
        .post(&format!("/webhooks/{DELIVERY_ID}/reprocesar"), &[])
        .await
        .assert_redirect(&format!("/webhooks/{DELIVERY_ID}"));
    assert!(
        browser
            .get(&format!("/webhooks/{DELIVERY_ID}"))
            .await
            .html()
            .contains("Entrega en cola para reprocesar.")
    );
    browser
        .get(&format!("/webhooks/{REJECTED_DELIVERY_ID}"))
        .await;
    browser
        .post(
            &format!("/webhooks/{REJECTED_DELIVERY_ID}/reprocesar?lang=en"),
            &[],
        )
        .await
        .assert_redirect(&format!("/webhooks/{REJECTED_DELIVERY_ID}"));
    let html = browser
        .get(&format!("/webhooks/{REJECTED_DELIVERY_ID}?lang=en"))
        .await
        .html();
    assert!(
        html.contains("This delivery cannot be reprocessed."),
        "{html}"
    );

    browser.get("/webhooks").await;
    browser
        .post(
            "/webhooks/reprocesar",
            &[
                ("status", "failed"),
                ("from", "2026-03-01"),
                ("to", "2026-03-03"),
                ("limit", ""),
            ],
        )
        .await
        .assert_redirect("/webhooks");
    let sent = stub.received("POST", "/api/v1/vtex/webhooks/deliveries/reprocess");
    assert_eq!(
        sent[0].json(),
        serde_json::json!({"status": "failed", "from": "2026-03-01T00:00:00Z", "to": "2026-03-04T00:00:00Z", "limit": null})
    );
    assert!(
        browser
            .get("/webhooks")
            .await
            .html()
            .contains("3 entregas en cola")
    );
    // Without dates nothing is sent.
    browser
        .post(
            "/webhooks/reprocesar",
            &[("status", "failed"), ("from", "")],
        )
        .await
        .assert_redirect("/webhooks");
    assert!(
        browser
            .get("/webhooks")
            .await
            .html()
            .contains("Indica las fechas")
    );
    assert_eq!(
        stub.received("POST", "/api/v1/vtex/webhooks/deliveries/reprocess")
            .len(),
        1
    );
}

#[actix_web::test]
async fn the_dashboards_show_the_wallet_the_chart_the_tiers_and_the_gestor_summary() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("influencer").await;
    take_missing();
    for lang in ["es", "en"] {
        let res = browser.get(&format!("/influencer?lang={lang}")).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.html());
        assert!(take_missing().is_empty());
    }
    let html = browser.get("/influencer?lang=es").await.html();
    assert!(html.contains("id=\"wallet-available\"") && html.contains("$ 250.000,00"));
    assert!(html.contains("Ventas elegibles") && html.contains("$ 125.820,00"));
    assert!(html.contains("id=\"monthly-chart\"") && html.contains("<rect class=\"bar-first\""));
    // February's eligible sales are the tallest bar: full height.
    assert!(
        html.contains("y=\"0\" width=\"100\" height=\"200\""),
        "{html}"
    );
    assert!(
        html.contains("<rect width=\"62\" height=\"6\""),
        "the tier progress bar"
    );
    assert!(html.contains("Oro · 12.00 %"));
    let sent = stub.received("GET", "/api/v1/dashboard/influencer");
    assert!(!sent.is_empty());

    let mut gestor = open(&stub).await;
    gestor.sign_in("gestor_afiliados").await;
    let html = gestor.get("/gestor").await.html();
    assert!(html.contains("id=\"gestor-summary\"") && html.contains("id=\"summary-overdue\""));
    assert!(html.contains("/gestor/codigos?syncState=failed"));
    assert!(
        !html.contains("/comisiones?onHold=true"),
        "the gestor reads no commissions"
    );
    let mut admin = open(&stub).await;
    admin.sign_in("admin_marca").await;
    assert!(
        admin
            .get("/gestor")
            .await
            .html()
            .contains("/comisiones?onHold=true")
    );
}
