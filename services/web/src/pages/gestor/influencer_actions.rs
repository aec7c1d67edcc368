//! The status actions on an influencer (approve, reject, suspend, reactivate; `domain.md` §4.2)
//! from the queue or the record, and the downloads of its KYC documents and consent certificates
//! through the web.

use actix_web::{HttpResponse, web};
use afiliados_api_types::influencers::ChangeInfluencerStatusRequest;
use uuid::Uuid;

use super::rows::{reason_ok, refusal};
use super::{CONSENT_READERS, DOCUMENT_READERS, GESTOR};
use crate::context::Ctx;
use crate::download::file_response;
use crate::error::WebError;
use crate::forms::{FormData, local_path};

/// `action` → (api status, whether a reason is required, flash key).
fn target(action: &str) -> Option<(&'static str, bool, &'static str)> {
    match action {
        "approve" => Some(("approved", false, "influencers.done.approve")),
        "reject" => Some(("rejected", true, "influencers.done.reject")),
        "suspend" => Some(("suspended", true, "influencers.done.suspend")),
        "reactivate" => Some(("approved", false, "influencers.done.reactivate")),
        _ => None,
    }
}

/// `POST /gestor/influencers/{id}/estado` with `action`, `reason` and `back`.
pub(crate) async fn submit_influencer_status(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let id = id.into_inner();
    let back = local_path(&form.get("back"), &format!("/gestor/influencers/{id}"));
    let Some((status, reason_required, done)) = target(&form.get("action")) else {
        return Err(WebError::BadForm(anyhow::anyhow!("unknown status action")));
    };
    let reason = form.opt("reason");
    if (reason_required || reason.is_some()) && !reason.as_deref().is_some_and(reason_ok) {
        return ctx.failed(&back, ctx.i18n.t("influencers.reason_needed"));
    }
    let request = ChangeInfluencerStatusRequest {
        status: status.to_owned(),
        reason,
    };
    match ctx
        .call(async |api, token| api.change_influencer_status(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done(&back, done),
        Err(error) => {
            let text = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &text)
        }
    }
}

/// `GET /gestor/influencers/{id}/documentos/{document_id}` (AD, GA, FI): streams the api's file.
pub(crate) async fn download_document(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, WebError> {
    ctx.require(DOCUMENT_READERS)?;
    let (id, document_id) = path.into_inner();
    let file = ctx
        .call(async |api, token| {
            api.download_influencer_document(token, id, document_id)
                .await
        })
        .await?;
    Ok(file_response(file, &format!("documento-{document_id}")))
}

/// `GET /gestor/influencers/{id}/consentimientos/{version_id}/certificado.json` (AD, GA, AU).
pub(crate) async fn download_certificate(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, WebError> {
    ctx.require(CONSENT_READERS)?;
    let (id, version_id) = path.into_inner();
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

/// `GET /gestor/influencers/{id}/consentimientos/{version_id}/certificado.pdf` (AD, GA, AU).
pub(crate) async fn download_certificate_pdf(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, WebError> {
    ctx.require(CONSENT_READERS)?;
    let (id, version_id) = path.into_inner();
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
