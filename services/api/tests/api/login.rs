//! Sign-in: credentials, 2FA (missing, wrong, expired, replayed, recovery), lockout, rate limit.

use serde_json::{Value, json};

use crate::helpers::*;

async fn error_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn wrong_password_is_401_and_audited() {
    let app = spawn_app().await;
    app.create_user("ana@medipiel.co", &["finance"], &[]).await;
    let (status, code) = error_code(
        app.login_raw("ana@medipiel.co", "Wrong!Password1", None)
            .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (401, "invalid_credentials"));
    let (status, code) =
        error_code(app.login_raw("nobody@medipiel.co", PASSWORD, None).await).await;
    assert_eq!(
        (status, code.as_str()),
        (401, "invalid_credentials"),
        "unknown email answers the same"
    );
    let failures = app.audit_actions("auth.login_failed").await;
    assert_eq!(failures.len(), 2);
    assert!(
        failures
            .iter()
            .all(|row| row.ip.is_some() && row.request_id.is_some())
    );
    assert_eq!(
        app.login_raw("ANA@medipiel.co", PASSWORD, None)
            .await
            .status(),
        200,
        "email is case-insensitive"
    );
    let success = app.audit_actions("auth.login_succeeded").await;
    assert_eq!(success.len(), 1);
    assert_eq!(success[0].actor_roles, vec!["finance".to_owned()]);
    assert!(success[0].user_agent.is_some());
}

#[tokio::test]
async fn totp_missing_wrong_expired_and_replayed_codes() {
    let app = spawn_app().await;
    app.create_user("two@medipiel.co", &["gestor_afiliados"], &[])
        .await;
    let token = app.login("two@medipiel.co").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let (secret, _) = enable_two_factor(&app, &token).await;

    let response = app.login_raw("two@medipiel.co", PASSWORD, None).await;
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "two_factor_required");
    assert_eq!(
        body["details"][0]["methods"],
        json!(["totp", "recovery_code"])
    );

    let (status, code) = error_code(
        app.login_raw("two@medipiel.co", PASSWORD, Some("000000"))
            .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (401, "invalid_two_factor_code"));
    let expired = totp_at(&secret, now_unix() - 120);
    let (status, code) = error_code(
        app.login_raw("two@medipiel.co", PASSWORD, Some(&expired))
            .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (401, "invalid_two_factor_code"));

    let current = totp_at(&secret, now_unix());
    assert_eq!(
        app.login_raw("two@medipiel.co", PASSWORD, Some(&current))
            .await
            .status(),
        200
    );
    let (status, code) = error_code(
        app.login_raw("two@medipiel.co", PASSWORD, Some(&current))
            .await,
    )
    .await;
    assert_eq!(
        (status, code.as_str()),
        (401, "invalid_two_factor_code"),
        "a used step is refused"
    );
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    let app = spawn_app().await;
    app.create_user("rec@medipiel.co", &["auditor"], &[]).await;
    let token = app.login("rec@medipiel.co").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, codes) = enable_two_factor(&app, &token).await;
    assert_eq!(codes.len(), 10);
    let body = json!({ "email": "rec@medipiel.co", "password": PASSWORD, "recoveryCode": codes[3].to_lowercase() });
    let first = app
        .request(reqwest::Method::POST, "/api/v1/auth/login")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let second = app
        .request(reqwest::Method::POST, "/api/v1/auth/login")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(second).await,
        (401, "invalid_two_factor_code".into())
    );
}

#[tokio::test]
async fn lockout_after_repeated_failures_and_admin_unlock() {
    let app = spawn_app().await;
    let user = app.create_user("lock@medipiel.co", &["finance"], &[]).await;
    for attempt in 1..=4 {
        let (status, _) = error_code(
            app.login_raw("lock@medipiel.co", "Wrong!Password1", None)
                .await,
        )
        .await;
        assert_eq!(status, 401, "attempt {attempt}");
    }
    let fifth = app
        .login_raw("lock@medipiel.co", "Wrong!Password1", None)
        .await;
    assert_eq!(fifth.status(), 423);
    assert!(fifth.headers().get("retry-after").is_some());
    // Locked: even the right password is refused (from another IP, so the rate limit is not what answers).
    let other_ip = app
        .http
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("x-forwarded-for", "10.250.0.1")
        .json(&json!({ "email": "lock@medipiel.co", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(other_ip).await, (423, "account_locked".into()));
    assert_eq!(app.audit_actions("auth.account_locked").await.len(), 1);

    let (_, admin) = app.login_as_from("admin_dentsu", "10.250.0.2").await;
    let listed: Value = app
        .get(&format!("/api/v1/users/{user}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert!(listed["lockedUntil"].is_string());
    let unlock = app
        .post(&format!("/api/v1/users/{user}/unlock"), &admin, json!({}))
        .await;
    assert_eq!(unlock.status(), 204);
    let again = app
        .http
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("x-forwarded-for", "10.250.0.3")
        .json(&json!({ "email": "lock@medipiel.co", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
}

#[tokio::test]
async fn staff_without_2fa_get_a_restricted_enrolment_token_when_mandatory() {
    let app = spawn_app_with(|settings| settings.require_2fa_for_staff = true).await;
    app.create_user("staff@medipiel.co", &["finance"], &[])
        .await;
    let pair = app.login("staff@medipiel.co").await;
    assert_eq!(pair["twoFactorEnrollmentRequired"], true);
    assert!(pair["refreshToken"].is_null());
    let token = pair["accessToken"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/auth/profile", token).await.status(), 200);
    assert_eq!(
        app.get("/api/v1/notifications", token).await.status(),
        401,
        "restricted token"
    );
    let (secret, _) = enable_two_factor(&app, token).await;
    let code = totp_at(&secret, now_unix());
    let full: Value = app
        .login_raw("staff@medipiel.co", PASSWORD, Some(&code))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(full["twoFactorEnrollmentRequired"], false);
    assert!(full["refreshToken"].as_str().unwrap().starts_with("rt_"));
    // Influencers are not staff: no enrolment required.
    app.create_user("inf@medipiel.co", &["influencer"], &[])
        .await;
    assert_eq!(
        app.login("inf@medipiel.co").await["twoFactorEnrollmentRequired"],
        false
    );
}

/// The second sign-in step runs on a server-side challenge (ADR 0028): the password step answers
/// a `challengeId`, `POST /auth/login/2fa` finishes with it and a code — no password — once, and
/// not after five minutes on the api's clock. Fails on the old code (no challenge, no route).
#[tokio::test]
async fn the_second_step_finishes_on_a_challenge_without_the_password() {
    use afiliados_domain::Clock as _;
    let clock = afiliados_domain::ManualClock::new(chrono::Utc::now());
    let app = spawn_app_at(&clock, |_| {}).await;
    app.create_user("step@medipiel.co", &["auditor"], &[]).await;
    let token = app.login("step@medipiel.co").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let (secret, _) = enable_two_factor(&app, &token).await;
    let challenge = |response: Value| -> String {
        assert_eq!(response["error"], "two_factor_required");
        response["details"][0]["challengeId"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let second_step = |challenge: &str, code: &str| {
        app.request(reqwest::Method::POST, "/api/v1/auth/login/2fa")
            .json(&json!({ "challengeId": challenge, "twoFactorCode": code }))
            .send()
    };

    let first: Value = app
        .login_raw("step@medipiel.co", PASSWORD, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["details"][0]["expiresInSeconds"], 300);
    let id = challenge(first);
    assert!(id.starts_with("lc_"));

    let (status, code) = error_code(second_step(&id, "000000").await.unwrap()).await;
    assert_eq!((status, code.as_str()), (401, "invalid_two_factor_code"));
    assert_eq!(
        app.audit_actions("auth.login_failed").await.len(),
        1,
        "a wrong code counts toward the lockout"
    );

    let now = u64::try_from(clock.now().timestamp()).unwrap();
    let done = second_step(&id, &totp_at(&secret, now)).await.unwrap();
    assert_eq!(done.status(), 200);
    let pair: Value = done.json().await.unwrap();
    assert!(pair["refreshToken"].as_str().unwrap().starts_with("rt_"));
    let (status, code) =
        error_code(second_step(&id, &totp_at(&secret, now + 30)).await.unwrap()).await;
    assert_eq!(
        (status, code.as_str()),
        (401, "two_factor_challenge_invalid"),
        "a challenge is spent by its sign-in"
    );

    let late: Value = app
        .login_raw("step@medipiel.co", PASSWORD, None)
        .await
        .json()
        .await
        .unwrap();
    let late = challenge(late);
    clock.advance(chrono::Duration::seconds(301));
    let now = u64::try_from(clock.now().timestamp()).unwrap();
    let (status, code) =
        error_code(second_step(&late, &totp_at(&secret, now)).await.unwrap()).await;
    assert_eq!(
        (status, code.as_str()),
        (401, "two_factor_challenge_invalid"),
        "expired after five minutes"
    );
}
