//! In-process tests of the whole app: routing, CSRF, headers and pages that do not call the api
//! (here), the sign-in flow against a stub api on a local port (`flow`), and the onboarding pages
//! against a fuller stub (`stub`, driven through `browser`): registration, re-acceptance,
//! approval, code sync, downloads (`registration`, `influencer_area`, `staff_area`), staff ARCO
//! handling (`arco_staff`), consents, verification and tax profile (`staff_records`),
//! memberships, documents and the brand logo (`staff_changes`), the notifications bell (`notifications`), the
//! money pages (`money_pages`), and every page in both languages (`pages`).

use std::time::Duration;

use actix_web::cookie::Key;
use actix_web::http::{StatusCode, header};
use actix_web::{test, web};
use afiliados_api_client::{Transport, UserApi};

use crate::startup::{AppState, build_app};

mod admin_dashboard_pages;
mod arco_staff;
mod browser;
mod client_identity;
mod flow;
mod influencer_area;
mod money_out_pages;
mod money_pages;
mod notifications;
mod pages;
mod reconciliation_pages;
mod registration;
mod staff_area;
mod staff_changes;
mod staff_records;
mod stub;
mod surveys_pages;
mod uploads;

fn state() -> web::Data<AppState> {
    // Nothing listens there; these tests never reach the api.
    let transport = Transport::new("http://127.0.0.1:9", Duration::from_millis(200)).unwrap();
    web::Data::new(AppState {
        api: UserApi::new(transport),
        development: true,
        trusted_proxies: vec!["127.0.0.0/8".parse().unwrap()],
    })
}

fn csrf_from(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).unwrap() + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

#[actix_web::test]
async fn post_without_csrf_token_is_403() {
    let app = test::init_service(build_app(state(), Key::generate())).await;
    let req = test::TestRequest::post()
        .uri("/login")
        .set_form([("email", "ana@example.com"), ("password", "x")])
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(body.contains("error-title"), "renders the 403 page: {body}");
}

#[actix_web::test]
async fn wrong_csrf_token_is_403_and_logout_with_right_token_redirects() {
    let app = test::init_service(build_app(state(), Key::generate())).await;
    let res = test::call_service(&app, test::TestRequest::get().uri("/login").to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res
        .response()
        .cookies()
        .find(|c| c.name() == "afiliados_session")
        .unwrap()
        .into_owned();
    let headers = res.headers().clone();
    let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    for id in [
        "id=\"email\"",
        "id=\"password\"",
        "id=\"login-submit\"",
        "name=\"csrf_token\"",
    ] {
        assert!(html.contains(id), "login form lacks {id}");
    }
    assert_eq!(
        headers.get(header::CONTENT_SECURITY_POLICY).unwrap(),
        "default-src 'self'"
    );
    assert_eq!(headers.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
    assert_eq!(
        headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
        "nosniff"
    );
    assert_eq!(headers.get(header::REFERRER_POLICY).unwrap(), "no-referrer");
    let token = csrf_from(&html);

    let wrong = test::TestRequest::post()
        .uri("/logout")
        .cookie(cookie.clone())
        .set_form([("csrf_token", "not-the-token")])
        .to_request();
    assert_eq!(
        test::call_service(&app, wrong).await.status(),
        StatusCode::FORBIDDEN
    );

    let right = test::TestRequest::post()
        .uri("/logout")
        .cookie(cookie)
        .set_form([("csrf_token", token)])
        .to_request();
    let res = test::call_service(&app, right).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get(header::LOCATION).unwrap(), "/login");
}

#[actix_web::test]
async fn protected_pages_redirect_and_unknown_paths_are_404() {
    let app = test::init_service(build_app(state(), Key::generate())).await;
    let res = test::call_service(&app, test::TestRequest::get().uri("/admin").to_request()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get(header::LOCATION).unwrap(), "/login");
    let res = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/no-such-page?lang=en")
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(
        res.response()
            .cookies()
            .any(|c| c.name() == "lang" && c.value() == "en")
    );
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(body.contains("Page not found"), "{body}");
}

#[actix_web::test]
async fn health_static_and_metrics() {
    let app = test::init_service(build_app(state(), Key::generate())).await;
    let res = test::call_service(&app, test::TestRequest::get().uri("/health").to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = test::read_body_json(res).await;
    assert_eq!(body, serde_json::json!({"status": "ok"}));
    let css = crate::assets::asset_url("app.css");
    let res = test::call_service(&app, test::TestRequest::get().uri(&css).to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()
            .get(header::CACHE_CONTROL)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let res = test::call_service(&app, test::TestRequest::get().uri("/metrics").to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    // The request histogram is labelled by the matched route, never the raw path.
    let res = test::call_service(&app, test::TestRequest::get().uri("/health").to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = test::call_service(&app, test::TestRequest::get().uri("/metrics").to_request()).await;
    let text = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(
        // The dashboard's two web queries (afiliados_testkit::catalogue checks that list).
        text.contains("marketing_afiliados_web_request_duration_seconds_bucket{")
            && text.contains("marketing_afiliados_web_request_duration_seconds_count{")
            && text.contains("route=\"/health\""),
        "{text}"
    );
}

/// Through the Ingress (any proxy header) `/metrics` is the ordinary 404 page (ADR 0062).
#[actix_web::test]
async fn metrics_are_not_served_through_a_proxy() {
    let app = test::init_service(build_app(state(), Key::generate())).await;
    for (name, value) in [
        ("x-forwarded-for", "203.0.113.9"),
        ("forwarded", "for=203.0.113.9"),
        ("x-real-ip", "203.0.113.9"),
    ] {
        let req = test::TestRequest::get()
            .uri("/metrics")
            .insert_header((name, value))
            .to_request();
        let res = test::call_service(&app, req).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{name}");
        let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
        assert!(!body.contains("marketing_afiliados_"), "{body}");
    }
}
