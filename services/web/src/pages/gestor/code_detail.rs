//! `/gestor/codigos/{id}`: one code with its conditions and its VTEX coupon sync (a failed sync
//! shows its last error prominently), the edit form, the enable/disable switch and "sync now"
//! (`POST /codes/{id}/sync`, the runbook's retry).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::codes::{DiscountCodeResponse, UpdateCodeRequest};
use afiliados_domain::Percent;
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use uuid::Uuid;

use super::GESTOR;
use super::rows::{reason_ok, refusal};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::format::{day, opt};
use crate::forms::{FormData, local_path};
use crate::layout::{Layout, render};

/// The edit form as typed.
pub(crate) struct CodeValues {
    discount_percent: String,
    starts_on: String,
    ends_on: String,
    max_uses: String,
    max_uses_per_customer: String,
}

impl CodeValues {
    fn of(code: &DiscountCodeResponse) -> CodeValues {
        CodeValues {
            discount_percent: code.discount_percent.to_string(),
            starts_on: day(code.starts_on),
            ends_on: day(code.ends_on),
            max_uses: opt(code.max_uses),
            max_uses_per_customer: opt(code.max_uses_per_customer),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/code_detail.html")]
pub(crate) struct CodeDetailPage {
    l: Layout,
    c: DiscountCodeResponse,
    form: CodeValues,
    message: Option<String>,
    fields: FieldErrors,
    back: String,
}

async fn load(ctx: &Ctx, id: Uuid) -> Result<DiscountCodeResponse, WebError> {
    ctx.call(async |api, token| api.get_code(token, id).await)
        .await
}

async fn page(
    ctx: &Ctx,
    c: DiscountCodeResponse,
    form: Option<CodeValues>,
) -> Result<CodeDetailPage, WebError> {
    Ok(CodeDetailPage {
        l: ctx.layout().await?,
        form: form.unwrap_or_else(|| CodeValues::of(&c)),
        back: format!("/gestor/codigos/{}", c.id),
        c,
        message: None,
        fields: FieldErrors::default(),
    })
}

/// `GET /gestor/codigos/{id}`.
pub(crate) async fn show_code(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let code = load(&ctx, id.into_inner()).await?;
    render(&page(&ctx, code, None).await?, StatusCode::OK)
}

/// `POST /gestor/codigos/{id}`: discount, dates and limits; an emptied field is cleared.
pub(crate) async fn submit_update_code(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let id = id.into_inner();
    let values = CodeValues {
        discount_percent: form.get("discount_percent"),
        starts_on: form.get("starts_on"),
        ends_on: form.get("ends_on"),
        max_uses: form.get("max_uses"),
        max_uses_per_customer: form.get("max_uses_per_customer"),
    };
    let discount = form.parsed::<Percent>("discount_percent");
    let starts_on = form.parsed::<NaiveDate>("starts_on");
    let ends_on = form.parsed::<NaiveDate>("ends_on");
    let max_uses = form.parsed::<i32>("max_uses");
    let per_customer = form.parsed::<i32>("max_uses_per_customer");
    let mut fields = FieldErrors::default();
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
            fields.add(field, ctx.i18n.t(code).to_owned());
        }
    }
    if !fields.is_empty() {
        let mut page = page(&ctx, load(&ctx, id).await?, Some(values)).await?;
        page.fields = fields;
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request = UpdateCodeRequest {
        discount_percent: discount.ok().flatten(),
        starts_on: Some(starts_on.ok().flatten()),
        ends_on: Some(ends_on.ok().flatten()),
        max_uses: Some(max_uses.ok().flatten()),
        max_uses_per_customer: Some(per_customer.ok().flatten()),
        ..UpdateCodeRequest::default()
    };
    match ctx
        .call(async |api, token| api.update_code(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done(&format!("/gestor/codigos/{id}"), "codes.updated"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut page = page(&ctx, load(&ctx, id).await?, Some(values)).await?;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}

/// `POST /gestor/codigos/{id}/activacion` with `enabled` (`true|false`) and, to disable, `reason`.
pub(crate) async fn submit_code_enabled(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let id = id.into_inner();
    let back = format!("/gestor/codigos/{id}");
    let enabled = form.get("enabled") == "true";
    let reason = form.opt("reason");
    if !enabled && !reason.as_deref().is_some_and(reason_ok) {
        return ctx.failed(&back, ctx.i18n.t("codes.reason_needed"));
    }
    let request = UpdateCodeRequest {
        enabled: Some(enabled),
        disabled_reason: if enabled { None } else { reason },
        ..UpdateCodeRequest::default()
    };
    match ctx
        .call(async |api, token| api.update_code(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done(
            &back,
            if enabled {
                "codes.enabled_done"
            } else {
                "codes.disabled_done"
            },
        ),
        Err(error) => {
            let text = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &text)
        }
    }
}

/// `POST /gestor/codigos/{id}/sincronizar`: queues the coupon sync again; back to `back`.
pub(crate) async fn submit_sync_code(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let id = id.into_inner();
    let back = local_path(&form.get("back"), &format!("/gestor/codigos/{id}"));
    match ctx
        .call(async |api, token| api.sync_code(token, id).await)
        .await
    {
        Ok(_) => ctx.done(&back, "codes.sync_requested"),
        Err(error) => {
            let text = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &text)
        }
    }
}
