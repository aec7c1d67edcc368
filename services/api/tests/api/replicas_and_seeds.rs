//! Seeds are idempotent, `seed qa` enables the QA admin's 2FA with the configured secret and
//! leaves its influencer a confirmed balance (rate limits across replicas: `rate_limits.rs`).

use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn seed_dev_is_idempotent_and_seed_qa_enables_two_factor() {
    let app = spawn_app().await;
    let mut conn = app.conn().await;
    let tenant = app.state.tenant_id;
    let settings = &app.state.settings;
    afiliados_api::seed::seed_dev(&mut conn, tenant, &app.state.hasher, PASSWORD, settings)
        .await
        .unwrap();
    let after_first = seeded_counts(&mut conn).await;
    afiliados_api::seed::seed_dev(&mut conn, tenant, &app.state.hasher, PASSWORD, settings)
        .await
        .unwrap();
    assert_eq!(
        seeded_counts(&mut conn).await,
        after_first,
        "a second run changes nothing"
    );
    // 7 staff + 13 influencers; 13 influencers; 2 campaigns; 3 tiers; memberships; codes.
    assert_eq!(
        after_first,
        [20, 13, 2, 3, 10, 10],
        "users, influencers, campaigns, tiers, memberships, codes"
    );
    check_demo_programs(&app).await;
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
    let finance_secret = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";
    let secrets = afiliados_api::seed::QaSecrets {
        admin_password: "QaAdmin!2025xx".into(),
        admin_totp_secret: secret.into(),
        finance_password: "QaFinance!2025xx".into(),
        finance_totp_secret: finance_secret.into(),
        influencer_password: PASSWORD.into(),
    };
    afiliados_api::seed::seed_qa(
        &mut conn,
        tenant,
        &app.state.hasher,
        &app.state.data_keys,
        &secrets,
        settings,
    )
    .await
    .unwrap();
    afiliados_api::seed::seed_qa(
        &mut conn,
        tenant,
        &app.state.hasher,
        &app.state.data_keys,
        &secrets,
        settings,
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
    // finance.qa holds money rights: 2FA too, with its own secret.
    let without_code = app
        .login_raw("finance.qa@medipiel.co", "QaFinance!2025xx", None)
        .await;
    assert_eq!(
        without_code.json::<Value>().await.unwrap()["error"],
        "two_factor_required"
    );
    let code = totp_at(finance_secret, now_unix());
    assert_eq!(
        app.login_raw("finance.qa@medipiel.co", "QaFinance!2025xx", Some(&code))
            .await
            .status(),
        200
    );

    // Its influencer's two orders are ingested and confirmed once (ADR 0043): 37 500 + 30 000.
    let influencer = app.login("influencer.qa@medipiel.co").await;
    let balances: Value = app
        .get(
            "/api/v1/commissions/balances",
            influencer["accessToken"].as_str().unwrap(),
        )
        .await
        .json()
        .await
        .unwrap();
    let cetaphil = balances["items"]
        .as_array()
        .and_then(|items| items.iter().find(|b| b["brandName"] == "Cetaphil"))
        .unwrap_or_else(|| panic!("a Cetaphil balance: {balances}"));
    assert_eq!(cetaphil["confirmed"].to_string(), "67500.00", "{cetaphil}");
    assert_eq!(cetaphil["available"].to_string(), "67500.00", "{cetaphil}");
    let finance = app.login("finance@medipiel.co").await;
    let runs: Value = app
        .get(
            "/api/v1/commissions/settlements",
            finance["accessToken"].as_str().unwrap(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        runs["total"], 1,
        "the second seed qa settles nothing: {runs}"
    );
}

/// Rows of users, influencers, campaigns, tiers, memberships and codes.
async fn seeded_counts(conn: &mut afiliados_db::AsyncPgConnection) -> [i64; 6] {
    use afiliados_db::schema::*;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    [
        users::table.count().get_result(conn).await.unwrap(),
        influencers::table.count().get_result(conn).await.unwrap(),
        campaigns::table.count().get_result(conn).await.unwrap(),
        campaign_tiers::table
            .count()
            .get_result(conn)
            .await
            .unwrap(),
        campaign_influencers::table
            .count()
            .get_result(conn)
            .await
            .unwrap(),
        discount_codes::table
            .count()
            .get_result(conn)
            .await
            .unwrap(),
    ]
}

/// What domain.md §7 promises for onboarding, read back through the api.
async fn check_demo_programs(app: &crate::helpers::TestApp) {
    let admin = app.login("admin@medipiel.co").await;
    let token = admin["accessToken"].as_str().unwrap();
    let brands: Value = app.get("/api/v1/brands", token).await.json().await.unwrap();
    let cetaphil = brands["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["slug"] == "cetaphil")
        .unwrap();
    assert_eq!(
        cetaphil["withdrawalPolicy"]["minimumAmount"].to_string(),
        "20000.00"
    );
    assert_eq!(cetaphil["vtexBrandId"], "2000050");
    let codes: Value = app
        .get("/api/v1/codes?q=CETAPHIL-ISABELA7KQ2", token)
        .await
        .json()
        .await
        .unwrap();
    let code = &codes["items"][0];
    assert_eq!(code["code"], "CETAPHIL-ISABELA7KQ2");
    assert_eq!(
        code["status"], "active",
        "Isabela is approved and the campaign active"
    );
    assert_eq!(code["discountPercent"].to_string(), "15.00");
    let campaigns: Value = app
        .get("/api/v1/campaigns", token)
        .await
        .json()
        .await
        .unwrap();
    let launch = campaigns["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "cetaphil-lanzamiento")
        .unwrap();
    let tiers: Vec<(String, String)> = launch["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_owned(),
                t["threshold"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        tiers,
        [
            ("Base".to_owned(), "0.00".to_owned()),
            ("Avanzado".to_owned(), "500000.00".to_owned()),
            ("Elite".to_owned(), "2000000.00".to_owned())
        ]
    );
    for status in ["pending", "approved", "rejected", "suspended"] {
        let page: Value = app
            .get(&format!("/api/v1/influencers?status={status}"), token)
            .await
            .json()
            .await
            .unwrap();
        assert!(page["total"].as_u64().unwrap() >= 2, "influencers {status}");
    }
    // Isabela signs in with the seed password and has nothing left to accept.
    let isabela = app.login("influencer@medipiel.co").await;
    let profile: Value = app
        .get(
            "/api/v1/auth/profile",
            isabela["accessToken"].as_str().unwrap(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["influencerStatus"], "approved");
    assert_eq!(profile["pendingConsents"], serde_json::json!([]));
}
