//! The influencer status machine: transitions, reasons, history, e-mails, notices and the
//! re-sync of every code of the influencer.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::influencer_edits::json_of;
use crate::onboarding::*;

#[tokio::test]
async fn the_status_machine_records_history_emails_notices_and_resyncs_codes() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let policies = publish_policies(&app, &admin).await;
    let body = registration(&policies.ids);
    let created = register_ok(&app, &body).await;
    let id = id_of(&created);
    let user: Uuid = created["userId"].as_str().unwrap().parse().unwrap();
    let brand = app.create_brand("cetaphil").await;
    let campaign = insert_campaign(&app, brand, "Cetaphil Lanzamiento").await;
    insert_membership(&app, campaign, id).await;
    let code = insert_code(&app, campaign, brand, id).await;
    let path = format!("/api/v1/influencers/{id}/status");
    let change = |status: &str, reason: Option<&str>| {
        let mut body = json!({ "status": status });
        if let Some(reason) = reason {
            body["reason"] = json!(reason);
        }
        let (app, gestor, path) = (&app, &gestor, &path);
        async move { json_of(app.patch(path, gestor, body).await).await }
    };
    let sync_jobs = || async {
        app.outbox_jobs()
            .await
            .into_iter()
            .filter(|(kind, payload)| kind == "SyncCoupon" && payload["codeId"] == code.to_string())
            .count()
    };
    let code_status = || async {
        let mut conn = app.conn().await;
        afiliados_db::discount_codes::find(&mut conn, app.state.tenant_id, code)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str()
    };

    let (_, finance) = app.login_as("finance").await;
    assert_eq!(
        app.patch(&path, &finance, json!({ "status": "approved" }))
            .await
            .status(),
        403
    );
    assert_eq!(change("pending", None).await.0, 422);
    let (status, body) = change("suspended", Some("Revisión")).await;
    assert_eq!(
        (status, body["error"].clone()),
        (409, json!("invalid_transition"))
    );
    assert_eq!(
        body["details"][0],
        json!({ "from": "pending", "to": "suspended" })
    );

    let (status, approved) = change("approved", None).await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["status"], "approved");
    let approved_at = approved["approvedAt"].clone();
    assert!(approved_at.is_string());
    assert_eq!(code_status().await, "active");
    assert_eq!(sync_jobs().await, 1);

    let (status, body) = change("rejected", Some("No cumple")).await;
    assert_eq!(status, 409);
    assert_eq!(
        body["details"][0],
        json!({ "from": "approved", "to": "rejected" })
    );
    let (status, body) = change("suspended", None).await;
    assert_eq!(status, 422);
    assert_eq!(body["details"][0]["field"], "reason");
    assert_eq!(
        change("suspended", Some("no")).await.0,
        422,
        "3 characters at least"
    );
    let (status, suspended) = change("suspended", Some("Contenido inapropiado")).await;
    assert_eq!(status, 200);
    assert_eq!(suspended["statusReason"], "Contenido inapropiado");
    assert_eq!(code_status().await, "inactive");
    assert_eq!(sync_jobs().await, 2);

    let (status, reactivated) = change("approved", None).await;
    assert_eq!(status, 200);
    assert_eq!(reactivated["statusReason"], Value::Null);
    assert_eq!(
        reactivated["approvedAt"], approved_at,
        "first approval kept"
    );
    assert_eq!(sync_jobs().await, 3);

    for template in [
        "influencer_approved",
        "influencer_suspended",
        "influencer_reactivated",
    ] {
        let mails = emails(&app, template).await;
        assert_eq!(mails.len(), 1, "{template}");
        assert_eq!(mails[0].recipient, body_email(&created));
    }
    assert_eq!(
        emails(&app, "influencer_suspended").await[0].payload["reason"],
        "Contenido inapropiado"
    );
    let notices = notice_types(&app, user).await;
    assert_eq!(
        notices
            .iter()
            .filter(|t| *t == "influencer.status_changed")
            .count(),
        3
    );
    assert_eq!(
        app.audit_actions("influencer.status_changed").await.len(),
        3
    );

    let (_, history) = json_of(
        app.get(&format!("/api/v1/influencers/{id}/status-history"), &gestor)
            .await,
    )
    .await;
    let steps: Vec<(Value, Value, Value)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["fromStatus"].clone(),
                h["toStatus"].clone(),
                h["reason"].clone(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            (Value::Null, json!("pending"), Value::Null),
            (json!("pending"), json!("approved"), Value::Null),
            (
                json!("approved"),
                json!("suspended"),
                json!("Contenido inapropiado")
            ),
            (json!("suspended"), json!("approved"), Value::Null),
        ]
    );
    assert_eq!(
        history["items"][1]["actor"],
        json!(gestor_email(&app, &gestor).await)
    );
}

fn body_email(created: &Value) -> String {
    created["email"].as_str().unwrap().to_owned()
}

async fn gestor_email(app: &TestApp, token: &str) -> String {
    let profile: Value = app
        .get("/api/v1/auth/profile", token)
        .await
        .json()
        .await
        .unwrap();
    profile["email"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_rejection_needs_a_reason_and_is_overturned_only_with_one() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let policies = publish_policies(&app, &admin).await;
    let id = id_of(&register_ok(&app, &registration(&policies.ids)).await);
    let path = format!("/api/v1/influencers/{id}/status");
    let missing = app
        .patch(&path, &admin, json!({ "status": "rejected" }))
        .await;
    assert_eq!(missing.status(), 422);
    let rejected = app
        .patch(
            &path,
            &admin,
            json!({ "status": "rejected", "reason": "Documento ilegible" }),
        )
        .await;
    assert_eq!(rejected.status(), 200);
    assert_eq!(
        emails(&app, "influencer_rejected").await[0].payload["reason"],
        "Documento ilegible"
    );
    assert_eq!(
        app.patch(&path, &admin, json!({ "status": "approved" }))
            .await
            .status(),
        422
    );
    let overturned = app
        .patch(
            &path,
            &admin,
            json!({ "status": "approved", "reason": "Documento reenviado" }),
        )
        .await;
    assert_eq!(overturned.status(), 200);
    assert_eq!(emails(&app, "influencer_approved").await.len(), 1);
}
