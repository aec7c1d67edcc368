//! `/comisiones/{id}`: one commission with its amounts, lines, trail and frozen rule, and for
//! finance and admin dentsu the hold, release and revert forms (`commission_acts`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::commissions::CommissionResponse;
use afiliados_domain::{CommissionState, HoldReason};
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::order_detail::{TransitionRow, transition_rows};
use super::{COMMISSION_READERS, FINANCE_STAFF, LEDGER_READERS, ORDER_READERS};
use crate::context::Ctx;
use crate::error::WebError;
use crate::format::{money, stamp};
use crate::layout::{Layout, render};

/// One line.
pub(crate) struct LineRow {
    index: i32,
    eligible: String,
    commission: String,
    reverted_quantity: i32,
    reverted: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/money/commission_detail.html")]
pub(crate) struct CommissionDetailPage {
    l: Layout,
    c: CommissionResponse,
    state_label: String,
    hold_reason: String,
    reversal_reason: String,
    amounts: Vec<(String, String)>,
    dates: Vec<(String, String)>,
    lines: Vec<LineRow>,
    transitions: Vec<TransitionRow>,
    rule: String,
    /// FI, AD: the act forms.
    can_act: bool,
    can_hold: bool,
    can_revert: bool,
    hold_reasons: Vec<(&'static str, String)>,
    link_order: bool,
    link_ledger: bool,
}

/// `GET /comisiones/{id}`.
pub(crate) async fn show_commission(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(COMMISSION_READERS)?;
    let id = id.into_inner();
    let c = ctx
        .call(async |api, token| api.get_commission(token, id).await)
        .await?;
    let i18n = ctx.i18n;
    let locale = i18n.locale;
    let pair = |key: &str, value: String| (i18n.t(key).to_owned(), value);
    let page = CommissionDetailPage {
        state_label: i18n.label("commission_state", c.state),
        hold_reason: c
            .hold_reason
            .map(|r| i18n.label("hold_reason", r))
            .unwrap_or_default(),
        reversal_reason: c
            .reversal_reason
            .map(|r| i18n.label("reversal_reason", r))
            .unwrap_or_default(),
        amounts: vec![
            pair("orders.total_amount", money(locale, c.order_total)),
            pair("orders.eligible_amount", money(locale, c.eligible_amount)),
            pair("commissions.rate", format!("{} %", c.commission_rate)),
            pair(
                "commissions.tier",
                format!("{} ({})", c.tier.name, c.tier.level),
            ),
            pair("commissions.amount", money(locale, c.commission_amount)),
            pair("commissions.reverted", money(locale, c.reverted_amount)),
            pair("commissions.net", money(locale, c.net_amount)),
        ],
        dates: vec![
            pair("commissions.estimated_at", stamp(Some(c.estimated_at))),
            pair("commissions.due_at", stamp(c.confirmation_due_at)),
            pair("commissions.confirmed_at", stamp(c.confirmed_at)),
            pair("commissions.reverted_at", stamp(c.reverted_at)),
            pair("commissions.held_at", stamp(c.held_at)),
        ],
        lines: c
            .lines
            .iter()
            .flatten()
            .map(|line| LineRow {
                index: line.line_index,
                eligible: money(locale, line.eligible_amount),
                commission: money(locale, line.commission_amount),
                reverted_quantity: line.reverted_quantity,
                reverted: money(locale, line.reverted_amount),
            })
            .collect(),
        transitions: transition_rows(i18n, c.transitions.as_deref().unwrap_or_default()),
        rule: c
            .rule_snapshot
            .as_ref()
            .and_then(|rule| serde_json::to_string_pretty(rule).ok())
            .unwrap_or_default(),
        can_act: user.has_any(FINANCE_STAFF),
        can_hold: c.state == CommissionState::Estimated && !c.on_hold,
        can_revert: c.state != CommissionState::Reverted,
        hold_reasons: HoldReason::ALL
            .into_iter()
            .filter(|r| r.is_staff_reason())
            .map(|r| (r.as_str(), i18n.label("hold_reason", r)))
            .collect(),
        link_order: user.has_any(ORDER_READERS),
        link_ledger: user.has_any(LEDGER_READERS),
        c,
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
