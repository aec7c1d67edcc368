//! `/registro`: the influencer registration form (api.md §3 `POST /public/influencers`) with the
//! active policies to accept, the tax profiles, an optional bank account and an optional
//! identity document; `/registro/listo` shows the review promise once.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::brands::PublicTaxProfile;
use afiliados_api_types::policies::PolicyVersionResponse;
use askama::Template;
use askama_web::WebTemplate;

use super::register_form::{PolicyRow, RegisterValues, Submitted};
use super::register_upload::upload_document;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::layout::{Layout, render};
use crate::multipart::MultipartData;
use crate::session::RegistrationOutcome;

/// The form's file field.
const DOCUMENT_FIELD: &str = "id_document";

#[derive(Template, WebTemplate)]
#[template(path = "pages/public/register.html")]
pub(crate) struct RegisterPage {
    l: Layout,
    form: RegisterValues,
    policies: Vec<PolicyRow>,
    tax_profiles: Vec<PublicTaxProfile>,
    document_types: Vec<(&'static str, String)>,
    message: Option<String>,
    fields: FieldErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/public/register_done.html")]
pub(crate) struct RegisterDonePage {
    l: Layout,
    outcome: RegistrationOutcome,
}

struct Choices {
    policies: Vec<PolicyVersionResponse>,
    tax_profiles: Vec<PublicTaxProfile>,
}

async fn choices(ctx: &Ctx) -> Result<Choices, WebError> {
    let policies = ctx.api().list_public_policies().await?.items;
    let tax_profiles = ctx.api().list_public_tax_profiles().await?.items;
    Ok(Choices {
        policies,
        tax_profiles,
    })
}

async fn page(
    ctx: &Ctx,
    form: RegisterValues,
    choices: Choices,
    message: Option<String>,
    fields: FieldErrors,
) -> Result<RegisterPage, WebError> {
    Ok(RegisterPage {
        l: ctx.layout().await?,
        policies: choices
            .policies
            .iter()
            .map(|policy| PolicyRow::new(ctx.i18n, policy, &form.accepted))
            .collect(),
        tax_profiles: choices.tax_profiles,
        document_types: afiliados_domain::DocumentType::SPELLINGS
            .into_iter()
            .map(|code| (code, ctx.i18n.label("document_type", code)))
            .collect(),
        form,
        message,
        fields,
    })
}

/// `GET /registro`.
pub(crate) async fn show_register(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let choices = choices(&ctx).await?;
    let page = page(
        &ctx,
        RegisterValues::default(),
        choices,
        None,
        FieldErrors::default(),
    )
    .await?;
    render(&page, StatusCode::OK)
}

/// `POST /registro` (multipart, for the optional document).
pub(crate) async fn submit_register(
    ctx: Ctx,
    mut form: MultipartData,
) -> Result<HttpResponse, WebError> {
    let submitted = Submitted::read(&form.fields);
    let choices = choices(&ctx).await?;
    let mut fields = submitted.check(ctx.i18n, &choices.policies);
    if form.file_too_large(DOCUMENT_FIELD) {
        fields.add(
            "idDocument",
            ctx.i18n.t("field_error.file_too_large").to_owned(),
        );
    }
    if !fields.is_empty() {
        let page = page(&ctx, submitted.values, choices, None, fields).await?;
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request = submitted.request();
    let registered = match ctx.api().register_influencer(&request).await {
        Ok(registered) => registered,
        Err(error) => {
            let mut feedback = form_feedback(error.into(), ctx.i18n)?;
            // A duplicate is about one field; say so next to it too.
            let field = match feedback.code {
                ApiErrorCode::EmailAlreadyRegistered => Some("email"),
                ApiErrorCode::DocumentAlreadyRegistered => Some("documentNumber"),
                _ => None,
            };
            if let (Some(field), Some(message)) = (field, feedback.message.clone()) {
                feedback.fields.add(field, message);
            }
            let page = page(
                &ctx,
                submitted.values,
                choices,
                feedback.message,
                feedback.fields,
            )
            .await?;
            return render(&page, feedback.status);
        }
    };
    tracing::info!(influencer.id = %registered.influencer.id, "influencer registered");
    let (document, document_error) = match (form.take_file(DOCUMENT_FIELD), &request.password) {
        (None, _) => (None, None),
        (Some(_), None) => (
            Some(false),
            Some(ctx.i18n.t("register.document_after_activation").to_owned()),
        ),
        (Some(file), Some(password)) => {
            upload_document(
                &ctx,
                &request.email,
                password,
                registered.influencer.id.into(),
                file,
            )
            .await
        }
    };
    ctx.session.set_registration(&RegistrationOutcome {
        message: registered.message,
        user_status: registered.user_status,
        document,
        document_error,
    })?;
    Ok(ctx.see_other("/registro/listo"))
}

/// `GET /registro/listo`: shown once after a registration; otherwise back to the form.
pub(crate) async fn show_register_done(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let Some(outcome) = ctx.session.take_registration() else {
        return Ok(ctx.see_other("/registro"));
    };
    let page = RegisterDonePage {
        l: ctx.layout().await?,
        outcome,
    };
    render(&page, StatusCode::OK)
}
