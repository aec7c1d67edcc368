//! The page layer wrapped around every route: it picks the language (remembering `?lang=` in a
//! cookie), renders [`WebError`]s as localized error pages, and adds the security headers.

use actix_session::SessionExt as _;
use actix_web::body::BoxBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage as _, web};
use afiliados_domain::Locale;

use crate::error::{WebError, render_error_page};
use crate::i18n::{I18n, LANG_COOKIE, query_lang, resolve_locale};
use crate::session::WebSession;
use crate::startup::AppState;

const STATIC_PREFIX: &str = "/static/";

/// See the module documentation.
pub(crate) async fn page_layer(
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // No clone of the HttpRequest may outlive this block: routing needs the only reference.
    let user_locale = WebSession(req.get_session()).user().map(|user| user.locale);
    let locale = resolve_locale(req.request(), user_locale);
    let chosen_lang = query_lang(req.request());
    req.extensions_mut().insert(locale);
    let development = req
        .app_data::<web::Data<AppState>>()
        .is_none_or(|state| state.development);
    let is_static = req.path().starts_with(STATIC_PREFIX);

    // An `Err` here comes from a middleware or extractor, not from a page; actix renders it.
    let mut res = next.call(req).await?;
    let localized = res
        .response()
        .error()
        .and_then(|error| error.as_error::<WebError>())
        .map(|error| render_error_page(error, I18n::new(locale)));
    if let Some(page) = localized {
        res = res.into_response(page);
    }

    let headers = res.headers_mut();
    // A response that chose a stricter policy or its own caching (the public brand logo) keeps
    // it; every page gets the defaults.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'"),
        );
    }
    if !is_static && !headers.contains_key(header::CACHE_CONTROL) {
        // Pages may show personal data; no shared or browser cache keeps them.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let mut set = |name: header::HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "no-referrer");
    if !development {
        set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    if let Some(chosen) = chosen_lang {
        remember_lang(&mut res, chosen, development);
    }
    Ok(res)
}

fn remember_lang(res: &mut ServiceResponse<BoxBody>, locale: Locale, development: bool) {
    let cookie = Cookie::build(LANG_COOKIE, locale.as_str())
        .path("/")
        .http_only(true)
        .secure(!development)
        .same_site(SameSite::Lax)
        .max_age(Duration::days(365))
        .finish();
    if let Err(error) = res.response_mut().add_cookie(&cookie) {
        tracing::warn!(error = %error, "could not set the lang cookie");
    }
}
