//! The survey pages against the stub api (ADR 0060): every page renders for its roles in Spanish
//! and English; the admin writes a draft (the questions as the api expects them, refusals next
//! to their field), opens it and downloads the results; a respondent sees the pending notice,
//! answers (a scale as a number) and sees what is missing when the api refuses.

use actix_web::http::StatusCode;

use super::browser::open;
use super::stub::surveys::{RESULTS_CSV, S_DRAFT, S_OPEN};
use super::stub::{self};
use crate::i18n::take_missing;

#[actix_web::test]
async fn every_survey_page_renders_for_its_roles_in_both_languages() {
    let stub = stub::spawn();
    take_missing();
    let admin_pages = vec![
        "/encuestas".to_owned(),
        "/encuestas/nueva".to_owned(),
        format!("/encuestas/{S_DRAFT}"),
        format!("/encuestas/{S_OPEN}"),
    ];
    let respondent_pages = vec!["/encuestas".to_owned(), format!("/encuestas/{S_OPEN}")];
    for (role, pages) in [
        ("admin_dentsu", admin_pages),
        ("influencer", respondent_pages.clone()),
        ("finance", respondent_pages),
        ("auditor", vec!["/encuestas".to_owned()]),
    ] {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await;
        for page in pages {
            for lang in ["es", "en"] {
                let uri = format!("{page}?lang={lang}");
                let res = browser.get(&uri).await;
                assert_eq!(res.status, StatusCode::OK, "{role} {uri}: {}", res.html());
                assert!(res.html().contains("id=\"nav-surveys\""));
                let missing = take_missing();
                assert!(missing.is_empty(), "{role} {uri} asked for {missing:?}");
            }
        }
    }
    // Writing and opening are admin_dentsu's: others are refused before any api call.
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let before = stub.received("POST", "/api/v1/surveys").len();
    assert_eq!(
        finance.get("/encuestas/nueva").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(stub.received("POST", "/api/v1/surveys").len(), before);
}

#[actix_web::test]
async fn the_admin_writes_opens_and_exports_a_survey() {
    let stub = stub::spawn();
    let mut admin = open(&stub).await;
    admin.sign_in("admin_dentsu").await;
    let list = admin.get("/encuestas").await.html();
    assert!(list.contains(&format!("/encuestas/{S_DRAFT}")) && list.contains("id=\"survey-new\""));

    let fields = [
        ("title", "x"),
        ("opens_at", "2026-12-07T14:00"),
        ("closes_at", "2026-12-31T23:00"),
        ("roles", "influencer"),
        ("q0_text", "¿Qué tan útil?"),
        ("q0_type", "scale_1_5"),
        ("q1_text", ""),
        ("q1_type", "text"),
        ("q2_text", "¿Canal?"),
        ("q2_type", "single_choice"),
        ("q2_options", "Instagram\r\nTikTok\r\n"),
    ];
    let refused = admin.post("/encuestas/nueva", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.html().contains("field-error"), "{}", refused.html());
    let sent = stub
        .received("POST", "/api/v1/surveys")
        .pop()
        .unwrap()
        .json();
    assert_eq!(sent["opensAt"], "2026-12-07T14:00:00Z");
    assert_eq!(sent["targetRoles"], serde_json::json!(["influencer"]));
    assert_eq!(
        sent["questions"],
        serde_json::json!([
            {"id": "p1", "text": "¿Qué tan útil?", "type": "scale_1_5", "options": null},
            {"id": "p2", "text": "¿Canal?", "type": "single_choice", "options": ["Instagram", "TikTok"]}
        ])
    );
    let mut good = fields;
    good[0] = ("title", "Encuesta Q4");
    admin
        .post("/encuestas/nueva", &good)
        .await
        .assert_redirect(&format!("/encuestas/{S_DRAFT}"));

    let draft = admin.get(&format!("/encuestas/{S_DRAFT}")).await.html();
    assert!(draft.contains("id=\"survey-open\"") && !draft.contains("id=\"survey-close\""));
    admin
        .post(
            &format!("/encuestas/{S_DRAFT}/estado"),
            &[("status", "open")],
        )
        .await
        .assert_redirect(&format!("/encuestas/{S_DRAFT}"));
    let patched = stub
        .received("PATCH", &format!("/api/v1/surveys/{S_DRAFT}"))
        .pop()
        .unwrap()
        .json();
    assert_eq!(patched["status"], "open");

    let csv = admin
        .get(&format!("/encuestas/{S_OPEN}/resultados.csv?lang=en"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.body, RESULTS_CSV);
    let asked = stub
        .received("GET", &format!("/api/v1/surveys/{S_OPEN}/results.csv"))
        .pop()
        .unwrap();
    assert_eq!(asked.query, "locale=en");
}

#[actix_web::test]
async fn a_respondent_sees_the_notice_and_answers() {
    let stub = stub::spawn();
    let mut influencer = open(&stub).await;
    influencer.sign_in("influencer").await;
    let list = influencer.get("/encuestas").await.html();
    assert!(list.contains("id=\"surveys-pending\""));
    assert!(list.contains(&format!("id=\"survey-pending-{S_OPEN}\"")));
    let form = influencer.get(&format!("/encuestas/{S_OPEN}")).await.html();
    assert!(form.contains("id=\"survey-answer-form\"") && form.contains("name=\"answer_p1\""));

    let path = format!("/encuestas/{S_OPEN}/respuestas");
    let refused = influencer
        .post(&path, &[("answer_p2", "TikTok"), ("answer_p3", "Bien")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.html();
    assert!(html.contains("field-error"));
    assert!(
        html.contains("value=\"TikTok\" id=\"answer-p2-2\" checked"),
        "what was typed stays"
    );
    influencer
        .post(
            &path,
            &[
                ("answer_p1", "4"),
                ("answer_p2", "TikTok"),
                ("answer_p3", ""),
            ],
        )
        .await
        .assert_redirect("/encuestas");
    let sent = stub
        .received("POST", &format!("/api/v1/surveys/{S_OPEN}/responses"))
        .pop()
        .unwrap()
        .json();
    assert_eq!(
        sent,
        serde_json::json!({"answers": {"p1": 4, "p2": "TikTok"}})
    );
}
