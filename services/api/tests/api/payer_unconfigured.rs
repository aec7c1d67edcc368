//! An unconfigured payer (ADR 0053): the api starts, and the withholding certificate — the one
//! document that prints the payer — is refused with 503 `payer_not_configured` (for callers who
//! may read certificates; the others keep their 403), unaudited; the bulk command refuses before
//! it writes anything.

use afiliados_api::payer_settings::PayerSettings;
use afiliados_api::statement_bulk::{BulkSpec, generate};
use afiliados_domain::Locale;
use serde_json::Value;
use uuid::Uuid;

use crate::catalogue::influencer_login;
use crate::helpers::spawn_app_with;

#[tokio::test]
async fn certificates_answer_payer_not_configured_until_the_payer_is_set() {
    // Address and city set, legal name and NIT empty: still unconfigured.
    let app = spawn_app_with(|settings| {
        settings.payer = PayerSettings {
            address: "Calle 1".into(),
            city: "Medellín".into(),
            ..PayerSettings::default()
        }
    })
    .await;
    let path = format!(
        "/api/v1/payments/withholding-certificates/2026?influencerId={}",
        Uuid::new_v4()
    );
    let (_, influencer) = influencer_login(&app, "Sin pagador").await;
    for token in [
        app.login_as("finance").await.1,
        app.login_as("admin_dentsu").await.1,
        influencer,
    ] {
        for format in ["", "&format=pdf", "&format=csv"] {
            let response = app.get(&format!("{path}{format}"), &token).await;
            assert_eq!(response.status(), 503);
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["error"], "payer_not_configured");
            assert!(
                body["message"].as_str().unwrap().contains("PAYER_NIT"),
                "{body}"
            );
        }
    }
    // Roles that may not read certificates learn nothing about the configuration.
    for role in ["auditor", "gestor_afiliados"] {
        let token = app.login_as(role).await.1;
        assert_eq!(app.get(&path, &token).await.status(), 403);
    }
    assert!(
        app.audit_actions("withholding_certificate.downloaded")
            .await
            .is_empty()
    );
    // The rest of the money-out area is unaffected.
    let finance = app.login_as("finance").await.1;
    assert_eq!(app.get("/api/v1/payments", &finance).await.status(), 200);

    let out = std::env::temp_dir().join(format!("retenciones-{}", Uuid::new_v4().simple()));
    let spec = BulkSpec {
        year: "2026".into(),
        out: out.clone(),
        locale: Locale::Es,
    };
    let mut conn = app.conn().await;
    let error = generate(
        &mut conn,
        app.state.tenant_id,
        &app.state.settings.payer,
        chrono::Utc::now(),
        &spec,
        |_, _, _| panic!("no certificate without a payer"),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(error.contains("payer_not_configured"), "{error}");
    assert!(error.contains("PAYER_LEGAL_NAME and PAYER_NIT"), "{error}");
    assert!(!out.exists(), "nothing written");
}
