//! Influencer management: scoping per role (own record, admin_marca's brands, finance's view),
//! the list's filters, edits and their field rules, and the status machine with its history,
//! e-mails, notices and coupon re-syncs.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::onboarding::*;

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn ids(page: &Value) -> Vec<Uuid> {
    page["items"].as_array().unwrap().iter().map(id_of).collect()
}

#[tokio::test]
async fn an_influencer_reaches_only_its_own_record() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let policies = publish_policies(&app, &admin).await;
    let (me, token) = registered_influencer(&app, &policies).await;
    let (other, _) = registered_influencer(&app, &policies).await;
    let (me, other) = (id_of(&me), id_of(&other));

    assert_eq!(app.get("/api/v1/influencers", &token).await.status(), 403);
    for path in [
        format!("/api/v1/influencers/{other}"),
        format!("/api/v1/influencers/{other}/status-history"),
        format!("/api/v1/influencers/{other}/documents"),
    ] {
        assert_eq!(app.get(&path, &token).await.status(), 404, "{path}");
    }
    let patch_other = app
        .patch(
            &format!("/api/v1/influencers/{other}"),
            &token,
            json!({ "city": "Cali" }),
        )
        .await;
    assert_eq!(patch_other.status(), 404);
    let status = app
        .patch(
            &format!("/api/v1/influencers/{me}/status"),
            &token,
            json!({ "status": "approved" }),
        )
        .await;
    assert_eq!(status.status(), 403);

    // Own record: contact fields yes, identity fields no.
    let (code, body) = json_of(
        app.patch(
            &format!("/api/v1/influencers/{me}"),
            &token,
            json!({ "city": "Cali", "phone": "+57 601 234 5678", "socialLinks": ["https://tiktok.com/@laura"] }),
        )
        .await,
    )
    .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["city"], "Cali");
    assert_eq!(body["phone"], "+576012345678");
    let forbidden = app
        .patch(
            &format!("/api/v1/influencers/{me}"),
            &token,
            json!({ "city": "Bogotá", "firstName": "Otra" }),
        )
        .await;
    assert_eq!(forbidden.status(), 403);
    assert_eq!(
        forbidden.json::<Value>().await.unwrap()["error"],
        "forbidden"
    );
    let invalid = app
        .patch(
            &format!("/api/v1/influencers/{me}"),
            &token,
            json!({ "phone": "2345678" }),
        )
        .await;
    assert_eq!(invalid.status(), 422);
    assert_eq!(
        invalid.json::<Value>().await.unwrap()["details"][0]["field"],
        "phone"
    );
}

#[tokio::test]
async fn admin_marca_sees_the_brand_view_and_nothing_outside_its_brands() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let policies = publish_policies(&app, &admin).await;
    let brand_x = app.create_brand("cetaphil").await;
    let brand_y = app.create_brand("avene").await;
    let campaign_x = insert_campaign(&app, brand_x, "Cetaphil Lanzamiento").await;
    let campaign_y = insert_campaign(&app, brand_y, "Avène Verano").await;
    let mut only_x = registration(&policies.ids);
    only_x["bankAccount"] = json!({
        "accountHolder": "Laura Gómez", "bankName": "Davivienda",
        "accountType": "corriente", "accountNumber": "4455667788"
    });
    let only_x = id_of(&register_ok(&app, &only_x).await);
    let only_y = id_of(&register_ok(&app, &registration(&policies.ids)).await);
    let both = id_of(&register_ok(&app, &registration(&policies.ids)).await);
    let nowhere = id_of(&register_ok(&app, &registration(&policies.ids)).await);
    insert_membership(&app, campaign_x, only_x).await;
    insert_membership(&app, campaign_y, only_y).await;
    insert_membership(&app, campaign_x, both).await;
    insert_membership(&app, campaign_y, both).await;

    let email = format!("marca.{}@medipiel.co", Uuid::new_v4().simple());
    app.create_user(&email, &["admin_marca"], &[brand_x]).await;
    let marca = app.login(&email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();

    let (code, page) = json_of(app.get("/api/v1/influencers", &marca).await).await;
    assert_eq!(code, 200);
    let mut listed = ids(&page);
    listed.sort();
    let mut expected = vec![only_x, both];
    expected.sort();
    assert_eq!(listed, expected);
    let both_row = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| id_of(r) == both)
        .unwrap();
    assert_eq!(both_row["memberships"], 1, "only memberships of its brands");

    let (code, view) = json_of(
        app.get(&format!("/api/v1/influencers/{only_x}"), &marca)
            .await,
    )
    .await;
    assert_eq!(code, 200);
    let number = view["documentNumber"].as_str().unwrap();
    assert!(number.starts_with("*******") && number.len() == 10, "{number}");
    assert_eq!(view["address"], Value::Null);
    assert_eq!(view["bankAccount"], Value::Null);
    assert_eq!(view["taxProfile"], Value::Null);
    assert_eq!(view["documentsCount"], 0);
    assert_eq!(view["memberships"][0]["brandId"], brand_x.to_string());
    let (_, both_view) =
        json_of(app.get(&format!("/api/v1/influencers/{both}"), &marca).await).await;
    assert_eq!(both_view["memberships"].as_array().unwrap().len(), 1);

    for id in [only_y, nowhere] {
        assert_eq!(
            app.get(&format!("/api/v1/influencers/{id}"), &marca)
                .await
                .status(),
            404
        );
        assert_eq!(
            app.patch(
                &format!("/api/v1/influencers/{id}/status"),
                &marca,
                json!({ "status": "approved" })
            )
            .await
            .status(),
            404
        );
    }
    let cross = app
        .patch(
            &format!("/api/v1/influencers/{both}/status"),
            &marca,
            json!({ "status": "approved" }),
        )
        .await;
    assert_eq!(cross.status(), 403);
    assert_eq!(
        cross.json::<Value>().await.unwrap()["error"],
        "cross_brand_influencer"
    );
    let approve = app
        .patch(
            &format!("/api/v1/influencers/{only_x}/status"),
            &marca,
            json!({ "status": "approved" }),
        )
        .await;
    assert_eq!(approve.status(), 200);
    assert_eq!(
        app.patch(
            &format!("/api/v1/influencers/{only_x}"),
            &marca,
            json!({ "city": "Cali" })
        )
        .await
        .status(),
        403
    );

    // Finance: identity, document, tax profile and masked bank account; no memberships.
    let (_, finance) = app.login_as("finance").await;
    let (code, view) =
        json_of(app.get(&format!("/api/v1/influencers/{only_x}"), &finance).await).await;
    assert_eq!(code, 200);
    assert_eq!(view["bankAccount"]["accountNumberMasked"], "******7788");
    assert_eq!(view["address"], Value::Null);
    assert_eq!(view["memberships"], json!([]));
    assert!(!view["documentNumber"].as_str().unwrap().contains('*'));
    assert_eq!(app.get("/api/v1/influencers", &finance).await.status(), 403);

    // The gestor sees everything, every membership included.
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (_, full) = json_of(app.get(&format!("/api/v1/influencers/{both}"), &gestor).await).await;
    assert_eq!(full["memberships"].as_array().unwrap().len(), 2);
    assert_eq!(full["memberships"][0]["campaignName"], "Cetaphil Lanzamiento");
    assert!(full["address"].is_string());
}

#[tokio::test]
async fn the_list_filters_searches_and_sorts() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let policies = publish_policies(&app, &admin).await;
    let mut jose = registration(&policies.ids);
    jose["firstName"] = json!("José");
    jose["lastName"] = json!("Ruíz");
    let jose_doc = jose["documentNumber"].as_str().unwrap().to_owned();
    let jose = id_of(&register_ok(&app, &jose).await);
    let mut ana = registration(&policies.ids);
    ana["firstName"] = json!("Ana");
    ana["lastName"] = json!("Zapata");
    ana["email"] = json!("ana.zapata@example.co");
    let ana = id_of(&register_ok(&app, &ana).await);
    let brand = app.create_brand("larocheposay").await;
    let campaign = insert_campaign(&app, brand, "LRP Sol").await;
    insert_membership(&app, campaign, ana).await;
    app.patch(
        &format!("/api/v1/influencers/{ana}/status"),
        &gestor,
        json!({ "status": "approved" }),
    )
    .await;

    let page = |query: &str| {
        let (app, gestor) = (&app, &gestor);
        let query = query.to_owned();
        async move {
            let (code, body) =
                json_of(app.get(&format!("/api/v1/influencers{query}"), gestor).await).await;
            assert_eq!(code, 200, "{query}: {body}");
            body
        }
    };
    assert_eq!(page("").await["total"], 2);
    assert_eq!(ids(&page("").await), vec![ana, jose], "newest first");
    assert_eq!(ids(&page("?q=ruiz").await), vec![jose]);
    assert_eq!(ids(&page("?q=JOSE%20RU%C3%8D").await), vec![jose]);
    assert_eq!(ids(&page("?q=jos%C3%A9").await), vec![jose]);
    assert_eq!(ids(&page(&format!("?q={}", &jose_doc[3..])).await), vec![jose]);
    assert_eq!(ids(&page("?q=ana.zapata@").await), vec![ana]);
    assert_eq!(ids(&page("?status=approved").await), vec![ana]);
    assert_eq!(page("?status=pending,approved").await["total"], 2);
    assert_eq!(ids(&page(&format!("?campaignId={campaign}")).await), vec![ana]);
    assert_eq!(ids(&page(&format!("?brandId={brand}")).await), vec![ana]);
    assert_eq!(ids(&page("?sort=lastName").await), vec![jose, ana]);
    assert_eq!(ids(&page("?sort=-lastName&pageSize=1").await), vec![ana]);
    assert_eq!(page("?createdFrom=2999-01-01").await["total"], 0);
    assert_eq!(page("?createdTo=2999-01-01T00:00:00Z").await["total"], 2);
    assert_eq!(page("?pendingConsents=true").await["total"], 0);
    let row = &page("?q=zapata").await["items"][0];
    assert_eq!(row["memberships"], 1);
    assert_eq!(row["pendingConsents"], 0);
    assert!(row["documentNumberMasked"].as_str().unwrap().starts_with("*******"));

    // A new terms version leaves everyone with a pending consent.
    publish(&app, &admin, "terms", "2.0").await;
    assert_eq!(page("?pendingConsents=true").await["total"], 2);
    assert_eq!(page("?pendingConsents=false").await["total"], 0);
    assert_eq!(page("?q=zapata").await["items"][0]["pendingConsents"], 1);

    for bad in ["?status=pending,archived", "?sort=email", "?pageSize=101", "?createdFrom=ayer"] {
        let response = app
            .get(&format!("/api/v1/influencers{bad}"), &gestor)
            .await;
        assert_eq!(response.status(), 422, "{bad}");
    }
}

#[tokio::test]
async fn staff_edits_follow_the_registration_rules() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (_, finance) = app.login_as("finance").await;
    let policies = publish_policies(&app, &admin).await;
    let body = registration(&policies.ids);
    let me = id_of(&register_ok(&app, &body).await);
    let other = registration(&policies.ids);
    register_ok(&app, &other).await;
    let path = format!("/api/v1/influencers/{me}");

    let taken = app
        .patch(&path, &gestor, json!({ "email": other["email"] }))
        .await;
    assert_eq!(taken.status(), 409);
    assert_eq!(
        taken.json::<Value>().await.unwrap()["error"],
        "email_already_registered"
    );
    let taken = app
        .patch(
            &path,
            &gestor,
            json!({ "documentNumber": other["documentNumber"] }),
        )
        .await;
    assert_eq!(
        taken.json::<Value>().await.unwrap()["error"],
        "document_already_registered"
    );
    let invalid = app
        .patch(
            &path,
            &gestor,
            json!({ "documentType": "NIT", "email": "bad", "country": "COL" }),
        )
        .await;
    assert_eq!(invalid.status(), 422);
    let details: Value = invalid.json().await.unwrap();
    let fields: Vec<&str> = details["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["email", "documentNumber", "country"]);

    // An email change moves the sign-in email with it.
    let (code, updated) = json_of(
        app.patch(
            &path,
            &gestor,
            json!({ "email": "Nuevo.Correo@Example.co", "lastName": "Gómez Ruiz", "address": null }),
        )
        .await,
    )
    .await;
    assert_eq!(code, 200, "{updated}");
    assert_eq!(updated["email"], "nuevo.correo@example.co");
    assert_eq!(updated["address"], Value::Null);
    assert_eq!(
        app.login_raw("nuevo.correo@example.co", PASSWORD, None)
            .await
            .status(),
        200
    );
    let audit = app.audit_actions("influencer.updated").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(
        audit[0].before.as_ref().unwrap()["email"],
        body["email"]
    );

    // Finance may set the tax profile, and nothing else.
    {
        use afiliados_db::schema::tax_profiles;
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let mut conn = app.conn().await;
        diesel::insert_into(tax_profiles::table)
            .values((
                tax_profiles::id.eq(afiliados_db::new_id()),
                tax_profiles::tenant_id.eq(app.state.tenant_id),
                tax_profiles::code.eq("persona_natural"),
                tax_profiles::name.eq("Persona natural"),
                tax_profiles::withholding_rate.eq(rust_decimal::Decimal::new(1000, 2)),
            ))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let (code, updated) = json_of(
        app.patch(&path, &finance, json!({ "taxProfileCode": "persona_natural" }))
            .await,
    )
    .await;
    assert_eq!(code, 200, "{updated}");
    assert_eq!(updated["taxProfile"]["code"], "persona_natural");
    assert_eq!(updated["taxProfile"]["withholdingRate"].to_string(), "10.00");
    assert_eq!(
        app.patch(&path, &finance, json!({ "city": "Cali" }))
            .await
            .status(),
        403
    );
    let unknown = app
        .patch(&path, &finance, json!({ "taxProfileCode": "nope" }))
        .await;
    assert_eq!(unknown.status(), 422);
    let (_, auditor) = app.login_as("auditor").await;
    assert_eq!(
        app.patch(&path, &auditor, json!({ "city": "Cali" }))
            .await
            .status(),
        403
    );
}

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
            .filter(|(kind, payload)| {
                kind == "SyncCoupon" && payload["codeId"] == code.to_string()
            })
            .count()
    };
    let code_status = || async {
        let mut conn = app.conn().await;
        afiliados_db::discount_codes::find(&mut conn, app.state.tenant_id, code)
            .await
            .unwrap()
            .unwrap()
            .status
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
    assert_eq!((status, body["error"].clone()), (409, json!("invalid_transition")));
    assert_eq!(body["details"][0], json!({ "from": "pending", "to": "suspended" }));

    let (status, approved) = change("approved", None).await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["status"], "approved");
    let approved_at = approved["approvedAt"].clone();
    assert!(approved_at.is_string());
    assert_eq!(code_status().await, "active");
    assert_eq!(sync_jobs().await, 1);

    let (status, body) = change("rejected", Some("No cumple")).await;
    assert_eq!(status, 409);
    assert_eq!(body["details"][0], json!({ "from": "approved", "to": "rejected" }));
    let (status, body) = change("suspended", None).await;
    assert_eq!(status, 422);
    assert_eq!(body["details"][0]["field"], "reason");
    assert_eq!(change("suspended", Some("no")).await.0, 422, "3 characters at least");
    let (status, suspended) = change("suspended", Some("Contenido inapropiado")).await;
    assert_eq!(status, 200);
    assert_eq!(suspended["statusReason"], "Contenido inapropiado");
    assert_eq!(code_status().await, "inactive");
    assert_eq!(sync_jobs().await, 2);

    let (status, reactivated) = change("approved", None).await;
    assert_eq!(status, 200);
    assert_eq!(reactivated["statusReason"], Value::Null);
    assert_eq!(reactivated["approvedAt"], approved_at, "first approval kept");
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
    assert_eq!(app.audit_actions("influencer.status_changed").await.len(), 3);

    let (_, history) = json_of(
        app.get(&format!("/api/v1/influencers/{id}/status-history"), &gestor)
            .await,
    )
    .await;
    let steps: Vec<(Value, Value, Value)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["fromStatus"].clone(), h["toStatus"].clone(), h["reason"].clone()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (Value::Null, json!("pending"), Value::Null),
            (json!("pending"), json!("approved"), Value::Null),
            (json!("approved"), json!("suspended"), json!("Contenido inapropiado")),
            (json!("suspended"), json!("approved"), Value::Null),
        ]
    );
    assert_eq!(history["items"][1]["actor"], json!(gestor_email(&app, &gestor).await));
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
