//! User administration: invitation through the outbox, validation, last-admin rule.

use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn an_invited_user_sets_a_password_and_becomes_active() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let body = json!({ "email": "Nueva.Marca@Medipiel.co", "firstName": "Nueva", "lastName": "Marca", "roles": ["admin_marca"], "brandIds": [brand], "locale": "en" });
    let created = app.post("/api/v1/users", &admin, body.clone()).await;
    assert_eq!(created.status(), 201);
    let user: Value = created.json().await.unwrap();
    assert_eq!(user["status"], "invited");
    assert_eq!(user["email"], "nueva.marca@medipiel.co");
    assert_eq!(user["brandIds"], json!([brand]));
    let duplicate = app.post("/api/v1/users", &admin, body).await;
    assert_eq!(duplicate.status(), 409);
    assert_eq!(
        duplicate.json::<Value>().await.unwrap()["error"],
        "email_already_registered"
    );
    let jobs = app.outbox_jobs().await;
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].0, "SendEmail");

    let outbox: Value = app
        .get(
            "/api/v1/notifications/emails?template=user_invitation",
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(outbox["items"][0]["locale"], "en");
    let email_id: uuid::Uuid = outbox["items"][0]["id"].as_str().unwrap().parse().unwrap();
    let payload = {
        let mut c = app.conn().await;
        let row = afiliados_db::email_outbox::find(&mut c, email_id)
            .await
            .unwrap()
            .unwrap();
        app.open_payload(&row)
    };
    let token = payload["link"]
        .as_str()
        .unwrap()
        .split("token=")
        .nth(1)
        .unwrap()
        .to_owned();
    let reset = app
        .post(
            "/api/v1/auth/password/reset",
            "",
            json!({ "token": token, "newPassword": "Bienvenida!2025" }),
        )
        .await;
    assert_eq!(reset.status(), 204);
    let pair = app
        .login_raw("nueva.marca@medipiel.co", "Bienvenida!2025", None)
        .await;
    assert_eq!(pair.status(), 200);
    let id = user["id"].as_str().unwrap();
    let detail: Value = app
        .get(&format!("/api/v1/users/{id}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["status"], "active");
    assert_eq!(detail["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(app.audit_actions("user.created").await.len(), 1);
}

#[tokio::test]
async fn roles_brands_and_the_last_admin_are_validated() {
    let app = spawn_app().await;
    let (admin_id, admin) = app.login_as("admin_dentsu").await;
    let no_brand = app.post("/api/v1/users", &admin, json!({ "email": "a@b.co", "firstName": "Ana", "lastName": "Bel", "roles": ["admin_marca"] })).await;
    assert_eq!(no_brand.status(), 422);
    assert_eq!(
        no_brand.json::<Value>().await.unwrap()["details"][0]["field"],
        "brandIds"
    );
    let influencer = app.post("/api/v1/users", &admin, json!({ "email": "a@b.co", "firstName": "Ana", "lastName": "Bel", "roles": ["influencer"] })).await;
    assert_eq!(influencer.status(), 422);
    let last = app
        .patch(
            &format!("/api/v1/users/{admin_id}"),
            &admin,
            json!({ "roles": ["auditor"] }),
        )
        .await;
    assert_eq!(last.status(), 409);
    assert_eq!(last.json::<Value>().await.unwrap()["error"], "last_admin");
    let list: Value = app
        .get("/api/v1/users?role=admin_dentsu", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    let bad_role = app.get("/api/v1/users?role=root", &admin).await;
    assert_eq!(bad_role.status(), 422);
}
