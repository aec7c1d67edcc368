//! Staff changes around memberships, documents and brands against the stub api: a membership
//! switched off and on from the record and the campaign's member list, a KYC document deleted
//! after confirming, and a brand logo uploaded and served from the web's own origin.

use actix_web::http::{StatusCode, header};
use serde_json::json;

use super::browser::{FilePart, open};
use super::stub::{self, fixtures as f};

#[actix_web::test]
async fn memberships_are_deactivated_and_activated_from_both_sides() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let record = format!("/gestor/influencers/{}", f::INFLUENCER_ID);
    let html = browser.get(&record).await.html();
    assert!(html.contains(&format!("id=\"membership-deactivate-{}\"", f::CAMPAIGN_ID)));
    let action = format!("{record}/campanas/{}/estado", f::CAMPAIGN_ID);
    browser
        .post(&action, &[("status", "inactive"), ("back", &record)])
        .await
        .assert_redirect(&record);
    let patch = format!(
        "/api/v1/influencers/{}/campaigns/{}",
        f::INFLUENCER_ID,
        f::CAMPAIGN_ID
    );
    assert_eq!(
        stub.received("PATCH", &patch)[0].json(),
        json!({"status": "inactive"})
    );
    assert!(
        browser
            .get(&record)
            .await
            .html()
            .contains("Membresía desactivada")
    );

    // The campaign's members page is paginated and offers the same switch per member.
    let members = format!("/gestor/campanas/{}/miembros", f::CAMPAIGN_ID);
    let page = browser
        .get(&format!("{members}?page=2&status=active&q=isa"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert!(html.contains("id=\"members-table\"") && html.contains("class=\"pager\""));
    assert!(html.contains(&format!(
        "id=\"membership-deactivate-{}\"",
        f::INFLUENCER_ID
    )));
    let listed = stub.received(
        "GET",
        &format!("/api/v1/campaigns/{}/influencers", f::CAMPAIGN_ID),
    );
    let query = &listed.last().unwrap().query;
    assert!(
        query.contains("page=2") && query.contains("status=active") && query.contains("q=isa"),
        "{query}"
    );
    let campaign = browser
        .get(&format!("/gestor/campanas/{}", f::CAMPAIGN_ID))
        .await
        .html();
    assert!(campaign.contains("id=\"campaign-members-link\""));
    let back = format!("{members}?page=1");
    browser
        .post(&action, &[("status", "active"), ("back", &back)])
        .await
        .assert_redirect(&back);
    assert_eq!(
        stub.received("PATCH", &patch)[1].json(),
        json!({"status": "active"})
    );
    let res = browser.post(&action, &[("status", "gone")]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn a_document_is_deleted_after_confirming() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("gestor_afiliados").await;
    let record = format!("/gestor/influencers/{}", f::INFLUENCER_ID);
    let html = browser.get(&record).await.html();
    assert!(html.contains(&format!("id=\"document-delete-{}\"", f::DOCUMENT_ID)));
    let confirm = format!("{record}/documentos/{}/eliminar", f::DOCUMENT_ID);
    let page = browser.get(&confirm).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert!(html.contains("id=\"document-delete-submit\"") && html.contains("cedula.pdf"));
    assert!(
        stub.received(
            "DELETE",
            &format!(
                "/api/v1/influencers/{}/documents/{}",
                f::INFLUENCER_ID,
                f::DOCUMENT_ID
            )
        )
        .is_empty()
    );
    browser.post(&confirm, &[]).await.assert_redirect(&record);
    let deleted = stub.received(
        "DELETE",
        &format!(
            "/api/v1/influencers/{}/documents/{}",
            f::INFLUENCER_ID,
            f::DOCUMENT_ID
        ),
    );
    assert_eq!(deleted.len(), 1);
    assert!(
        browser
            .get(&record)
            .await
            .html()
            .contains("Documento eliminado.")
    );

    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let html = finance.get(&record).await.html();
    assert!(html.contains("id=\"documents-table\"") && !html.contains("id=\"document-delete-"));
    assert_eq!(
        finance.post(&confirm, &[]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn the_brand_logo_is_uploaded_and_served_from_the_web() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.sign_in("admin_marca").await;
    let brand = format!("/gestor/marcas/{}", f::BRAND_ID);
    let html = browser.get(&brand).await.html();
    assert!(html.contains(&format!("src=\"/marcas/{}/logo?v=", f::BRAND_ID)));
    assert!(html.contains("id=\"brand-logo-submit\""));

    let gif = FilePart {
        field: "file",
        filename: "logo.gif",
        content_type: "image/gif",
        bytes: b"GIF89a",
    };
    let res = browser
        .post_multipart(&format!("{brand}/logo"), &[], Some(gif))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        stub.received("PUT", &format!("/api/v1/brands/{}/logo", f::BRAND_ID))
            .is_empty()
    );
    let png = FilePart {
        field: "file",
        filename: "logo.png",
        content_type: "image/png",
        bytes: b"\x89PNG\r\n\x1a\nlogo",
    };
    browser
        .post_multipart(&format!("{brand}/logo"), &[], Some(png))
        .await
        .assert_redirect(&brand);
    let sent = stub.received("PUT", &format!("/api/v1/brands/{}/logo", f::BRAND_ID));
    assert!(sent[0].content_type.starts_with("multipart/form-data"));
    assert!(sent[0].text().contains("filename=\"logo.png\""));

    // Anyone, signed in or not, gets the image from this origin, cacheable and sandboxed.
    let mut visitor = open(&stub).await;
    let logo = visitor.get(&format!("/marcas/{}/logo", f::BRAND_ID)).await;
    assert_eq!(logo.status, StatusCode::OK);
    assert_eq!(logo.headers.get(header::CONTENT_TYPE).unwrap(), "image/png");
    assert_eq!(
        logo.headers.get(header::CACHE_CONTROL).unwrap(),
        "public, max-age=86400"
    );
    assert!(
        logo.headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(logo.body, b"\x89PNG\r\n\x1a\nlogo");
    // Pages keep their own policy.
    let home = visitor.get("/").await;
    assert_eq!(
        home.headers.get(header::CONTENT_SECURITY_POLICY).unwrap(),
        "default-src 'self'"
    );
    assert_eq!(home.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
}
