//! `GET /arco/requests/{id}/export`: the decrypted access export of a completed `access` request,
//! checked against its stored SHA-256 and audited `arco.export_downloaded`.

use afiliados_db::AsyncPgConnection;
use afiliados_db::stored_documents::StoredDocument;
use serde_json::json;
use uuid::Uuid;

use super::readable;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;

/// The authenticated-data of an export's ciphertext: its document id, so a sealed object cannot
/// be passed off as another.
pub fn export_aad(document_id: Uuid) -> Vec<u8> {
    format!("documents/{}", document_id.hyphenated()).into_bytes()
}

/// The export document of a request the caller may read; 404 unless it is a completed access
/// request whose export is still stored. Audits the download inside the caller's transaction.
pub async fn export_document(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
) -> Result<StoredDocument, ApiError> {
    let request = readable(tx, state.tenant_id, user, id).await?;
    if request.kind != afiliados_domain::ArcoType::Access
        || request.status != afiliados_domain::ArcoStatus::Completed
    {
        return Err(ApiError::NotFound);
    }
    let document_id = request.export_document_id.ok_or(ApiError::NotFound)?;
    let document = afiliados_db::stored_documents::find_live(tx, state.tenant_id, document_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let event = AuditEvent::new("arco.export_downloaded", "arco_request", request.id).changes(
        None,
        Some(json!({ "documentId": document.id, "sha256": document.sha256 })),
    );
    audit::record(tx, state.tenant_id, &AuditActor::User(user), event).await?;
    Ok(document)
}

/// Reads and decrypts the export, refusing a object whose SHA-256 does not match its row.
pub async fn read(state: &AppState, document: &StoredDocument) -> Result<Vec<u8>, ApiError> {
    let bytes = state
        .storage
        .get_opened(
            &document.storage_key,
            &state.data_keys,
            &export_aad(document.id),
        )
        .await
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("export {}: {error}", document.id)))?;
    if afiliados_crypto::sha256_hex(&bytes) != document.sha256 {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "export {} does not match its checksum",
            document.id
        )));
    }
    Ok(bytes)
}
