//! Generated codes under forced collisions: the database's unique index decides, a collision costs
//! one savepoint (never the caller's transaction), and after `MAX_GENERATION_ATTEMPTS` taken
//! suffixes the answer is 409 `code_generation_exhausted` with nothing written.

use afiliados_api::usecases::UseCaseError;
use afiliados_api::usecases::codes::insert::insert_generated;
use afiliados_api_types::ApiErrorCode;
use afiliados_db::discount_codes::NewDiscountCode;
use afiliados_domain::coupon_code::MAX_GENERATION_ATTEMPTS;
use diesel_async::AsyncConnection;
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

use crate::catalogue::*;
use crate::helpers::*;

struct World {
    brand: afiliados_db::brands::Brand,
    influencer: afiliados_db::influencers::Influencer,
    campaign_id: Uuid,
}

async fn world(app: &TestApp) -> World {
    let brand_id = app.create_brand("cetaphil").await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let campaign = create_campaign(app, &admin, brand_id, "cetaphil-lanzamiento", json!({})).await;
    let influencer_id = insert_influencer(app, "Isabela", "Gómez", "approved").await;
    let tenant = app.state.tenant_id;
    let conn = app.conn().await;
    World {
        brand: afiliados_db::brands::find(&conn, tenant, brand_id)
            .await
            .unwrap()
            .unwrap(),
        influencer: afiliados_db::influencers::find(&conn, tenant, influencer_id)
            .await
            .unwrap()
            .unwrap(),
        campaign_id: campaign["id"].as_str().unwrap().parse().unwrap(),
    }
}

fn row(app: &TestApp, world: &World) -> NewDiscountCode {
    NewDiscountCode {
        id: Uuid::new_v4(),
        tenant_id: app.state.tenant_id,
        campaign_id: world.campaign_id,
        influencer_id: world.influencer.id,
        brand_id: world.brand.id,
        code: String::new(),
        custom: false,
        discount_percent: Decimal::new(1000, 2),
        starts_on: None,
        ends_on: None,
        max_uses: None,
        max_uses_per_customer: None,
        created_by: "test".to_owned(),
    }
}

async fn codes_of(app: &TestApp, world: &World) -> Vec<String> {
    let mut conn = app.conn().await;
    let mut codes: Vec<String> = afiliados_db::discount_codes::of_campaigns(
        &mut conn,
        &[world.campaign_id],
        Some(world.influencer.id),
    )
    .await
    .unwrap()
    .into_iter()
    .map(|code| code.code)
    .collect();
    codes.sort();
    codes
}

#[tokio::test]
async fn a_collision_draws_again_inside_the_same_transaction() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let mut conn = app.conn().await;
    let first = insert_generated(
        &mut conn,
        &world.brand,
        &world.influencer,
        row(&app, &world),
        || [0; 4],
    )
    .await
    .unwrap();
    assert_eq!(first.code, "CETAPHIL-ISABELAAAAA");

    // One transaction: the first draw collides, the second wins, and the transaction that saw
    // the collision still commits.
    let mut draws = vec![[1; 4], [0; 4]];
    let second = conn
        .transaction::<_, UseCaseError, _>(async |tx| {
            insert_generated(
                tx,
                &world.brand,
                &world.influencer,
                row(&app, &world),
                || draws.pop().unwrap_or([2; 4]),
            )
            .await
        })
        .await
        .unwrap();
    assert!(draws.is_empty(), "two draws");
    assert_eq!(second.code, "CETAPHIL-ISABELABBBB");
    assert_eq!(
        codes_of(&app, &world).await,
        ["CETAPHIL-ISABELAAAAA", "CETAPHIL-ISABELABBBB"]
    );
}

#[tokio::test]
async fn every_suffix_taken_answers_code_generation_exhausted_and_writes_nothing() {
    let app = spawn_app().await;
    let world = world(&app).await;
    let mut conn = app.conn().await;
    insert_generated(
        &mut conn,
        &world.brand,
        &world.influencer,
        row(&app, &world),
        || [0; 4],
    )
    .await
    .unwrap();

    let mut draws = 0;
    let outcome = conn
        .transaction::<_, UseCaseError, _>(async |tx| {
            insert_generated(
                tx,
                &world.brand,
                &world.influencer,
                row(&app, &world),
                || {
                    draws += 1;
                    [0; 4]
                },
            )
            .await
        })
        .await;
    let error = outcome.expect_err("every draw collides");
    assert_eq!(draws, MAX_GENERATION_ATTEMPTS);
    assert!(
        matches!(
            error,
            UseCaseError::Conflict {
                code: ApiErrorCode::CodeGenerationExhausted,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(codes_of(&app, &world).await, ["CETAPHIL-ISABELAAAAA"]);
}
