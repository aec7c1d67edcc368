//! `/`: a signed-in user goes to its role's landing page; anyone else sees what the affiliate
//! programme is, with the call to register.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use afiliados_domain::Role;
use askama::Template;
use askama_web::WebTemplate;

use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};

#[derive(Template, WebTemplate)]
#[template(path = "pages/public/home.html")]
pub(crate) struct HomePage {
    l: Layout,
}

/// `GET /`.
pub(crate) async fn show_home(ctx: Ctx) -> Result<HttpResponse, WebError> {
    match ctx.require(&[]) {
        Ok(user) => Ok(ctx.see_other(Role::landing_path(&user.roles))),
        Err(WebError::EnrollmentPending) => Err(WebError::EnrollmentPending),
        Err(_) => render(
            &HomePage {
                l: ctx.layout().await?,
            },
            StatusCode::OK,
        ),
    }
}
