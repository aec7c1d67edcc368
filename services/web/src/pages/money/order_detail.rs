//! `/pedidos/{id}`: one order with its explanation (`GET /orders/{id}/explain`): the coupon, the
//! eight attribution checks with the values each compared, the frozen rule, every line with its
//! formula, the shipping allocation, the commission with its transitions, the order's status
//! moves and (staff) the webhook deliveries that carried it. `{id}` may be the VTEX order id.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::commissions::TransitionResponse;
use afiliados_api_types::order_explain::{ExplainedCheck, OrderExplanation};
use afiliados_api_types::order_views::OrderResponse;
use afiliados_domain::{Locale, Money};
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::{COMMISSION_READERS, FINANCE_STAFF, ORDER_READERS};
use crate::context::Ctx;
use crate::error::WebError;
use crate::format::{money, stamp};
use crate::i18n::I18n;
use crate::layout::{Layout, render};

/// One attribution check.
pub(crate) struct CheckRow {
    name: String,
    label: String,
    /// `passed`, `failed` or `not_evaluated`.
    verdict: &'static str,
    verdict_label: String,
    detail: String,
    compared: Vec<(String, String)>,
}

/// One line of the calculation (explained when attributed, else as stored).
pub(crate) struct LineRow {
    index: i32,
    name: String,
    quantity: String,
    eligible: bool,
    reason: String,
    net: String,
    tax: String,
    shipping: String,
    eligible_amount: String,
    commission: String,
    formula: String,
    returned: i32,
    reverted: String,
}

/// One move of the commission's trail.
pub(crate) struct TransitionRow {
    pub(super) at: String,
    pub(super) kind: String,
    pub(super) from: String,
    pub(super) to: String,
    pub(super) amount: String,
    pub(super) reason: String,
    pub(super) by: String,
}

/// One status move of the order.
pub(crate) struct StatusRow {
    at: String,
    from: String,
    to: String,
    vtex: String,
    source: String,
}

/// A label and a value.
pub(crate) struct Fact {
    label: String,
    value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/money/order_detail.html")]
pub(crate) struct OrderDetailPage {
    l: Layout,
    vtex_order_id: String,
    status: String,
    status_label: String,
    totals: Vec<Fact>,
    coupon: Vec<Fact>,
    attributed: bool,
    reason: String,
    self_referral: String,
    checks: Vec<CheckRow>,
    rule: Vec<Fact>,
    lines: Vec<LineRow>,
    shipping: Vec<Fact>,
    commission_id: String,
    commission: Vec<Fact>,
    link_commission: bool,
    transitions: Vec<TransitionRow>,
    history: Vec<StatusRow>,
    deliveries: Vec<String>,
    link_deliveries: bool,
}

/// The keys of compared values in reading order (the api's JSON object comes sorted by name).
const COMPARED_ORDER: [&str; 14] = [
    "couponCode",
    "normalized",
    "matchedCode",
    "statusAtPlacement",
    "codeCreatedAt",
    "disabledAt",
    "placedAt",
    "placedOn",
    "startDate",
    "endDate",
    "codeStartsOn",
    "codeEndsOn",
    "netItemsTotal",
    "minOrderValue",
];

/// The values a check compared, as `key → value` pairs in reading order; amounts as money.
fn compared(locale: Locale, value: Option<&serde_json::Value>) -> Vec<(String, String)> {
    let Some(serde_json::Value::Object(map)) = value else {
        return Vec::new();
    };
    let mut pairs: Vec<(String, String)> = map
        .iter()
        .map(|(key, value)| {
            let text = match value {
                serde_json::Value::String(text) => text.clone(),
                serde_json::Value::Null => "—".to_owned(),
                other => other.to_string(),
            };
            let amount = matches!(key.as_str(), "netItemsTotal" | "minOrderValue")
                .then(|| Money::parse(&text).ok())
                .flatten();
            let text = amount.map_or(text, |amount| money(locale, amount));
            (key.clone(), text)
        })
        .collect();
    pairs.sort_by_key(|(key, _)| {
        COMPARED_ORDER
            .iter()
            .position(|known| known == key)
            .unwrap_or(COMPARED_ORDER.len())
    });
    pairs
}

/// The spelling of a serde enum (the check names, which are not text enums).
fn spelling<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn check_row(i18n: I18n, check: &ExplainedCheck) -> CheckRow {
    let name = spelling(&check.check);
    let verdict = match (check.evaluated, check.passed) {
        (false, _) => "not_evaluated",
        (true, true) => "passed",
        (true, false) => "failed",
    };
    CheckRow {
        label: i18n.label("attribution_check", &name),
        name,
        verdict,
        verdict_label: i18n.label("check_verdict", verdict),
        detail: check.detail.clone().unwrap_or_default(),
        compared: compared(i18n.locale, check.compared.as_ref()),
    }
}

fn fact(i18n: I18n, key: &str, value: String) -> Fact {
    Fact {
        label: i18n.t(key).to_owned(),
        value,
    }
}

fn totals(i18n: I18n, order: &OrderResponse) -> Vec<Fact> {
    let m = |amount: Money| money(i18n.locale, amount);
    vec![
        fact(i18n, "orders.placed_at", stamp(Some(order.placed_at))),
        fact(i18n, "orders.paid_at", stamp(order.paid_at)),
        fact(i18n, "orders.invoiced_at", stamp(order.invoiced_at)),
        fact(i18n, "orders.canceled_at", stamp(order.canceled_at)),
        fact(i18n, "orders.items_total", m(order.items_total)),
        fact(i18n, "orders.discounts_total", m(order.discounts_total)),
        fact(i18n, "orders.shipping_amount", m(order.shipping_amount)),
        fact(i18n, "orders.tax_amount", m(order.tax_amount)),
        fact(i18n, "orders.total_amount", m(order.total_amount)),
        fact(i18n, "orders.net_items_total", m(order.net_items_total)),
        fact(i18n, "orders.eligible_amount", m(order.eligible_amount)),
        fact(i18n, "orders.vtex_status", order.vtex_status.clone()),
    ]
}

pub(super) fn transition_rows(i18n: I18n, items: &[TransitionResponse]) -> Vec<TransitionRow> {
    items
        .iter()
        .map(|t| TransitionRow {
            at: stamp(Some(t.occurred_at)),
            kind: i18n.label("transition_kind", t.kind),
            from: t
                .from_state
                .map(|s| i18n.label("commission_state", s))
                .unwrap_or_default(),
            to: i18n.label("commission_state", t.to_state),
            amount: money(i18n.locale, t.amount),
            reason: t.reason.clone().unwrap_or_default(),
            by: t.triggered_by.clone(),
        })
        .collect()
}

fn explained_lines(
    locale: Locale,
    i18n: I18n,
    explanation: &OrderExplanation,
    order: &OrderResponse,
) -> Vec<LineRow> {
    let m = |amount: Money| money(locale, amount);
    let quantity = |index: i32| {
        order
            .lines
            .iter()
            .flatten()
            .find(|line| line.line_index == index)
            .map(|line| line.quantity.to_string())
            .unwrap_or_default()
    };
    if let Some(lines) = &explanation.lines {
        return lines
            .iter()
            .map(|line| LineRow {
                index: line.line_index,
                name: line.name.clone(),
                quantity: quantity(line.line_index),
                eligible: line.eligible,
                reason: line
                    .ineligibility_reason
                    .map(|r| i18n.label("ineligibility", r))
                    .unwrap_or_default(),
                net: m(line.line_net),
                tax: m(line.line_tax),
                shipping: m(line.shipping_share),
                eligible_amount: m(line.eligible_amount),
                commission: m(line.commission_amount),
                formula: line.formula.clone().unwrap_or_default(),
                returned: line.returned_quantity,
                reverted: m(line.reverted_amount),
            })
            .collect();
    }
    // Not attributed: the stored lines, each with the reason it earns nothing.
    order
        .lines
        .iter()
        .flatten()
        .map(|line| LineRow {
            index: line.line_index,
            name: line.name.clone(),
            quantity: line.quantity.to_string(),
            eligible: line.eligible,
            reason: line
                .ineligibility_reason
                .map(|r| i18n.label("ineligibility", r))
                .unwrap_or_default(),
            net: m(line.line_net),
            tax: m(line.line_tax),
            shipping: m(line.shipping_share),
            eligible_amount: m(line.eligible_amount),
            commission: String::new(),
            formula: String::new(),
            returned: line.returned_quantity,
            reverted: String::new(),
        })
        .collect()
}

/// `GET /pedidos/{id}`.
pub(crate) async fn show_order(ctx: Ctx, id: web::Path<String>) -> Result<HttpResponse, WebError> {
    let user = ctx.require(ORDER_READERS)?;
    // Our id or the VTEX order id; anything else is not an order.
    let raw = id.into_inner();
    let key: Uuid = match raw.parse() {
        Ok(key) => key,
        Err(_) => {
            let found = ctx
                .call(async |api, token| {
                    api.list_orders(
                        token,
                        &afiliados_api_types::order_views::ListOrdersQuery {
                            vtex_order_id: Some(raw.clone()),
                            page_size: Some(1),
                            ..Default::default()
                        },
                    )
                    .await
                })
                .await?;
            found
                .items
                .first()
                .map(|o| o.id)
                .ok_or(WebError::NotFound)?
        }
    };
    let order = ctx
        .call(async |api, token| api.get_order(token, key).await)
        .await?;
    let explanation = ctx
        .call(async |api, token| api.explain_order(token, key).await)
        .await?;
    let i18n = ctx.i18n;
    let locale = i18n.locale;
    let e = &explanation;
    let coupon = vec![
        fact(
            i18n,
            "orders.coupon_raw",
            e.coupon.raw.clone().unwrap_or_default(),
        ),
        fact(
            i18n,
            "orders.coupon_normalized",
            e.coupon.normalized.clone().unwrap_or_default(),
        ),
        fact(
            i18n,
            "orders.coupon_matched",
            e.coupon.matched_code.clone().unwrap_or_default(),
        ),
    ];
    let rule = e
        .rule
        .as_ref()
        .map(|r| {
            vec![
                fact(i18n, "orders.rule.version", r.campaign_version.to_string()),
                fact(i18n, "orders.rule.rate", format!("{} %", r.commission_rate)),
                fact(
                    i18n,
                    "orders.rule.tier",
                    format!("{} ({})", r.tier.name, r.tier.level),
                ),
                fact(
                    i18n,
                    "orders.rule.basis",
                    i18n.label("commission_basis", r.commission_basis.as_str()),
                ),
                fact(
                    i18n,
                    "orders.rule.include_shipping",
                    i18n.t(if r.include_shipping {
                        "common.yes"
                    } else {
                        "common.no"
                    })
                    .to_owned(),
                ),
                fact(
                    i18n,
                    "orders.rule.scope",
                    format!(
                        "{} {}",
                        i18n.label("scope_type", r.eligible_scope.scope_type.as_str()),
                        r.eligible_scope.values.join(", ")
                    ),
                ),
                fact(
                    i18n,
                    "orders.rule.window",
                    r.confirmation_window_days.to_string(),
                ),
            ]
        })
        .unwrap_or_default();
    let alloc = &e.shipping_allocation;
    let mut shipping = vec![
        fact(
            i18n,
            "orders.shipping_total",
            money(locale, alloc.shipping_total),
        ),
        fact(i18n, "orders.shipping_base", money(locale, alloc.base)),
    ];
    for (index, share) in alloc.shares.iter().enumerate() {
        shipping.push(Fact {
            label: format!("{} {index}", i18n.t("orders.line")),
            value: money(locale, *share),
        });
    }
    let commission = e
        .commission
        .as_ref()
        .map(|c| {
            vec![
                fact(
                    i18n,
                    "field.status",
                    i18n.label("commission_state", c.state),
                ),
                fact(
                    i18n,
                    "commissions.amount",
                    money(locale, c.commission_amount),
                ),
                fact(
                    i18n,
                    "commissions.reverted",
                    money(locale, c.reverted_amount),
                ),
                fact(i18n, "commissions.net", money(locale, c.net_amount)),
                fact(
                    i18n,
                    "commissions.on_hold",
                    i18n.t(if c.on_hold { "common.yes" } else { "common.no" })
                        .to_owned(),
                ),
                fact(i18n, "commissions.due_at", stamp(c.confirmation_due_at)),
            ]
        })
        .unwrap_or_default();
    let history = order
        .status_history
        .iter()
        .flatten()
        .map(|change| StatusRow {
            at: stamp(Some(change.changed_at)),
            from: change
                .from_status
                .map(|s| i18n.label("order_status", s))
                .unwrap_or_default(),
            to: i18n.label("order_status", change.to_status),
            vtex: change.vtex_status.clone(),
            source: change.source.clone(),
        })
        .collect();
    let page = OrderDetailPage {
        vtex_order_id: order.vtex_order_id.clone(),
        status: order.status.as_str().to_owned(),
        status_label: i18n.label("order_status", order.status),
        totals: totals(i18n, &order),
        coupon,
        attributed: e.attribution.attributed,
        reason: e
            .attribution
            .reason
            .map(|r| i18n.label("non_attribution", r))
            .unwrap_or_default(),
        self_referral: match (
            e.attribution.self_referral.flagged,
            &e.attribution.self_referral.matched_on,
        ) {
            (false, _) => String::new(),
            (true, Some(on)) => format!("{} ({on})", i18n.t("orders.self_referral")),
            (true, None) => i18n.t("orders.self_referral").to_owned(),
        },
        checks: e
            .attribution
            .checks
            .iter()
            .map(|c| check_row(i18n, c))
            .collect(),
        rule,
        lines: explained_lines(locale, i18n, e, &order),
        shipping,
        commission_id: e
            .commission
            .as_ref()
            .map(|c| c.id.to_string())
            .unwrap_or_default(),
        commission,
        link_commission: user.has_any(COMMISSION_READERS),
        transitions: transition_rows(i18n, &e.transitions),
        history,
        deliveries: e
            .deliveries
            .iter()
            .flatten()
            .map(|d| d.id.to_string())
            .collect(),
        link_deliveries: user.has_any(FINANCE_STAFF),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
