//! Policy publication: checksums, version ordering, one active version per type, public reading,
//! notices to every user and e-mails to influencers.

use serde_json::{Value, json};

use crate::helpers::*;

const TERMS_2_0: &str = "Términos y condiciones del programa de afiliados Medipiel, versión 2.0.\n";

fn body(version: &str, text: &str) -> Value {
    json!({ "version": version, "title": "Términos y condiciones", "documentText": text })
}

#[tokio::test]
async fn publishing_replaces_the_active_version_and_notifies() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (influencer, _) = app.login_as("influencer").await;
    let first = app
        .post(
            "/api/v1/policies/TERMS/versions",
            &admin,
            body("1.0", "Versión 1.0\n"),
        )
        .await;
    assert_eq!(
        first.status(),
        201,
        "the type is matched case-insensitively"
    );
    let with_checksum = json!({
        "version": "2.0", "title": "Términos y condiciones", "documentText": TERMS_2_0,
        "checksum": "e60c5ae2bc0fe2703b9221a90e96e80115772c7a5401639f3e96b138da6b18ef"
    });
    let second = app
        .post("/api/v1/policies/terms/versions", &admin, with_checksum)
        .await;
    assert_eq!(second.status(), 201);
    let second: Value = second.json().await.unwrap();
    assert_eq!(
        second["checksum"],
        "e60c5ae2bc0fe2703b9221a90e96e80115772c7a5401639f3e96b138da6b18ef"
    );
    assert!(
        second["documentUrl"]
            .as_str()
            .unwrap()
            .ends_with("/api/v1/public/policies/terms/versions/2.0/document")
    );

    let public: Value = app
        .get("/api/v1/public/policies", "")
        .await
        .json()
        .await
        .unwrap();
    let items = public["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "one active version per type");
    assert_eq!(items[0]["version"], "2.0");
    let document = app
        .get("/api/v1/public/policies/terms/versions/2.0/document", "")
        .await;
    assert_eq!(
        document.headers()["etag"],
        format!("\"{}\"", second["checksum"].as_str().unwrap())
    );
    assert_eq!(
        document.text().await.unwrap(),
        TERMS_2_0,
        "served byte for byte"
    );
    assert_eq!(
        app.get("/api/v1/public/policies/TERMS", "").await.status(),
        422,
        "public type is case-sensitive"
    );
    assert_eq!(
        app.get("/api/v1/public/policies/privacy", "")
            .await
            .status(),
        404
    );

    let versions: Value = app
        .get("/api/v1/policies/versions?policyType=terms", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(versions["total"], 2);
    assert_eq!(versions["items"][1]["isActive"], false);

    let emails: Value = app
        .get(
            "/api/v1/notifications/emails?template=policy_updated",
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        emails["total"], 2,
        "the influencer is e-mailed at each publication"
    );
    let mut conn = app.conn().await;
    let (notices, _, _) = afiliados_db::notifications::list(&mut conn, influencer, false, 0, 10)
        .await
        .unwrap();
    assert_eq!(notices.len(), 2);
    assert_eq!(notices[0].type_, "policy.updated");
    assert_eq!(app.audit_actions("policy.published").await.len(), 2);
}

#[tokio::test]
async fn versions_must_grow_checksums_must_match_and_only_admins_publish() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    assert_eq!(
        app.post(
            "/api/v1/policies/privacy/versions",
            &admin,
            body("1.10", "x")
        )
        .await
        .status(),
        201
    );
    let lower = app
        .post(
            "/api/v1/policies/privacy/versions",
            &admin,
            body("1.9", "y"),
        )
        .await;
    assert_eq!(lower.status(), 409);
    assert_eq!(
        lower.json::<Value>().await.unwrap()["error"],
        "version_not_greater"
    );
    let same = app
        .post(
            "/api/v1/policies/privacy/versions",
            &admin,
            body("1.10", "z"),
        )
        .await;
    assert_eq!(
        same.json::<Value>().await.unwrap()["error"],
        "policy_version_exists"
    );
    let mismatch = json!({ "version": "2.0", "title": "Privacidad", "documentText": "texto", "checksum": "00".repeat(32) });
    let mismatch = app
        .post("/api/v1/policies/privacy/versions", &admin, mismatch)
        .await;
    assert_eq!(mismatch.status(), 422);
    assert_eq!(
        mismatch.json::<Value>().await.unwrap()["details"][0]["code"],
        "checksum_mismatch"
    );
    let future = json!({ "version": "2.0", "title": "Privacidad", "documentText": "t", "publishedAt": "2999-01-01T00:00:00Z" });
    assert_eq!(
        app.post("/api/v1/policies/privacy/versions", &admin, future)
            .await
            .status(),
        422
    );
    assert_eq!(
        app.post(
            "/api/v1/policies/cookies/versions",
            &admin,
            body("1.0", "x")
        )
        .await
        .status(),
        422
    );
    for role in [
        "gestor_afiliados",
        "auditor",
        "finance",
        "admin_marca",
        "influencer",
    ] {
        let (_, token) = app.login_as(role).await;
        assert_eq!(
            app.post(
                "/api/v1/policies/privacy/versions",
                &token,
                body("9.0", "x")
            )
            .await
            .status(),
            403,
            "{role}"
        );
        let list = app.get("/api/v1/policies/versions", &token).await.status();
        let allowed = matches!(role, "gestor_afiliados" | "auditor");
        assert_eq!(list == 200, allowed, "{role} list → {list}");
    }
}
