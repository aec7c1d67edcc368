//! `/admin/perfiles-tributarios`: the tax profiles that decide withholding at payment time
//! (finance, admin dentsu): the list with the create form, and one profile's edit form.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::brands::{
    CreateTaxProfileRequest, TaxProfileResponse, UpdateTaxProfileRequest,
};
use afiliados_domain::{Money, Percent, Role};
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::{Layout, render};

/// Who manages tax profiles.
const TAX_ADMINS: &[Role] = &[Role::AdminDentsu, Role::Finance];

/// The form as typed.
pub(crate) struct TaxValues {
    code: String,
    name: String,
    withholding_rate: String,
    threshold_amount: String,
    active: bool,
}

impl Default for TaxValues {
    fn default() -> TaxValues {
        TaxValues {
            code: String::new(),
            name: String::new(),
            withholding_rate: String::new(),
            threshold_amount: "0.00".to_owned(),
            active: true,
        }
    }
}

impl TaxValues {
    fn of(profile: &TaxProfileResponse) -> TaxValues {
        TaxValues {
            code: profile.code.clone(),
            name: profile.name.clone(),
            withholding_rate: profile.withholding_rate.to_string(),
            threshold_amount: profile.threshold_amount.to_string(),
            active: profile.active,
        }
    }

    fn read(form: &FormData) -> TaxValues {
        TaxValues {
            code: form.get("code"),
            name: form.get("name"),
            withholding_rate: form.get("withholding_rate"),
            threshold_amount: form.get("threshold_amount"),
            active: form.checked("active"),
        }
    }

    fn numbers(&self, i18n: crate::i18n::I18n) -> Result<(Percent, Money), FieldErrors> {
        let mut fields = FieldErrors::default();
        let rate = Percent::parse(&self.withholding_rate);
        let threshold = Money::parse(if self.threshold_amount.is_empty() {
            "0"
        } else {
            &self.threshold_amount
        });
        if rate.is_err() {
            fields.add(
                "withholdingRate",
                i18n.t("field_error.invalid_amount").to_owned(),
            );
        }
        if threshold.is_err() {
            fields.add(
                "thresholdAmount",
                i18n.t("field_error.invalid_amount").to_owned(),
            );
        }
        match (rate, threshold) {
            (Ok(rate), Ok(threshold)) => Ok((rate, threshold)),
            _ => Err(fields),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/admin/tax_profiles.html")]
pub(crate) struct TaxProfilesPage {
    l: Layout,
    rows: Vec<TaxProfileResponse>,
    /// `Some` on a profile's own page.
    editing: Option<TaxProfileResponse>,
    form: TaxValues,
    message: Option<String>,
    fields: FieldErrors,
}

async fn page(
    ctx: &Ctx,
    editing: Option<Uuid>,
    form: Option<TaxValues>,
) -> Result<TaxProfilesPage, WebError> {
    let rows = ctx
        .call(async |api, token| api.list_tax_profiles(token).await)
        .await?
        .items;
    let editing = match editing {
        Some(id) => Some(
            rows.iter()
                .find(|profile| profile.id == id)
                .cloned()
                .ok_or(WebError::NotFound)?,
        ),
        None => None,
    };
    Ok(TaxProfilesPage {
        l: ctx.layout().await?,
        form: form.unwrap_or_else(|| editing.as_ref().map(TaxValues::of).unwrap_or_default()),
        rows,
        editing,
        message: None,
        fields: FieldErrors::default(),
    })
}

/// `GET /admin/perfiles-tributarios`.
pub(crate) async fn list_tax_profiles(ctx: Ctx) -> Result<HttpResponse, WebError> {
    ctx.require(TAX_ADMINS)?;
    render(&page(&ctx, None, None).await?, StatusCode::OK)
}

/// `POST /admin/perfiles-tributarios`.
pub(crate) async fn submit_new_tax_profile(
    ctx: Ctx,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(TAX_ADMINS)?;
    let values = TaxValues::read(&form);
    let (withholding_rate, threshold_amount) = match values.numbers(ctx.i18n) {
        Ok(numbers) => numbers,
        Err(fields) => {
            let mut page = page(&ctx, None, Some(values)).await?;
            page.fields = fields;
            return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let request = CreateTaxProfileRequest {
        code: values.code.clone(),
        name: values.name.clone(),
        withholding_rate,
        threshold_amount,
        active: values.active,
    };
    match ctx
        .call(async |api, token| api.create_tax_profile(token, &request).await)
        .await
    {
        Ok(_) => ctx.done("/admin/perfiles-tributarios", "tax_profiles.created"),
        Err(error) => {
            let mut feedback = form_feedback(error, ctx.i18n)?;
            if let Some(message) = feedback
                .message
                .clone()
                .filter(|_| feedback.status.as_u16() == 409)
            {
                feedback.fields.add("code", message);
            }
            let mut page = page(&ctx, None, Some(values)).await?;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}

/// `GET /admin/perfiles-tributarios/{id}`.
pub(crate) async fn show_tax_profile(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require(TAX_ADMINS)?;
    render(
        &page(&ctx, Some(id.into_inner()), None).await?,
        StatusCode::OK,
    )
}

/// `POST /admin/perfiles-tributarios/{id}`.
pub(crate) async fn submit_update_tax_profile(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(TAX_ADMINS)?;
    let id = id.into_inner();
    let values = TaxValues::read(&form);
    let (withholding_rate, threshold_amount) = match values.numbers(ctx.i18n) {
        Ok(numbers) => numbers,
        Err(fields) => {
            let mut page = page(&ctx, Some(id), Some(values)).await?;
            page.fields = fields;
            return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let request = UpdateTaxProfileRequest {
        name: Some(values.name.clone()),
        withholding_rate: Some(withholding_rate),
        threshold_amount: Some(threshold_amount),
        active: Some(values.active),
    };
    match ctx
        .call(async |api, token| api.update_tax_profile(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done("/admin/perfiles-tributarios", "tax_profiles.updated"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut page = page(&ctx, Some(id), Some(values)).await?;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}
