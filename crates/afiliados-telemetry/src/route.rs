//! The route pattern a request matches (`/api/v1/users/{id}`), found once per request.
//!
//! Middleware runs before the router, so it can only learn the route by walking the
//! application's resource map, which runs the regular expression of every pattern with dynamic
//! segments tried before the match. Three middlewares of each request want it (the root span, the
//! HTTP metrics, the api's rate limiter): the three walks were ~10 % of the api's CPU under
//! withdrawal load (`perf`, ADR 0084). The first caller walks, and the answer is kept in the
//! request's extensions for the others.
//!
//! The path walked is the one the router itself matches, percent-decoded (`/api/v1/auth/%6cogin`
//! is the login route), never the raw path: security decisions read this too.

use std::rc::Rc;

use actix_web::HttpMessage;
use actix_web::dev::ServiceRequest;

/// The cached answer (the route, or `None` when no resource matches).
#[derive(Clone)]
struct MatchedRoute(Option<Rc<str>>);

/// The route pattern the router will match for this request, or `None` when no resource
/// matches; computed by the first caller of a request and shared with the others.
pub fn route_pattern(req: &ServiceRequest) -> Option<Rc<str>> {
    if let Some(MatchedRoute(found)) = req.extensions().get::<MatchedRoute>() {
        return found.clone();
    }
    let found: Option<Rc<str>> = req
        .resource_map()
        .match_pattern(req.match_info().as_str())
        .map(Rc::from);
    req.extensions_mut().insert(MatchedRoute(found.clone()));
    found
}

#[cfg(test)]
mod tests {
    use actix_web::{App, HttpResponse, test, web};

    use super::*;

    #[actix_web::test]
    async fn the_route_is_the_decoded_path_s_pattern_and_is_kept_for_the_request() {
        let app = test::init_service(
            App::new()
                .wrap_fn(|req, srv| {
                    let first = route_pattern(&req);
                    let again = route_pattern(&req);
                    assert!(match (&first, &again) {
                        (Some(first), Some(again)) => Rc::ptr_eq(first, again),
                        (None, None) => true,
                        _ => false,
                    });
                    let label = first.as_deref().unwrap_or("unmatched").to_owned();
                    let call = actix_web::dev::Service::call(srv, req);
                    async move {
                        let mut response = call.await?;
                        response.headers_mut().insert(
                            actix_web::http::header::HeaderName::from_static("x-route"),
                            actix_web::http::header::HeaderValue::from_str(&label)?,
                        );
                        Ok(response)
                    }
                })
                .route("/api/v1/users/{id}", web::get().to(HttpResponse::Ok))
                .route("/api/v1/auth/login", web::post().to(HttpResponse::Ok)),
        )
        .await;
        for (method, path, route) in [
            (
                actix_web::http::Method::GET,
                "/api/v1/users/42",
                "/api/v1/users/{id}",
            ),
            (
                actix_web::http::Method::POST,
                "/api/v1/auth/%6cogin",
                "/api/v1/auth/login",
            ),
            (actix_web::http::Method::GET, "/api/v1/nowhere", "unmatched"),
        ] {
            let request = test::TestRequest::default()
                .method(method)
                .uri(path)
                .to_request();
            let response = test::call_service(&app, request).await;
            assert_eq!(response.headers().get("x-route").unwrap(), route, "{path}");
        }
    }
}
