//! The HTTP middlewares: duration histogram labels and the request-id echo.

use actix_web::http::StatusCode;
use actix_web::{App, HttpRequest, HttpResponse, error, test, web};
use afiliados_telemetry::{
    HttpMetrics, RequestIdHeader, render_metrics, request_id, tracing_logger,
};

const METRIC: &str = "afiliados_test_request_duration_seconds";

async fn item(path: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(path.into_inner().to_string())
}

async fn failing() -> Result<HttpResponse, actix_web::Error> {
    Err(error::ErrorConflict("already approved"))
}

async fn echo_id(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().body(request_id(&req).unwrap_or_default())
}

fn metric_lines(route: &str) -> Vec<String> {
    render_metrics()
        .lines()
        .filter(|line| {
            line.starts_with(&format!("{METRIC}_count"))
                && line.contains(&format!("route=\"{route}\""))
        })
        .map(str::to_owned)
        .collect()
}

#[actix_web::test]
async fn histogram_labels_matched_unmatched_and_failed_requests() {
    let app = test::init_service(
        App::new()
            .wrap(HttpMetrics::new(METRIC).exclude("/metrics"))
            .route("/items/{id}", web::get().to(item))
            .route("/conflict", web::post().to(failing))
            .route(
                "/metrics",
                web::get().to(afiliados_telemetry::metrics_endpoint),
            ),
    )
    .await;

    let ok = test::call_service(&app, test::TestRequest::get().uri("/items/5").to_request()).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let missing = test::call_service(
        &app,
        test::TestRequest::get().uri("/no/such/page").to_request(),
    )
    .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let conflict = test::call_service(
        &app,
        test::TestRequest::post().uri("/conflict").to_request(),
    )
    .await;
    assert_eq!(conflict.status(), StatusCode::CONFLICT);
    let metrics =
        test::call_service(&app, test::TestRequest::get().uri("/metrics").to_request()).await;
    assert_eq!(metrics.status(), StatusCode::OK);
    let body = test::read_body(metrics).await;
    assert!(String::from_utf8_lossy(&body).contains(METRIC));

    let matched = metric_lines("/items/{id}");
    assert!(
        matched
            .iter()
            .any(|l| l.contains("method=\"GET\"") && l.contains("status_code=\"200\"")),
        "{matched:?}\n{}",
        render_metrics()
    );
    let unmatched = metric_lines("unmatched");
    assert!(
        unmatched.iter().any(|l| l.contains("status_code=\"404\"")),
        "{unmatched:?}"
    );
    let failed = metric_lines("/conflict");
    assert!(
        failed.iter().any(|l| l.contains("status_code=\"409\"")),
        "{failed:?}"
    );
    assert!(
        metric_lines("/metrics").is_empty(),
        "excluded path was recorded"
    );
    assert!(
        render_metrics().contains(&format!("{METRIC}_bucket")),
        "histograms render with buckets"
    );
}

#[actix_web::test]
async fn request_id_is_echoed_or_replaced() {
    let app = test::init_service(
        App::new()
            .wrap(tracing_logger())
            .wrap(RequestIdHeader)
            .route("/id", web::get().to(echo_id)),
    )
    .await;

    let given = "req-0123456789abcdef";
    let response = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/id")
            .insert_header(("X-Request-Id", given))
            .to_request(),
    )
    .await;
    assert_eq!(
        response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some(given)
    );
    assert_eq!(test::read_body(response).await, given.as_bytes());

    for bad in ["x".repeat(65), "has space".to_owned(), String::new()] {
        let request = test::TestRequest::get()
            .uri("/id")
            .insert_header(("X-Request-Id", bad.as_str()))
            .to_request();
        let response = test::call_service(&app, request).await;
        let echoed = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let echoed = echoed.unwrap_or_default();
        assert_ne!(echoed, bad);
        assert!(
            uuid::Uuid::parse_str(&echoed).is_ok(),
            "{echoed:?} is not a UUID"
        );
        assert_eq!(
            test::read_body(response).await,
            echoed.as_bytes(),
            "handler sees the same id"
        );
    }

    let response = test::call_service(&app, test::TestRequest::get().uri("/id").to_request()).await;
    let generated = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(uuid::Uuid::parse_str(generated).is_ok());
}

#[actix_web::test]
async fn request_id_header_is_set_on_errors_and_404s() {
    let app = test::init_service(
        App::new()
            .wrap(RequestIdHeader)
            .wrap(tracing_logger())
            .route("/conflict", web::post().to(failing)),
    )
    .await;
    for request in [
        test::TestRequest::post()
            .uri("/conflict")
            .insert_header(("X-Request-Id", "abc"))
            .to_request(),
        test::TestRequest::get()
            .uri("/missing")
            .insert_header(("X-Request-Id", "abc"))
            .to_request(),
    ] {
        let response = test::call_service(&app, request).await;
        assert!(response.status().is_client_error());
        assert_eq!(
            response
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok()),
            Some("abc")
        );
    }
}
