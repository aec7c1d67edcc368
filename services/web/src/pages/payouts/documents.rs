//! `POST /retiros/{id}/documentos` (finance, admin dentsu; an influencer on its own request: its
//! invoice) and `POST /pagos/{id}/documentos` (finance, admin dentsu: the voucher, the transfer
//! receipt, the withholding certificate). Multipart with `kind`, `notes` and `file` (PDF, JPEG or
//! PNG up to 10 MiB; the api checks the real type). The result, or the refusal in words, is the
//! flash message of the record's page (a file cannot be shown again in a form).

use actix_web::{HttpResponse, web};
use afiliados_domain::Role;
use uuid::Uuid;

use super::FINANCE;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::refusal;
use crate::multipart::MultipartData;

/// Kinds of `POST /payments/withdrawals/{id}/documents`.
pub(crate) const WITHDRAWAL_DOCUMENT_KINDS: &[&str] = &[
    "invoice",
    "tax_certificate",
    "withholding_certificate",
    "transfer_receipt",
    "other",
];
/// Kinds of `POST /payments/{id}/documents`.
pub(crate) const PAYMENT_DOCUMENT_KINDS: &[&str] = &[
    "voucher",
    "transfer_receipt",
    "withholding_certificate",
    "other",
];

/// Which record the document goes to.
#[derive(Clone, Copy)]
enum Target {
    Withdrawal,
    Payment,
}

async fn upload(
    ctx: Ctx,
    id: Uuid,
    mut form: MultipartData,
    target: Target,
) -> Result<HttpResponse, WebError> {
    let (back, kinds) = match target {
        Target::Withdrawal => (format!("/retiros/{id}"), WITHDRAWAL_DOCUMENT_KINDS),
        Target::Payment => (format!("/pagos/{id}"), PAYMENT_DOCUMENT_KINDS),
    };
    let kind = form.fields.get("kind");
    if !kinds.contains(&kind.as_str()) {
        return ctx.failed(&back, ctx.i18n.t("field_error.invalid_enum"));
    }
    let notes = form.fields.opt("notes");
    let too_large = form.file_too_large("file");
    let Some(file) = form.take_file("file").filter(|_| !too_large) else {
        let code = if too_large {
            "file_too_large"
        } else {
            "required"
        };
        return ctx.failed(&back, ctx.i18n.t(&format!("field_error.{code}")));
    };
    let file = file.into_upload();
    let outcome = ctx
        .call(async |api, token| match target {
            Target::Withdrawal => {
                api.upload_withdrawal_document(token, id, &kind, notes.as_deref(), file.clone())
                    .await
            }
            Target::Payment => {
                api.upload_payment_document(token, id, &kind, notes.as_deref(), file.clone())
                    .await
            }
        })
        .await;
    match outcome {
        Ok(_) => ctx.done(&back, "payouts.document_added"),
        Err(error) => {
            let message = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &message)
        }
    }
}

/// `POST /retiros/{id}/documentos`.
pub(crate) async fn submit_withdrawal_document(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: MultipartData,
) -> Result<HttpResponse, WebError> {
    ctx.require(&[Role::AdminDentsu, Role::Finance, Role::Influencer])?;
    upload(ctx, id.into_inner(), form, Target::Withdrawal).await
}

/// `POST /pagos/{id}/documentos`.
pub(crate) async fn submit_payment_document(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: MultipartData,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE)?;
    upload(ctx, id.into_inner(), form, Target::Payment).await
}
