//! `/influencer/consentimientos`: every consent the influencer gave (revoked ones included), with
//! its certificate as JSON and as PDF, passed through from the api.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use crate::context::Ctx;
use crate::download::file_response;
use crate::error::WebError;
use crate::format::stamp;
use crate::layout::{Layout, render};

/// One consent.
pub(crate) struct ConsentRow {
    version_id: String,
    type_label: String,
    title: String,
    version: String,
    accepted_at: String,
    channel: String,
    revoked_at: String,
    consent_hash: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/influencer/consents.html")]
pub(crate) struct ConsentsPage {
    l: Layout,
    rows: Vec<ConsentRow>,
}

/// `GET /influencer/consentimientos`.
pub(crate) async fn list_own_consents(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let (_, id) = ctx.require_influencer().await?;
    let consents = ctx
        .call(async |api, token| api.list_consents(token, id).await)
        .await?;
    let page = ConsentsPage {
        rows: consents
            .items
            .into_iter()
            .map(|consent| ConsentRow {
                version_id: consent.policy_version_id.to_string(),
                type_label: ctx.i18n.label("policy_type", consent.policy_type),
                channel: ctx.i18n.label("channel", consent.channel),
                accepted_at: stamp(Some(consent.accepted_at)),
                revoked_at: stamp(consent.revoked_at),
                title: consent.title,
                version: consent.version,
                consent_hash: consent.consent_hash,
            })
            .collect(),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}

/// `GET /influencer/consentimientos/{version_id}/certificado.json`.
pub(crate) async fn download_certificate(
    ctx: Ctx,
    version_id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    let (_, id) = ctx.require_influencer().await?;
    let version_id = version_id.into_inner();
    let file = ctx
        .call(async |api, token| {
            api.download_consent_certificate(token, id, version_id)
                .await
        })
        .await?;
    Ok(file_response(
        file,
        &format!("certificado-{version_id}.json"),
    ))
}

/// `GET /influencer/consentimientos/{version_id}/certificado.pdf`.
pub(crate) async fn download_certificate_pdf(
    ctx: Ctx,
    version_id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    let (_, id) = ctx.require_influencer().await?;
    let version_id = version_id.into_inner();
    let file = ctx
        .call(async |api, token| {
            api.download_consent_certificate_pdf(token, id, version_id)
                .await
        })
        .await?;
    Ok(file_response(
        file,
        &format!("certificado-{version_id}.pdf"),
    ))
}
