//! Two forms of an influencer's record: the tax profile (finance may change only that field;
//! admin dentsu and the gestor too) and "Registrar solicitud", an ARCO request filed on the
//! person's behalf with the channel it came through. A refusal shows the record again with the
//! form as it was sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::arco::CreateArcoRequest;
use afiliados_api_types::influencers::UpdateInfluencerRequest;
use serde_json::Value;
use uuid::Uuid;

use super::influencer_detail::{AssignValues, detail_page};
use super::influencer_sections::ArcoNewForm;
use super::{ARCO_STAFF, TAX_EDITORS};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::form_feedback;
use crate::forms::FormData;
use crate::layout::render;

/// `POST /gestor/influencers/{id}/perfil-tributario` with `tax_profile_code` (empty clears it):
/// a PATCH with `taxProfileCode` only.
pub(crate) async fn submit_tax_profile(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(TAX_EDITORS)?;
    let id = id.into_inner();
    let code = form.opt("tax_profile_code");
    let request = UpdateInfluencerRequest {
        tax_profile_code: Some(code.clone()),
        ..UpdateInfluencerRequest::default()
    };
    match ctx
        .call(async |api, token| api.update_influencer(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done(
            &format!("/gestor/influencers/{id}"),
            "influencers.tax_profile_updated",
        ),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut page = detail_page(&ctx, &user, id, AssignValues::default()).await?;
            if let Some(tax) = &mut page.tax {
                tax.selected = code.unwrap_or_default();
                tax.message = feedback.message;
                tax.fields = feedback.fields;
            }
            render(&page, feedback.status)
        }
    }
}

/// `POST /gestor/influencers/{id}/arco` (AD, GA) with `type`, `channel` and, for a
/// rectification, the field/value rows; on success the new request's page.
pub(crate) async fn submit_arco_on_behalf(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(ARCO_STAFF)?;
    let id = id.into_inner();
    let values = ArcoNewForm::read(ctx.i18n, &form);
    let problems = values.check(ctx.i18n);
    if !problems.is_empty() {
        let mut page = detail_page(&ctx, &user, id, AssignValues::default()).await?;
        page.arco = Some(values.with_feedback(None, problems));
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request = CreateArcoRequest {
        details: (values.kind == "rectify").then(|| Value::Object(values.rectify.details())),
        kind: values.kind.clone(),
        channel: Some(values.channel.clone()),
        influencer_id: Some(id.into()),
    };
    match ctx
        .call(async |api, token| api.create_arco_request(token, &request).await)
        .await
    {
        Ok(created) => ctx.done(
            &format!("/gestor/arco/{}", created.id),
            "arco_staff.registered",
        ),
        Err(error) => {
            let mut feedback = form_feedback(error, ctx.i18n)?;
            // The catalogue speaks to the influencer ("you already have…"); here it is staff.
            if feedback.code == ApiErrorCode::ArcoRequestOpen {
                feedback.message = Some(ctx.i18n.t("arco_staff.request_open").to_owned());
            }
            let mut page = detail_page(&ctx, &user, id, AssignValues::default()).await?;
            page.arco = Some(values.with_feedback(feedback.message, feedback.fields));
            render(&page, feedback.status)
        }
    }
}
