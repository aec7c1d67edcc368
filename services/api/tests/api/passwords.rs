//! Password policy through the api, password change, and single-use expiring reset tokens.

use serde_json::{Value, json};

use crate::helpers::*;

async fn codes(response: reqwest::Response) -> Vec<String> {
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "validation_failed");
    body["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

pub(crate) async fn reset_token_from_outbox(app: &TestApp, email: &str) -> String {
    use afiliados_db::email_outbox::OutboxEmailRow;
    use afiliados_db::schema::email_outbox;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let mut conn = app.conn().await;
    let row: OutboxEmailRow = email_outbox::table
        .filter(email_outbox::recipient.eq(email))
        .filter(email_outbox::template.eq_any(["password_reset", "user_invitation"]))
        .order(email_outbox::created_at.desc())
        .select(OutboxEmailRow::as_select())
        .first(&mut conn)
        .await
        .unwrap();
    app.open_payload(&row)["link"]
        .as_str()
        .unwrap()
        .split("token=")
        .nth(1)
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn change_password_enforces_the_policy_and_revokes_other_sessions() {
    let app = spawn_app().await;
    app.create_user("pol@medipiel.co", &["finance"], &[]).await;
    let first = app.login("pol@medipiel.co").await;
    let second = app.login("pol@medipiel.co").await;
    let token = second["accessToken"].as_str().unwrap();
    let change = |new: &'static str| {
        app.patch(
            "/api/v1/auth/password",
            token,
            json!({ "currentPassword": PASSWORD, "newPassword": new }),
        )
    };
    assert_eq!(
        codes(change("weakpass").await).await,
        vec![
            "too_short",
            "missing_digit",
            "missing_uppercase",
            "missing_special"
        ]
    );
    assert_eq!(
        codes(change("ÁRBOLVERDE2024#").await).await,
        vec!["missing_lowercase"]
    );
    assert_eq!(
        codes(change("Changeit!2024").await).await,
        vec!["same_as_current"]
    );
    assert_eq!(
        codes(change("POL@MEDIPIEL.CO").await).await,
        vec!["missing_digit", "missing_lowercase", "same_as_email"]
    );
    let wrong = app
        .patch(
            "/api/v1/auth/password",
            token,
            json!({ "currentPassword": "Nope!2024xxxx", "newPassword": "Contraseña2024!" }),
        )
        .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(
        change("Contraseña2024!").await.status(),
        200,
        "ñ counts as lower case"
    );
    assert_eq!(
        app.get(
            "/api/v1/auth/profile",
            first["accessToken"].as_str().unwrap()
        )
        .await
        .status(),
        401,
        "other session revoked"
    );
    assert_eq!(
        app.get("/api/v1/auth/profile", token).await.status(),
        200,
        "current session kept"
    );
    assert_eq!(
        app.login_raw("pol@medipiel.co", "Contraseña2024!", None)
            .await
            .status(),
        200
    );
    assert_eq!(app.audit_actions("auth.password_changed").await.len(), 1);
}

#[tokio::test]
async fn a_reset_token_works_once_and_expires() {
    let app = spawn_app().await;
    app.create_user("reset@medipiel.co", &["auditor"], &[])
        .await;
    let session = app.login("reset@medipiel.co").await;
    let forgot = app
        .post(
            "/api/v1/auth/password/forgot",
            "",
            json!({ "email": "reset@medipiel.co" }),
        )
        .await;
    assert_eq!(forgot.status(), 202);
    let unknown = app
        .post(
            "/api/v1/auth/password/forgot",
            "",
            json!({ "email": "ghost@medipiel.co" }),
        )
        .await;
    assert_eq!(unknown.status(), 202, "no enumeration");
    let token = reset_token_from_outbox(&app, "reset@medipiel.co").await;
    let jobs = app.outbox_jobs().await;
    assert!(jobs.iter().any(|(kind, _)| kind == "SendEmail"));

    let weak = app
        .post(
            "/api/v1/auth/password/reset",
            "",
            json!({ "token": token, "newPassword": "short" }),
        )
        .await;
    assert_eq!(weak.status(), 422);
    let ok = app
        .post(
            "/api/v1/auth/password/reset",
            "",
            json!({ "token": token, "newPassword": "Nueva!Clave2025" }),
        )
        .await;
    assert_eq!(ok.status(), 204);
    let again = app
        .post(
            "/api/v1/auth/password/reset",
            "",
            json!({ "token": token, "newPassword": "Otra!Clave2025x" }),
        )
        .await;
    assert_eq!(again.status(), 400);
    assert_eq!(
        again.json::<Value>().await.unwrap()["error"],
        "reset_token_invalid"
    );
    assert_eq!(
        app.get(
            "/api/v1/auth/profile",
            session["accessToken"].as_str().unwrap()
        )
        .await
        .status(),
        401,
        "reset revokes sessions"
    );
    assert_eq!(
        app.login_raw("reset@medipiel.co", "Nueva!Clave2025", None)
            .await
            .status(),
        200
    );

    // Expiry: a token past its time is refused.
    app.post(
        "/api/v1/auth/password/forgot",
        "",
        json!({ "email": "reset@medipiel.co" }),
    )
    .await;
    let expiring = reset_token_from_outbox(&app, "reset@medipiel.co").await;
    {
        use afiliados_db::schema::password_tokens;
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let mut conn = app.conn().await;
        diesel::update(
            password_tokens::table
                .filter(password_tokens::token_hash.eq(afiliados_auth::hash_token(&expiring))),
        )
        .set(password_tokens::expires_at.eq(chrono::Utc::now() - chrono::Duration::seconds(1)))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let late = app
        .post(
            "/api/v1/auth/password/reset",
            "",
            json!({ "token": expiring, "newPassword": "Tarde!Clave2025" }),
        )
        .await;
    assert_eq!(late.status(), 400);
}
