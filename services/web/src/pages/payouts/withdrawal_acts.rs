//! `POST /retiros/{id}/decision` and `POST /retiros/{id}/pagar` (finance, admin dentsu). A
//! rejection needs a reason of 3–500 characters (checked before the call, the api's rule); a
//! payment sends the amount as typed (exact), the date, the method, the reference (3–100) and the
//! form's `Idempotency-Key`, and goes to the payment's page, which shows gross, rate, withheld
//! and net as the api computed them. Any refusal re-renders the withdrawal with what was typed
//! and the api's reason: `segregation_of_duties`, `dual_control_required`, `withdrawal_on_hold`
//! with its payable date, `payment_amount_mismatch` with the approved amount.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::payments::{DecideWithdrawalRequest, PayWithdrawalRequest};
use afiliados_domain::WithdrawalStatus;
use chrono::NaiveDate;
use uuid::Uuid;

use super::FINANCE;
use super::shared::{explained, field_with_params, parse_amount, short_note, submitted_key};
use super::withdrawal_detail::{ActValues, page};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::render;

/// Re-renders the withdrawal with the typed values, the message and the field errors.
async fn refused(
    ctx: &Ctx,
    id: Uuid,
    values: ActValues,
    message: Option<String>,
    fields: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, WebError> {
    let w = ctx
        .call(async |api, token| api.get_withdrawal(token, id).await)
        .await?;
    let mut shown = page(ctx, &w, values).await?;
    shown.message = message;
    shown.fields = fields;
    render(&shown, status)
}

/// `POST /retiros/{id}/decision` with `status` `approved` or `rejected`.
pub(crate) async fn submit_decision(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE)?;
    let id = id.into_inner();
    let values = ActValues {
        decision_notes: form.get("notes"),
        rejection_reason: form.get("rejection_reason"),
        ..ActValues::default()
    };
    let status = match form.get("status").as_str() {
        "approved" => WithdrawalStatus::Approved,
        "rejected" => WithdrawalStatus::Rejected,
        _ => return Err(WebError::BadForm(anyhow::anyhow!("unknown decision"))),
    };
    let i18n = ctx.i18n;
    let mut fields = FieldErrors::default();
    let reason_length = values.rejection_reason.chars().count();
    if status == WithdrawalStatus::Rejected && !(3..=500).contains(&reason_length) {
        fields.add(
            "rejectionReason",
            i18n.t("payouts.reason_needed").to_owned(),
        );
    }
    if !short_note(&values.decision_notes) {
        fields.add("notes", i18n.t("field_error.too_long").to_owned());
    }
    if !fields.is_empty() {
        return refused(
            &ctx,
            id,
            values,
            None,
            fields,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let request = DecideWithdrawalRequest {
        status,
        notes: Some(values.decision_notes.clone()).filter(|n| !n.is_empty()),
        rejection_reason: (status == WithdrawalStatus::Rejected)
            .then(|| values.rejection_reason.clone()),
    };
    match ctx
        .call(async |api, token| api.decide_withdrawal(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done(
            &format!("/retiros/{id}"),
            if status == WithdrawalStatus::Approved {
                "payouts.approved"
            } else {
                "payouts.rejected"
            },
        ),
        Err(error) => {
            let feedback = form_feedback(error, i18n)?;
            let message = explained(i18n, &feedback);
            refused(&ctx, id, values, message, feedback.fields, feedback.status).await
        }
    }
}

/// `POST /retiros/{id}/pagar`: to the payment's page when paid.
pub(crate) async fn submit_payment(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE)?;
    let id = id.into_inner();
    let values = ActValues {
        amount: form.get("amount"),
        payment_date: form.get("payment_date"),
        method: form.get("method"),
        reference: form.get("reference"),
        pay_notes: form.get("notes"),
        ..ActValues::default()
    };
    let i18n = ctx.i18n;
    let mut fields = FieldErrors::default();
    let amount = parse_amount(&values.amount);
    if amount.is_none() {
        fields.add("amount", i18n.t("payouts.amount_help").to_owned());
    }
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
    if !short_note(&values.pay_notes) {
        fields.add("notes", i18n.t("field_error.too_long").to_owned());
    }
    let (Some(amount), Some(payment_date), true) = (amount, date, fields.is_empty()) else {
        return refused(
            &ctx,
            id,
            values,
            None,
            fields,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let request = PayWithdrawalRequest {
        amount,
        payment_date,
        method: values.method.clone(),
        reference: values.reference.clone(),
        notes: Some(values.pay_notes.clone()).filter(|n| !n.is_empty()),
    };
    let key = submitted_key(&form);
    match ctx
        .call(async |api, token| api.pay_withdrawal(token, id, &request, &key).await)
        .await
    {
        Ok(payment) => ctx.done(&format!("/pagos/{}", payment.id), "payouts.paid"),
        Err(error) => {
            let feedback = form_feedback(error, i18n)?;
            let mut message = explained(i18n, &feedback);
            let mut fields = FieldErrors::default();
            for text in field_with_params(i18n, &feedback, "amount") {
                fields.add("amount", text);
            }
            for name in ["paymentDate", "method", "reference", "notes"] {
                for text in feedback.fields.of(name) {
                    fields.add(name, text.to_owned());
                }
            }
            if message.is_none() && fields.is_empty() {
                message = Some(feedback.fields.all().join(" "));
            }
            refused(&ctx, id, values, message, fields, feedback.status).await
        }
    }
}
