//! Consent certificates: JSON, PDF and verification.

use actix_web::{HttpResponse, get, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::consents::{ConsentCertificate, VerifyCertificateResponse};
use uuid::Uuid;

use crate::certificates::pdf;
use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::certificates::issue::{self, Format, Issued};
use crate::usecases::certificates::verify;

async fn load(
    state: &AppState,
    user: &CurrentUser,
    (influencer_id, policy_version_id): (Uuid, Uuid),
    format: Format,
) -> ApiResult<Issued> {
    let ctx = state.use_case_context();
    transaction::run(state, async |tx| {
        issue::certificate(tx, &ctx, user, influencer_id, policy_version_id, format).await
    })
    .await
}

/// The certificate of a consent, created and stored on the first request.
#[utoipa::path(tag = "policies", params(
    ("influencer_id" = Uuid, Path, description = "Influencer"),
    ("policy_version_id" = Uuid, Path, description = "Accepted version")), responses(
    (status = 200, body = ConsentCertificate), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/policies/consents/{influencer_id}/{policy_version_id}/certificate")]
pub(super) async fn get_certificate(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let issued = load(&state, &user, path.into_inner(), Format::Json).await?;
    let filename = format!(
        "certificado-{}.json",
        issued.certificate.certificate_id.hyphenated()
    );
    Ok(HttpResponse::Ok()
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .json(issued.body))
}

/// The same certificate as a PDF (same id and checksum; the policy text as an appendix).
#[utoipa::path(tag = "policies", params(
    ("influencer_id" = Uuid, Path, description = "Influencer"),
    ("policy_version_id" = Uuid, Path, description = "Accepted version")), responses(
    (status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/policies/consents/{influencer_id}/{policy_version_id}/certificate.pdf")]
pub(super) async fn get_certificate_pdf(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let issued = load(&state, &user, path.into_inner(), Format::Pdf).await?;
    let locale = user.user.locale;
    let bytes = pdf::render(&issued.certificate, &issued.version.document_text, locale);
    let filename = format!(
        "certificado-{}.pdf",
        issued.certificate.certificate_id.hyphenated()
    );
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((
            "X-Certificate-Checksum",
            issued.certificate.checksum.clone(),
        ))
        .body(bytes))
}

/// Checks a downloaded certificate against its checksum, the stored copy and the consent hash.
#[utoipa::path(tag = "policies", request_body = ConsentCertificate, responses(
    (status = 200, body = VerifyCertificateResponse), (status = 403, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/policies/certificates/verify")]
pub(super) async fn verify_certificate(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<serde_json::Value>,
) -> ApiResult<web::Json<VerifyCertificateResponse>> {
    let ctx = state.use_case_context();
    let answer = transaction::run(&state, async |tx| {
        verify::verify(tx, &ctx, &user, &body).await
    })
    .await?;
    Ok(web::Json(answer))
}
