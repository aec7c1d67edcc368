//! The permission matrix of domain.md §2.2 for this build's endpoints: each role reaches what it
//! may and gets 403 elsewhere; ids outside the caller's scope answer 404.

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

const ROLES: [&str; 6] = [
    "admin_dentsu",
    "admin_marca",
    "gestor_afiliados",
    "finance",
    "auditor",
    "influencer",
];

/// (method, path, roles allowed)
fn matrix(some_user: Uuid, some_email: Uuid) -> Vec<(Method, String, Vec<&'static str>)> {
    let ad = vec!["admin_dentsu"];
    let ad_au = vec!["admin_dentsu", "auditor"];
    let ad_fi = vec!["admin_dentsu", "finance"];
    vec![
        (Method::GET, "/api/v1/users".into(), ad.clone()),
        (
            Method::GET,
            format!("/api/v1/users/{some_user}"),
            ad.clone(),
        ),
        (Method::POST, "/api/v1/users".into(), ad.clone()),
        (
            Method::PATCH,
            format!("/api/v1/users/{some_user}"),
            ad.clone(),
        ),
        (
            Method::POST,
            format!("/api/v1/users/{some_user}/unlock"),
            ad.clone(),
        ),
        (
            Method::POST,
            format!("/api/v1/users/{some_user}/sessions/revoke"),
            ad.clone(),
        ),
        (Method::GET, "/api/v1/audit/logs".into(), ad_au.clone()),
        (
            Method::GET,
            "/api/v1/audit/access-review".into(),
            ad_au.clone(),
        ),
        (Method::GET, "/api/v1/notifications/emails".into(), ad_au),
        (
            Method::POST,
            format!("/api/v1/notifications/emails/{some_email}/retry"),
            ad,
        ),
        (
            Method::GET,
            "/api/v1/vtex/webhooks/deliveries".into(),
            ad_fi.clone(),
        ),
        (
            Method::GET,
            format!("/api/v1/vtex/webhooks/deliveries/{some_email}"),
            ad_fi.clone(),
        ),
        (
            Method::POST,
            format!("/api/v1/vtex/webhooks/deliveries/{some_email}/reprocess"),
            ad_fi.clone(),
        ),
        (
            Method::POST,
            "/api/v1/vtex/webhooks/deliveries/reprocess".into(),
            ad_fi,
        ),
        (Method::GET, "/api/v1/notifications".into(), ROLES.to_vec()),
        (Method::GET, "/api/v1/auth/profile".into(), ROLES.to_vec()),
    ]
}

#[tokio::test]
async fn every_role_gets_exactly_what_the_matrix_allows() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let target = app
        .create_user("target@medipiel.co", &["gestor_afiliados"], &[])
        .await;
    let mut tokens = Vec::new();
    for role in ROLES {
        let email = format!("{role}@matrix.co");
        let brands = if role == "admin_marca" {
            vec![brand]
        } else {
            vec![]
        };
        app.create_user(&email, &[role], &brands).await;
        tokens.push((
            role,
            app.login(&email).await["accessToken"]
                .as_str()
                .unwrap()
                .to_owned(),
        ));
    }
    for (method, path, allowed) in matrix(target, Uuid::now_v7()) {
        for (role, token) in &tokens {
            let body = match (method.as_str(), path.as_str()) {
                ("POST", "/api/v1/users") => {
                    json!({ "email": format!("new.{role}@medipiel.co"), "firstName": "Nuevo", "lastName": "Usuario", "roles": ["auditor"] })
                }
                ("PATCH", _) => json!({ "firstName": "Cambiado" }),
                _ => json!({}),
            };
            let response = app
                .request(method.clone(), &path)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            if allowed.contains(role) {
                assert!(
                    status != 403 && status != 401,
                    "{role} {method} {path} → {status}"
                );
            } else {
                assert_eq!(status, 403, "{role} {method} {path}");
                assert_eq!(
                    response.json::<Value>().await.unwrap()["error"],
                    "forbidden"
                );
            }
        }
    }
    // Without a token everything but the public routes is 401.
    let anonymous = app
        .request(Method::GET, "/api/v1/users")
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn out_of_scope_ids_are_404() {
    let app = spawn_app().await;
    let (owner, owner_token) = app.login_as("influencer").await;
    let (_, other_token) = app.login_as("influencer").await;
    // A notification of the owner: the other influencer cannot even learn it exists.
    let notification = {
        let mut conn = app.conn().await;
        afiliados_db::notifications::insert(
            &mut conn,
            app.state.tenant_id,
            owner,
            "test.notice",
            "info",
            &json!({}),
        )
        .await
        .unwrap();
        let (rows, _, _) = afiliados_db::notifications::list(&mut conn, owner, false, 0, 1)
            .await
            .unwrap();
        rows[0].id
    };
    let stranger = app
        .post(
            &format!("/api/v1/notifications/{notification}/read"),
            &other_token,
            json!({}),
        )
        .await;
    assert_eq!(stranger.status(), 404);
    assert_eq!(
        stranger.json::<Value>().await.unwrap()["error"],
        "not_found"
    );
    assert_eq!(
        app.post(
            &format!("/api/v1/notifications/{notification}/read"),
            &owner_token,
            json!({})
        )
        .await
        .status(),
        204
    );

    let (_, admin) = app.login_as("admin_dentsu").await;
    assert_eq!(
        app.get(&format!("/api/v1/users/{}", Uuid::now_v7()), &admin)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get("/api/v1/users/not-a-uuid", &admin).await.status(),
        404
    );
}
