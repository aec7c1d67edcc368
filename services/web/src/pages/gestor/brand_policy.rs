//! `POST /gestor/marcas/{id}/politica-retiro`: a brand's withdrawal policy (minimum amount,
//! currency, hold days), edited by finance and admin dentsu on the brand's page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use uuid::Uuid;

use super::WITHDRAWAL_EDITORS;
use super::brand_form::{BrandValues, page};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::render;

/// `POST /gestor/marcas/{id}/politica-retiro` (FI, AD).
pub(crate) async fn submit_withdrawal_policy(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(WITHDRAWAL_EDITORS)?;
    let id = id.into_inner();
    let submitted = BrandValues::read(&form);
    let brand = ctx
        .call(async |api, token| api.get_brand(token, id).await)
        .await?;
    // The brand fields show as stored; only the policy keeps what was typed.
    let values = BrandValues {
        minimum: submitted.minimum.clone(),
        currency: submitted.currency.clone(),
        hold_days: submitted.hold_days.clone(),
        ..BrandValues::of(&brand)
    };
    let (message, fields, status) = match submitted.policy(ctx.i18n) {
        Err(fields) => (None, fields, StatusCode::UNPROCESSABLE_ENTITY),
        Ok(policy) => match ctx
            .call(async |api, token| api.update_withdrawal_policy(token, id, &policy).await)
            .await
        {
            Ok(_) => return ctx.done(&format!("/gestor/marcas/{id}"), "brands.policy_updated"),
            Err(error) => {
                let feedback = form_feedback(error, ctx.i18n)?;
                // The PUT body names the fields without the `withdrawalPolicy.` prefix.
                let mut fields = FieldErrors::default();
                for name in ["minimumAmount", "currency", "holdDays"] {
                    for message in feedback.fields.of(name) {
                        fields.add(&format!("withdrawalPolicy.{name}"), message.to_owned());
                    }
                }
                (feedback.message, fields, feedback.status)
            }
        },
    };
    let mut page = page(&ctx, Some(brand), Some(values)).await?;
    page.message = message;
    page.fields = fields;
    render(&page, status)
}
