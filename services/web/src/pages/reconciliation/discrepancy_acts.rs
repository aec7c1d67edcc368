//! The manual acts on an open discrepancy (finance, admin_dentsu; `domain.md` §5.16.4):
//! reprocess (`POST …/reprocesar`: the api re-fetches and re-ingests the order, the discrepancy
//! becomes `resolving`) and accept with a justification of 20–1 000 characters (`POST
//! …/aceptar`). A refused justification is shown under its field with what was typed kept; a
//! discrepancy no longer open (409 `discrepancy_not_open`) is said above the page.

use actix_web::{HttpResponse, web};
use afiliados_api_types::reconciliation_requests::AcceptDiscrepancyRequest;
use uuid::Uuid;

use super::ACTORS;
use super::discrepancy_detail::page;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{form_feedback, refusal};
use crate::forms::FormData;
use crate::layout::render;

fn back(run: Uuid, id: Uuid) -> String {
    format!("/conciliaciones/{run}/discrepancias/{id}")
}

/// `POST /conciliaciones/{run}/discrepancias/{id}/reprocesar`.
pub(crate) async fn submit_reprocess(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, WebError> {
    ctx.require(ACTORS)?;
    let (run, id) = path.into_inner();
    match ctx
        .call(async |api, token| api.reprocess_discrepancy(token, id).await)
        .await
    {
        Ok(_) => ctx.done(&back(run, id), "reconciliation.reprocessed"),
        Err(error) => {
            let message = refusal(ctx.i18n, error)?;
            ctx.failed(&back(run, id), &message)
        }
    }
}

/// `POST /conciliaciones/{run}/discrepancias/{id}/aceptar` with `justification`.
pub(crate) async fn submit_accept(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(ACTORS)?;
    let (run, id) = path.into_inner();
    let justification = form.get("justification");
    let request = AcceptDiscrepancyRequest {
        justification: Some(justification.clone()),
    };
    match ctx
        .call(async |api, token| api.accept_discrepancy(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done(&back(run, id), "reconciliation.accepted"),
        Err(error) => {
            let mut feedback = form_feedback(error, ctx.i18n)?;
            // "Too short" alone does not say how long: the page names both bounds.
            feedback.fields.reword(
                "justification",
                ctx.i18n.t("reconciliation.justification_length"),
            );
            let mut shown = page(&ctx, run, id, justification).await?;
            shown.message = feedback.message;
            shown.fields = feedback.fields;
            render(&shown, feedback.status)
        }
    }
}
