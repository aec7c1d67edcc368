//! "Assign to campaign" on an influencer's record: the membership and, unless unticked, a
//! generated code at the chosen discount (the campaign's maximum by default). A refusal shows
//! the record again with the form as it was sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::campaigns::AssignCampaignRequest;
use afiliados_domain::Percent;
use uuid::Uuid;

use super::GESTOR;
use super::influencer_detail::{AssignValues, detail_page};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::render;

/// `POST /gestor/influencers/{id}/campanas`.
pub(crate) async fn submit_assign_campaign(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(GESTOR)?;
    let id = id.into_inner();
    let values = AssignValues {
        campaign_id: form.get("campaign_id"),
        discount_percent: form.get("discount_percent"),
        generate_code: form.checked("generate_code"),
        notes: form.get("notes"),
    };
    let mut fields = FieldErrors::default();
    let campaign_id = values.campaign_id.parse::<Uuid>().ok();
    if campaign_id.is_none() {
        fields.add("campaignId", ctx.i18n.t("field_error.required").to_owned());
    }
    let discount = form.parsed::<Percent>("discount_percent");
    if discount.is_err() {
        fields.add(
            "discountPercent",
            ctx.i18n.t("field_error.invalid_amount").to_owned(),
        );
    }
    let (Some(campaign_id), Ok(discount_percent)) = (campaign_id, discount) else {
        let page = detail_page(&ctx, &user, id, values)
            .await?
            .with_feedback(None, fields);
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let request = AssignCampaignRequest {
        notes: form.opt("notes"),
        generate_code: Some(values.generate_code),
        discount_percent: discount_percent.filter(|_| values.generate_code),
    };
    match ctx
        .call(async |api, token| api.assign_campaign(token, id, campaign_id, &request).await)
        .await
    {
        Ok(assigned) => {
            let message = match assigned.code {
                Some(code) => format!("{} {}", ctx.i18n.t("influencers.assigned_code"), code.code),
                None => ctx.i18n.t("influencers.assigned").to_owned(),
            };
            ctx.session.flash("success", &message)?;
            Ok(ctx.see_other(&format!("/gestor/influencers/{id}")))
        }
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let page = detail_page(&ctx, &user, id, values)
                .await?
                .with_feedback(feedback.message, feedback.fields);
            render(&page, feedback.status)
        }
    }
}
