//! argon2 runs on a bounded pool (issue 9, finding 8; ADR 0026): with every slot taken, a
//! request that needs a hash answers 503 `server_busy` with `Retry-After` at once, records
//! nothing, and the next request after the slot frees succeeds. The slot is held by a real
//! sign-in stopped on its worker by the pool's test hook, so nothing depends on timing.

use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn a_sign_in_beyond_the_hashing_bound_answers_503_with_retry_after() {
    let app = spawn_app_with(|settings| settings.password_hashing_slots = 1).await;
    app.create_user("first@medipiel.co", &["finance"], &[])
        .await;
    app.create_user("second@medipiel.co", &["finance"], &[])
        .await;
    assert_eq!(app.state.passwords.slots(), 1);

    let mut hold = app.state.passwords.hold_next();
    let first = {
        let request = app
            .request(reqwest::Method::POST, "/api/v1/auth/login")
            .json(&json!({ "email": "first@medipiel.co", "password": PASSWORD }));
        tokio::spawn(async move { request.send().await.unwrap() })
    };
    // The first sign-in is now on the only worker, holding the only slot.
    hold.entered().await;

    let busy = app.login_raw("second@medipiel.co", PASSWORD, None).await;
    assert_eq!(busy.status(), 503);
    assert_eq!(busy.headers()["retry-after"], "1");
    let body: Value = busy.json().await.unwrap();
    assert_eq!(body["error"], "server_busy");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(
        app.audit_actions("auth.login_failed").await.is_empty(),
        "a busy answer is not a failed attempt"
    );

    hold.release();
    assert_eq!(first.await.unwrap().status(), 200);
    assert_eq!(
        app.login_raw("second@medipiel.co", PASSWORD, None)
            .await
            .status(),
        200,
        "the slot is free again"
    );
}
