//! `/internal/v1` coupons and promotions through the worker's typed client: the desired state,
//! results by revision (stale ones never mark synced), idempotent repeats, the service token only.

use std::time::Duration;

use afiliados_api_client::{InternalApi, Transport};
use afiliados_api_types::internal_vtex::{
    CouponDesiredState, CouponSyncResult, PromotionSyncResult,
};
use afiliados_db_test::fixtures::{CodeWorld, code_sync, insert_code_world};
use afiliados_domain::Percent;
use rust_decimal::Decimal;

use crate::helpers::*;

fn worker(app: &TestApp) -> InternalApi {
    let transport = Transport::new(&app.address, Duration::from_secs(5)).unwrap();
    InternalApi::new(
        transport,
        afiliados_config::SecretString::from(INTERNAL_TOKEN.to_owned()),
    )
}

fn success(revision: i32, id: &str, archived: bool) -> CouponSyncResult {
    CouponSyncResult {
        sync_revision: revision,
        success: true,
        vtex_coupon_id: Some(id.into()),
        vtex_archived: Some(archived),
        error: None,
        permanent: false,
    }
}

fn failure(revision: i32, error: &str, permanent: bool) -> CouponSyncResult {
    CouponSyncResult {
        sync_revision: revision,
        success: false,
        vtex_coupon_id: None,
        vtex_archived: None,
        error: Some(error.into()),
        permanent,
    }
}

#[tokio::test]
async fn desired_coupon_and_promotion_then_results_by_revision() {
    let app = spawn_app().await;
    let mut world = CodeWorld::active("rev");
    world.discount_percent = Decimal::new(1250, 2);
    world.max_uses = Some(100);
    world.max_uses_per_customer = Some(1);
    world.cumulative = true;
    let ids = insert_code_world(&mut *app.conn().await, app.state.tenant_id, &world)
        .await
        .unwrap();
    let api = worker(&app);

    let desired = api.get_desired_coupon(ids.code_id).await.unwrap();
    assert_eq!(desired.code, "CODE-REV");
    assert_eq!(desired.sync_revision, 1);
    assert_eq!(desired.desired_state, CouponDesiredState::Active);
    assert_eq!(desired.utm_source, "afiliados");
    assert_eq!(desired.utm_campaign, "lanzamiento-rev-12p5");
    assert_eq!((desired.max_usage, desired.max_items_per_client), (100, 1));
    assert_eq!(desired.expiration_interval_per_use, "00:00:00");
    assert_eq!(desired.promotion.campaign_id, ids.campaign_id);
    assert_eq!(
        desired.promotion.discount_percent,
        Percent::parse("12.5").unwrap()
    );
    assert!(!desired.promotion.synced && desired.promotion.vtex_promotion_id.is_none());
    // Reading again creates nothing new (one promotion row per campaign and percent).
    assert_eq!(api.get_desired_coupon(ids.code_id).await.unwrap(), desired);

    let promotions = api.get_desired_promotions(ids.campaign_id).await.unwrap();
    assert_eq!(promotions.items.len(), 1);
    let item = &promotions.items[0];
    assert_eq!(item.sync_revision, 1);
    let body = &item.desired;
    assert_eq!(body.name, "Afiliados Lanzamiento rev 12.5%");
    assert_eq!(
        body.description,
        format!("marketing-afiliados campaign {}", ids.campaign_id)
    );
    assert_eq!(
        body.begin_date_utc.to_rfc3339(),
        "2026-02-01T05:00:00+00:00"
    );
    assert_eq!(body.end_date_utc.to_rfc3339(), "2036-02-01T05:00:00+00:00");
    assert!(body.is_active && body.cumulative);
    assert_eq!(body.utm_campaign, "lanzamiento-rev-12p5");
    assert_eq!(body.max_usage, 0);
    assert_eq!(body.brands.len(), 1);
    assert_eq!(body.brands[0].id, "2000050");
    assert!(body.categories.is_empty() && body.skus.is_empty());
    assert_eq!(body.ids_sales_channel, vec!["1".to_owned()]);

    let promotion_ok = PromotionSyncResult {
        discount_percent: item.discount_percent,
        sync_revision: 1,
        success: true,
        vtex_promotion_id: Some("promo-1".into()),
        error: None,
        permanent: false,
    };
    api.report_promotion_sync(ids.campaign_id, &promotion_ok)
        .await
        .unwrap();
    api.report_promotion_sync(ids.campaign_id, &promotion_ok)
        .await
        .unwrap();
    let desired = api.get_desired_coupon(ids.code_id).await.unwrap();
    assert!(desired.promotion.synced);
    assert_eq!(
        desired.promotion.vtex_promotion_id.as_deref(),
        Some("promo-1")
    );

    // The code changes (inactive, revision 2) while a sync of revision 1 is in flight.
    afiliados_db::discount_codes::set_status_and_bump(
        &mut *app.conn().await,
        ids.code_id,
        "inactive",
    )
    .await
    .unwrap();
    let desired = api.get_desired_coupon(ids.code_id).await.unwrap();
    assert_eq!(
        (desired.sync_revision, desired.desired_state),
        (2, CouponDesiredState::Archived)
    );
    api.report_coupon_sync(ids.code_id, &success(1, "CODE-REV", false))
        .await
        .unwrap();
    let (state, revision, synced, vtex_id, _, _) = code_sync(&mut *app.conn().await, ids.code_id)
        .await
        .unwrap();
    assert_eq!(
        (state.as_str(), revision, synced, vtex_id),
        ("pending", 2, None, None),
        "a stale success does not mark the code synced"
    );

    // A transient failure keeps pending with the error; the current success clears it.
    api.report_coupon_sync(ids.code_id, &failure(2, "VTEX answered 503", false))
        .await
        .unwrap();
    let (state, _, _, _, _, error) = code_sync(&mut *app.conn().await, ids.code_id)
        .await
        .unwrap();
    assert_eq!(
        (state.as_str(), error.as_deref()),
        ("pending", Some("VTEX answered 503"))
    );
    api.report_coupon_sync(ids.code_id, &success(2, "CODE-REV", true))
        .await
        .unwrap();
    api.report_coupon_sync(ids.code_id, &success(2, "CODE-REV", true))
        .await
        .unwrap();
    let after = code_sync(&mut *app.conn().await, ids.code_id)
        .await
        .unwrap();
    assert_eq!(
        after,
        (
            "synced".to_owned(),
            2,
            Some(2),
            Some("CODE-REV".to_owned()),
            Some(true),
            None
        )
    );
    // A late failure of the synced revision changes nothing.
    api.report_coupon_sync(ids.code_id, &failure(2, "late", true))
        .await
        .unwrap();
    assert_eq!(
        code_sync(&mut *app.conn().await, ids.code_id)
            .await
            .unwrap(),
        after
    );

    // Revision 3 fails for good.
    afiliados_db::discount_codes::set_status_and_bump(
        &mut *app.conn().await,
        ids.code_id,
        "inactive",
    )
    .await
    .unwrap();
    api.report_coupon_sync(
        ids.code_id,
        &failure(3, "VTEX refused the request with 400", true),
    )
    .await
    .unwrap();
    let (state, _, synced, _, _, error) = code_sync(&mut *app.conn().await, ids.code_id)
        .await
        .unwrap();
    assert_eq!(state, "failed");
    assert_eq!(synced, Some(2));
    assert_eq!(error.as_deref(), Some("VTEX refused the request with 400"));

    // A revision that never existed is a malformed report.
    let status = api
        .report_coupon_sync(ids.code_id, &success(9, "CODE-REV", true))
        .await
        .unwrap_err()
        .status()
        .map(|s| s.as_u16());
    assert_eq!(status, Some(422));
}

#[tokio::test]
async fn scopes_and_paused_campaigns_shape_the_promotion() {
    let app = spawn_app().await;
    let mut world = CodeWorld::active("scope");
    world.scope = ("category".into(), vec!["12".into(), "34".into()]);
    world.campaign_status = "paused".into();
    world.vtex_brand_id = None;
    world.code_status = "inactive".into();
    let ids = insert_code_world(&mut *app.conn().await, app.state.tenant_id, &world)
        .await
        .unwrap();
    let api = worker(&app);
    // The promotions list creates the row for the percent the codes use, without a coupon read.
    let promotions = api.get_desired_promotions(ids.campaign_id).await.unwrap();
    assert_eq!(promotions.items.len(), 1);
    let body = &promotions.items[0].desired;
    assert!(!body.is_active, "a paused campaign's promotion is inactive");
    assert!(body.brands.is_empty() && body.skus.is_empty());
    let categories: Vec<&str> = body.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(categories, ["12", "34"]);
    assert_eq!(body.utm_campaign, "lanzamiento-scope-10");
    let desired = api.get_desired_coupon(ids.code_id).await.unwrap();
    assert_eq!(desired.desired_state, CouponDesiredState::Archived);

    // A stale promotion result does not mark it synced.
    let stale = PromotionSyncResult {
        discount_percent: promotions.items[0].discount_percent,
        sync_revision: 2,
        success: true,
        vtex_promotion_id: Some("p".into()),
        error: None,
        permanent: false,
    };
    let status = api
        .report_promotion_sync(ids.campaign_id, &stale)
        .await
        .unwrap_err()
        .status()
        .map(|s| s.as_u16());
    assert_eq!(status, Some(422), "revision 2 does not exist yet");
}

#[tokio::test]
async fn user_tokens_and_unknown_ids_are_refused() {
    let app = spawn_app().await;
    let ids = insert_code_world(
        &mut *app.conn().await,
        app.state.tenant_id,
        &CodeWorld::active("auth"),
    )
    .await
    .unwrap();
    let (_, admin) = app.login_as("admin_dentsu").await;
    for path in [
        format!("/internal/v1/codes/{}/coupon", ids.code_id),
        format!("/internal/v1/campaigns/{}/promotions", ids.campaign_id),
    ] {
        let response = app.get(&path, &admin).await;
        assert_eq!(response.status(), 401, "{path}");
    }
    let response = app
        .post(
            &format!("/internal/v1/codes/{}/sync-result", ids.code_id),
            &admin,
            serde_json::json!({ "syncRevision": 1, "success": true, "permanent": false }),
        )
        .await;
    assert_eq!(response.status(), 401);
    let (state, ..) = code_sync(&mut *app.conn().await, ids.code_id)
        .await
        .unwrap();
    assert_eq!(state, "pending");

    let api = worker(&app);
    let unknown = uuid::Uuid::now_v7();
    let status = api
        .get_desired_coupon(unknown)
        .await
        .unwrap_err()
        .status()
        .map(|s| s.as_u16());
    assert_eq!(status, Some(404));
    let status = api
        .get_desired_promotions(unknown)
        .await
        .unwrap_err()
        .status()
        .map(|s| s.as_u16());
    assert_eq!(status, Some(404));
}
