//! `/gestor/codigos/nuevo`: a code for an influencer in a campaign, generated or custom, with its
//! optional conditions. The query can preselect the campaign and the influencer.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::campaigns::ListCampaignsQuery;
use afiliados_api_types::codes::CreateCodeRequest;
use afiliados_api_types::influencers::ListInfluencersQuery;
use afiliados_domain::Percent;
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::GESTOR;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::{Layout, render};

/// The form as typed.
#[derive(Default)]
pub(crate) struct NewCodeValues {
    campaign_id: String,
    influencer_id: String,
    code: String,
    discount_percent: String,
    starts_on: String,
    ends_on: String,
    max_uses: String,
    max_uses_per_customer: String,
    additional: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/code_new.html")]
pub(crate) struct NewCodePage {
    l: Layout,
    campaigns: Vec<(String, String)>,
    influencers: Vec<(String, String)>,
    form: NewCodeValues,
    message: Option<String>,
    fields: FieldErrors,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Preselect {
    campaign_id: Option<String>,
    influencer_id: Option<String>,
}

async fn page(ctx: &Ctx, form: NewCodeValues) -> Result<NewCodePage, WebError> {
    let campaigns_query = ListCampaignsQuery {
        page_size: Some(100),
        status: Some("draft,active,paused".to_owned()),
        sort: Some("name".to_owned()),
        ..ListCampaignsQuery::default()
    };
    let campaigns = ctx
        .call(async |api, token| api.list_campaigns(token, &campaigns_query).await)
        .await?;
    let influencers_query = ListInfluencersQuery {
        page_size: Some(100),
        status: Some("pending,approved".to_owned()),
        sort: Some("lastName".to_owned()),
        ..ListInfluencersQuery::default()
    };
    let influencers = ctx
        .call(async |api, token| api.list_influencers(token, &influencers_query).await)
        .await?;
    Ok(NewCodePage {
        l: ctx.layout().await?,
        campaigns: campaigns
            .items
            .into_iter()
            .map(|c| (c.id.to_string(), format!("{} · {}", c.name, c.brand_name)))
            .collect(),
        influencers: influencers
            .items
            .into_iter()
            .map(|i| {
                (
                    i.id.to_string(),
                    format!("{} {} · {}", i.first_name, i.last_name, i.email),
                )
            })
            .collect(),
        form,
        message: None,
        fields: FieldErrors::default(),
    })
}

/// `GET /gestor/codigos/nuevo?campaignId=&influencerId=`.
pub(crate) async fn show_new_code(
    ctx: Ctx,
    query: web::Query<Preselect>,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let Preselect {
        campaign_id,
        influencer_id,
    } = query.into_inner();
    let form = NewCodeValues {
        campaign_id: campaign_id.unwrap_or_default(),
        influencer_id: influencer_id.unwrap_or_default(),
        ..NewCodeValues::default()
    };
    render(&page(&ctx, form).await?, StatusCode::OK)
}

/// `POST /gestor/codigos/nuevo`.
pub(crate) async fn submit_new_code(ctx: Ctx, form: FormData) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let values = NewCodeValues {
        campaign_id: form.get("campaign_id"),
        influencer_id: form.get("influencer_id"),
        code: form.get("code"),
        discount_percent: form.get("discount_percent"),
        starts_on: form.get("starts_on"),
        ends_on: form.get("ends_on"),
        max_uses: form.get("max_uses"),
        max_uses_per_customer: form.get("max_uses_per_customer"),
        additional: form.checked("additional"),
    };
    let t = |key: &str| ctx.i18n.t(key).to_owned();
    let mut fields = FieldErrors::default();
    let campaign_id = values.campaign_id.parse::<Uuid>().ok();
    if campaign_id.is_none() {
        fields.add("campaignId", t("field_error.required"));
    }
    let influencer_id = values.influencer_id.parse::<Uuid>().ok();
    if influencer_id.is_none() {
        fields.add("influencerId", t("field_error.required"));
    }
    let discount = form.parsed::<Percent>("discount_percent");
    let starts_on = form.parsed::<NaiveDate>("starts_on");
    let ends_on = form.parsed::<NaiveDate>("ends_on");
    let max_uses = form.parsed::<i32>("max_uses");
    let per_customer = form.parsed::<i32>("max_uses_per_customer");
    for (field, failed, code) in [
        (
            "discountPercent",
            discount.is_err(),
            "field_error.invalid_amount",
        ),
        ("startsOn", starts_on.is_err(), "field_error.invalid_format"),
        ("endsOn", ends_on.is_err(), "field_error.invalid_format"),
        ("maxUses", max_uses.is_err(), "field_error.invalid_format"),
        (
            "maxUsesPerCustomer",
            per_customer.is_err(),
            "field_error.invalid_format",
        ),
    ] {
        if failed {
            fields.add(field, t(code));
        }
    }
    let (Some(campaign_id), Some(influencer_id), true) =
        (campaign_id, influencer_id, fields.is_empty())
    else {
        let mut page = page(&ctx, values).await?;
        page.fields = fields;
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let request = CreateCodeRequest {
        campaign_id: campaign_id.into(),
        influencer_id: influencer_id.into(),
        code: form.opt("code"),
        discount_percent: discount.ok().flatten(),
        starts_on: starts_on.ok().flatten(),
        ends_on: ends_on.ok().flatten(),
        max_uses: max_uses.ok().flatten(),
        max_uses_per_customer: per_customer.ok().flatten(),
        additional: values.additional,
    };
    match ctx
        .call(async |api, token| api.create_code(token, &request).await)
        .await
    {
        Ok(code) => ctx.done(&format!("/gestor/codigos/{}", code.id), "codes.created"),
        Err(error) => {
            let mut feedback = form_feedback(error, ctx.i18n)?;
            let about_the_code = matches!(
                feedback.code,
                ApiErrorCode::CodeTaken | ApiErrorCode::CodePrefixReserved
            );
            if let (true, Some(message)) = (about_the_code, feedback.message.clone()) {
                feedback.fields.add("code", message);
            }
            let mut page = page(&ctx, values).await?;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}
