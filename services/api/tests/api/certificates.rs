//! Consent certificates: the JSON of domain.md §5.3.3 with a checksum the test recomputes, the
//! same certificate on every download, verification (and tampering), and the PDF rendering.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::consents::{consenting_influencer, publish_policies};
use crate::helpers::*;

fn certificate_path(influencer: Uuid, version: Uuid) -> String {
    format!("/api/v1/policies/consents/{influencer}/{version}/certificate")
}

#[tokio::test]
async fn the_certificate_checksum_verifies_and_tampering_is_detected() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let versions = publish_policies(&app, &admin, "1.0").await;
    let laura = consenting_influencer(&app).await;
    let path = certificate_path(laura.influencer_id, versions[2]);

    let first = app.get(&path, &laura.token).await;
    assert_eq!(first.status(), 200);
    let certificate: Value = first.json().await.unwrap();
    let checksum = certificate["checksum"].as_str().unwrap();
    assert_eq!(
        afiliados_domain::certificate_checksum(&certificate).unwrap(),
        checksum,
        "the checksum is the SHA-256 of the canonical JSON without itself"
    );
    assert_eq!(certificate["influencer"]["id"], json!(laura.influencer_id));
    assert_eq!(certificate["influencer"]["firstName"], "Laura");
    assert_eq!(certificate["influencer"]["lastName"], "Gómez Peña");
    assert_eq!(certificate["influencer"]["documentType"], "CC");
    let masked = certificate["influencer"]["documentNumberMasked"]
        .as_str()
        .unwrap();
    assert!(
        masked.starts_with("*******") && masked.len() == 10,
        "{masked}"
    );
    assert_eq!(certificate["influencer"]["email"], laura.email);
    assert_eq!(certificate["policy"]["id"], json!(versions[2]));
    assert_eq!(certificate["policy"]["type"], "terms");
    assert_eq!(certificate["policy"]["version"], "1.0");
    assert_eq!(certificate["tenant"]["slug"], "medipiel");
    assert_eq!(certificate["consent"]["channel"], "web");
    assert!(certificate["consent"]["revokedAt"].is_null());
    let verification = &certificate["verification"];
    assert_eq!(verification["algorithm"], "SHA-256");
    assert_eq!(
        verification["hashInput"],
        afiliados_domain::consent::CERTIFICATE_HASH_INPUT
    );
    assert_eq!(verification["matches"], true);
    // The consent hash recomputes from the certificate's own fields.
    let accepted_at = chrono::DateTime::parse_from_rfc3339(
        certificate["consent"]["acceptedAt"].as_str().unwrap(),
    )
    .unwrap()
    .with_timezone(&chrono::Utc);
    let recomputed = afiliados_domain::consent_hash(
        certificate["policy"]["checksum"].as_str().unwrap(),
        laura.influencer_id,
        accepted_at,
        Some(app.client_ip.parse().unwrap()),
        Some("afiliados-api-tests"),
    );
    assert_eq!(certificate["consent"]["consentHash"], recomputed);
    assert_eq!(verification["recomputedHash"], recomputed);

    // Stored on the first request, then served unchanged, to staff as well.
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let second: Value = app.get(&path, &gestor).await.json().await.unwrap();
    assert_eq!(second, certificate);
    assert_eq!(app.audit_actions("certificate.issued").await.len(), 1);
    assert_eq!(app.audit_actions("certificate.downloaded").await.len(), 1);
    let listed: Value = app
        .get(
            &format!("/api/v1/policies/consents/{}", laura.influencer_id),
            &laura.token,
        )
        .await
        .json()
        .await
        .unwrap();
    let terms = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["policyType"] == "terms")
        .unwrap();
    assert_eq!(terms["certificateId"], certificate["certificateId"]);

    let (_, auditor) = app.login_as("auditor").await;
    let verify = |body: Value| {
        let app = &app;
        let auditor = auditor.clone();
        async move {
            let response = app
                .post("/api/v1/policies/certificates/verify", &auditor, body)
                .await;
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.unwrap()
        }
    };
    let intact = verify(certificate.clone()).await;
    assert_eq!(
        intact,
        json!({ "checksumValid": true, "matchesStoredCertificate": true, "consentHashValid": true,
                "certificateId": certificate["certificateId"] })
    );
    let mut tampered = certificate.clone();
    tampered["influencer"]["firstName"] = json!("Lorena");
    let answer = verify(tampered.clone()).await;
    assert_eq!(answer["checksumValid"], false);
    assert_eq!(answer["matchesStoredCertificate"], false);
    // Even with a recomputed checksum the stored copy gives it away.
    tampered["checksum"] = json!(afiliados_domain::certificate_checksum(&tampered).unwrap());
    let answer = verify(tampered).await;
    assert_eq!(answer["checksumValid"], true);
    assert_eq!(answer["matchesStoredCertificate"], false);
    let mut forged_hash = certificate.clone();
    forged_hash["consent"]["consentHash"] = json!("0".repeat(64));
    assert_eq!(verify(forged_hash).await["consentHashValid"], false);
    let nonsense = verify(json!({ "certificateId": "nope" })).await;
    assert_eq!(nonsense["checksumValid"], false);
    assert!(nonsense["certificateId"].is_null());
    assert_eq!(app.audit_actions("certificate.verified").await.len(), 5);
    assert_eq!(
        app.post(
            "/api/v1/policies/certificates/verify",
            &laura.token,
            certificate.clone()
        )
        .await
        .status(),
        403
    );

    // Another influencer's certificate and a version without consent answer 404.
    let other = consenting_influencer(&app).await;
    let foreign = certificate_path(other.influencer_id, versions[2]);
    assert_eq!(app.get(&foreign, &laura.token).await.status(), 404);
    let unknown = certificate_path(laura.influencer_id, Uuid::new_v4());
    assert_eq!(app.get(&unknown, &admin).await.status(), 404);
    let (_, finance) = app.login_as("finance").await;
    assert_eq!(app.get(&path, &finance).await.status(), 403);
}

/// The content streams of a PDF written without compression, in file order.
fn streams(pdf: &[u8]) -> Vec<&[u8]> {
    let mut found = Vec::new();
    let mut rest = pdf;
    while let Some(start) = find(rest, b"stream\n") {
        let body = &rest[start + 7..];
        let end = find(body, b"endstream").unwrap();
        found.push(&body[..end]);
        rest = &body[end + 9..];
    }
    found
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn the_certificate_pdf_carries_the_checksum_on_every_page() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let versions = publish_policies(&app, &admin, "1.0").await;
    let laura = consenting_influencer(&app).await;
    let path = certificate_path(laura.influencer_id, versions[0]);

    let response = app.get(&format!("{path}.pdf"), &laura.token).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let json: Value = app.get(&path, &laura.token).await.json().await.unwrap();
    let checksum = json["checksum"].as_str().unwrap();

    let text = String::from_utf8_lossy(&pdf);
    let count: usize = text
        .split("/Count ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(count >= 2, "certificate plus the policy appendix");
    let pages = streams(&pdf);
    assert_eq!(pages.len(), count, "one content stream per page");
    for page in &pages {
        assert!(
            find(page, checksum.as_bytes()).is_some(),
            "checksum in every footer"
        );
    }
    assert!(find(&pdf, b"(Certificado de consentimiento)").is_some());
    assert!(find(&pdf, b"/WinAnsiEncoding").is_some());
    // "Gómez Peña" is written in WinAnsi (ó = F3, ñ = F1), as a hex string.
    let winansi: String = [
        0x4C, 0x61, 0x75, 0x72, 0x61, 0x20, 0x47, 0xF3, 0x6D, 0x65, 0x7A, 0x20, 0x50, 0x65, 0xF1,
        0x61,
    ]
    .iter()
    .map(|b: &u8| format!("{b:02X}"))
    .collect();
    assert!(
        text.contains(&format!("<{winansi}>")),
        "the name in WinAnsi"
    );

    // English for an English-speaking requester.
    let (_, auditor_id) = {
        let email = format!("auditor.{}@medipiel.co", Uuid::new_v4().simple());
        let id = app.create_user(&email, &["auditor"], &[]).await;
        let mut conn = app.conn().await;
        afiliados_db::users::update(
            &mut conn,
            id,
            &afiliados_db::users::UserChanges {
                locale: Some("en".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        (
            id,
            app.login(&email).await["accessToken"]
                .as_str()
                .unwrap()
                .to_owned(),
        )
    };
    let english = app.get(&format!("{path}.pdf"), &auditor_id).await;
    assert_eq!(english.status(), 200);
    let english = english.bytes().await.unwrap();
    assert!(find(&english, b"(Consent certificate)").is_some());
    assert!(find(&english, checksum.as_bytes()).is_some());
    assert_eq!(app.audit_actions("certificate.issued").await.len(), 1);
    assert_eq!(app.audit_actions("certificate.downloaded").await.len(), 3);
}
