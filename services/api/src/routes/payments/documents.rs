//! Files of withdrawals (FI, AD, the influencer its own) and of payments (FI, AD upload; the
//! influencer downloads its own), stored encrypted; uploads and downloads are audited.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::influencers::DocumentResponse;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::{CurrentUser, multipart};
use crate::routes::stored_files;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::documents::store;
use crate::usecases::payments::documents::{self, PAYMENT_KINDS, WITHDRAWAL_KINDS};

/// What a withdrawal's file may be (the upload form's `kind`; read as text and checked with the
/// other fields, so another value answers 422 `invalid_enum`).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[expect(dead_code, reason = "names the form's values in the OpenAPI document")]
enum WithdrawalFileKind {
    Invoice,
    TaxCertificate,
    WithholdingCertificate,
    TransferReceipt,
    Other,
}

/// What a payment's file may be (the upload form's `kind`).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[expect(dead_code, reason = "names the form's values in the OpenAPI document")]
enum PaymentFileKind {
    Voucher,
    TransferReceipt,
    WithholdingCertificate,
    Other,
}

/// The multipart form of a withdrawal's file (documentation only; the handler reads the stream).
#[derive(utoipa::ToSchema)]
#[expect(
    dead_code,
    reason = "describes the multipart body in the OpenAPI document"
)]
struct WithdrawalDocumentForm {
    /// PDF, JPEG or PNG, at most `UPLOAD_MAX_BYTES`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// What the file is.
    kind: WithdrawalFileKind,
    /// ≤ 500 characters.
    notes: Option<String>,
}

/// The multipart form of a payment's file (documentation only).
#[derive(utoipa::ToSchema)]
#[expect(
    dead_code,
    reason = "describes the multipart body in the OpenAPI document"
)]
struct PaymentDocumentForm {
    /// PDF, JPEG or PNG, at most `UPLOAD_MAX_BYTES`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// What the file is.
    kind: PaymentFileKind,
    /// ≤ 500 characters.
    notes: Option<String>,
}

/// Attaches a file to a withdrawal, in any status (an influencer typically its invoice).
#[utoipa::path(tag = "payments",
    request_body(content = inline(WithdrawalDocumentForm), content_type = "multipart/form-data"),
    responses(
    (status = 201, body = DocumentResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody), (status = 413, body = ApiErrorBody),
    (status = 415, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/payments/withdrawals/{id}/documents")]
pub(super) async fn upload_withdrawal_document(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let row = transaction::read(&state, async |tx| {
        documents::visible_withdrawal(tx, &ctx, &user, *id).await
    })
    .await?;
    let max = state.settings.onboarding.upload_max_bytes;
    let upload = multipart::read(&req, payload, max).await?;
    let file = store::validate(upload, &WITHDRAWAL_KINDS)?;
    let stored = store::put(&ctx, documents::WITHDRAWAL_OWNER, row.id, &file).await?;
    let result = transaction::run(&state, async |tx| {
        let row = documents::visible_withdrawal(tx, &ctx, &user, row.id).await?;
        documents::record_withdrawal_upload(tx, &ctx, &user, &row, &file, &stored).await
    })
    .await;
    stored_files::created_or_discard(&state, &stored, result).await
}

/// A withdrawal's file, decrypted (FI, AD; the influencer its own), audited.
#[utoipa::path(tag = "payments", responses(
    (status = 200, description = "The file, with `X-Content-SHA256`", content_type = "application/octet-stream"),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments/withdrawals/{id}/documents/{document_id}/download")]
pub(super) async fn download_withdrawal_document(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (withdrawal_id, document_id) = path.into_inner();
    let ctx = state.use_case_context();
    let (document, bytes) = transaction::run(&state, async |tx| {
        documents::download_withdrawal_document(tx, &ctx, &user, withdrawal_id, document_id).await
    })
    .await?;
    Ok(stored_files::download(&document, bytes))
}

/// Attaches a voucher, transfer receipt or withholding certificate to a payment (FI, AD).
#[utoipa::path(tag = "payments",
    request_body(content = inline(PaymentDocumentForm), content_type = "multipart/form-data"),
    responses(
    (status = 201, body = DocumentResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody), (status = 413, body = ApiErrorBody),
    (status = 415, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/payments/{id}/documents")]
pub(super) async fn upload_payment_document(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let row = transaction::read(&state, async |tx| {
        documents::payment_for_upload(tx, &ctx, &user, *id).await
    })
    .await?;
    let max = state.settings.onboarding.upload_max_bytes;
    let upload = multipart::read(&req, payload, max).await?;
    let file = store::validate(upload, &PAYMENT_KINDS)?;
    let stored = store::put(
        &ctx,
        crate::usecases::payments::representation::OWNER,
        row.id,
        &file,
    )
    .await?;
    let result = transaction::run(&state, async |tx| {
        documents::record_payment_upload(tx, &ctx, &user, &row, &file, &stored).await
    })
    .await;
    stored_files::created_or_discard(&state, &stored, result).await
}

/// A payment's file, decrypted (FI, AD; the influencer its own), audited.
#[utoipa::path(tag = "payments", responses(
    (status = 200, description = "The file, with `X-Content-SHA256`", content_type = "application/octet-stream"),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments/{id}/documents/{document_id}/download")]
pub(super) async fn download_payment_document(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (payment_id, document_id) = path.into_inner();
    let ctx = state.use_case_context();
    let (document, bytes) = transaction::run(&state, async |tx| {
        documents::download_payment_document(tx, &ctx, &user, payment_id, document_id).await
    })
    .await?;
    Ok(stored_files::download(&document, bytes))
}
