//! `/lotes` (finance, admin dentsu): payout batches, newest first, and the form that creates one
//! from every approved, payable, unbatched withdrawal of one brand or of all (`batch_empty` when
//! there is none, said in plain words). The form carries its `Idempotency-Key`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::brands::ListBrandsQuery;
use afiliados_api_types::payments::{CreateBatchRequest, ListBatchesQuery, PayoutBatchResponse};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;
use uuid::Uuid;

use super::FINANCE;
use super::shared::{fresh_key, submitted_key};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::form_feedback;
use crate::format::{money, stamp};
use crate::forms::FormData;
use crate::i18n::I18n;
use crate::layout::{Layout, render};
use crate::pager::Pager;

/// A batch in a table (also the head of its page).
pub(crate) struct BatchRow {
    pub(crate) id: String,
    pub(crate) brand: String,
    pub(crate) status: String,
    pub(crate) status_label: String,
    pub(crate) count: i32,
    pub(crate) gross: String,
    pub(crate) withheld: String,
    pub(crate) net: String,
    pub(crate) created_at: String,
    pub(crate) paid_at: String,
    pub(crate) cancelled_at: String,
    pub(crate) open: bool,
}

impl BatchRow {
    /// `brands` names the brand ids the page knows.
    pub(crate) fn new(
        i18n: I18n,
        b: &PayoutBatchResponse,
        brands: &[(String, String)],
    ) -> BatchRow {
        let brand = match b.brand_id {
            None => i18n.t("payouts.all_brands").to_owned(),
            Some(id) => {
                let id = id.to_string();
                brands
                    .iter()
                    .find(|(known, _)| *known == id)
                    .map_or(id.clone(), |(_, name)| name.clone())
            }
        };
        BatchRow {
            id: b.id.to_string(),
            brand,
            status: b.status.as_str().to_owned(),
            status_label: i18n.label("batch_status", b.status),
            count: b.withdrawal_count,
            gross: money(i18n.locale, b.total_gross),
            withheld: money(i18n.locale, b.total_withheld),
            net: money(i18n.locale, b.total_net),
            created_at: stamp(Some(b.created_at)),
            paid_at: stamp(b.paid_at),
            cancelled_at: stamp(b.cancelled_at),
            open: b.status == afiliados_domain::PayoutBatchStatus::Exported,
        }
    }
}

/// `(id, name)` of the brands, for the brand select and the batch names.
pub(crate) async fn brand_names(ctx: &Ctx) -> Result<Vec<(String, String)>, WebError> {
    let query = ListBrandsQuery {
        page_size: Some(100),
        ..ListBrandsQuery::default()
    };
    let brands = ctx
        .call(async |api, token| api.list_brands(token, &query).await)
        .await?;
    Ok(brands
        .items
        .into_iter()
        .map(|b| (b.id.to_string(), b.name))
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/payouts/batches.html")]
pub(crate) struct BatchesPage {
    l: Layout,
    batches: Vec<BatchRow>,
    brands: Vec<(String, String)>,
    chosen_brand: String,
    idempotency_key: String,
    message: Option<String>,
    pager: Pager,
}

#[derive(Deserialize)]
pub(crate) struct Filters {
    page: Option<u32>,
}

async fn page(ctx: &Ctx, number: u32, chosen_brand: String) -> Result<BatchesPage, WebError> {
    let query = ListBatchesQuery {
        page: Some(number.max(1)),
        page_size: Some(25),
        ..ListBatchesQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_batches(token, &query).await)
        .await?;
    let brands = brand_names(ctx).await?;
    Ok(BatchesPage {
        batches: result
            .items
            .iter()
            .map(|b| BatchRow::new(ctx.i18n, b, &brands))
            .collect(),
        brands,
        chosen_brand,
        idempotency_key: fresh_key(),
        message: None,
        pager: Pager::new("/lotes", "", result.page, result.page_size, result.total),
        l: ctx.layout().await?,
    })
}

/// `GET /lotes`.
pub(crate) async fn list_batches(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE)?;
    let shown = page(&ctx, filters.page.unwrap_or(1), String::new()).await?;
    render(&shown, StatusCode::OK)
}

/// `POST /lotes` with `brand_id` (empty: every brand): to the new batch's page.
pub(crate) async fn submit_batch(ctx: Ctx, form: FormData) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE)?;
    let chosen = form.get("brand_id");
    let brand_id = if chosen.is_empty() {
        None
    } else {
        let parsed = chosen
            .parse::<Uuid>()
            .map_err(|_| WebError::BadForm(anyhow::anyhow!("brand id is not an id")))?;
        Some(parsed.into())
    };
    let request = CreateBatchRequest {
        brand_id,
        withdrawal_ids: None,
    };
    let key = submitted_key(&form);
    match ctx
        .call(async |api, token| api.create_batch(token, &request, &key).await)
        .await
    {
        Ok(batch) => ctx.done(&format!("/lotes/{}", batch.id), "payouts.batch_created"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut shown = page(&ctx, 1, chosen).await?;
            shown.message = feedback
                .message
                .or_else(|| Some(feedback.fields.all().join(" ")));
            render(&shown, feedback.status)
        }
    }
}
