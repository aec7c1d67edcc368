//! `/politicas/{type}/{version}`: the exact text of a policy version, read from the api's public
//! document route (the browser never talks to the api itself).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;

use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};

#[derive(Template, WebTemplate)]
#[template(path = "pages/public/policy_document.html")]
pub(crate) struct PolicyDocumentPage {
    l: Layout,
    type_label: String,
    version: String,
    text: String,
}

/// `GET /politicas/{policy_type}/{version}`.
pub(crate) async fn show_policy_document(
    ctx: Ctx,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (policy_type, version) = path.into_inner();
    if !matches!(policy_type.as_str(), "terms" | "privacy" | "habeas_data") {
        return Err(WebError::NotFound);
    }
    let text = ctx
        .api()
        .public_policy_document(&policy_type, &version)
        .await?;
    let page = PolicyDocumentPage {
        type_label: ctx.i18n.label("policy_type", &policy_type),
        l: ctx.layout().await?,
        version,
        text,
    };
    render(&page, StatusCode::OK)
}
