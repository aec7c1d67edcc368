//! Files attached to a withdrawal (the influencer's invoice, certificates; FI, AD or the
//! influencer itself) and to a payment (vouchers, receipts, withholding certificates; FI, AD),
//! stored encrypted through the one document store (`crate::usecases::documents::store`), and
//! their downloads (FI, AD, the influencer its own). Every upload and download is audited;
//! another influencer's record is "not found".

use afiliados_api_types::influencers::DocumentResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::payments::PaymentRow;
use afiliados_db::stored_documents::StoredDocument;
use afiliados_db::withdrawal_events::NewWithdrawalEvent;
use afiliados_db::withdrawal_requests::WithdrawalRow;
use afiliados_domain::{Actor, DocumentKind, WithdrawalEventAction};
use serde_json::json;
use uuid::Uuid;

use super::read::visible;
use super::{PAYERS, actor_label, representation};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::documents::store::{self, StoredFile, ValidFile};
use crate::usecases::{UseCaseContext, UseCaseError};

/// The owner type of a withdrawal's files.
pub const WITHDRAWAL_OWNER: &str = "withdrawal";
/// What a withdrawal's file may be (`api.md` §11).
pub const WITHDRAWAL_KINDS: [DocumentKind; 5] = [
    DocumentKind::Invoice,
    DocumentKind::TaxCertificate,
    DocumentKind::WithholdingCertificate,
    DocumentKind::TransferReceipt,
    DocumentKind::Other,
];
/// What a payment's file may be (`api.md` §11).
pub const PAYMENT_KINDS: [DocumentKind; 4] = [
    DocumentKind::Voucher,
    DocumentKind::TransferReceipt,
    DocumentKind::WithholdingCertificate,
    DocumentKind::Other,
];

/// The download route of a withdrawal's document.
pub fn withdrawal_download_url(withdrawal_id: Uuid, document_id: Uuid) -> String {
    format!("/api/v1/payments/withdrawals/{withdrawal_id}/documents/{document_id}/download")
}

/// A withdrawal the caller may attach to or download from (FI, AD any; IN its own).
pub async fn visible_withdrawal(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<WithdrawalRow, UseCaseError> {
    let scope = resolve(conn, actor, &PAYERS, false, true).await?;
    let row = afiliados_db::withdrawal_requests::find(conn, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    match scope {
        Scope::Influencer(own) if row.influencer_id != own => Err(UseCaseError::NotFound),
        _ => Ok(row),
    }
}

fn uploaded(row: &StoredDocument, owner_type: &str, owner_id: Uuid) -> serde_json::Value {
    json!({
        "ownerType": owner_type,
        "ownerId": owner_id,
        "kind": row.kind,
        "filename": row.filename,
        "contentType": row.content_type,
        "sizeBytes": row.size_bytes,
        "sha256": row.sha256,
    })
}

async fn document_event(
    tx: &mut AsyncPgConnection,
    actor: &Actor,
    withdrawal_id: Uuid,
    row: &StoredDocument,
) -> Result<(), UseCaseError> {
    let label = actor_label(actor);
    let notes = format!("{}: {}", row.kind, row.filename);
    afiliados_db::withdrawal_events::append(
        tx,
        &[NewWithdrawalEvent {
            id: afiliados_db::new_id(),
            withdrawal_id,
            action: WithdrawalEventAction::DocumentAdded.as_str(),
            actor: &label,
            notes: Some(&notes),
            occurred_at: row.created_at,
        }],
    )
    .await?;
    Ok(())
}

/// Records a file already sealed for withdrawal `row`: document row, `document_added` event,
/// audit `payment.document_added`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, withdrawal.id = %row.id))]
pub async fn record_withdrawal_upload(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    row: &WithdrawalRow,
    file: &ValidFile,
    stored: &StoredFile,
) -> Result<DocumentResponse, UseCaseError> {
    let document = store::insert_row(
        tx,
        ctx,
        (WITHDRAWAL_OWNER, row.id),
        file,
        stored,
        &actor.email,
    )
    .await?;
    document_event(tx, actor, row.id, &document).await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("payment.document_added", "document", document.id)
            .changes(None, Some(uploaded(&document, WITHDRAWAL_OWNER, row.id))),
    )
    .await?;
    let url = withdrawal_download_url(row.id, document.id);
    Ok(store::response(document, Some(url)))
}

/// A payment FI or AD may attach to (anyone else: 403; unknown: 404).
pub async fn payment_for_upload(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<PaymentRow, UseCaseError> {
    actor.require_any(&PAYERS)?;
    afiliados_db::payments::find(conn, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)
}

/// Records a file already sealed for payment `row`: document row, `document_added` event on its
/// withdrawal, audit `payment.document_added`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, payment.id = %row.id))]
pub async fn record_payment_upload(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    row: &PaymentRow,
    file: &ValidFile,
    stored: &StoredFile,
) -> Result<DocumentResponse, UseCaseError> {
    let owner = representation::OWNER;
    let document = store::insert_row(tx, ctx, (owner, row.id), file, stored, &actor.email).await?;
    document_event(tx, actor, row.withdrawal_id, &document).await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("payment.document_added", "document", document.id)
            .changes(None, Some(uploaded(&document, owner, row.id))),
    )
    .await?;
    let url = representation::download_url(row.id, document.id);
    Ok(store::response(document, Some(url)))
}

async fn open_audited(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    owner: (&str, Uuid),
    document_id: Uuid,
) -> Result<(StoredDocument, Vec<u8>), UseCaseError> {
    let document = afiliados_db::stored_documents::find_for_owner(
        conn,
        ctx.tenant_id,
        owner.0,
        owner.1,
        document_id,
    )
    .await?
    .ok_or(UseCaseError::NotFound)?;
    let bytes = store::open(ctx, &document).await?;
    audit::record(
        conn,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("document.downloaded", "document", document.id).changes(
            None,
            Some(json!({ "ownerType": owner.0, "ownerId": owner.1, "sha256": document.sha256 })),
        ),
    )
    .await?;
    Ok((document, bytes))
}

/// `GET /payments/withdrawals/{id}/documents/{documentId}/download` (FI, AD; IN its own).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, withdrawal.id = %withdrawal_id))]
pub async fn download_withdrawal_document(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    withdrawal_id: Uuid,
    document_id: Uuid,
) -> Result<(StoredDocument, Vec<u8>), UseCaseError> {
    let row = visible_withdrawal(conn, ctx, actor, withdrawal_id).await?;
    open_audited(conn, ctx, actor, (WITHDRAWAL_OWNER, row.id), document_id).await
}

/// `GET /payments/{id}/documents/{documentId}/download` (FI, AD; IN its own).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, payment.id = %payment_id))]
pub async fn download_payment_document(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    payment_id: Uuid,
    document_id: Uuid,
) -> Result<(StoredDocument, Vec<u8>), UseCaseError> {
    let row = visible(conn, ctx, actor, payment_id).await?;
    open_audited(
        conn,
        ctx,
        actor,
        (representation::OWNER, row.id),
        document_id,
    )
    .await
}
