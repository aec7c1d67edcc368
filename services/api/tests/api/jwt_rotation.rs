//! Rotating `JWT_KEYS` (ADR 0065) across three deploys on one database and one pinned clock:
//! [k1] → [k2, k1] → [k2]. Nobody is logged out early: a k1 token keeps working while k1 verifies,
//! refresh moves the session to k2, `keys jwt retire` refuses k1 until JWT_ACCESS_TTL (plus the
//! deploy margin) has passed since the last start-up signing with k2, and once k1 is gone the
//! session carries on through refresh.

use std::sync::Arc;

use actix_web::web;
use afiliados_api::keys::jwt::{self, DEPLOY_MARGIN_SECONDS, RetireRefused};
use afiliados_api::state::AppState;
use afiliados_api::{Application, Settings};
use afiliados_domain::{Clock, ManualClock};
use base64::Engine;
use chrono::Duration;
use reqwest::{Method, Response};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

/// The first key (kid `old`) and the one rotated in (kid `new`).
const K1: &str = JWT_OLD;
const K2: &str = JWT_NEW;

/// Another api process on `app`'s database, started on `clock` with `jwt_keys`: a deploy.
struct Deploy {
    address: String,
    http: reqwest::Client,
    client_ip: String,
    state: web::Data<AppState>,
}

async fn deploy(app: &TestApp, clock: &ManualClock, jwt_keys: &str) -> Deploy {
    let storage =
        std::env::temp_dir().join(format!("afiliados-storage-{}", Uuid::new_v4().simple()));
    let mut settings = Settings::for_tests(
        app.db.url(),
        &afiliados_testkit::redis::namespace(),
        storage,
    );
    settings.jwt_keys = jwt_keys.to_owned().into();
    let application = Application::build_with_clock(settings, Arc::new(clock.clone()))
        .await
        .expect("api builds");
    let address = format!("http://127.0.0.1:{}", application.port());
    let state = application.state();
    tokio::spawn(application.run_until_stopped());
    Deploy {
        address,
        http: reqwest::Client::builder()
            .user_agent("afiliados-api-tests")
            .build()
            .unwrap(),
        client_ip: random_client_ip(),
        state,
    }
}

impl Deploy {
    async fn profile(&self, token: &str) -> Response {
        self.http
            .get(format!("{}/api/v1/auth/profile", self.address))
            .header("x-forwarded-for", &self.client_ip)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    async fn refresh(&self, refresh_token: &str) -> Response {
        self.http
            .request(
                Method::POST,
                format!("{}/api/v1/auth/refresh", self.address),
            )
            .header("x-forwarded-for", &self.client_ip)
            .json(&json!({ "refreshToken": refresh_token }))
            .send()
            .await
            .unwrap()
    }
}

/// The `kid` of a JWT's header.
fn kid_of(token: &str) -> String {
    let header = token.split('.').next().unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header)
        .unwrap();
    let header: Value = serde_json::from_slice(&bytes).unwrap();
    header["kid"].as_str().unwrap().to_owned()
}

async fn retire(
    app: &TestApp,
    spec: &str,
    kid: &str,
    clock: &ManualClock,
) -> Result<String, RetireRefused> {
    let mut conn = app.conn().await;
    let records = afiliados_db::jwt_signing_keys::all(&mut conn)
        .await
        .unwrap();
    let ttl = app.state.settings.access_ttl_seconds;
    jwt::retire(spec, &records, kid, clock.now(), ttl)
}

#[tokio::test]
async fn rotating_the_jwt_ring_keeps_sessions_alive_and_retires_the_old_key_only_after_its_tokens_expire()
 {
    let clock = ManualClock::new("2026-03-02T15:00:00Z".parse().unwrap());
    // Deploy 1: [k1].
    let app = spawn_app_at(&clock, |settings| settings.jwt_keys = K1.to_owned().into()).await;
    let user = app.create_user("rota@medipiel.co", &["auditor"], &[]).await;
    let pair = app.login("rota@medipiel.co").await;
    let access1 = pair["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(kid_of(&access1), "old");
    let sid = app
        .state
        .jwt
        .verify(&access1, app.state.now().timestamp())
        .unwrap()
        .sid;

    // Deploy 2, a minute later: [k2, k1]. The k1 token still works; refresh signs with k2.
    clock.advance(Duration::seconds(60));
    let started_k2 = clock.now();
    let two = deploy(&app, &clock, &format!("{K2},{K1}")).await;
    assert_eq!(two.profile(&access1).await.status(), 200);
    let refreshed = two.refresh(pair["refreshToken"].as_str().unwrap()).await;
    assert_eq!(refreshed.status(), 200);
    let refreshed: Value = refreshed.json().await.unwrap();
    let access2 = refreshed["accessToken"].as_str().unwrap();
    assert_eq!(kid_of(access2), "new");
    assert_eq!(two.profile(access2).await.status(), 200);

    // k1 may not leave while a token it signed may be valid; k2 signs, `k9` is unknown.
    let ring = format!("{K2},{K1}");
    let until = started_k2
        + Duration::seconds(app.state.settings.access_ttl_seconds + DEPLOY_MARGIN_SECONDS);
    assert_eq!(
        retire(&app, &ring, "old", &clock).await,
        Err(RetireRefused::StillValid {
            kid: "old".into(),
            until
        })
    );
    assert_eq!(
        retire(&app, &ring, "new", &clock).await,
        Err(RetireRefused::Signing("new".into()))
    );
    assert_eq!(
        retire(&app, &ring, "k9", &clock).await,
        Err(RetireRefused::Unknown("k9".into()))
    );
    clock.set(until - Duration::seconds(1));
    assert!(matches!(
        retire(&app, &ring, "old", &clock).await,
        Err(RetireRefused::StillValid { .. })
    ));
    clock.set(until);
    let without_k1 = retire(&app, &ring, "old", &clock).await.unwrap();
    assert_eq!(without_k1, K2);

    // A k1 token minted now (a stand-in for one still in flight) verifies while k1 is in the ring…
    let k1_ring = afiliados_auth::JwtKeyRing::parse(K1, 32).unwrap();
    let fresh_k1 = k1_ring
        .issue(
            user,
            app.state.tenant_id,
            sid,
            vec!["auditor".into()],
            afiliados_auth::TokenType::Access,
            clock.now().timestamp(),
            900,
        )
        .unwrap();
    assert_eq!(two.profile(&fresh_k1).await.status(), 200);

    // Deploy 3: [k2]. Tokens signed by k1 are refused; the session continues through refresh.
    let three = deploy(&app, &clock, &without_k1).await;
    assert_eq!(three.profile(&access1).await.status(), 401);
    let refused = three.profile(&fresh_k1).await;
    assert_eq!(refused.status(), 401);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["error"],
        "unauthenticated"
    );
    let again = three
        .refresh(refreshed["refreshToken"].as_str().unwrap())
        .await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    let access3 = again["accessToken"].as_str().unwrap();
    assert_eq!(kid_of(access3), "new");
    assert_eq!(three.profile(access3).await.status(), 200);
    assert_eq!(three.state.jwt.active_kid(), "new");
}

#[tokio::test]
async fn every_start_up_records_its_signing_kid_and_a_rollback_blocks_retirement() {
    let clock = ManualClock::new("2026-03-02T15:00:00Z".parse().unwrap());
    let app = spawn_app_at(&clock, |settings| settings.jwt_keys = K1.to_owned().into()).await;
    let first = clock.now();
    clock.advance(Duration::seconds(30));
    let _new = deploy(&app, &clock, &format!("{K2},{K1}")).await;
    // A rollback: a process signing with k1 again, after k2 started.
    clock.advance(Duration::seconds(30));
    let _rolled_back = deploy(&app, &clock, K1).await;
    let mut conn = app.conn().await;
    let records = afiliados_db::jwt_signing_keys::all(&mut conn)
        .await
        .unwrap();
    let kids: Vec<_> = records
        .iter()
        .map(|r| (r.kid.as_str(), r.first_signed_at, r.last_started_at))
        .collect();
    assert_eq!(
        kids,
        [
            (
                "new",
                first + Duration::seconds(30),
                first + Duration::seconds(30)
            ),
            ("old", first, first + Duration::seconds(60)),
        ]
    );
    clock.advance(Duration::days(1));
    assert!(matches!(
        retire(&app, &format!("{K2},{K1}"), "old", &clock).await,
        Err(RetireRefused::SignedLater { .. })
    ));
}
