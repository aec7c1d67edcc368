//! `/webhooks/{id}` (admin dentsu, finance): one delivery with its verification, processing
//! outcome and payload (an order document without the customer's data), and "reprocess"
//! (`POST /vtex/webhooks/deliveries/{id}/reprocess`; 409 `delivery_not_reprocessable` for
//! rejected, duplicate, ignored or purged deliveries, said in plain words).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::deliveries::Delivery;
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::FINANCE_STAFF;
use super::deliveries::DeliveryRow;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::refusal;
use crate::format::stamp;
use crate::layout::{Layout, render};

#[derive(Template, WebTemplate)]
#[template(path = "pages/money/delivery_detail.html")]
pub(crate) struct DeliveryDetailPage {
    l: Layout,
    row: DeliveryRow,
    d: Delivery,
    facts: Vec<(String, String)>,
    payload: String,
}

/// `GET /webhooks/{id}`.
pub(crate) async fn show_delivery(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE_STAFF)?;
    let id = id.into_inner();
    let d = ctx
        .call(async |api, token| api.get_delivery(token, id).await)
        .await?;
    let i18n = ctx.i18n;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let pair = |key: &str, value: String| (i18n.t(key).to_owned(), value);
    let facts = vec![
        pair("deliveries.last_state", text(&d.last_state)),
        pair("deliveries.last_change", stamp(d.last_change)),
        pair(
            "deliveries.origin",
            format!("{} {}", text(&d.origin_account), text(&d.origin_key))
                .trim()
                .to_owned(),
        ),
        pair("deliveries.idempotency_key", text(&d.idempotency_key)),
        pair(
            "deliveries.duplicate_of",
            d.duplicate_of.map(|id| id.to_string()).unwrap_or_default(),
        ),
        pair(
            "deliveries.verification",
            i18n.label("delivery_verification", d.verification),
        ),
        pair("deliveries.verification_error", text(&d.verification_error)),
        pair("deliveries.last_attempt_at", stamp(d.last_attempt_at)),
        pair("deliveries.processed_at", stamp(d.processed_at)),
        pair("deliveries.response_code", d.response_code.to_string()),
        pair(
            "deliveries.payload_size",
            crate::format::size(i64::from(d.payload_size)),
        ),
        pair("deliveries.payload_sha256", d.payload_sha256.clone()),
        pair("deliveries.source_ip", text(&d.source_ip)),
        pair("deliveries.purged_at", stamp(d.payload_purged_at)),
    ];
    let page = DeliveryDetailPage {
        row: DeliveryRow::new(i18n, &d),
        payload: d
            .payload
            .as_ref()
            .and_then(|p| serde_json::to_string_pretty(p).ok())
            .unwrap_or_default(),
        facts,
        d,
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}

/// `POST /webhooks/{id}/reprocesar`.
pub(crate) async fn submit_reprocess(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE_STAFF)?;
    let id = id.into_inner();
    let back = format!("/webhooks/{id}");
    match ctx
        .call(async |api, token| api.reprocess_delivery(token, id).await)
        .await
    {
        Ok(_) => ctx.done(&back, "deliveries.reprocessed"),
        Err(error) => {
            let message = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &message)
        }
    }
}
