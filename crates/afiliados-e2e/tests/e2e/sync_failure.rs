//! A permanently failing coupon sync, end to end: the VTEX sandbox refuses the coupon with a 400,
//! the worker gives up at once (a 400 is never retried) and reports it, the api shows the error on
//! the code and the gestor reads it on the code's page in the web; once VTEX accepts again, the
//! web's "sync now" brings the coupon to life in the sandbox and clears the error.

use std::time::Duration;

use afiliados_vtex_sandbox::FaultRule;
use fantoccini::Locator;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::chrome::{browser, chromedriver, spawn_web};
use crate::program::{click, prepare_program, sign_in, wait_for, wait_for_coupon};
use crate::stack::*;

/// Polls `GET /codes/{id}` until its sync state is `state`.
async fn wait_for_sync_state(api: &ApiUnderTest, token: &str, code_id: &str, state: &str) -> Value {
    let http = reqwest::Client::new();
    let get = || async {
        http.get(format!("{}/api/v1/codes/{code_id}", api.address))
            .bearer_auth(token)
            .send()
            .await
            .expect("get code")
            .json::<Value>()
            .await
            .expect("json")
    };
    match afiliados_testkit::eventually(Duration::from_secs(30), || async {
        Some(get().await).filter(|code| code["sync"]["state"] == state)
    })
    .await
    {
        Ok(code) => code,
        Err(_) => panic!("the code never reached sync state {state}: {}", get().await),
    }
}

/// Registers an influencer through the public api and approves it; returns its id.
async fn approved_influencer(api: &ApiUnderTest, gestor: &str, unique: &str) -> String {
    let http = reqwest::Client::new();
    let policies: Value = http
        .get(format!("{}/api/v1/public/policies", api.address))
        .send()
        .await
        .expect("policies")
        .json()
        .await
        .expect("json");
    let accepted: Vec<Value> = policies["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["id"].clone())
        .collect();
    let document = format!("1{:09}", Uuid::new_v4().as_u128() % 1_000_000_000);
    let registered: Value = http
        .post(format!("{}/api/v1/public/influencers", api.address))
        .json(&json!({
            "firstName": "Valentina", "lastName": "Ríos", "documentType": "CC",
            "documentNumber": document, "email": format!("valentina.{unique}@example.com"),
            "phone": "315 222 3344", "city": "Cali", "department": "Valle del Cauca",
            "socialLinks": ["https://www.instagram.com/valentina.rios"], "password": PASSWORD,
            "acceptedPolicyVersionIds": accepted, "marketingOptIn": false
        }))
        .send()
        .await
        .expect("register")
        .json()
        .await
        .expect("json");
    let id = registered["id"].as_str().expect("influencer id").to_owned();
    let approved = http
        .patch(format!("{}/api/v1/influencers/{id}/status", api.address))
        .bearer_auth(gestor)
        .json(&json!({ "status": "approved" }))
        .send()
        .await
        .expect("approve");
    assert_eq!(approved.status(), 200);
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_coupon_shows_its_error_in_the_api_and_the_web_until_synced_by_hand() {
    require_smtp_sink().await;
    let namespace = namespace();
    let api = spawn_api(&redis_url(), &namespace).await;
    let sandbox = spawn_sandbox().await;
    sandbox
        .add_fault(FaultRule::status(400).for_operation("coupon_upsert"))
        .expect("fault");
    let _worker = spawn_worker_with_vtex(&api.address, &redis_url(), &namespace, &sandbox).await;
    let web = spawn_web(&api.address).await;

    let unique = Uuid::new_v4().simple().to_string();
    let admin_email = format!("admin.{unique}@medipiel.co");
    let gestor_email = format!("gestor.{unique}@medipiel.co");
    api.create_user(&admin_email, &["admin_dentsu"]).await;
    api.create_user(&gestor_email, &["gestor_afiliados"]).await;
    let admin = api.token(&admin_email).await;
    let gestor = api.token(&gestor_email).await;
    let (_, campaign_id) = prepare_program(&api, &admin).await;
    let influencer_id = approved_influencer(&api, &gestor, &unique).await;

    let assigned: Value = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/influencers/{influencer_id}/campaigns/{campaign_id}",
            api.address
        ))
        .bearer_auth(&gestor)
        .json(&json!({ "generateCode": true }))
        .send()
        .await
        .expect("assign")
        .json()
        .await
        .expect("json");
    let code_id = assigned["code"]["id"].as_str().expect("code id").to_owned();
    let code = assigned["code"]["code"].as_str().expect("code").to_owned();

    // The api reports the refusal: failed, with VTEX's answer, never synced, tried once.
    let failed = wait_for_sync_state(&api, &gestor, &code_id, "failed").await;
    let error = failed["sync"]["lastSyncError"]
        .as_str()
        .expect("error")
        .to_owned();
    assert!(error.contains("400"), "{failed}");
    assert!(failed["sync"]["vtexCouponId"].is_null(), "{failed}");
    assert!(failed["sync"]["lastSyncedAt"].is_null(), "{failed}");
    // A 400 is never retried: the task is dead after one attempt, and a dead task never runs
    // again, so the request journal is final.
    let dead = afiliados_testkit::eventually(Duration::from_secs(30), || async {
        dead_tasks(&redis_url(), &namespace, afiliados_jobs::queues::COUPONS)
            .await
            .ok()
            .filter(|dead| !dead.is_empty())
    })
    .await
    .expect("the refused sync lands in the dead set");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].1, 1, "one attempt, not retried");
    assert_eq!(
        sandbox.requests_for("coupon_upsert").len(),
        1,
        "a 400 is never retried"
    );
    assert!(sandbox.coupon(&code).is_none());

    // The gestor sees the same error on the code's page.
    let driver = chromedriver().await;
    let page = browser(&driver).await;
    sign_in(&page, &web, &gestor_email).await;
    page.goto(&format!("{web}/gestor/codigos/{code_id}"))
        .await
        .expect("code page");
    let shown = wait_for(&page, "sync-error").await;
    let shown = shown.text().await.expect("text");
    assert!(shown.contains("400"), "the page shows the error: {shown}");

    // VTEX accepts again; "sync now" from the web creates the coupon and clears the error.
    sandbox.clear_faults();
    click(&page, &format!("sync-now-{code_id}")).await;
    wait_for_coupon(&sandbox, &code, "active", |c| !c.is_archived).await;
    let synced = wait_for_sync_state(&api, &gestor, &code_id, "synced").await;
    assert!(synced["sync"]["lastSyncError"].is_null(), "{synced}");
    assert!(synced["sync"]["vtexCouponId"].is_string(), "{synced}");
    page.goto(&format!("{web}/gestor/codigos/{code_id}"))
        .await
        .expect("code page again");
    wait_for(&page, "code-title").await;
    assert!(
        page.find(Locator::Id("sync-error")).await.is_err(),
        "the error is gone from the page"
    );
    page.close().await.expect("close");
    drop(driver.child);
}
