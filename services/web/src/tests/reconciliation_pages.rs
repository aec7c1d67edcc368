//! The reconciliation and alert pages against the stub api (ADR 0067): every page renders for
//! its roles in Spanish and English; filters reach the api as its query; the run form sends the
//! range and shows the api's refusals next to the fields; a running run reloads itself (bounded);
//! reprocess and accept go out as CSRF-protected forms, a short justification is refused under
//! its field with the text kept; alerts are acknowledged through the caller's notification;
//! admin_marca gets the 403 page before any api call, and the auditor reads without buttons.

use actix_web::http::StatusCode;

use super::browser::open;
use super::stub::reconciliation::{
    ALERT_CRITICAL, ALERT_NOTIFICATION, ALERT_WARNING, D_A, D_D, R_DONE, R_RUNNING, REPORT_CSV,
};
use super::stub::{self};
use crate::i18n::take_missing;

fn reader_pages() -> Vec<String> {
    vec![
        "/conciliaciones".to_owned(),
        "/conciliaciones?type=adhoc&status=warning&from=2026-03-01&to=2026-03-05".to_owned(),
        "/conciliaciones?from=ayer".to_owned(),
        format!("/conciliaciones/{R_DONE}"),
        format!("/conciliaciones/{R_DONE}?class=D&status=open"),
        format!("/conciliaciones/{R_RUNNING}"),
        "/conciliaciones/discrepancias".to_owned(),
        "/conciliaciones/discrepancias?class=Z&status=all".to_owned(),
        format!("/conciliaciones/{R_DONE}/discrepancias/{D_A}"),
        format!("/conciliaciones/{R_DONE}/discrepancias/{D_D}"),
    ]
}

#[actix_web::test]
async fn every_reconciliation_and_alert_page_renders_in_both_languages() {
    let stub = stub::spawn();
    take_missing();
    let mut operator_pages = reader_pages();
    operator_pages.push("/alertas".to_owned());
    operator_pages
        .push("/alertas?alertType=delayed_job&severity=warning&from=2026-03-01".to_owned());
    for (role, pages) in [
        ("admin_dentsu", operator_pages.clone()),
        ("gestor_afiliados", operator_pages),
        ("finance", reader_pages()),
        ("auditor", reader_pages()),
    ] {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await;
        for page in pages {
            for lang in ["es", "en"] {
                let separator = if page.contains('?') { '&' } else { '?' };
                let uri = format!("{page}{separator}lang={lang}");
                let res = browser.get(&uri).await;
                assert_eq!(res.status, StatusCode::OK, "{role} {uri}: {}", res.html());
                let html = res.html();
                assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{uri}");
                assert!(html.contains("id=\"nav-reconciliation\""), "{role} {uri}");
                let missing = take_missing();
                assert!(missing.is_empty(), "{role} {uri} asked for {missing:?}");
            }
        }
    }
}

#[actix_web::test]
async fn admin_marca_gets_the_403_page_and_never_reaches_the_api() {
    let stub = stub::spawn();
    let mut brand = open(&stub).await;
    brand.sign_in("admin_marca").await;
    let home = brand.get("/gestor").await.html();
    assert!(!home.contains("id=\"nav-reconciliation\"") && !home.contains("id=\"nav-alerts\""));
    for page in [
        "/conciliaciones".to_owned(),
        format!("/conciliaciones/{R_DONE}"),
        "/conciliaciones/discrepancias".to_owned(),
        "/conciliaciones/discrepancias.csv".to_owned(),
        format!("/conciliaciones/{R_DONE}/reporte.csv"),
        format!("/conciliaciones/{R_DONE}/discrepancias/{D_D}"),
        "/alertas".to_owned(),
    ] {
        let res = brand.get(&page).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{page}");
        assert!(res.html().contains("error-title"), "the 403 page: {page}");
    }
    let res = brand
        .post(
            &format!("/conciliaciones/{R_DONE}/discrepancias/{D_D}/aceptar"),
            &[("justification", "x".repeat(30).as_str())],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let reached = stub
        .state
        .requests
        .lock()
        .unwrap()
        .iter()
        .any(|r| r.path.contains("reconciliation") || r.path.contains("pending"));
    assert!(!reached, "nothing reached the api");
    // Finance reads and acts but has no alert queue.
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    assert_eq!(finance.get("/alertas").await.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn filters_reach_the_api_and_unknown_ones_are_dropped_and_said() {
    let stub = stub::spawn();
    let mut admin = open(&stub).await;
    admin.sign_in("admin_dentsu").await;
    admin
        .get("/conciliaciones?type=adhoc&status=warning&from=2026-03-01&to=2026-03-05&page=2")
        .await;
    let sent = stub
        .received("GET", "/api/v1/vtex/reconciliations")
        .pop()
        .unwrap();
    assert_eq!(
        sent.query,
        "page=2&pageSize=25&type=adhoc&status=warning&from=2026-03-01&to=2026-03-05"
    );
    let ignored = admin
        .get("/conciliaciones?type=weekly&from=ayer")
        .await
        .html();
    assert!(ignored.contains("id=\"runs-ignored-filter\""));
    let sent = stub
        .received("GET", "/api/v1/vtex/reconciliations")
        .pop()
        .unwrap();
    assert_eq!(sent.query, "page=1&pageSize=25");

    let brand = super::stub::fixtures::BRAND_ID;
    let list = admin
        .get(&format!(
            "/conciliaciones/discrepancias?class=D&status=all&brandId={brand}&escalated=true"
        ))
        .await
        .html();
    let sent = stub
        .received("GET", "/api/v1/vtex/reconciliations/discrepancies")
        .pop()
        .unwrap();
    assert_eq!(
        sent.query,
        format!(
            "page=1&pageSize=50&status=open%2Cresolving%2Cresolved%2Caccepted&class=D&brandId={brand}&escalated=true"
        )
    );
    // The rows open under the run that found them; the CSV keeps the filters.
    assert!(list.contains(&format!("/conciliaciones/{R_DONE}/discrepancias/{D_D}")));
    assert!(list.contains(&format!(
        "/conciliaciones/discrepancias.csv?class=D&#38;status=all&#38;brandId={brand}&#38;escalated=true"
    )), "{list}");
    let csv = admin
        .get(&format!(
            "/conciliaciones/discrepancias.csv?class=D&brandId={brand}&lang=en"
        ))
        .await;
    assert_eq!(
        (csv.status, csv.body.as_slice()),
        (StatusCode::OK, REPORT_CSV)
    );
    let sent = stub
        .received("GET", "/api/v1/exports/reconciliation-discrepancies.csv")
        .pop()
        .unwrap();
    assert_eq!(
        sent.query,
        format!("page=1&pageSize=50&class=D&brandId={brand}&locale=en")
    );

    let run = admin
        .get(&format!("/conciliaciones/{R_DONE}?class=A&status=resolved"))
        .await;
    assert_eq!(run.status, StatusCode::OK);
    let sent = stub
        .received(
            "GET",
            &format!("/api/v1/vtex/reconciliations/{R_DONE}/discrepancies"),
        )
        .pop()
        .unwrap();
    assert_eq!(sent.query, "page=1&pageSize=50&class=A&status=resolved");

    let alerts = admin
        .get("/alertas?alertType=reconciliation_failed&severity=critical&from=2026-03-01&to=2026-03-04")
        .await;
    assert_eq!(alerts.status, StatusCode::OK);
    let sent = stub
        .received("GET", "/api/v1/notifications/pending")
        .pop()
        .unwrap();
    assert_eq!(
        sent.query,
        "page=1&pageSize=25&alertType=reconciliation_failed&severity=critical&from=2026-03-01T00%3A00%3A00Z&to=2026-03-05T00%3A00%3A00Z"
    );
}

#[actix_web::test]
async fn a_run_is_started_and_its_page_shows_the_outcome_and_watches_a_running_run() {
    let stub = stub::spawn();
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let list = finance.get("/conciliaciones").await.html();
    assert!(list.contains("id=\"run-start-form\"") && list.contains("name=\"csrf_token\""));

    // Blank dates are asked for here; the api would otherwise run yesterday.
    let blank = finance
        .post("/conciliaciones", &[("from", ""), ("to", "2026-03-02")])
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.html().contains("field-error"));
    assert!(
        stub.received("POST", "/api/v1/vtex/reconciliations/run")
            .is_empty()
    );

    let long = finance
        .post(
            "/conciliaciones?lang=en",
            &[("from", "2026-01-01"), ("to", "2026-03-01")],
        )
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = long.html();
    assert!(
        html.contains("The range can have at most 31 days."),
        "{html}"
    );
    assert!(
        html.contains("value=\"2026-01-01\""),
        "what was typed stays"
    );

    let busy = finance
        .post(
            "/conciliaciones",
            &[("from", "2026-03-03"), ("to", "2026-03-03")],
        )
        .await;
    assert_eq!(busy.status, StatusCode::CONFLICT);
    assert!(busy.html().contains("id=\"form-error\""));
    assert!(busy.html().contains("Ya hay una conciliación en curso"));

    finance
        .post(
            "/conciliaciones",
            &[("from", "2026-03-01"), ("to", "2026-03-02")],
        )
        .await
        .assert_redirect(&format!("/conciliaciones/{R_RUNNING}"));
    let sent = stub
        .received("POST", "/api/v1/vtex/reconciliations/run")
        .pop()
        .unwrap()
        .json();
    assert_eq!(
        sent,
        serde_json::json!({"date": null, "from": "2026-03-01", "to": "2026-03-02", "type": "adhoc"})
    );

    // Running: the page reloads itself, counting, until the bound.
    let running = finance.get(&format!("/conciliaciones/{R_RUNNING}")).await;
    assert_eq!(
        running.headers.get("refresh").unwrap(),
        &format!("3; url=/conciliaciones/{R_RUNNING}?watch=1")
    );
    assert!(running.html().contains("id=\"run-watching\""));
    let tired = finance
        // `run_detail::MAX_WATCH` reloads (ten minutes) and it stops.
        .get(&format!("/conciliaciones/{R_RUNNING}?watch=200"))
        .await;
    assert!(tired.headers.get("refresh").is_none());
    assert!(tired.html().contains("id=\"run-watch-over\""));

    // Finished: no reload, the counts per class drawn, the ratio, the reports.
    let done = finance.get(&format!("/conciliaciones/{R_DONE}")).await;
    assert!(done.headers.get("refresh").is_none());
    let html = done.html();
    assert!(html.contains("id=\"run-class-chart-A\"") && html.contains("id=\"run-class-chart-E\""));
    assert!(
        html.contains("width=\"300\""),
        "class A and D share the longest bar"
    );
    assert!(html.contains("66.67 %"), "{html}");
    assert!(html.contains(&format!("/conciliaciones/{R_DONE}/reporte.csv")));
    assert!(html.contains(&format!("id=\"discrepancy-{D_A}\"")));
    let report = finance
        .get(&format!("/conciliaciones/{R_DONE}/reporte.csv?lang=en"))
        .await;
    assert_eq!(
        (report.status, report.body.as_slice()),
        (StatusCode::OK, REPORT_CSV)
    );
    let asked = stub
        .received(
            "GET",
            &format!("/api/v1/vtex/reconciliations/{R_DONE}/report.csv"),
        )
        .pop()
        .unwrap();
    assert_eq!(asked.query, "locale=en");
    let json = finance
        .get(&format!("/conciliaciones/{R_DONE}/reporte.json"))
        .await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(
        finance
            .get(&format!("/conciliaciones/{R_DONE}/reporte.exe"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn a_discrepancy_is_shown_side_by_side_reprocessed_and_accepted() {
    let stub = stub::spawn();
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let resolved = finance
        .get(&format!("/conciliaciones/{R_DONE}/discrepancias/{D_A}"))
        .await
        .html();
    assert!(
        resolved.contains("$ 180.000,00"),
        "VTEX's total as COP: {resolved}"
    );
    assert!(resolved.contains("id=\"discrepancy-resolution\""));
    assert!(
        !resolved.contains("id=\"discrepancy-accept\""),
        "no acts on a closed one"
    );
    // An unknown id of the run is the 404 page.
    let unknown = finance
        .get(&format!(
            "/conciliaciones/{R_DONE}/discrepancias/{R_RUNNING}"
        ))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let path = format!("/conciliaciones/{R_DONE}/discrepancias/{D_D}");
    let open_one = finance.get(&path).await.html();
    assert!(open_one.contains("CETAPHIL-ISABELA7KQ3"));
    assert!(
        open_one.contains("id=\"discrepancy-reprocess\"")
            && open_one.contains("id=\"discrepancy-accept\"")
    );
    assert!(open_one.contains("data-counter=\"justification-count\""));

    finance
        .post(&format!("{path}/reprocesar"), &[])
        .await
        .assert_redirect(&path);
    assert_eq!(
        stub.received(
            "POST",
            &format!("/api/v1/vtex/reconciliations/discrepancies/{D_D}/reprocess")
        )
        .len(),
        1
    );
    // A discrepancy no longer open: said on the page.
    finance.get(&path).await;
    let closed = format!("/conciliaciones/{R_DONE}/discrepancias/{D_A}");
    finance.get(&closed).await;
    finance
        .post(&format!("{closed}/reprocesar"), &[])
        .await
        .assert_redirect(&closed);
    assert!(
        finance
            .get(&closed)
            .await
            .html()
            .contains("La discrepancia ya no está abierta.")
    );

    finance.get(&path).await;
    let short = finance
        .post(
            &format!("{path}/aceptar?lang=en"),
            &[("justification", "muy corta")],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = short.html();
    assert!(
        html.contains("The justification must have between 20 and 1,000 characters."),
        "{html}"
    );
    assert!(
        html.contains(">muy corta</textarea>"),
        "what was typed stays"
    );
    assert!(html.contains("<output id=\"justification-count\">9</output>"));

    let reason = "Cupón de una prueba de la tienda, sin venta real.";
    finance
        .post(&format!("{path}/aceptar"), &[("justification", reason)])
        .await
        .assert_redirect(&path);
    let sent = stub
        .received(
            "POST",
            &format!("/api/v1/vtex/reconciliations/discrepancies/{D_D}/accept"),
        )
        .pop()
        .unwrap()
        .json();
    assert_eq!(sent, serde_json::json!({"justification": reason}));
}

#[actix_web::test]
async fn the_auditor_reads_without_buttons() {
    let stub = stub::spawn();
    let mut auditor = open(&stub).await;
    auditor.sign_in("auditor").await;
    let list = auditor.get("/conciliaciones").await.html();
    assert!(!list.contains("id=\"run-start-form\""));
    let open_one = auditor
        .get(&format!("/conciliaciones/{R_DONE}/discrepancias/{D_D}"))
        .await
        .html();
    assert!(
        !open_one.contains("id=\"discrepancy-reprocess\"")
            && !open_one.contains("id=\"discrepancy-accept\"")
    );
    assert!(
        auditor
            .get("/conciliaciones/discrepancias")
            .await
            .html()
            .contains("id=\"discrepancies-csv\"")
    );
    assert_eq!(auditor.get("/alertas").await.status, StatusCode::FORBIDDEN);
    for (path, fields) in [
        (
            "/conciliaciones".to_owned(),
            vec![("from", "2026-03-01"), ("to", "2026-03-02")],
        ),
        (
            format!("/conciliaciones/{R_DONE}/discrepancias/{D_D}/reprocesar"),
            vec![],
        ),
    ] {
        assert_eq!(
            auditor.post(&path, &fields).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    // The gestor reads too but does not export (api.md §17).
    let mut gestor = open(&stub).await;
    gestor.sign_in("gestor_afiliados").await;
    let list = gestor.get("/conciliaciones/discrepancias").await.html();
    assert!(!list.contains("id=\"discrepancies-csv\""));
    assert!(
        !gestor
            .get("/conciliaciones")
            .await
            .html()
            .contains("id=\"run-start-form\"")
    );
}

#[actix_web::test]
async fn an_alert_is_acknowledged_through_the_callers_notification() {
    let stub = stub::spawn();
    let mut gestor = open(&stub).await;
    gestor.sign_in("gestor_afiliados").await;
    let queue = gestor.get("/alertas").await.html();
    assert!(queue.contains(&format!("id=\"acknowledge-{ALERT_CRITICAL}\"")));
    assert!(
        queue.contains("data-severity=\"critical\"") && queue.contains("<svg class=\"icon bad\"")
    );
    gestor
        .post(
            &format!("/alertas/{ALERT_CRITICAL}/reconocer"),
            &[("back", "/alertas")],
        )
        .await
        .assert_redirect("/alertas");
    assert_eq!(
        stub.received(
            "POST",
            &format!("/api/v1/notifications/{ALERT_NOTIFICATION}/read")
        )
        .len(),
        1
    );
    assert!(
        gestor
            .get("/alertas")
            .await
            .html()
            .contains("Reconocimos la alerta.")
    );
    // No copy of that alert in the caller's feed: told, nothing read.
    gestor
        .post(
            &format!("/alertas/{ALERT_WARNING}/reconocer?lang=en"),
            &[("back", "https://evil.example")],
        )
        .await
        .assert_redirect("/alertas");
    assert!(
        gestor
            .get("/alertas")
            .await
            .html()
            .contains("You did not receive this alert")
    );
    let reads = stub
        .state
        .requests
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/read"))
        .count();
    assert_eq!(reads, 1);
}
