//! Rate limits hold across replicas (they live in Redis); seeds are idempotent and `seed qa`
//! enables the QA admin's 2FA with the configured secret.

use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn the_login_limit_is_shared_by_two_replicas() {
    let namespace = format!("t-{}:", uuid::Uuid::new_v4().simple());
    let first = spawn_app_with(Options {
        login_per_minute: 5,
        namespace: Some(namespace.clone()),
        ..Options::default()
    })
    .await;
    let mut second = spawn_app_with(Options {
        login_per_minute: 5,
        namespace: Some(namespace),
        ..Options::default()
    })
    .await;
    second.client_ip = first.client_ip.clone();
    let mut statuses = Vec::new();
    for attempt in 0..6 {
        let app = if attempt % 2 == 0 { &first } else { &second };
        let response = app
            .login_raw(
                &format!("probe{attempt}@medipiel.co"),
                "Whatever!2024",
                None,
            )
            .await;
        statuses.push(response.status().as_u16());
    }
    // A minute boundary may split the burst; then no request is limited at all.
    if statuses.contains(&429) {
        assert_eq!(
            statuses,
            vec![401, 401, 401, 401, 401, 429],
            "the sixth attempt, on either replica"
        );
    }
}

#[tokio::test]
async fn seed_dev_is_idempotent_and_seed_qa_enables_two_factor() {
    let app = spawn_app().await;
    let mut conn = app.conn().await;
    let tenant = app.state.tenant_id;
    afiliados_api::seed::seed_dev(&mut conn, tenant, &app.state.hasher, PASSWORD)
        .await
        .unwrap();
    let count = |rows: Vec<afiliados_db::users::User>| rows.len();
    let after_first = count(afiliados_db::users::all(&mut conn, tenant).await.unwrap());
    afiliados_api::seed::seed_dev(&mut conn, tenant, &app.state.hasher, PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        count(afiliados_db::users::all(&mut conn, tenant).await.unwrap()),
        after_first
    );
    assert_eq!(after_first, 8);
    let marca = app.login("marca@medipiel.co").await;
    let profile: Value = app
        .get(
            "/api/v1/auth/profile",
            marca["accessToken"].as_str().unwrap(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["roles"], serde_json::json!(["admin_marca"]));
    assert_eq!(profile["brandIds"].as_array().unwrap().len(), 1);

    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let secrets = afiliados_api::seed::QaSecrets {
        admin_password: "QaAdmin!2025xx".into(),
        admin_totp_secret: secret.into(),
        finance_password: PASSWORD.into(),
        finance_totp_secret: None,
        influencer_password: PASSWORD.into(),
    };
    afiliados_api::seed::seed_qa(
        &mut conn,
        tenant,
        &app.state.hasher,
        &app.state.data_keys,
        &secrets,
    )
    .await
    .unwrap();
    afiliados_api::seed::seed_qa(
        &mut conn,
        tenant,
        &app.state.hasher,
        &app.state.data_keys,
        &secrets,
    )
    .await
    .unwrap();
    let without_code = app
        .login_raw("admin.qa@medipiel.co", "QaAdmin!2025xx", None)
        .await;
    assert_eq!(
        without_code.json::<Value>().await.unwrap()["error"],
        "two_factor_required"
    );
    let code = totp_at(secret, now_unix());
    assert_eq!(
        app.login_raw("admin.qa@medipiel.co", "QaAdmin!2025xx", Some(&code))
            .await
            .status(),
        200
    );
}
