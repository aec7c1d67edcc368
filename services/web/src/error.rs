//! [`WebError`]: what a page handler can fail with, and the error pages `errors/{404,4xx,5xx}.html`
//! it renders. A template failure falls back to plain text so an error never hides another.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, ResponseError};
use afiliados_api_client::ApiClientError;
use afiliados_api_types::ApiErrorCode;
use afiliados_domain::Locale;
use askama::Template;
use askama_web::WebTemplate;

use crate::error_messages::wire_error_message;
use crate::i18n::I18n;
use crate::layout::Layout;

/// A failed page request.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WebError {
    /// No such page or row.
    #[error("not found")]
    NotFound,
    /// Signed in, but none of the roles allows the page.
    #[error("forbidden")]
    Forbidden,
    /// A non-GET request without a valid `csrf_token`.
    #[error("csrf token missing or wrong")]
    Csrf,
    /// No session, or it could not be refreshed: go to the sign-in page.
    #[error("not signed in")]
    SignedOut,
    /// Signed in with the restricted enrolment token: go to the 2FA enrolment page.
    #[error("two-factor enrolment pending")]
    EnrollmentPending,
    /// A form the browser sent could not be read.
    #[error("bad form: {0}")]
    BadForm(anyhow::Error),
    /// An upload over the size the api accepts (or over the form's part count).
    #[error("request body too large")]
    TooLarge,
    /// A multipart body that did not arrive within its read timeout.
    #[error("request body timed out")]
    Timeout,
    /// Every upload slot is in use; try again shortly.
    #[error("every upload slot is busy")]
    Busy,
    /// A multipart body sent to a route that takes no upload.
    #[error("multipart body on a route without uploads")]
    NotAnUpload,
    /// The api refused or failed.
    #[error(transparent)]
    Api(#[from] ApiClientError),
    /// Anything else, with its cause chain.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<askama::Error> for WebError {
    fn from(error: askama::Error) -> WebError {
        WebError::Internal(anyhow::Error::new(error).context("rendering a template"))
    }
}

fn actix_status(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY)
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::SignedOut | WebError::EnrollmentPending => StatusCode::SEE_OTHER,
            WebError::BadForm(_) => StatusCode::BAD_REQUEST,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Timeout => StatusCode::REQUEST_TIMEOUT,
            WebError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            WebError::NotAnUpload => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::Api(error) if is_consent_required(error) => StatusCode::SEE_OTHER,
            WebError::Api(error) => match error.status().map(|status| status.as_u16()) {
                Some(status @ 400..=499) => actix_status(status),
                // The api is down or broke: from the browser's side that is a bad gateway.
                _ => StatusCode::BAD_GATEWAY,
            },
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if self.status_code().is_server_error() {
            // Logged once, here, with the whole cause chain; 4xx are not errors in our logs.
            tracing::error!(error = ?anyhow_chain(self), "request failed: {self}");
        }
        // Spanish by default; the page middleware renders it again in the request's language.
        render_error_page(self, I18n::new(Locale::Es))
    }
}

fn anyhow_chain(error: &WebError) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[derive(Template, WebTemplate)]
#[template(path = "errors/404.html")]
struct NotFoundPage {
    l: Layout,
}

#[derive(Template, WebTemplate)]
#[template(path = "errors/4xx.html")]
struct ClientErrorPage {
    l: Layout,
    status: u16,
    message: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "errors/5xx.html")]
struct ServerErrorPage {
    l: Layout,
    status: u16,
}

/// Where an influencer with pending policy versions must go first (`domain.md` §5.3.4).
pub(crate) const ACCEPT_POLICIES_PATH: &str = "/influencer/aceptar-politicas";

/// The api's 403 `consent_required`: the influencer must accept new policy versions.
fn is_consent_required(error: &ApiClientError) -> bool {
    error.code() == Some(ApiErrorCode::ConsentRequired)
}

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// The response for `error` in the language of `i18n`.
pub(crate) fn render_error_page(error: &WebError, i18n: I18n) -> HttpResponse {
    let status = error.status_code();
    let l = Layout::bare(i18n);
    let rendered = match error {
        WebError::SignedOut => return see_other("/login"),
        WebError::EnrollmentPending => return see_other("/cuenta/2fa"),
        WebError::Api(api) if is_consent_required(api) => return see_other(ACCEPT_POLICIES_PATH),
        WebError::NotFound => NotFoundPage { l }.render(),
        _ if status == StatusCode::NOT_FOUND => NotFoundPage { l }.render(),
        WebError::Forbidden => ClientErrorPage {
            message: i18n.t("error.forbidden").to_owned(),
            l,
            status: 403,
        }
        .render(),
        WebError::Csrf => ClientErrorPage {
            message: i18n.t("error.csrf").to_owned(),
            l,
            status: 403,
        }
        .render(),
        WebError::BadForm(_) => ClientErrorPage {
            message: i18n.t("error.bad_form").to_owned(),
            l,
            status: 400,
        }
        .render(),
        WebError::TooLarge => ClientErrorPage {
            message: i18n.t("api_error.payload_too_large").to_owned(),
            l,
            status: 413,
        }
        .render(),
        WebError::Timeout => ClientErrorPage {
            message: i18n.t("error.body_timeout").to_owned(),
            l,
            status: 408,
        }
        .render(),
        WebError::NotAnUpload => ClientErrorPage {
            message: i18n.t("api_error.unsupported_media_type").to_owned(),
            l,
            status: 415,
        }
        .render(),
        WebError::Api(api) if status.is_client_error() => {
            let code = api.wire_code().unwrap_or("unknown");
            ClientErrorPage {
                message: wire_error_message(i18n, code),
                l,
                status: status.as_u16(),
            }
            .render()
        }
        _ => ServerErrorPage {
            l,
            status: status.as_u16(),
        }
        .render(),
    };
    match rendered {
        Ok(html) => HttpResponse::build(status)
            .content_type(ContentType::html())
            .body(html),
        Err(template_error) => {
            tracing::error!(error = %template_error, "error page template failed; answering plain text");
            HttpResponse::build(status)
                .content_type(ContentType::plaintext())
                .body(format!(
                    "{} {}",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("Error")
                ))
        }
    }
}
