//! `/influencer/aceptar-politicas`: the re-acceptance screen. After a new policy version is
//! published the api refuses the influencer's other requests (403 `consent_required`) until the
//! pending versions listed in the profile are accepted here (`POST /policies/consents`).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use afiliados_api_types::consents::{AcceptConsentsRequest, PendingConsent};
use askama::Template;
use askama_web::WebTemplate;

use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::{Layout, render};
use crate::pages::public::policy_href;

/// One version to accept.
pub(crate) struct PendingRow {
    id: String,
    policy_type: String,
    type_label: String,
    title: String,
    version: String,
    href: String,
    checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/influencer/accept_policies.html")]
pub(crate) struct AcceptPoliciesPage {
    l: Layout,
    rows: Vec<PendingRow>,
    message: Option<String>,
    fields: FieldErrors,
}

async fn pending(ctx: &Ctx) -> Result<Vec<PendingConsent>, WebError> {
    let profile = ctx
        .call(async |api, token| api.profile(token).await)
        .await?;
    Ok(profile.pending_consents)
}

fn rows(ctx: &Ctx, pending: &[PendingConsent], checked: &[String]) -> Vec<PendingRow> {
    pending
        .iter()
        .map(|consent| {
            let id = consent.policy_version_id.to_string();
            PendingRow {
                checked: checked.contains(&id),
                type_label: ctx.i18n.label("policy_type", consent.policy_type),
                href: policy_href(consent.policy_type.as_str(), &consent.version),
                policy_type: consent.policy_type.to_string(),
                title: consent.title.clone(),
                version: consent.version.clone(),
                id,
            }
        })
        .collect()
}

/// `GET /influencer/aceptar-politicas`; with nothing pending, on to the panel.
pub(crate) async fn show_accept_policies(ctx: Ctx) -> Result<HttpResponse, WebError> {
    ctx.require_influencer().await?;
    let pending = pending(&ctx).await?;
    if pending.is_empty() {
        return Ok(ctx.see_other("/influencer"));
    }
    let page = AcceptPoliciesPage {
        rows: rows(&ctx, &pending, &[]),
        l: ctx.layout().await?,
        message: None,
        fields: FieldErrors::default(),
    };
    render(&page, StatusCode::OK)
}

/// `POST /influencer/aceptar-politicas`: every pending version must be checked.
pub(crate) async fn submit_accept_policies(
    ctx: Ctx,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require_influencer().await?;
    let pending = pending(&ctx).await?;
    if pending.is_empty() {
        return Ok(ctx.see_other("/influencer"));
    }
    let checked = form.all("policy_version_ids");
    let all_checked = pending
        .iter()
        .all(|consent| checked.contains(&consent.policy_version_id.to_string()));
    if !all_checked {
        let mut fields = FieldErrors::default();
        fields.add(
            "policyVersionIds",
            ctx.i18n.t("field_error.consent_missing").to_owned(),
        );
        let page = AcceptPoliciesPage {
            rows: rows(&ctx, &pending, &checked),
            l: ctx.layout().await?,
            message: None,
            fields,
        };
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request = AcceptConsentsRequest {
        policy_version_ids: pending
            .iter()
            .map(|consent| consent.policy_version_id)
            .collect(),
    };
    match ctx
        .call(async |api, token| api.accept_consents(token, &request).await)
        .await
    {
        Ok(_) => ctx.done("/influencer", "accept.done"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let message = feedback
                .message
                .or_else(|| Some(feedback.fields.all().join(" ")));
            let page = AcceptPoliciesPage {
                rows: rows(&ctx, &pending, &checked),
                l: ctx.layout().await?,
                message,
                fields: FieldErrors::default(),
            };
            render(&page, feedback.status)
        }
    }
}
