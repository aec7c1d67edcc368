//! `/finanzas/tablero` (finance, admin dentsu): the finance dashboard of `domain.md` §6.3 with
//! server-rendered SVG bar charts — the wallet's buckets ("Comisión confirmada acumulada" is
//! credit, not money to withdraw), withdrawals to decide / payable / on hold ("Retiros por
//! decidir" is not a balance), payments of this month, open debts by kind, commissions by state
//! and each brand — plus the brands' table and the latest payments. Figures are the api's.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::commissions::CountAmount;
use afiliados_api_types::finance_dashboard::FinanceDashboard;
use afiliados_domain::Money;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;
use uuid::Uuid;

use super::FINANCE;
use crate::chart::BarChart;
use crate::context::Ctx;
use crate::error::WebError;
use crate::format::{day, money, stamp};
use crate::i18n::I18n;
use crate::layout::{Layout, render};

/// One brand's row.
pub(crate) struct BrandFigures {
    name: String,
    minimum: String,
    confirmed: String,
    available: String,
    negative: bool,
    pending: String,
    withdrawn_this_month: String,
}

/// One of the latest payments.
pub(crate) struct RecentPayment {
    id: String,
    influencer: String,
    brand: String,
    gross: String,
    withheld: String,
    net: String,
    date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/payouts/finance_dashboard.html")]
pub(crate) struct FinanceDashboardPage {
    l: Layout,
    wallet: BarChart,
    withdrawals: BarChart,
    payments: BarChart,
    adjustments: BarChart,
    commissions: BarChart,
    brands_chart: BarChart,
    negative_balances: String,
    oldest_pending: String,
    brands: Vec<BrandFigures>,
    recent: Vec<RecentPayment>,
    generated_at: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    brand_id: Option<String>,
}

type Row = (String, String, Money, String);

fn row(i18n: I18n, id: &str, key: &str, amount: Money, extra: String) -> Row {
    (id.to_owned(), i18n.t(key).to_owned(), amount, extra)
}

fn counted(i18n: I18n, id: &str, key: &str, figure: &CountAmount) -> Row {
    row(i18n, id, key, figure.amount, figure.count.to_string())
}

fn charts(i18n: I18n, d: &FinanceDashboard) -> FinanceDashboardPage {
    let locale = i18n.locale;
    let w = &d.wallet;
    let none = String::new;
    FinanceDashboardPage {
        wallet: BarChart::new(
            "chart-wallet",
            locale,
            vec![
                row(
                    i18n,
                    "confirmed",
                    "finance.confirmed_accumulated",
                    w.confirmed,
                    none(),
                ),
                row(i18n, "estimated", "ledger.estimated", w.estimated, none()),
                row(
                    i18n,
                    "pending-withdrawal",
                    "ledger.pending_withdrawal",
                    w.pending_withdrawal,
                    none(),
                ),
                row(i18n, "withdrawn", "ledger.withdrawn", w.withdrawn, none()),
                row(
                    i18n,
                    "pending-adjustments",
                    "ledger.pending_adjustments",
                    w.pending_adjustments,
                    none(),
                ),
                row(
                    i18n,
                    "available-positive",
                    "finance.available_positive",
                    w.available_positive,
                    none(),
                ),
            ],
        ),
        withdrawals: BarChart::new(
            "chart-withdrawals",
            locale,
            vec![
                counted(
                    i18n,
                    "pending",
                    "finance.withdrawals_to_decide",
                    &d.withdrawals.pending,
                ),
                counted(
                    i18n,
                    "payable",
                    "finance.approved_payable",
                    &d.withdrawals.approved_payable,
                ),
                counted(
                    i18n,
                    "on-hold",
                    "finance.approved_on_hold",
                    &d.withdrawals.approved_on_hold,
                ),
                counted(
                    i18n,
                    "today",
                    "finance.requested_today",
                    &d.withdrawals.requested_today,
                ),
            ],
        ),
        payments: {
            let m = &d.payments.this_month;
            let count = m.count.to_string();
            BarChart::new(
                "chart-payments",
                locale,
                vec![
                    row(i18n, "gross", "payouts.gross", m.gross, count),
                    row(i18n, "withheld", "payouts.withheld", m.withheld, none()),
                    row(i18n, "net", "payouts.net", m.net, none()),
                ],
            )
        },
        adjustments: BarChart::new(
            "chart-adjustments",
            locale,
            vec![
                counted(
                    i18n,
                    "clawback",
                    "adjustment_kind.clawback",
                    &d.adjustments.by_kind.clawback,
                ),
                counted(
                    i18n,
                    "manual",
                    "adjustment_kind.manual",
                    &d.adjustments.by_kind.manual,
                ),
            ],
        ),
        commissions: BarChart::new(
            "chart-commissions",
            locale,
            vec![
                counted(
                    i18n,
                    "estimated",
                    "commission_state.estimated",
                    &d.commissions.estimated,
                ),
                counted(
                    i18n,
                    "confirmed",
                    "commission_state.confirmed",
                    &d.commissions.confirmed,
                ),
                counted(
                    i18n,
                    "reverted",
                    "commission_state.reverted",
                    &d.commissions.reverted,
                ),
                counted(i18n, "on-hold", "finance.on_hold", &d.commissions.on_hold),
                counted(
                    i18n,
                    "due",
                    "finance.due_next_settlement",
                    &d.commissions.due_next_settlement,
                ),
            ],
        ),
        brands_chart: BarChart::new(
            "chart-brands",
            locale,
            d.by_brand
                .iter()
                .map(|b| {
                    (
                        b.brand_id.to_string(),
                        b.brand_name.clone(),
                        b.available,
                        String::new(),
                    )
                })
                .collect(),
        ),
        negative_balances: format!(
            "{} · {}",
            w.negative_balances.count,
            money(locale, w.negative_balances.total)
        ),
        oldest_pending: d
            .withdrawals
            .oldest_pending_hours
            .map(|h| format!("{h} h"))
            .unwrap_or_else(|| "—".to_owned()),
        brands: d
            .by_brand
            .iter()
            .map(|b| BrandFigures {
                name: b.brand_name.clone(),
                minimum: money(locale, b.minimum_amount),
                confirmed: money(locale, b.confirmed),
                available: money(locale, b.available),
                negative: b.available.is_negative(),
                pending: money(locale, b.pending_withdrawals),
                withdrawn_this_month: money(locale, b.withdrawn_this_month),
            })
            .collect(),
        recent: d
            .payments
            .recent
            .iter()
            .map(|p| RecentPayment {
                id: p.id.to_string(),
                influencer: p.influencer_name.clone(),
                brand: p.brand_name.clone(),
                gross: money(locale, p.gross),
                withheld: money(locale, p.withheld),
                net: money(locale, p.net),
                date: day(Some(p.payment_date)),
            })
            .collect(),
        generated_at: stamp(Some(d.generated_at)),
        l: Layout::bare(i18n),
    }
}

/// `GET /finanzas/tablero?brandId=`.
pub(crate) async fn show_finance_dashboard(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE)?;
    let brand = filters
        .brand_id
        .as_deref()
        .and_then(|raw| raw.parse::<Uuid>().ok());
    let board = ctx
        .call(async |api, token| api.finance_dashboard(token, brand).await)
        .await?;
    let mut page = charts(ctx.i18n, &board);
    page.l = ctx.layout().await?;
    render(&page, StatusCode::OK)
}
