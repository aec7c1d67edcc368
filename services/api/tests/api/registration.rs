//! Public registration: what it creates, the field rules (all problems in one 422), duplicates,
//! the policy versions that must be accepted, consent hashes and the set-password path.

use std::net::IpAddr;

use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::onboarding::*;

fn fields_with_code(body: &Value) -> Vec<(String, String)> {
    body["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["field"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn problems(app: &TestApp, body: &Value) -> Vec<(String, String)> {
    let response = register(app, body).await;
    assert_eq!(response.status(), 422);
    let json: Value = response.json().await.unwrap();
    assert_eq!(json["error"], "validation_failed");
    fields_with_code(&json)
}

#[tokio::test]
async fn registration_creates_a_pending_influencer_with_consents_notices_and_audit() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (gestor, _) = app.login_as("gestor_afiliados").await;
    let policies = publish_policies(&app, &admin).await;
    let mut body = registration(&policies.ids);
    body["consentHash"] = json!("f".repeat(64));
    body["bankAccount"] = json!({
        "accountHolder": "Laura Gómez", "bankName": "Bancolombia",
        "accountType": "ahorros", "accountNumber": "00123456789"
    });
    let created = register_ok(&app, &body).await;
    assert_eq!(created["status"], "pending");
    assert_eq!(created["userStatus"], "active");
    assert!(
        created["message"]
            .as_str()
            .unwrap()
            .contains("3 días hábiles")
    );
    assert_eq!(created["phone"], "+573104567890");
    assert_eq!(created["country"], "CO");
    assert_eq!(created["bankAccount"]["accountNumberMasked"], "*******6789");
    assert_eq!(created["bankAccount"]["last4"], "6789");
    assert_eq!(created["pendingConsents"], json!([]));
    let influencer = id_of(&created);

    let welcome = emails(&app, "welcome_registration_received").await;
    assert_eq!(welcome.len(), 1);
    assert_eq!(welcome[0].recipient, body["email"].as_str().unwrap());
    assert!(emails(&app, "set_password").await.is_empty());
    assert_eq!(notice_types(&app, gestor).await[0], "influencer.registered");
    assert_eq!(app.audit_actions("influencer.registered").await.len(), 1);
    assert_eq!(app.audit_actions("consent.accepted").await.len(), 3);

    // The consent hash is the server's, and recomputes from the stored row.
    let mut conn = app.conn().await;
    let consents = afiliados_db::consents::for_influencer(&mut conn, influencer)
        .await
        .unwrap();
    assert_eq!(consents.len(), 3);
    for (consent, version) in &consents {
        assert_eq!(consent.channel.as_str(), "web");
        assert_ne!(consent.consent_hash, "f".repeat(64));
        assert_eq!(consent.user_agent.as_deref(), Some("afiliados-api-tests"));
        let ip: Option<IpAddr> = consent.ip.map(|net| net.addr());
        assert_eq!(ip, Some(app.client_ip.parse().unwrap()));
        let expected = afiliados_domain::consent_hash(
            &version.checksum,
            influencer,
            consent.accepted_at,
            ip,
            consent.user_agent.as_deref(),
        );
        assert_eq!(consent.consent_hash, expected);
    }
    // The password works at once, and the profile links the influencer.
    let pair = app.login(body["email"].as_str().unwrap()).await;
    let token = pair["accessToken"].as_str().unwrap();
    let own: Value = app
        .get(&format!("/api/v1/influencers/{influencer}"), token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own["documentNumber"], body["documentNumber"]);
    let history: Value = app
        .get(
            &format!("/api/v1/influencers/{influencer}/status-history"),
            token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history["items"][0]["toStatus"], "pending");
    assert_eq!(history["items"][0]["fromStatus"], Value::Null);
}

#[tokio::test]
async fn without_a_password_the_user_is_invited_and_sets_it_from_the_email() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let policies = publish_policies(&app, &admin).await;
    let mut body = registration(&policies.ids);
    body.as_object_mut().unwrap().remove("password");
    let created = register_ok(&app, &body).await;
    assert_eq!(created["userStatus"], "invited");
    let mails = emails(&app, "set_password").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].recipient, body["email"].as_str().unwrap());
    let link = mails[0].payload["link"].as_str().unwrap();
    let token = link.split("token=").nth(1).unwrap();
    let email = body["email"].as_str().unwrap();
    assert_eq!(app.login_raw(email, PASSWORD, None).await.status(), 401);
    let reset = app
        .request(reqwest::Method::POST, "/api/v1/auth/password/reset")
        .json(&json!({ "token": token, "newPassword": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 204);
    assert_eq!(app.login_raw(email, PASSWORD, None).await.status(), 200);
}

#[tokio::test]
async fn duplicate_email_or_document_is_409() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let policies = publish_policies(&app, &admin).await;
    let first = registration(&policies.ids);
    register_ok(&app, &first).await;

    let mut same_email = registration(&policies.ids);
    same_email["email"] = json!(first["email"].as_str().unwrap().to_uppercase());
    let response = register(&app, &same_email).await;
    assert_eq!(response.status(), 409);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "email_already_registered"
    );

    // The same number written with dots normalises to the stored one.
    let number = first["documentNumber"].as_str().unwrap();
    let dotted = format!("{}.{}.{}", &number[..1], &number[1..4], &number[4..]);
    let mut same_document = registration(&policies.ids);
    same_document["documentNumber"] = json!(dotted);
    let response = register(&app, &same_document).await;
    assert_eq!(response.status(), 409);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "document_already_registered"
    );

    // A staff account's email is taken too.
    app.create_user("staff.taken@medipiel.co", &["finance"], &[])
        .await;
    let mut staff_email = registration(&policies.ids);
    staff_email["email"] = json!("Staff.Taken@medipiel.co");
    let response = register(&app, &staff_email).await;
    assert_eq!(response.status(), 409);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "email_already_registered"
    );
    assert_eq!(app.audit_actions("influencer.registered").await.len(), 1);
}

#[tokio::test]
async fn every_invalid_field_is_named_in_one_422() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let policies = publish_policies(&app, &admin).await;
    let mut body = registration(&policies.ids);
    body["documentNumber"] = json!("0123456");
    body["email"] = json!("not-an-email");
    body["phone"] = json!("2345678");
    body["firstName"] = json!("L4ura");
    body["country"] = json!("Colombia");
    body["socialLinks"] = json!(["http://insecure.example"]);
    body["password"] = json!("weakpass");
    body["bankAccount"] = json!({
        "accountHolder": "L", "bankName": "Bancolombia", "accountType": "cdt", "accountNumber": "12a"
    });
    let found = problems(&app, &body).await;
    for expected in [
        ("documentNumber", "invalid_format"),
        ("email", "invalid_format"),
        ("phone", "invalid_format"),
        ("firstName", "invalid_format"),
        ("country", "invalid_format"),
        ("socialLinks[0]", "invalid_format"),
        ("password", "too_short"),
        ("bankAccount.accountHolder", "too_short"),
        ("bankAccount.accountType", "invalid_enum"),
        ("bankAccount.accountNumber", "invalid_format"),
    ] {
        assert!(
            found.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} missing from {found:?}"
        );
    }

    let missing = problems(&app, &json!({ "acceptedPolicyVersionIds": policies.ids })).await;
    for field in [
        "firstName",
        "lastName",
        "documentType",
        "documentNumber",
        "email",
    ] {
        assert!(
            missing.contains(&(field.into(), "required".into())),
            "{field}: {missing:?}"
        );
    }
    let mut bad_type = registration(&policies.ids);
    bad_type["documentType"] = json!("RUT");
    assert_eq!(
        problems(&app, &bad_type).await,
        vec![("documentType".to_owned(), "invalid_enum".to_owned())]
    );
    let mut unknown_tax = registration(&policies.ids);
    unknown_tax["taxProfileCode"] = json!("no_such_profile");
    assert_eq!(
        problems(&app, &unknown_tax).await,
        vec![("taxProfileCode".to_owned(), "unknown_reference".to_owned())]
    );
    let stored: i64 = {
        use afiliados_db::schema::influencers;
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let mut conn = app.conn().await;
        influencers::table
            .count()
            .get_result(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(stored, 0, "nothing is written for an invalid body");
}

#[tokio::test]
async fn nit_check_digit_is_verified_and_stored() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let policies = publish_policies(&app, &admin).await;
    let mut wrong = registration(&policies.ids);
    wrong["documentType"] = json!("NIT");
    wrong["documentNumber"] = json!("900123456-7");
    assert_eq!(
        problems(&app, &wrong).await,
        vec![(
            "documentNumber".to_owned(),
            "invalid_check_digit".to_owned()
        )]
    );
    let mut right = registration(&policies.ids);
    right["documentType"] = json!("NIT");
    right["documentNumber"] = json!("900.123.456-8");
    assert_eq!(
        register_ok(&app, &right).await["documentNumber"],
        "900123456-8"
    );
    let mut bare = registration(&policies.ids);
    bare["documentType"] = json!("NIT");
    bare["documentNumber"] = json!("800197268");
    assert_eq!(
        register_ok(&app, &bare).await["documentNumber"],
        "800197268-4"
    );
}

#[tokio::test]
async fn the_active_version_of_every_policy_must_be_accepted() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let old_terms = publish(&app, &admin, "terms", "1.0").await;
    let policies = publish_policies_after_terms(&app, &admin).await;

    let response = register(&app, &registration(&[])).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["details"][0]["field"], "acceptedPolicyVersionIds");
    assert_eq!(body["details"][0]["code"], "consent_missing");
    assert_eq!(
        body["details"][0]["params"]["missing"],
        json!(["terms", "privacy", "habeas_data"])
    );

    let two = registration(&policies.ids[..2]);
    let body: Value = register(&app, &two).await.json().await.unwrap();
    assert_eq!(
        body["details"][0]["params"]["missing"],
        json!(["habeas_data"])
    );

    // The superseded terms 1.0 is not active: its id is refused and terms is still missing.
    let old_id: Uuid = id_of(&old_terms);
    let stale = registration(&[old_id, policies.ids[1], policies.ids[2]]);
    let found = problems(&app, &stale).await;
    assert!(found.contains(&("acceptedPolicyVersionIds".into(), "consent_missing".into())));
    assert!(found.contains(&(
        "acceptedPolicyVersionIds".into(),
        "policy_version_not_active".into()
    )));
    let mut unknown = policies.ids.clone();
    unknown.push(Uuid::new_v4());
    assert_eq!(
        problems(&app, &registration(&unknown)).await,
        vec![(
            "acceptedPolicyVersionIds".to_owned(),
            "policy_version_not_active".to_owned()
        )]
    );
    register_ok(&app, &registration(&policies.ids)).await;
}

/// Terms 2.0 (replacing an earlier 1.0), privacy 1.0 and habeas_data 1.0.
async fn publish_policies_after_terms(app: &TestApp, admin: &str) -> Policies {
    let terms = publish(app, admin, "terms", "2.0").await;
    let privacy = publish(app, admin, "privacy", "1.0").await;
    let habeas = publish(app, admin, "habeas_data", "1.0").await;
    Policies {
        ids: vec![id_of(&terms), id_of(&privacy), id_of(&habeas)],
    }
}
