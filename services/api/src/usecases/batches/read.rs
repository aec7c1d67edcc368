//! `GET /payments/batches`, `GET /payments/batches/{id}` and the payout CSV download (FI, AD;
//! `api.md` §11). The download is audited (`batch.csv_downloaded`): it is the one output with
//! full bank account numbers. It is streamed: opened and sent a chunk at a time (ADR 0081).

use afiliados_api_types::Page;
use afiliados_api_types::payments::{ListBatchesQuery, PayoutBatchResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::payout_batch_queries::BatchFilter;
use afiliados_db::payout_batches::PayoutBatchRow;
use afiliados_domain::{Actor, PayoutBatchStatus};
use serde_json::json;
use uuid::Uuid;

use super::{OWNER, representation};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::documents::store;
use crate::usecases::list_query::enum_list;
use crate::usecases::paging::Pagination;
use crate::usecases::payments::PAYERS;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// A page of batches, newest first.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListBatchesQuery,
) -> Result<Page<PayoutBatchResponse>, UseCaseError> {
    actor.require_any(&PAYERS)?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let mut problems = Problems::new();
    let statuses = enum_list(
        query.status.as_deref(),
        "status",
        PayoutBatchStatus::parse,
        &mut problems,
    );
    problems.finish()?;
    let filter = BatchFilter {
        statuses: statuses.iter().map(|s| s.as_str().to_owned()).collect(),
        brand_id: query.brand_id.map(Into::into),
    };
    let (rows, total) = afiliados_db::payout_batch_queries::page(
        conn,
        ctx.tenant_id,
        &filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(representation::response(conn, row).await?);
    }
    Ok(paging.page(items, total))
}

/// A batch of the tenant for FI and AD (anyone else: 403).
pub async fn stored_batch(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    lock: bool,
) -> Result<PayoutBatchRow, UseCaseError> {
    actor.require_any(&PAYERS)?;
    afiliados_db::payout_batches::find(conn, ctx.tenant_id, id, lock)
        .await?
        .ok_or(UseCaseError::NotFound)
}

/// `GET /payments/batches/{id}`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, batch.id = %id))]
pub async fn get(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<PayoutBatchResponse, UseCaseError> {
    let row = stored_batch(conn, ctx, actor, id, false).await?;
    representation::response(conn, row).await
}

/// The payout CSV ready to stream: its file name, size and SHA-256 (from its document row) and
/// its decrypted bytes, opened a chunk at a time as the response is sent (ADR 0081).
pub struct CsvDownload {
    /// The file name.
    pub filename: String,
    /// Plaintext size in bytes.
    pub size_bytes: u64,
    /// SHA-256 of the plaintext, lower-case hex.
    pub sha256: String,
    /// The bytes.
    pub body: store::DocumentStream,
}

impl std::fmt::Debug for CsvDownload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvDownload")
            .field("filename", &self.filename)
            .field("size_bytes", &self.size_bytes)
            .finish_non_exhaustive()
    }
}

/// The decrypted payout CSV and its file name, audited.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, batch.id = %id))]
pub async fn csv(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<CsvDownload, UseCaseError> {
    let row = stored_batch(conn, ctx, actor, id, false).await?;
    let document_id = row
        .csv_document_id
        .ok_or_else(|| UseCaseError::internal("batch without its payout CSV"))?;
    let document = afiliados_db::stored_documents::find_for_owner(
        conn,
        ctx.tenant_id,
        OWNER,
        row.id,
        document_id,
    )
    .await?
    .ok_or_else(|| UseCaseError::internal("payout CSV document missing"))?;
    let body = store::open_stream(ctx, &document).await?;
    audit::record(
        conn,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("batch.csv_downloaded", "payout_batch", row.id).changes(
            None,
            Some(json!({
                "documentId": document.id,
                "withdrawalCount": row.withdrawal_count,
                "sha256": document.sha256.trim(),
            })),
        ),
    )
    .await?;
    Ok(CsvDownload {
        size_bytes: u64::try_from(document.size_bytes)
            .map_err(|e| UseCaseError::Internal(e.into()))?,
        sha256: document.sha256.trim().to_owned(),
        filename: document.filename,
        body,
    })
}
