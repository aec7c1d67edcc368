//! KYC documents of an influencer (`api.md` §6): who lists, uploads, downloads and deletes them,
//! and the audit rows and notices each act leaves.

use afiliados_api_types::influencers::{DocumentList, DocumentResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_db::stored_documents::StoredDocument;
use afiliados_domain::{Actor, DocumentKind, InfluencerDocumentKind, Role};
use serde_json::json;
use uuid::Uuid;

use super::access::{self, Allowed, View};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::documents::store::{self, StoredFile, ValidFile};
use crate::usecases::{UseCaseContext, UseCaseError};

/// The owner type of influencer documents.
pub const OWNER: &str = "influencer";
/// Kinds an influencer document may be (`InfluencerDocumentKind`, the upload form's enum).
pub const KINDS: [DocumentKind; InfluencerDocumentKind::ALL.len()] = {
    let mut kinds = [DocumentKind::Other; InfluencerDocumentKind::ALL.len()];
    let mut i = 0;
    while i < kinds.len() {
        kinds[i] = InfluencerDocumentKind::ALL[i].document_kind();
        i += 1;
    }
    kinds
};
/// Roles that may download KYC files.
const DOWNLOADERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Finance];

/// The download route of a document.
pub fn download_url(influencer_id: Uuid, document_id: Uuid) -> String {
    format!("/api/v1/influencers/{influencer_id}/documents/{document_id}/download")
}

/// `GET …/documents`: AD, GA and FI with download links; the influencer its own, metadata only.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, influencer.id = %id))]
pub async fn list(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<DocumentList, UseCaseError> {
    let allowed = Allowed {
        staff: true,
        brand: false,
        finance: true,
        own: true,
    };
    let (influencer, view) = access::load(conn, ctx, actor, id, allowed, false).await?;
    let links = view != View::Own && actor.has_any(&DOWNLOADERS);
    let rows = afiliados_db::stored_documents::for_owner(conn, ctx.tenant_id, OWNER, influencer.id)
        .await?;
    Ok(DocumentList {
        items: rows
            .into_iter()
            .map(|d| {
                let url = links.then(|| download_url(influencer.id, d.id));
                store::response(d, url)
            })
            .collect(),
    })
}

/// Permission and scope of an upload, checked before the body is read: AD, GA, or the
/// influencer on its own record.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, influencer.id = %id))]
pub async fn check_upload(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<(Influencer, View), UseCaseError> {
    let allowed = Allowed {
        staff: true,
        brand: false,
        finance: false,
        own: true,
    };
    access::load(conn, ctx, actor, id, allowed, false).await
}

/// Records an uploaded (already stored) file: row, audit, and the gestores' notice when the
/// influencer itself uploaded.
#[tracing::instrument(skip_all, fields(
    actor.id = %actor.user_id,
    influencer.id = %influencer.id,
    document.id = %stored.id,
))]
pub async fn record_upload(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    influencer: &Influencer,
    view: &View,
    file: &ValidFile,
    stored: &StoredFile,
) -> Result<DocumentResponse, UseCaseError> {
    let row =
        store::insert_row(tx, ctx, (OWNER, influencer.id), file, stored, &actor.email).await?;
    let after = json!({
        "ownerType": OWNER,
        "ownerId": influencer.id,
        "kind": row.kind,
        "filename": row.filename,
        "contentType": row.content_type,
        "sizeBytes": row.size_bytes,
        "sha256": row.sha256,
    });
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("document.uploaded", "document", row.id).changes(None, Some(after)),
    )
    .await?;
    if *view == View::Own {
        let notice = json!({
            "influencerId": influencer.id,
            "name": influencer.full_name(),
            "documentId": row.id,
            "kind": row.kind,
        });
        for gestor in afiliados_db::roles::active_holders(
            tx,
            ctx.tenant_id,
            &[Role::GestorAfiliados.as_str()],
        )
        .await?
        {
            afiliados_db::notifications::insert(
                tx,
                ctx.tenant_id,
                gestor,
                "influencer.document_uploaded",
                "info",
                &notice,
            )
            .await?;
        }
    }
    let url = (*view != View::Own && actor.has_any(&DOWNLOADERS))
        .then(|| download_url(influencer.id, row.id));
    Ok(store::response(row, url))
}

/// A document of an influencer for staff who may download or delete: anyone else, and any
/// id outside the tenant or the influencer, gets 404.
pub async fn find_for_staff(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    influencer_id: Uuid,
    document_id: Uuid,
) -> Result<StoredDocument, UseCaseError> {
    afiliados_db::influencers::find(conn, ctx.tenant_id, influencer_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    afiliados_db::stored_documents::find_for_owner(
        conn,
        ctx.tenant_id,
        OWNER,
        influencer_id,
        document_id,
    )
    .await?
    .ok_or(UseCaseError::NotFound)
}

/// `GET …/download`: AD, GA, FI only (KYC files are never served to others: 404).
#[tracing::instrument(skip_all, fields(
    actor.id = %actor.user_id,
    influencer.id = %influencer_id,
    document.id = %document_id,
))]
pub async fn download(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    influencer_id: Uuid,
    document_id: Uuid,
) -> Result<(StoredDocument, Vec<u8>), UseCaseError> {
    if !actor.has_any(&DOWNLOADERS) {
        return Err(UseCaseError::NotFound);
    }
    let document = find_for_staff(conn, ctx, influencer_id, document_id).await?;
    let bytes = store::open(ctx, &document).await?;
    audit::record(
        conn,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("document.downloaded", "document", document.id).changes(
            None,
            Some(
                json!({ "ownerType": OWNER, "ownerId": influencer_id, "sha256": document.sha256 }),
            ),
        ),
    )
    .await?;
    Ok((document, bytes))
}

/// `DELETE …`: AD and GA; soft delete.
#[tracing::instrument(skip_all, fields(
    actor.id = %actor.user_id,
    influencer.id = %influencer_id,
    document.id = %document_id,
))]
pub async fn delete(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    influencer_id: Uuid,
    document_id: Uuid,
) -> Result<(), UseCaseError> {
    actor.require_any(&[Role::AdminDentsu, Role::GestorAfiliados])?;
    let document = find_for_staff(tx, ctx, influencer_id, document_id).await?;
    afiliados_db::stored_documents::soft_delete(tx, document.id).await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("document.deleted", "document", document.id).changes(
            Some(json!({
                "ownerType": OWNER,
                "ownerId": influencer_id,
                "kind": document.kind,
                "filename": document.filename,
            })),
            None,
        ),
    )
    .await?;
    Ok(())
}
