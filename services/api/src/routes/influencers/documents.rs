//! KYC documents: list, multipart upload, download (decrypted, SHA-256 re-checked) and soft
//! deletion.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::influencers::{DocumentList, DocumentResponse};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::{CurrentUser, multipart};
use crate::routes::stored_files;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::documents::store;
use crate::usecases::influencers::documents::{self, KINDS, OWNER};

/// The multipart form of an upload (documentation only; the handler reads the stream).
#[derive(utoipa::ToSchema)]
#[expect(
    dead_code,
    reason = "describes the multipart body in the OpenAPI document"
)]
struct UploadDocumentForm {
    /// PDF, JPEG or PNG, at most `UPLOAD_MAX_BYTES`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// What the file is. Read as text and validated with the other fields, so an unknown kind
    /// answers 422 `invalid_enum` on `kind`.
    kind: afiliados_domain::InfluencerDocumentKind,
    /// ≤ 500 characters.
    notes: Option<String>,
}

/// Document metadata (download links only for roles that may download).
#[utoipa::path(tag = "influencers", responses(
    (status = 200, body = DocumentList), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/influencers/{id}/documents")]
pub(super) async fn list_documents(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<DocumentList>> {
    let ctx = state.use_case_context();
    let list = transaction::read(&state, async |tx| {
        documents::list(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(web::Json(list))
}

/// Uploads a KYC document, stored encrypted.
#[utoipa::path(tag = "influencers",
    request_body(content = inline(UploadDocumentForm), content_type = "multipart/form-data"),
    responses(
    (status = 201, body = DocumentResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody), (status = 413, body = ApiErrorBody),
    (status = 415, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/influencers/{id}/documents")]
pub(super) async fn upload_document(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let (influencer, view) = transaction::read(&state, async |tx| {
        documents::check_upload(tx, &ctx, &user, *id).await
    })
    .await?;
    let max = state.settings.onboarding.upload_max_bytes;
    let upload = multipart::read(&req, payload, max).await?;
    let file = store::validate(upload, &KINDS)?;
    let stored = store::put(&ctx, OWNER, influencer.id, &file).await?;
    let result = transaction::run(&state, async |tx| {
        documents::record_upload(tx, &ctx, &user, &influencer, &view, &file, &stored).await
    })
    .await;
    stored_files::created_or_discard(&state, &stored, result).await
}

/// `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266).
pub(crate) fn content_disposition(filename: &str) -> String {
    let fallback: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// The decrypted file (AD, GA, FI; 404 for everyone else).
#[utoipa::path(tag = "influencers", responses(
    (status = 200, description = "The file, with `X-Content-SHA256`", content_type = "application/octet-stream"),
    (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/influencers/{id}/documents/{document_id}/download")]
pub(super) async fn download_document(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (influencer_id, document_id) = path.into_inner();
    let ctx = state.use_case_context();
    let (document, bytes) = transaction::run(&state, async |tx| {
        documents::download(tx, &ctx, &user, influencer_id, document_id).await
    })
    .await?;
    Ok(stored_files::download(&document, bytes))
}

/// Soft-deletes a document.
#[utoipa::path(tag = "influencers", responses(
    (status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[delete("/influencers/{id}/documents/{document_id}")]
pub(super) async fn delete_document(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (influencer_id, document_id) = path.into_inner();
    let ctx = state.use_case_context();
    transaction::run(&state, async |tx| {
        documents::delete(tx, &ctx, &user, influencer_id, document_id).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
