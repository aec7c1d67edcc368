//! `/gestor/campanas/nueva` and `/gestor/campanas/{id}/editar`: the campaign form. A new campaign
//! starts as draft (or active); an edit sends every field (the slug only while draft) and the
//! tier list, which replaces the stored one by level.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::brands::ListBrandsQuery;
use afiliados_api_types::campaigns::{CreateCampaignRequest, UpdateCampaignRequest};
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::GESTOR;
use super::campaign_form::{CampaignFields, CampaignValues};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::{Layout, render};

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/campaign_form.html")]
pub(crate) struct CampaignFormPage {
    l: Layout,
    /// `None` for a new campaign.
    campaign_id: Option<String>,
    /// The slug may change only while draft.
    slug_editable: bool,
    brands: Vec<(String, String)>,
    form: CampaignValues,
    message: Option<String>,
    fields: FieldErrors,
}

async fn page(
    ctx: &Ctx,
    campaign_id: Option<Uuid>,
    slug_editable: bool,
    form: CampaignValues,
) -> Result<CampaignFormPage, WebError> {
    let brands = if campaign_id.is_none() {
        let query = ListBrandsQuery {
            page_size: Some(100),
            status: Some("active".to_owned()),
            ..ListBrandsQuery::default()
        };
        ctx.call(async |api, token| api.list_brands(token, &query).await)
            .await?
            .items
            .into_iter()
            .map(|brand| (brand.id.to_string(), brand.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(CampaignFormPage {
        l: ctx.layout().await?,
        campaign_id: campaign_id.map(|id| id.to_string()),
        slug_editable,
        brands,
        form,
        message: None,
        fields: FieldErrors::default(),
    })
}

async fn refused(
    ctx: &Ctx,
    campaign_id: Option<Uuid>,
    slug_editable: bool,
    form: CampaignValues,
    error: WebError,
) -> Result<HttpResponse, WebError> {
    let feedback = form_feedback(error, ctx.i18n)?;
    let mut page = page(ctx, campaign_id, slug_editable, form).await?;
    page.message = feedback.message;
    page.fields = feedback.fields;
    render(&page, feedback.status)
}

/// `GET /gestor/campanas/nueva`.
pub(crate) async fn show_new_campaign(ctx: Ctx) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let page = page(&ctx, None, true, CampaignValues::default()).await?;
    render(&page, StatusCode::OK)
}

/// The web's own 422: fields that did not parse, or required ones left blank.
async fn invalid(
    ctx: &Ctx,
    campaign_id: Option<Uuid>,
    slug_editable: bool,
    form: CampaignValues,
    fields: FieldErrors,
) -> Result<HttpResponse, WebError> {
    let mut page = page(ctx, campaign_id, slug_editable, form).await?;
    page.fields = fields;
    render(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

/// `POST /gestor/campanas/nueva`.
pub(crate) async fn submit_new_campaign(
    ctx: Ctx,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let values = CampaignValues::read(&form);
    let parsed = match values.parse(ctx.i18n) {
        Ok(parsed) => parsed,
        Err(fields) => return invalid(&ctx, None, true, values, fields).await,
    };
    let required = ctx.i18n.t("field_error.required").to_owned();
    let mut fields = FieldErrors::default();
    let brand_id = values.brand_id.parse::<Uuid>().ok();
    if brand_id.is_none() {
        fields.add("brandId", required.clone());
    }
    if parsed.start_date.is_none() {
        fields.add("startDate", required.clone());
    }
    if parsed.base_commission_percent.is_none() {
        fields.add("baseCommissionPercent", required);
    }
    let (Some(brand_id), Some(start_date), Some(base)) =
        (brand_id, parsed.start_date, parsed.base_commission_percent)
    else {
        return invalid(&ctx, None, true, values, fields).await;
    };
    let CampaignFields {
        description,
        end_date,
        max_discount_percent,
        max_usage,
        min_order_value,
        confirmation_window_days,
        tier_evaluation_period_days,
        eligible_scope_values,
        stacking_rules,
        tiers,
        ..
    } = parsed;
    let request = CreateCampaignRequest {
        brand_id: brand_id.into(),
        name: values.name.clone(),
        slug: values.slug.clone(),
        description,
        start_date,
        end_date,
        status: Some(values.status.clone()),
        base_commission_percent: base,
        commission_basis: Some(values.commission_basis.clone()),
        include_shipping: values.include_shipping,
        max_discount_percent,
        max_usage,
        min_order_value,
        confirmation_window_days,
        tier_evaluation_period_days,
        eligible_scope_type: Some(values.eligible_scope_type.clone()),
        eligible_scope_values,
        stacking_rules: Some(stacking_rules),
        tiers,
    };
    match ctx
        .call(async |api, token| api.create_campaign(token, &request).await)
        .await
    {
        Ok(campaign) => ctx.done(
            &format!("/gestor/campanas/{}", campaign.id),
            "campaigns.created",
        ),
        Err(error) => refused(&ctx, None, true, values, error).await,
    }
}

/// `GET /gestor/campanas/{id}/editar`.
pub(crate) async fn show_edit_campaign(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let id = id.into_inner();
    let campaign = ctx
        .call(async |api, token| api.get_campaign(token, id).await)
        .await?;
    let page = page(
        &ctx,
        Some(id),
        campaign.status == afiliados_domain::CampaignStatus::Draft,
        CampaignValues::of(&campaign),
    )
    .await?;
    render(&page, StatusCode::OK)
}

/// `POST /gestor/campanas/{id}/editar`.
pub(crate) async fn submit_edit_campaign(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let id = id.into_inner();
    let campaign = ctx
        .call(async |api, token| api.get_campaign(token, id).await)
        .await?;
    let draft = campaign.status == afiliados_domain::CampaignStatus::Draft;
    let mut values = CampaignValues::read(&form);
    values.brand_id = campaign.brand_id.to_string();
    values.status = campaign.status.to_string();
    let parsed = match values.parse(ctx.i18n) {
        Ok(parsed) => parsed,
        Err(fields) => return invalid(&ctx, Some(id), draft, values, fields).await,
    };
    let request = UpdateCampaignRequest {
        name: Some(values.name.clone()),
        slug: draft.then(|| values.slug.clone()),
        description: Some(parsed.description),
        start_date: parsed.start_date,
        end_date: Some(parsed.end_date),
        status: None,
        base_commission_percent: parsed.base_commission_percent,
        commission_basis: Some(values.commission_basis.clone()),
        include_shipping: Some(values.include_shipping),
        max_discount_percent: parsed.max_discount_percent,
        max_usage: Some(parsed.max_usage),
        min_order_value: Some(parsed.min_order_value),
        confirmation_window_days: parsed.confirmation_window_days,
        tier_evaluation_period_days: parsed.tier_evaluation_period_days,
        eligible_scope_type: Some(values.eligible_scope_type.clone()),
        eligible_scope_values: Some(parsed.eligible_scope_values),
        stacking_rules: Some(parsed.stacking_rules),
        tiers: Some(parsed.tiers),
    };
    match ctx
        .call(async |api, token| api.update_campaign(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done(&format!("/gestor/campanas/{id}"), "campaigns.updated"),
        Err(error) => refused(&ctx, Some(id), draft, values, error).await,
    }
}
