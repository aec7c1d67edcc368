//! The notifications bell and page against the stub api: the count in the header of every
//! role's pages, the feed with its messages and read state, and "mark all read".

use actix_web::http::StatusCode;

use super::browser::open;
use super::stub::{self, fixtures as f};

#[actix_web::test]
async fn the_bell_counts_and_the_page_lists_and_marks_all_read() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let html = browser.get("/gestor").await.html();
    assert!(html.contains("id=\"nav-notifications\""));
    assert!(
        html.contains("id=\"notifications-unread\">1</span>"),
        "{html}"
    );
    let page = browser.get("/notificaciones").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert!(html.contains("Nueva solicitud ARCO de Isabela Gómez."));
    assert!(html.contains("Tu código CETAPHIL-ISABELA7KQ2 está activo."));
    assert!(html.contains(&format!("id=\"notification-read-{}\"", f::NOTIFICATION_ID)));
    assert!(html.contains("id=\"notifications-read-all\"") && html.contains("2026-03-02 14:05"));

    browser
        .post(&format!("/notificaciones/{}/leer", f::NOTIFICATION_ID), &[])
        .await
        .assert_redirect("/notificaciones");
    assert_eq!(
        stub.received(
            "POST",
            &format!("/api/v1/notifications/{}/read", f::NOTIFICATION_ID)
        )
        .len(),
        1
    );
    browser
        .post("/notificaciones/leer-todas", &[])
        .await
        .assert_redirect("/notificaciones");
    assert_eq!(
        stub.received("POST", "/api/v1/notifications/read-all")
            .len(),
        1
    );
    let html = browser.get("/notificaciones").await.html();
    assert!(html.contains("Marcamos todas tus notificaciones como leídas."));
    assert!(
        !html.contains("id=\"notifications-unread\"")
            && !html.contains("id=\"notifications-read-all\"")
    );
}

#[actix_web::test]
async fn every_role_has_the_bell() {
    let stub = stub::spawn();
    for (role, home) in [
        ("influencer", "/influencer"),
        ("admin_marca", "/gestor"),
        ("finance", "/finance"),
        ("auditor", "/admin"),
        ("admin_dentsu", "/admin"),
    ] {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await.assert_redirect(home);
        let html = browser.get(home).await.html();
        assert!(html.contains("id=\"notifications-unread\""), "{role}");
        assert_eq!(
            browser.get("/notificaciones").await.status,
            StatusCode::OK,
            "{role}"
        );
    }
    // Signed out there is no bell and the page asks to sign in.
    let mut visitor = open(&stub).await;
    assert!(
        !visitor
            .get("/login")
            .await
            .html()
            .contains("id=\"nav-notifications\"")
    );
    visitor
        .get("/notificaciones")
        .await
        .assert_redirect("/login");
}
