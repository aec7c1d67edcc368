//! The HTTP ends of stored files that every owner shares (KYC documents, withdrawal and payment
//! files): the download response, and finishing an upload whose object is already in storage.

use actix_web::HttpResponse;
use afiliados_api_types::influencers::DocumentResponse;
use afiliados_db::stored_documents::StoredDocument;

use crate::error::{ApiError, ApiResult};
use crate::routes::influencers::documents::content_disposition;
use crate::state::AppState;
use crate::usecases::documents::store::StoredFile;

/// The decrypted file as an attachment, with its checksum (`api.md` §0.7).
pub(crate) fn download(document: &StoredDocument, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(document.content_type.as_str())
        .insert_header((
            "Content-Disposition",
            content_disposition(&document.filename),
        ))
        .insert_header(("X-Content-SHA256", document.sha256.trim()))
        .body(bytes)
}

/// 201 with the document once its row committed; otherwise the object `stored` would be
/// unreachable, so it is removed before the error is answered.
pub(crate) async fn created_or_discard(
    state: &AppState,
    stored: &StoredFile,
    recorded: Result<DocumentResponse, ApiError>,
) -> ApiResult<HttpResponse> {
    match recorded {
        Ok(document) => Ok(HttpResponse::Created().json(document)),
        Err(error) => {
            if let Err(cleanup) = state.storage.delete(&stored.key).await {
                tracing::warn!(document.id = %stored.id, error = %cleanup, "orphan object left");
            }
            Err(error)
        }
    }
}
