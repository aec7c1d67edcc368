//! `/lotes/{id}` (finance, admin dentsu): one payout batch with its totals and withdrawals, the
//! payout CSV (`/lotes/{id}/pagos.csv`, the only file with full account numbers, streamed from the
//! api which audits the download), and while it is open the two acts: pay the whole batch (date,
//! method, reference, `Idempotency-Key`; all or nothing — a `batch_conflict` lists each
//! withdrawal that blocks it and why) and cancel it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::payments::{ListWithdrawalsQuery, PayBatchRequest};
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use uuid::Uuid;

use super::FINANCE;
use super::batches::{BatchRow, brand_names};
use super::shared::{
    Conflict, WithdrawalRow, bogota_today, conflicts, fresh_key, method_options, short_note,
    submitted_key,
};
use crate::context::Ctx;
use crate::download::file_response;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback, refusal};
use crate::forms::FormData;
use crate::layout::{Layout, render};

/// The pay form as typed.
#[derive(Default)]
pub(crate) struct PayValues {
    payment_date: String,
    method: String,
    reference: String,
    notes: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/payouts/batch_detail.html")]
pub(crate) struct BatchPage {
    l: Layout,
    b: BatchRow,
    withdrawals: Vec<WithdrawalRow>,
    methods: Vec<(&'static str, String)>,
    idempotency_key: String,
    form: PayValues,
    conflicts: Vec<Conflict>,
    message: Option<String>,
    fields: FieldErrors,
}

async fn page(ctx: &Ctx, id: Uuid, mut form: PayValues) -> Result<BatchPage, WebError> {
    let batch = ctx
        .call(async |api, token| api.get_batch(token, id).await)
        .await?;
    let query = ListWithdrawalsQuery {
        batch_id: Some(id),
        page_size: Some(100),
        ..ListWithdrawalsQuery::default()
    };
    let withdrawals = ctx
        .call(async |api, token| api.list_withdrawals(token, &query).await)
        .await?;
    let brands = brand_names(ctx).await?;
    if form.payment_date.is_empty() {
        form.payment_date = bogota_today().format("%Y-%m-%d").to_string();
    }
    if form.method.is_empty() {
        form.method = "bank_transfer".to_owned();
    }
    Ok(BatchPage {
        b: BatchRow::new(ctx.i18n, &batch, &brands),
        withdrawals: withdrawals
            .items
            .iter()
            .map(|w| WithdrawalRow::new(ctx.i18n, w))
            .collect(),
        methods: method_options(ctx.i18n),
        idempotency_key: fresh_key(),
        form,
        conflicts: Vec::new(),
        message: None,
        fields: FieldErrors::default(),
        l: ctx.layout().await?,
    })
}

/// `GET /lotes/{id}`.
pub(crate) async fn show_batch(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE)?;
    let shown = page(&ctx, id.into_inner(), PayValues::default()).await?;
    render(&shown, StatusCode::OK)
}

/// `GET /lotes/{id}/pagos.csv`: the api's file as an attachment.
pub(crate) async fn download_csv(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE)?;
    let id = id.into_inner();
    let file = ctx
        .call(async |api, token| api.download_batch_csv(token, id).await)
        .await?;
    Ok(file_response(file, &format!("lote-{id}.csv")))
}

/// `POST /lotes/{id}/pagar`.
pub(crate) async fn submit_pay(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE)?;
    let id = id.into_inner();
    let values = PayValues {
        payment_date: form.get("payment_date"),
        method: form.get("method"),
        reference: form.get("reference"),
        notes: form.get("notes"),
    };
    let i18n = ctx.i18n;
    let mut fields = FieldErrors::default();
    let date = values.payment_date.parse::<NaiveDate>().ok();
    if date.is_none() {
        fields.add(
            "paymentDate",
            i18n.t("field_error.invalid_format").to_owned(),
        );
    }
    if !(3..=100).contains(&values.reference.chars().count()) {
        fields.add("reference", i18n.t("payouts.reference_help").to_owned());
    }
    if !short_note(&values.notes) {
        fields.add("notes", i18n.t("field_error.too_long").to_owned());
    }
    let (Some(payment_date), true) = (date, fields.is_empty()) else {
        let mut shown = page(&ctx, id, values).await?;
        shown.fields = fields;
        return render(&shown, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let request = PayBatchRequest {
        payment_date,
        method: values.method.clone(),
        reference: values.reference.clone(),
        notes: Some(values.notes.clone()).filter(|n| !n.is_empty()),
    };
    let key = submitted_key(&form);
    match ctx
        .call(async |api, token| api.pay_batch(token, id, &request, &key).await)
        .await
    {
        Ok(_) => ctx.done(&format!("/lotes/{id}"), "payouts.batch_paid"),
        Err(error) => {
            let feedback = form_feedback(error, i18n)?;
            let mut shown = page(&ctx, id, values).await?;
            if feedback.wire_code == "batch_conflict" {
                shown.conflicts = conflicts(i18n, &feedback.details);
            }
            shown.message = feedback.message.clone();
            shown.fields = feedback.fields;
            render(&shown, feedback.status)
        }
    }
}

/// `POST /lotes/{id}/cancelar`: its withdrawals go back to plain approved.
pub(crate) async fn submit_cancel(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE)?;
    let id = id.into_inner();
    let back = format!("/lotes/{id}");
    match ctx
        .call(async |api, token| api.cancel_batch(token, id).await)
        .await
    {
        Ok(_) => ctx.done(&back, "payouts.batch_cancelled"),
        Err(error) => {
            let message = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &message)
        }
    }
}
