//! Influencer records per role: the influencer's own record only, admin_marca's brand view and
//! 404 outside its brands, finance's reduced view, the gestor's full view.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::influencer_edits::{ids, json_of};
use crate::onboarding::*;

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
    let only_x_document = only_x["documentNumber"].as_str().unwrap().to_owned();
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
    let (_, by_name) = json_of(app.get("/api/v1/influencers?q=laura", &marca).await).await;
    assert_eq!(by_name["total"], 2);
    let probe = format!("/api/v1/influencers?q={}", &only_x_document[2..]);
    let (_, by_document) = json_of(app.get(&probe, &marca).await).await;
    assert_eq!(by_document["total"], 0, "masked numbers are not searchable");

    let (code, view) = json_of(
        app.get(&format!("/api/v1/influencers/{only_x}"), &marca)
            .await,
    )
    .await;
    assert_eq!(code, 200);
    let number = view["documentNumber"].as_str().unwrap();
    assert!(
        number.starts_with("*******") && number.len() == 10,
        "{number}"
    );
    assert_eq!(view["address"], Value::Null);
    assert_eq!(view["bankAccount"], Value::Null);
    assert_eq!(view["taxProfile"], Value::Null);
    assert_eq!(view["documentsCount"], 0);
    assert_eq!(view["memberships"][0]["brandId"], brand_x.to_string());
    let (_, both_view) = json_of(
        app.get(&format!("/api/v1/influencers/{both}"), &marca)
            .await,
    )
    .await;
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
    let (code, view) = json_of(
        app.get(&format!("/api/v1/influencers/{only_x}"), &finance)
            .await,
    )
    .await;
    assert_eq!(code, 200);
    assert_eq!(view["bankAccount"]["accountNumberMasked"], "******7788");
    assert_eq!(view["address"], Value::Null);
    assert_eq!(view["memberships"], json!([]));
    assert!(!view["documentNumber"].as_str().unwrap().contains('*'));
    assert_eq!(app.get("/api/v1/influencers", &finance).await.status(), 403);

    // The gestor sees everything, every membership included.
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (_, full) = json_of(
        app.get(&format!("/api/v1/influencers/{both}"), &gestor)
            .await,
    )
    .await;
    assert_eq!(full["memberships"].as_array().unwrap().len(), 2);
    assert_eq!(
        full["memberships"][0]["campaignName"],
        "Cetaphil Lanzamiento"
    );
    assert!(full["address"].is_string());
}
