//! Staff ARCO handling against the stub api: the queue with its highlighted due dates, starting,
//! resolving a rectification with edited pairs and a deletion with the balance acknowledged, the
//! auditor's read-only view, and a request recorded on an influencer's behalf.

use actix_web::http::StatusCode;
use serde_json::json;

use super::browser::open;
use super::stub::{self, fixtures as f};

#[actix_web::test]
async fn the_queue_highlights_deadlines_and_starts_a_request() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let queue = browser.get("/gestor/arco").await;
    assert_eq!(queue.status, StatusCode::OK);
    let html = queue.html();
    assert!(html.contains("id=\"arco-queue\""));
    assert!(html.contains(&format!(
        "<tr id=\"arco-row-{}\" class=\"overdue\">",
        f::ARCO_RECTIFY_ID
    )));
    assert!(html.contains(&format!(
        "<tr id=\"arco-row-{}\" class=\"due-soon\">",
        f::ARCO_DELETE_ID
    )));
    assert!(html.contains("Vencida") && html.contains("Isabela Gómez"));
    // Only a received request can be started.
    assert!(html.contains(&format!("id=\"arco-start-{}\"", f::ARCO_DELETE_ID)));
    assert!(!html.contains(&format!("id=\"arco-start-{}\"", f::ARCO_RECTIFY_ID)));
    let listed = stub.received("GET", "/api/v1/arco/requests");
    assert!(
        listed[0].query.contains("status=received%2Cin_progress"),
        "{}",
        listed[0].query
    );

    browser
        .get("/gestor/arco?status=all&type=delete&overdue=true")
        .await;
    let listed = stub.received("GET", "/api/v1/arco/requests");
    let query = &listed.last().unwrap().query;
    assert!(
        query.contains("type=delete")
            && query.contains("overdue=true")
            && !query.contains("status="),
        "{query}"
    );

    let back = "/gestor/arco?page=1&status=open";
    browser
        .post(
            &format!("/gestor/arco/{}/iniciar", f::ARCO_DELETE_ID),
            &[("back", back)],
        )
        .await
        .assert_redirect(back);
    let started = stub.received(
        "POST",
        &format!("/api/v1/arco/requests/{}/start", f::ARCO_DELETE_ID),
    );
    assert_eq!(started.len(), 1);
    assert!(
        browser
            .get(back)
            .await
            .html()
            .contains("Solicitud en trámite.")
    );
}

#[actix_web::test]
async fn resolving_a_rectification_sends_the_edited_pairs() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let detail = format!("/gestor/arco/{}", f::ARCO_RECTIFY_ID);
    let page = browser.get(&detail).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    for id in [
        "arco-decision",
        "arco-notes",
        "arco-resolve-submit",
        "arco-influencer-link",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "lacks {id}");
    }
    assert!(html.contains("value=\"+573001112233\"") && html.contains("value=\"Medellín\""));
    assert!(!html.contains("id=\"arco-ack-balance\""));

    let resolve = format!("{detail}/resolver");
    let res = browser
        .post(&resolve, &[("decision", "completed"), ("notes", "ok")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.html().contains("Es demasiado corto."));
    let sent_path = format!("/api/v1/arco/requests/{}/resolve", f::ARCO_RECTIFY_ID);
    assert!(stub.received("POST", &sent_path).is_empty());

    let fields = [
        ("decision", "completed"),
        ("notes", "Datos corregidos según la cédula."),
        ("rectify_field_0", "phone"),
        ("rectify_value_0", "+573009998877"),
        ("rectify_field_1", "city"),
        ("rectify_value_1", "Medellín"),
        ("rectify_field_2", "socialLinks"),
        (
            "rectify_value_2",
            "https://instagram.com/isa https://tiktok.com/@isa",
        ),
        ("rectify_field_3", ""),
        ("rectify_value_3", ""),
    ];
    browser
        .post(&resolve, &fields)
        .await
        .assert_redirect(&detail);
    let sent = stub.received("POST", &sent_path);
    assert_eq!(
        sent[0].json(),
        json!({"decision": "completed", "notes": "Datos corregidos según la cédula.",
               "details": {"phone": "+573009998877", "city": "Medellín",
                           "socialLinks": ["https://instagram.com/isa", "https://tiktok.com/@isa"]},
               "acknowledgePositiveBalance": false})
    );
    assert!(
        browser
            .get(&detail)
            .await
            .html()
            .contains("Solicitud completada.")
    );

    // The api's field error lands next to its pair, with the input kept.
    let res = browser
        .post(
            &resolve,
            &[
                ("decision", "completed"),
                ("notes", "Datos corregidos."),
                ("rectify_field_0", "phone"),
                ("rectify_value_0", "123"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.html();
    let row = html
        .find("id=\"arco-rectify-value-0\" name=\"rectify_value_0\" value=\"123\"")
        .unwrap();
    assert!(
        html[row..row + 300].contains("field-error"),
        "{}",
        &html[row..row + 300]
    );

    // A rejection sends no details; a request resolved meanwhile is explained (409).
    let res = browser
        .post(
            &resolve,
            &[("decision", "rejected"), ("notes", "ya resuelta")],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.html().contains("La solicitud ya fue resuelta."));
    assert_eq!(
        stub.received("POST", &sent_path).last().unwrap().json()["details"],
        serde_json::Value::Null
    );
}

#[actix_web::test]
async fn a_deletion_warns_and_needs_the_balance_acknowledged() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("admin_dentsu").await;
    let detail = format!("/gestor/arco/{}", f::ARCO_DELETE_ID);
    let html = browser.get(&detail).await.html();
    assert!(
        html.contains("id=\"arco-ack-balance\"") && html.contains("id=\"arco-delete-warning\"")
    );
    assert!(html.contains("anonimiza a la persona para siempre"));
    assert!(!html.contains("id=\"arco-rectify\""));
    let resolve = format!("{detail}/resolver");
    let notes = ("notes", "Supresión solicitada por correo.");
    let res = browser
        .post(&resolve, &[("decision", "completed"), notes])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.html();
    let ack = html.find("id=\"arco-ack-balance\"").unwrap();
    assert!(html[ack..].contains("Confirma que la persona tiene saldo disponible"));
    browser
        .post(
            &resolve,
            &[
                ("decision", "completed"),
                notes,
                ("acknowledge_positive_balance", "on"),
            ],
        )
        .await
        .assert_redirect(&detail);
    let sent = stub.received(
        "POST",
        &format!("/api/v1/arco/requests/{}/resolve", f::ARCO_DELETE_ID),
    );
    assert_eq!(
        sent.last().unwrap().json(),
        json!({"decision": "completed", "notes": "Supresión solicitada por correo.", "details": null,
               "acknowledgePositiveBalance": true})
    );
}

#[actix_web::test]
async fn the_auditor_reads_and_downloads_but_does_not_act() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("auditor").await;
    let html = browser.get("/gestor/arco").await.html();
    assert!(html.contains("id=\"arco-queue\"") && !html.contains("id=\"arco-start-"));
    let html = browser
        .get(&format!("/gestor/arco/{}", f::ARCO_RECTIFY_ID))
        .await
        .html();
    assert!(
        !html.contains("id=\"arco-resolve-submit\"") && html.contains("id=\"arco-influencer-id\"")
    );
    let completed = browser
        .get(&format!("/gestor/arco/{}", f::ARCO_ID))
        .await
        .html();
    assert!(completed.contains(&format!("id=\"arco-export-{}\"", f::ARCO_ID)));
    let export = browser
        .get(&format!("/gestor/arco/{}/exportacion", f::ARCO_ID))
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.body, b"{}");
    let res = browser
        .post(&format!("/gestor/arco/{}/iniciar", f::ARCO_DELETE_ID), &[])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The influencer's own area is not the staff queue.
    let mut influencer = open(&stub).await;
    influencer.sign_in("influencer").await;
    assert_eq!(
        influencer.get("/gestor/arco").await.status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn staff_record_a_request_on_the_influencers_behalf() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let record = format!("/gestor/influencers/{}", f::INFLUENCER_ID);
    let html = browser.get(&record).await.html();
    assert!(
        html.contains("id=\"arco-register-submit\"") && html.contains("id=\"arco-new-channel\"")
    );
    let submit = format!("{record}/arco");
    let res = browser
        .post(&submit, &[("type", "rectify"), ("channel", "phone")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.html()
            .contains("Indica al menos un dato y su valor correcto.")
    );
    assert!(stub.received("POST", "/api/v1/arco/requests").is_empty());
    browser
        .post(
            &submit,
            &[
                ("type", "rectify"),
                ("channel", "phone"),
                ("rectify_field_0", "phone"),
                ("rectify_value_0", "+573001112233"),
            ],
        )
        .await
        .assert_redirect(&format!("/gestor/arco/{}", f::ARCO_ID));
    let sent = stub.received("POST", "/api/v1/arco/requests");
    assert_eq!(
        sent[0].json(),
        json!({"type": "rectify", "details": {"phone": "+573001112233"}, "channel": "phone",
               "influencerId": f::INFLUENCER_ID})
    );
    let res = browser
        .post(&submit, &[("type", "revoke"), ("channel", "in_person")])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let html = res.html();
    assert!(html.contains("La persona ya tiene una solicitud abierta de ese tipo."));
    assert!(html.contains("<option value=\"in_person\" selected>"));
    // Admin marca and finance open the record without the form.
    let mut marca = open(&stub).await;
    marca.sign_in("admin_marca").await;
    assert!(
        !marca
            .get(&record)
            .await
            .html()
            .contains("id=\"arco-register\"")
    );
}
