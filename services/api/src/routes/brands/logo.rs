//! The brand logo: upload (multipart `file`) and the public, cacheable download.

use actix_multipart::{Multipart, MultipartError};
use actix_web::{HttpResponse, get, put, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::brands::BrandResponse;
use futures::StreamExt;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::brands::logo::{self, MAX_LOGO_BYTES, Upload};

fn multipart_error(error: MultipartError) -> ApiError {
    match error {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeIncompatible
        | MultipartError::ContentTypeParse => ApiError::UnsupportedMediaType,
        _ => ApiError::field("file", "required"),
    }
}

/// Reads the `file` part, stopping one byte past the limit (enough to answer "too large").
async fn read_file(mut payload: Multipart) -> Result<Option<Upload>, ApiError> {
    let mut upload = None;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(multipart_error)?;
        if field.name() != Some("file") || upload.is_some() {
            while let Some(chunk) = field.next().await {
                chunk.map_err(multipart_error)?;
            }
            continue;
        }
        let filename = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .unwrap_or_default()
            .to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(multipart_error)?;
            if bytes.len() <= MAX_LOGO_BYTES {
                let room = MAX_LOGO_BYTES + 1 - bytes.len();
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
        }
        upload = Some(Upload { filename, bytes });
    }
    Ok(upload)
}

/// Replaces the brand's logo (PNG, JPEG or SVG, ≤ 1 MiB; stored unencrypted, it is public).
#[utoipa::path(tag = "brands", request_body(content_type = "multipart/form-data", content = String), responses(
    (status = 200, body = BrandResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 415, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[put("/brands/{id}/logo")]
pub(super) async fn put_logo(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    payload: Multipart,
) -> ApiResult<web::Json<BrandResponse>> {
    let upload = read_file(payload).await?;
    let ctx = state.use_case_context();
    let updated = transaction::run(&state, async |tx| {
        logo::replace(tx, &ctx, &user, *id, upload.as_ref()).await
    })
    .await?;
    Ok(web::Json(updated))
}

/// The brand's logo, cacheable for a day.
#[utoipa::path(tag = "brands", responses(
    (status = 200, description = "image/png, image/jpeg or image/svg+xml"), (status = 404, body = ApiErrorBody)))]
#[get("/public/brands/{id}/logo")]
pub(super) async fn get_public_logo(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let (content_type, bytes) =
        transaction::read(&state, async |tx| logo::read(tx, &ctx, *id).await).await?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("Cache-Control", "public, max-age=86400"))
        // An SVG can carry markup: never let it run as a document of this origin.
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        ))
        .body(bytes))
}
