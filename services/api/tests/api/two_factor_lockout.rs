//! Wrong TOTP codes on the 2FA endpoints of a signed-in user count toward the sign-in lockout
//! (issue 9, low findings): a stolen session cannot guess codes without bound on
//! `/auth/2fa/confirm`, `/auth/2fa/recovery-codes` or `DELETE /auth/2fa`.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;

async fn status_and_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn disable(app: &TestApp, token: &str, code: &str) -> reqwest::Response {
    app.request(Method::DELETE, "/api/v1/auth/2fa")
        .bearer_auth(token)
        .json(&json!({ "password": PASSWORD, "code": code }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn wrong_codes_on_the_two_factor_endpoints_count_toward_the_lockout() {
    let app = spawn_app().await;
    let email = "guess@medipiel.co";
    app.create_user(email, &["gestor_afiliados"], &[]).await;
    let token = app.login(email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();

    // 1: a wrong code confirming an enrolment.
    let enrol = app.post("/api/v1/auth/2fa/enroll", &token, json!({})).await;
    assert_eq!(enrol.status(), 200);
    let wrong = app
        .post(
            "/api/v1/auth/2fa/confirm",
            &token,
            json!({ "code": "000000" }),
        )
        .await;
    assert_eq!(
        status_and_code(wrong).await,
        (401, "invalid_two_factor_code".to_owned())
    );
    let (secret, _) = enable_two_factor(&app, &token).await;

    // 2, 3: wrong codes replacing the recovery codes.
    for _ in 0..2 {
        let wrong = app
            .post(
                "/api/v1/auth/2fa/recovery-codes",
                &token,
                json!({ "code": "000000" }),
            )
            .await;
        assert_eq!(
            status_and_code(wrong).await,
            (401, "invalid_two_factor_code".to_owned())
        );
    }
    // 4: a wrong code disabling 2FA (with the right password).
    assert_eq!(
        status_and_code(disable(&app, &token, "000000").await).await,
        (401, "invalid_two_factor_code".to_owned())
    );
    // 5: the threshold locks the account.
    let locked = disable(&app, &token, "000000").await;
    assert_eq!(locked.status(), 423);
    assert!(locked.headers().contains_key("retry-after"));

    let failures = app.audit_actions("auth.login_failed").await;
    assert_eq!(
        failures.len(),
        5,
        "every wrong code was counted and audited"
    );
    assert_eq!(app.audit_actions("auth.account_locked").await.len(), 1);

    // Locked: neither a correct sign-in nor a correct code on the endpoints gets through.
    let current = totp_at(&secret, now_unix());
    assert_eq!(
        app.login_raw(email, PASSWORD, Some(&current))
            .await
            .status(),
        423
    );
    let refused = app
        .post(
            "/api/v1/auth/2fa/recovery-codes",
            &token,
            json!({ "code": current }),
        )
        .await;
    assert_eq!(refused.status(), 423);
}
