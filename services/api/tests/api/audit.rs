//! The audit log: append-only in the database itself, and readable with filters.

use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn update_and_delete_on_audit_log_fail_even_for_the_application_role() {
    let app = spawn_app().await;
    app.create_user("aud@medipiel.co", &["finance"], &[]).await;
    app.login("aud@medipiel.co").await;
    assert!(!app.audit_actions("auth.login_succeeded").await.is_empty());
    // The very pool the api uses, so the very role it connects with: it lacks the privilege
    // (ADR 0023).
    let mut conn = app.conn().await;
    let update = diesel::sql_query("UPDATE audit_log SET action = 'tampered'")
        .execute(&mut conn)
        .await;
    assert!(
        update
            .unwrap_err()
            .to_string()
            .contains("permission denied")
    );
    let delete = diesel::sql_query("DELETE FROM audit_log")
        .execute(&mut conn)
        .await;
    assert!(
        delete
            .unwrap_err()
            .to_string()
            .contains("permission denied")
    );
    let truncate = diesel::sql_query("TRUNCATE audit_log")
        .execute(&mut conn)
        .await;
    assert!(truncate.is_err());
    // Even the owner, which holds every privilege, meets the append-only trigger.
    let mut owner = app.owner_conn().await;
    let update = diesel::sql_query("UPDATE audit_log SET action = 'tampered'")
        .execute(&mut owner)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = diesel::sql_query("DELETE FROM audit_log")
        .execute(&mut owner)
        .await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let truncate = diesel::sql_query("TRUNCATE audit_log")
        .execute(&mut owner)
        .await;
    assert!(truncate.unwrap_err().to_string().contains("append-only"));
    assert!(
        !app.audit_actions("auth.login_succeeded").await.is_empty(),
        "rows survive"
    );
}

#[tokio::test]
async fn audit_logs_list_filters_and_records_admin_acts_with_before_and_after() {
    let app = spawn_app().await;
    let target = app
        .create_user("who@medipiel.co", &["gestor_afiliados"], &[])
        .await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    app.patch(
        &format!("/api/v1/users/{target}"),
        &admin,
        json!({ "roles": ["finance"] }),
    )
    .await;
    let (_, auditor) = app.login_as("auditor").await;
    let page: Value = app
        .get("/api/v1/audit/logs?action=user.*", &auditor)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["user.roles_changed"]);
    let entry = &page["items"][0];
    assert_eq!(entry["before"], json!(["gestor_afiliados"]));
    assert_eq!(entry["after"], json!(["finance"]));
    assert_eq!(entry["actor"]["roles"], json!(["admin_dentsu"]));
    assert_eq!(entry["entityId"], target.to_string());
    assert!(entry["ip"].as_str().unwrap().starts_with("10."));
    let logins: Value = app
        .get(
            "/api/v1/audit/logs?action=auth.login_succeeded&pageSize=1",
            &auditor,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(logins["total"], 2);
    assert_eq!(logins["items"].as_array().unwrap().len(), 1);
    let review: Value = app
        .get("/api/v1/audit/access-review", &auditor)
        .await
        .json()
        .await
        .unwrap();
    let row = review["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["email"] == "who@medipiel.co")
        .unwrap()
        .clone();
    assert_eq!(row["roles"], json!(["finance"]));
    assert!(
        row["lastAccessChangeBy"]
            .as_str()
            .unwrap()
            .starts_with("admin.dentsu.")
    );
}
