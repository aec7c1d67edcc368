//! The influencer list (filters, search, sort) and staff edits with their field rules.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::onboarding::*;

pub(crate) async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub(crate) fn ids(page: &Value) -> Vec<Uuid> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect()
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
            let (code, body) = json_of(
                app.get(&format!("/api/v1/influencers{query}"), gestor)
                    .await,
            )
            .await;
            assert_eq!(code, 200, "{query}: {body}");
            body
        }
    };
    assert_eq!(page("").await["total"], 2);
    assert_eq!(ids(&page("").await), vec![ana, jose], "newest first");
    assert_eq!(ids(&page("?q=ruiz").await), vec![jose]);
    assert_eq!(ids(&page("?q=JOSE%20RU%C3%8D").await), vec![jose]);
    assert_eq!(ids(&page("?q=jos%C3%A9").await), vec![jose]);
    assert_eq!(
        ids(&page(&format!("?q={}", &jose_doc[3..])).await),
        vec![jose]
    );
    assert_eq!(ids(&page("?q=ana.zapata@").await), vec![ana]);
    assert_eq!(ids(&page("?status=approved").await), vec![ana]);
    assert_eq!(page("?status=pending,approved").await["total"], 2);
    assert_eq!(
        ids(&page(&format!("?campaignId={campaign}")).await),
        vec![ana]
    );
    assert_eq!(ids(&page(&format!("?brandId={brand}")).await), vec![ana]);
    assert_eq!(ids(&page("?sort=lastName").await), vec![jose, ana]);
    assert_eq!(ids(&page("?sort=-lastName&pageSize=1").await), vec![ana]);
    assert_eq!(page("?createdFrom=2999-01-01").await["total"], 0);
    assert_eq!(page("?createdTo=2999-01-01T00:00:00Z").await["total"], 2);
    assert_eq!(page("?pendingConsents=true").await["total"], 0);
    let row = &page("?q=zapata").await["items"][0];
    assert_eq!(row["memberships"], 1);
    assert_eq!(row["pendingConsents"], 0);
    assert!(
        row["documentNumberMasked"]
            .as_str()
            .unwrap()
            .starts_with("*******")
    );

    // A new terms version leaves everyone with a pending consent.
    publish(&app, &admin, "terms", "2.0").await;
    assert_eq!(page("?pendingConsents=true").await["total"], 2);
    assert_eq!(page("?pendingConsents=false").await["total"], 0);
    assert_eq!(page("?q=zapata").await["items"][0]["pendingConsents"], 1);

    for bad in [
        "?status=pending,archived",
        "?sort=email",
        "?pageSize=101",
        "?createdFrom=ayer",
    ] {
        let response = app.get(&format!("/api/v1/influencers{bad}"), &gestor).await;
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
    assert_eq!(audit[0].before.as_ref().unwrap()["email"], body["email"]);

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
        app.patch(
            &path,
            &finance,
            json!({ "taxProfileCode": "persona_natural" }),
        )
        .await,
    )
    .await;
    assert_eq!(code, 200, "{updated}");
    assert_eq!(updated["taxProfile"]["code"], "persona_natural");
    assert_eq!(
        updated["taxProfile"]["withholdingRate"].to_string(),
        "10.00"
    );
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
