//! [`Layout`]: what `base.html` needs on every page (language, CSRF token for the header's
//! sign-out form, the signed-in user, the flash message, the bell's unread count), plus the render
//! helper.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use afiliados_domain::Role;
use askama::Template;

use crate::assets::asset_url;
use crate::error::WebError;
use crate::i18n::I18n;
use crate::session::{Flash, SessionUser};

/// Shared page data; every page struct has it as `l`.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) i18n: I18n,
    pub(crate) csrf_token: String,
    pub(crate) user: Option<SessionUser>,
    pub(crate) flash: Option<Flash>,
    pub(crate) css_url: String,
    /// The bell's unread notifications; `None` when unknown (signed out, or the api did not say).
    pub(crate) unread: Option<u64>,
}

impl Layout {
    pub(crate) fn new(
        i18n: I18n,
        csrf_token: String,
        user: Option<SessionUser>,
        flash: Option<Flash>,
    ) -> Layout {
        Layout {
            i18n,
            csrf_token,
            user,
            flash,
            css_url: asset_url("app.css"),
            unread: None,
        }
    }

    /// For error pages: no user menu, no forms.
    pub(crate) fn bare(i18n: I18n) -> Layout {
        Layout::new(i18n, String::new(), None, None)
    }

    /// Translates a catalogue key.
    pub(crate) fn t<'a>(&self, key: &'a str) -> &'a str {
        self.i18n.t(key)
    }

    /// The user's name, or empty.
    pub(crate) fn user_name(&self) -> &str {
        self.user.as_ref().map_or("", |user| user.name.as_str())
    }

    /// Whether the header shows the signed-in menu.
    pub(crate) fn signed_in(&self) -> bool {
        self.user.as_ref().is_some_and(|user| !user.enroll_only)
    }

    /// The user's roles, translated and comma-separated.
    pub(crate) fn roles_label(&self) -> String {
        self.user
            .as_ref()
            .map(|user| roles_label(self.i18n, &user.roles))
            .unwrap_or_default()
    }

    /// The bell's count when there is something unread.
    pub(crate) fn unread_badge(&self) -> Option<u64> {
        self.unread.filter(|count| *count > 0)
    }

    /// The landing page of the user's roles.
    pub(crate) fn home(&self) -> &'static str {
        self.user
            .as_ref()
            .map_or("/login", |user| Role::landing_path(&user.roles))
    }

    /// The area links of the user's roles (empty when signed out or enrolling).
    pub(crate) fn nav(&self) -> Vec<&'static crate::nav::NavLink> {
        match &self.user {
            Some(user) if !user.enroll_only => crate::nav::links(&user.roles),
            _ => Vec::new(),
        }
    }

    /// The label of an enum value (`influencer_status`, `pending`).
    pub(crate) fn label(&self, prefix: &str, value: &str) -> String {
        self.i18n.label(prefix, value)
    }
}

/// Translated role names.
pub(crate) fn roles_label(i18n: I18n, roles: &[Role]) -> String {
    roles
        .iter()
        .map(|role| i18n.t(&format!("role.{}", role.as_str())).to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Renders a page with a status other than 200 (422 form errors, 401 sign-in failures).
pub(crate) fn render<T: Template>(page: &T, status: StatusCode) -> Result<HttpResponse, WebError> {
    Ok(HttpResponse::build(status)
        .content_type(ContentType::html())
        .body(page.render()?))
}
