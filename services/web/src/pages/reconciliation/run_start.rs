//! `POST /conciliaciones` (finance, admin_dentsu): starts an ad-hoc run over business dates
//! `from`–`to`, both included (`POST /vtex/reconciliations/run`). Both dates are needed here (the
//! api would otherwise run yesterday); everything else — the format, the order, at most 31 days,
//! no day that is not over — is the api's, and its 422 is shown next to the fields, its 409
//! `reconciliation_in_progress` above the form, with what was typed kept.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use afiliados_api_types::reconciliation_requests::RunReconciliationRequest;

use super::ACTORS;
use super::runs_list::{Filters, StartForm, page};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::render;

/// `POST /conciliaciones` with `from` and `to`.
pub(crate) async fn submit_run(ctx: Ctx, form: FormData) -> Result<HttpResponse, WebError> {
    ctx.require(ACTORS)?;
    let typed = StartForm {
        from: form.get("from"),
        to: form.get("to"),
    };
    let mut missing = FieldErrors::default();
    for (field, value) in [("from", &typed.from), ("to", &typed.to)] {
        if value.is_empty() {
            missing.add(field, ctx.i18n.t("field_error.required").to_owned());
        }
    }
    if !missing.is_empty() {
        let mut shown = page(&ctx, Filters::default(), typed).await?;
        shown.fields = missing;
        return render(&shown, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request = RunReconciliationRequest {
        from: Some(typed.from.clone()),
        to: Some(typed.to.clone()),
        run_type: Some("adhoc".to_owned()),
        ..RunReconciliationRequest::default()
    };
    match ctx
        .call(async |api, token| api.run_reconciliation(token, &request).await)
        .await
    {
        Ok(run) => ctx.done(
            &format!("/conciliaciones/{}", run.id),
            "reconciliation.started",
        ),
        Err(error) => {
            let mut feedback = form_feedback(error, ctx.i18n)?;
            // "Out of range" alone does not say the bound: the range is at most 31 days.
            if feedback
                .details
                .iter()
                .any(|d| d["field"] == "to" && d["code"] == "out_of_range")
            {
                feedback
                    .fields
                    .reword("to", ctx.i18n.t("reconciliation.range_too_long"));
            }
            let mut shown = page(&ctx, Filters::default(), typed).await?;
            shown.message = feedback.message;
            shown.fields = feedback.fields;
            render(&shown, feedback.status)
        }
    }
}
