//! The data key ring's rotation (issue 13 item 2, ADR 0063): sealed values of every registered
//! kind, seeded through the real use cases, are re-sealed under a new key in resumable batches;
//! all of them open with the new key alone afterwards, nothing is left under the old key, and the
//! old key retires only then. A BYTEA column missing from the registry fails here.

use std::collections::BTreeSet;

use afiliados_api::keys::data::{self, RetireRefused, RotateOptions};
use afiliados_api::keys::registry::{NOT_SEALED, Place, SEALED};
use afiliados_config::ExposeSecret;
use afiliados_crypto::KeyRing;
use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use reqwest::multipart::{Form, Part};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::*;
use crate::onboarding::*;
use crate::webhooks::{accepted, fixture};

fn account(number: &str) -> serde_json::Value {
    json!({
        "accountHolder": "Rota Clave", "bankName": "Nequi",
        "accountType": "ahorros", "accountNumber": number
    })
}

/// One value of every registered kind, sealed under the app's (old) ring.
async fn seed_every_kind(app: &TestApp) {
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let policies = publish_policies(app, &admin).await;
    // An influencer with a bank account (its registration also queues sealed e-mail links).
    let mut body = registration(&policies.ids);
    body["bankAccount"] = account("00123456789");
    let created = register_ok(app, &body).await;
    let influencer = id_of(&created);
    let own = app.login(body["email"].as_str().unwrap()).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    // A pending bank change (sealed until a second person confirms it).
    let response = app
        .patch(
            &format!("/api/v1/influencers/{influencer}"),
            &gestor,
            json!({ "bankAccount": account("11122233344") }),
        )
        .await;
    assert_eq!(response.status(), 200);
    // A TOTP secret.
    enable_two_factor(app, &admin).await;
    // A sealed reset link.
    app.create_user("rota@medipiel.co", &["auditor"], &[]).await;
    let forgot = app
        .request(reqwest::Method::POST, "/api/v1/auth/password/forgot")
        .json(&json!({ "email": "rota@medipiel.co" }))
        .send()
        .await
        .unwrap();
    assert_eq!(forgot.status(), 202);
    // A sealed order document.
    accepted(app, fixture("oms-order-with-coupon.json")).await;
    // A KYC document in object storage, twice (batches of one cross objects too).
    for name in ["a.pdf", "b.pdf"] {
        let form = Form::new()
            .part(
                "file",
                Part::bytes(b"%PDF-1.7\nrotation\n%%EOF\n".to_vec())
                    .file_name(name.to_owned())
                    .mime_str("application/pdf")
                    .unwrap(),
            )
            .text("kind", "id_document");
        let response = app
            .request(
                reqwest::Method::POST,
                &format!("/api/v1/influencers/{influencer}/documents"),
            )
            .bearer_auth(&own)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }
    // An ARCO export, stored as the access use case stores it.
    let document_id = Uuid::new_v4();
    let key = format!("arco_request/{}/{}", Uuid::new_v4(), document_id);
    let bytes = b"{\"export\": true}";
    let key_id = app
        .state
        .storage
        .put_sealed(
            &key,
            bytes,
            &app.state.data_keys,
            &afiliados_api::usecases::arco::export::export_aad(document_id),
        )
        .await
        .unwrap();
    let mut conn = app.conn().await;
    afiliados_db::stored_documents::insert(
        &mut conn,
        &afiliados_db::stored_documents::NewDocument {
            id: document_id,
            tenant_id: app.state.tenant_id,
            owner_type: "arco_request",
            owner_id: Uuid::new_v4(),
            kind: "export",
            filename: "arco.json",
            content_type: "application/json",
            size_bytes: bytes.len() as i64,
            sha256: &afiliados_crypto::sha256_hex(bytes),
            storage_key: &key,
            encryption_key_id: Some(&key_id),
            uploaded_by: "test",
            notes: None,
        },
    )
    .await
    .unwrap();
}

fn new_ring(app: &TestApp) -> (String, KeyRing) {
    let old = app
        .state
        .settings
        .data_encryption_key
        .expose_secret()
        .to_owned();
    let spec = data::add(&old, "knew").unwrap();
    let ring = KeyRing::parse(&spec).unwrap();
    (spec, ring)
}

#[tokio::test]
async fn every_sealed_value_is_resealed_in_resumable_batches_and_the_old_key_retires_after() {
    let app = spawn_app().await;
    let old = app.state.data_keys.active_key_id().to_owned();
    seed_every_kind(&app).await;
    let mut conn = app.conn().await;

    let before = data::status(&mut conn).await.unwrap();
    for entry in SEALED {
        let seeded: i64 = before
            .iter()
            .filter(|count| count.name == entry.name)
            .map(|count| count.count)
            .sum();
        assert!(seeded > 0, "the test seeds no {}", entry.name);
    }
    assert!(before.iter().all(|count| count.key_id == old), "{before:?}");
    let total = data::count_under(&before, &old);

    let (spec, ring) = new_ring(&app);
    assert!(matches!(
        data::retire(&spec, &ring, &before, &old),
        Err(RetireRefused::InUse { count, .. }) if count == total
    ));
    assert!(matches!(
        data::retire(&spec, &ring, &before, "knew"),
        Err(RetireRefused::Active(_))
    ));

    // Interrupted after three batches of one value: three values moved, the rest still old.
    let mut seen = Vec::new();
    let stopped = data::rotate(
        &mut conn,
        &app.state.storage,
        &ring,
        RotateOptions {
            batch_size: 1,
            max_batches: Some(3),
        },
        |p| seen.push((p.name.to_owned(), p.done, p.total)),
    )
    .await
    .unwrap();
    assert!(!stopped.finished);
    assert_eq!(stopped.rewritten, 3);
    assert!(!seen.is_empty(), "progress is reported");
    let midway = data::status(&mut conn).await.unwrap();
    assert_eq!(data::count_under(&midway, "knew"), 3);
    assert_eq!(data::count_under(&midway, &old), total - 3);

    // The rerun finishes the rest, in batches of two, and touches nothing already moved.
    let finished = data::rotate(
        &mut conn,
        &app.state.storage,
        &ring,
        RotateOptions {
            batch_size: 2,
            max_batches: None,
        },
        |_| {},
    )
    .await
    .unwrap();
    assert!(finished.finished);
    assert_eq!(finished.rewritten as i64, total - 3);
    let after = data::status(&mut conn).await.unwrap();
    assert_eq!(data::count_under(&after, &old), 0, "{after:?}");
    assert_eq!(data::count_under(&after, "knew"), total);
    let again = data::rotate(
        &mut conn,
        &app.state.storage,
        &ring,
        RotateOptions::default(),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(again.rewritten, 0, "idempotent");

    // The old key retires now; the ring without it opens every value (objects included), and
    // the old ring alone opens none of them.
    let retired = data::retire(&spec, &ring, &after, &old).unwrap();
    let only_new = KeyRing::parse(&retired).unwrap();
    assert_eq!(only_new.key_ids().collect::<Vec<_>>(), vec!["knew"]);
    let opened = data::verify(&mut conn, &app.state.storage, &only_new)
        .await
        .unwrap();
    assert_eq!(opened as i64, total);
    assert!(
        data::verify(&mut conn, &app.state.storage, &app.state.data_keys)
            .await
            .is_err()
    );
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

#[tokio::test]
async fn every_bytea_column_is_registered() {
    let app = spawn_app().await;
    let mut conn = app.conn().await;
    let columns: Vec<Column> = diesel::sql_query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND data_type = 'bytea' ORDER BY 1, 2",
    )
    .load(&mut *conn)
    .await
    .unwrap();
    assert!(!columns.is_empty());
    let known: BTreeSet<(String, String)> = SEALED
        .iter()
        .filter(|entry| entry.place == Place::Column)
        .map(|entry| (entry.table.to_owned(), entry.blob.to_owned()))
        .chain(
            NOT_SEALED
                .iter()
                .map(|(table, column)| ((*table).to_owned(), (*column).to_owned())),
        )
        .collect();
    for column in columns {
        assert!(
            known.contains(&(column.table_name.clone(), column.column_name.clone())),
            "{}.{} is BYTEA but neither in keys::registry::SEALED nor in NOT_SEALED",
            column.table_name,
            column.column_name
        );
    }
}
