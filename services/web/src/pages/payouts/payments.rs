//! `/pagos` (finance, admin dentsu; an influencer sees its own): payments with gross, withheld
//! and net as the api computed them, and `/pagos/{id}`, one payment with its documents (voucher,
//! transfer receipt, withholding certificate) downloaded through the web, the api auditing each.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::payments::ListPaymentsQuery;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;
use uuid::Uuid;

use super::PAYMENT_READERS;
use super::shared::{DocumentLink, PaymentRow, document_links};
use crate::context::Ctx;
use crate::download::file_response;
use crate::error::WebError;
use crate::format::stamp;
use crate::layout::{Layout, render};
use crate::pager::Pager;

#[derive(Template, WebTemplate)]
#[template(path = "pages/payouts/payments.html")]
pub(crate) struct PaymentsPage {
    l: Layout,
    payments: Vec<PaymentRow>,
    pager: Pager,
}

#[derive(Deserialize)]
pub(crate) struct Filters {
    page: Option<u32>,
}

/// `GET /pagos`.
pub(crate) async fn list_payments(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(PAYMENT_READERS)?;
    let query = ListPaymentsQuery {
        page: Some(filters.page.unwrap_or(1).max(1)),
        page_size: Some(25),
        ..ListPaymentsQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_payments(token, &query).await)
        .await?;
    let page = PaymentsPage {
        payments: result
            .items
            .iter()
            .map(|p| PaymentRow::new(ctx.i18n, p))
            .collect(),
        pager: Pager::new("/pagos", "", result.page, result.page_size, result.total),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/payouts/payment_detail.html")]
pub(crate) struct PaymentPage {
    l: Layout,
    p: PaymentRow,
    profile: String,
    notes: String,
    batch_id: String,
    created_at: String,
    documents: Vec<DocumentLink>,
    can_upload: bool,
    upload_action: String,
    upload_kinds: Vec<(&'static str, String)>,
}

/// `GET /pagos/{id}`.
pub(crate) async fn show_payment(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, WebError> {
    let user = ctx.require(PAYMENT_READERS)?;
    let id = id.into_inner();
    let payment = ctx
        .call(async |api, token| api.get_payment(token, id).await)
        .await?;
    let i18n = ctx.i18n;
    let page = PaymentPage {
        p: PaymentRow::new(i18n, &payment),
        profile: payment
            .tax_profile_code
            .clone()
            .unwrap_or_else(|| i18n.t("payouts.default_profile").to_owned()),
        notes: payment.notes.clone().unwrap_or_default(),
        batch_id: payment.batch_id.map(|b| b.to_string()).unwrap_or_default(),
        created_at: stamp(Some(payment.created_at)),
        documents: document_links(i18n, &format!("/pagos/{id}"), &payment.documents),
        can_upload: user.has_any(super::FINANCE),
        upload_action: format!("/pagos/{id}/documentos"),
        upload_kinds: super::documents::PAYMENT_DOCUMENT_KINDS
            .iter()
            .map(|k| (*k, i18n.label("document_kind", k)))
            .collect(),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}

/// `GET /pagos/{id}/documentos/{document_id}`.
pub(crate) async fn download_document(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, WebError> {
    ctx.require(PAYMENT_READERS)?;
    let (id, document_id) = path.into_inner();
    let file = ctx
        .call(async |api, token| api.download_payment_document(token, id, document_id).await)
        .await?;
    Ok(file_response(file, &format!("pago-{document_id}")))
}
