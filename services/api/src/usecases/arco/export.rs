//! `GET /arco/requests/{id}/export`: the decrypted access export of a completed `access` request,
//! checked against its stored SHA-256 and audited `arco.export_downloaded`.

use afiliados_db::AsyncPgConnection;
use afiliados_db::stored_documents::StoredDocument;
use afiliados_domain::Actor;
use serde_json::json;
use uuid::Uuid;

use super::readable;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// The authenticated-data of an export's ciphertext: its document id, so a sealed object cannot
/// be passed off as another.
pub fn export_aad(document_id: Uuid) -> Vec<u8> {
    format!("documents/{}", document_id.hyphenated()).into_bytes()
}

/// The export of a completed access request the actor may read, with its decrypted bytes; 404
/// unless the request is a completed access request whose export is still stored. The download
/// is audited in the caller's transaction, which commits only when the bytes were read.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, arco_request.id = %id))]
pub async fn download(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<(StoredDocument, Vec<u8>), UseCaseError> {
    let request = readable(tx, ctx, actor, id).await?;
    if request.kind != afiliados_domain::ArcoType::Access
        || request.status != afiliados_domain::ArcoStatus::Completed
    {
        return Err(UseCaseError::NotFound);
    }
    let document_id = request.export_document_id.ok_or(UseCaseError::NotFound)?;
    let document = afiliados_db::stored_documents::find_live(tx, ctx.tenant_id, document_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let event = AuditEvent::new("arco.export_downloaded", "arco_request", request.id).changes(
        None,
        Some(json!({ "documentId": document.id, "sha256": document.sha256 })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    let bytes = read(ctx, &document).await?;
    Ok((document, bytes))
}

/// Reads and decrypts the export, refusing an object whose SHA-256 does not match its row.
async fn read(
    ctx: &UseCaseContext<'_>,
    document: &StoredDocument,
) -> Result<Vec<u8>, UseCaseError> {
    let bytes = ctx
        .storage
        .get_opened(
            &document.storage_key,
            ctx.data_keys,
            &export_aad(document.id),
        )
        .await
        .map_err(|error| UseCaseError::internal(format!("export {}: {error}", document.id)))?;
    if afiliados_crypto::sha256_hex(&bytes) != document.sha256 {
        return Err(UseCaseError::internal(format!(
            "export {} does not match its checksum",
            document.id
        )));
    }
    Ok(bytes)
}
