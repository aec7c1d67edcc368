//! `/pedidos`: orders in the reader's scope (the api filters AM to its brands and an influencer
//! to its own), newest first, filtered by status, attribution, VTEX order id, coupon and dates.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::order_views::ListOrdersQuery;
use afiliados_domain::OrderStatus;
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use serde::Deserialize;

use super::ORDER_READERS;
use super::rows::{given, id_filter, options};
use crate::context::Ctx;
use crate::error::WebError;
use crate::format::{money, stamp};
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// One order.
pub(crate) struct OrderRow {
    id: String,
    vtex_order_id: String,
    placed_at: String,
    status: String,
    status_label: String,
    total: String,
    coupon: String,
    attributed: bool,
    reason: String,
    commission: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/money/orders_list.html")]
pub(crate) struct OrdersListPage {
    l: Layout,
    f: Filters,
    statuses: Vec<(&'static str, String)>,
    rows: Vec<OrderRow>,
    pager: Pager,
}

/// The filters as typed (camelCase in the URL, like the api's).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    status: Option<String>,
    attributed: Option<String>,
    vtex_order_id: Option<String>,
    coupon_code: Option<String>,
    influencer_id: Option<String>,
    brand_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

impl Filters {
    fn text(value: Option<&String>) -> &str {
        value.map_or("", String::as_str)
    }
    pub(crate) fn status(&self) -> &str {
        Self::text(self.status.as_ref())
    }
    pub(crate) fn attributed(&self) -> &str {
        Self::text(self.attributed.as_ref())
    }
    pub(crate) fn vtex_order_id(&self) -> &str {
        Self::text(self.vtex_order_id.as_ref())
    }
    pub(crate) fn coupon_code(&self) -> &str {
        Self::text(self.coupon_code.as_ref())
    }
    pub(crate) fn influencer_id(&self) -> &str {
        Self::text(self.influencer_id.as_ref())
    }
    pub(crate) fn brand_id(&self) -> &str {
        Self::text(self.brand_id.as_ref())
    }
    pub(crate) fn from(&self) -> &str {
        Self::text(self.from.as_ref())
    }
    pub(crate) fn to(&self) -> &str {
        Self::text(self.to.as_ref())
    }
}

/// `GET /pedidos`.
pub(crate) async fn list_orders(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(ORDER_READERS)?;
    let f = filters.into_inner();
    let status = given(f.status.as_ref()).filter(|s| OrderStatus::SPELLINGS.contains(&s.as_str()));
    let query = ListOrdersQuery {
        page: Some(f.page.unwrap_or(1).max(1)),
        page_size: Some(25),
        status: status.clone(),
        attributed: match f.attributed() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        vtex_order_id: given(f.vtex_order_id.as_ref()),
        coupon_code: given(f.coupon_code.as_ref()),
        influencer_id: id_filter(f.influencer_id.as_ref()),
        brand_id: id_filter(f.brand_id.as_ref()),
        // The date inputs send `YYYY-MM-DD`; anything else is left out, not sent to fail.
        from: given(f.from.as_ref()).filter(|d| d.parse::<NaiveDate>().is_ok()),
        to: given(f.to.as_ref()).filter(|d| d.parse::<NaiveDate>().is_ok()),
        ..ListOrdersQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_orders(token, &query).await)
        .await?;
    let kept = filter_query(&[
        ("status", status.as_deref()),
        (
            "attributed",
            query.attributed.map(|a| if a { "true" } else { "false" }),
        ),
        ("vtexOrderId", query.vtex_order_id.as_deref()),
        ("couponCode", query.coupon_code.as_deref()),
        ("influencerId", f.influencer_id.as_deref()),
        ("brandId", f.brand_id.as_deref()),
        ("from", query.from.as_deref()),
        ("to", query.to.as_deref()),
    ]);
    let locale = ctx.i18n.locale;
    let rows = result
        .items
        .into_iter()
        .map(|order| OrderRow {
            id: order.id.to_string(),
            placed_at: stamp(Some(order.placed_at)),
            status: order.status.as_str().to_owned(),
            status_label: ctx.i18n.label("order_status", order.status),
            total: money(locale, order.total_amount),
            coupon: order.coupon_code.unwrap_or_default(),
            attributed: order.attributed,
            reason: order
                .non_attribution_reason
                .map(|r| ctx.i18n.label("non_attribution", r))
                .unwrap_or_default(),
            commission: order
                .commission
                .map(|c| money(locale, c.net_amount))
                .unwrap_or_default(),
            vtex_order_id: order.vtex_order_id,
        })
        .collect();
    let page = OrdersListPage {
        pager: Pager::counted(
            ctx.i18n,
            "/pedidos",
            &kept,
            result.page,
            result.page_size,
            result.total,
            result.total_capped,
        ),
        statuses: options(ctx.i18n, "order_status", &OrderStatus::SPELLINGS),
        rows,
        f,
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
