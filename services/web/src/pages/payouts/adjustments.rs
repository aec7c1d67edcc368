//! `/ajustes`: adjustments (debts) in the caller's scope, pending first by default, and for
//! finance and admin dentsu the two acts: open a manual debt (influencer, brand, amount, reason of
//! 10–500 characters; the page can be opened prefilled from a withdrawal) and resolve a pending
//! one — recovered by netting, recovered by a repayment (its transfer reference required), or
//! written off. `adjustment_not_covered` (netting while the balance is negative) and the other
//! refusals come back in plain words with the form as typed.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::payments::{
    CreateAdjustmentRequest, ListAdjustmentsQuery, ResolveAdjustmentRequest,
};
use afiliados_domain::AdjustmentResolution;
use afiliados_domain::commission::Recovery;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;
use uuid::Uuid;

use super::batches::brand_names;
use super::shared::{AdjustmentRow, fresh_key, parse_amount, short_note, submitted_key};
use super::{FINANCE, WITHDRAWAL_READERS};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// The create form as typed.
#[derive(Default)]
pub(crate) struct CreateValues {
    influencer_id: String,
    brand_id: String,
    amount: String,
    reason: String,
}

/// A resolve form as typed, for the row it was sent from.
#[derive(Default)]
pub(crate) struct ResolveValues {
    id: String,
    choice: String,
    reference: String,
    notes: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/payouts/adjustments.html")]
pub(crate) struct AdjustmentsPage {
    l: Layout,
    status: String,
    finance: bool,
    adjustments: Vec<AdjustmentRow>,
    brands: Vec<(String, String)>,
    idempotency_key: String,
    create: CreateValues,
    resolve: ResolveValues,
    message: Option<String>,
    fields: FieldErrors,
    pager: Pager,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    status: Option<String>,
    influencer_id: Option<String>,
    brand_id: Option<String>,
}

async fn page(
    ctx: &Ctx,
    number: u32,
    status: String,
    create: CreateValues,
    resolve: ResolveValues,
) -> Result<AdjustmentsPage, WebError> {
    let user = ctx.require(WITHDRAWAL_READERS)?;
    let finance = user.has_any(FINANCE);
    let query = ListAdjustmentsQuery {
        page: Some(number.max(1)),
        page_size: Some(25),
        status: (status != "all").then(|| status.clone()),
        ..ListAdjustmentsQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_adjustments(token, &query).await)
        .await?;
    let brands = if finance {
        brand_names(ctx).await?
    } else {
        Vec::new()
    };
    Ok(AdjustmentsPage {
        adjustments: result
            .items
            .iter()
            .map(|a| AdjustmentRow::new(ctx.i18n, a))
            .collect(),
        pager: Pager::new(
            "/ajustes",
            &filter_query(&[("status", Some(status.as_str()))]),
            result.page,
            result.page_size,
            result.total,
        ),
        status,
        finance,
        brands,
        idempotency_key: fresh_key(),
        create,
        resolve,
        message: None,
        fields: FieldErrors::default(),
        l: ctx.layout().await?,
    })
}

fn status_filter(raw: Option<&str>) -> String {
    match raw {
        Some("resolved") => "resolved",
        Some("all") => "all",
        _ => "pending",
    }
    .to_owned()
}

/// `GET /ajustes?status=pending|resolved|all` (`influencerId`, `brandId` prefill the form).
pub(crate) async fn list_adjustments(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(WITHDRAWAL_READERS)?;
    let filters = filters.into_inner();
    let create = CreateValues {
        influencer_id: filters.influencer_id.unwrap_or_default(),
        brand_id: filters.brand_id.unwrap_or_default(),
        ..CreateValues::default()
    };
    let shown = page(
        &ctx,
        filters.page.unwrap_or(1),
        status_filter(filters.status.as_deref()),
        create,
        ResolveValues::default(),
    )
    .await?;
    render(&shown, StatusCode::OK)
}

/// `POST /ajustes`: a manual debt.
pub(crate) async fn submit_adjustment(ctx: Ctx, form: FormData) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE)?;
    let values = CreateValues {
        influencer_id: form.get("influencer_id"),
        brand_id: form.get("brand_id"),
        amount: form.get("amount"),
        reason: form.get("reason"),
    };
    let i18n = ctx.i18n;
    let mut fields = FieldErrors::default();
    let influencer = values.influencer_id.parse::<Uuid>().ok();
    if influencer.is_none() {
        fields.add(
            "influencerId",
            i18n.t("field_error.invalid_format").to_owned(),
        );
    }
    let brand = values.brand_id.parse::<Uuid>().ok();
    if brand.is_none() {
        fields.add("brandId", i18n.t("field_error.required").to_owned());
    }
    let amount = parse_amount(&values.amount);
    if amount.is_none() {
        fields.add("amount", i18n.t("payouts.amount_help").to_owned());
    }
    if !(10..=500).contains(&values.reason.chars().count()) {
        fields.add("reason", i18n.t("payouts.debt_reason_help").to_owned());
    }
    let (Some(influencer), Some(brand), Some(amount), true) =
        (influencer, brand, amount, fields.is_empty())
    else {
        let mut shown = page(&ctx, 1, "pending".into(), values, ResolveValues::default()).await?;
        shown.fields = fields;
        return render(&shown, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let request = CreateAdjustmentRequest {
        influencer_id: influencer.into(),
        brand_id: brand.into(),
        amount,
        reason: values.reason.clone(),
        order_id: None,
        commission_id: None,
    };
    let key = submitted_key(&form);
    match ctx
        .call(async |api, token| api.create_adjustment(token, &request, &key).await)
        .await
    {
        Ok(_) => ctx.done("/ajustes", "payouts.debt_created"),
        Err(error) => {
            let feedback = form_feedback(error, i18n)?;
            let mut shown =
                page(&ctx, 1, "pending".into(), values, ResolveValues::default()).await?;
            shown.message = feedback.message.clone();
            shown.fields = feedback.fields;
            render(&shown, feedback.status)
        }
    }
}

/// The three ways to resolve a debt, as the form names them.
fn resolution(choice: &str) -> Option<(AdjustmentResolution, Option<Recovery>)> {
    match choice {
        "netting" => Some((AdjustmentResolution::Recovered, Some(Recovery::Netting))),
        "repayment" => Some((AdjustmentResolution::Recovered, Some(Recovery::Repayment))),
        "written_off" => Some((AdjustmentResolution::WrittenOff, None)),
        _ => None,
    }
}

/// `POST /ajustes/{id}/resolver` with `choice` `netting|repayment|written_off`.
pub(crate) async fn submit_resolution(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE)?;
    let id = id.into_inner();
    let values = ResolveValues {
        id: id.to_string(),
        choice: form.get("choice"),
        reference: form.get("reference"),
        notes: form.get("notes"),
    };
    let i18n = ctx.i18n;
    let Some((resolution_type, recovery_method)) = resolution(&values.choice) else {
        return Err(WebError::BadForm(anyhow::anyhow!("unknown resolution")));
    };
    let mut fields = FieldErrors::default();
    if recovery_method == Some(Recovery::Repayment)
        && !(3..=100).contains(&values.reference.chars().count())
    {
        fields.add(
            "reference",
            i18n.t("payouts.repayment_reference_help").to_owned(),
        );
    }
    if !short_note(&values.notes) {
        fields.add("notes", i18n.t("field_error.too_long").to_owned());
    }
    if !fields.is_empty() {
        let mut shown = page(&ctx, 1, "pending".into(), CreateValues::default(), values).await?;
        shown.fields = fields;
        return render(&shown, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request = ResolveAdjustmentRequest {
        resolution_type,
        recovery_method,
        reference: (recovery_method == Some(Recovery::Repayment)).then(|| values.reference.clone()),
        notes: Some(values.notes.clone()).filter(|n| !n.is_empty()),
    };
    match ctx
        .call(async |api, token| api.resolve_adjustment(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done("/ajustes", "payouts.debt_resolved"),
        Err(error) => {
            let feedback = form_feedback(error, i18n)?;
            let mut shown =
                page(&ctx, 1, "pending".into(), CreateValues::default(), values).await?;
            shown.message = feedback
                .message
                .clone()
                .or_else(|| Some(feedback.fields.all().join(" ")));
            shown.fields = feedback.fields;
            render(&shown, feedback.status)
        }
    }
}
