//! `/liquidaciones/{id}` (finance, admin dentsu): one run with its totals per brand and campaign
//! and its three lists (confirmed, reverted, pending; the api cuts each at 1 000 items and says
//! so), and `/liquidaciones/{id}/reporte.csv`, the CSV of every item in the reader's language.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::settlements::{ReportCsvQuery, SettlementGroup, SettlementItem};
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::FINANCE_STAFF;
use super::settlements::RunRow;
use crate::context::Ctx;
use crate::download::file_response;
use crate::error::WebError;
use crate::format::{money, stamp};
use crate::i18n::I18n;
use crate::layout::{Layout, render};

/// Totals of one brand or campaign.
pub(crate) struct GroupRow {
    name: String,
    confirmed: String,
    reverted: String,
    pending: String,
}

/// One item of a list.
pub(crate) struct ItemRow {
    commission_id: String,
    vtex_order_id: String,
    influencer: String,
    brand: String,
    campaign: String,
    change: String,
    amount: String,
    effective_at: String,
    reason: String,
    due_at: String,
}

/// One of the three lists.
pub(crate) struct ItemList {
    id: &'static str,
    title: String,
    items: Vec<ItemRow>,
    truncated: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/money/settlement_detail.html")]
pub(crate) struct SettlementDetailPage {
    l: Layout,
    run: RunRow,
    finished_at: String,
    waiting_period_days: String,
    by_brand: Vec<GroupRow>,
    by_campaign: Vec<GroupRow>,
    lists: Vec<ItemList>,
}

fn groups(i18n: I18n, groups: &[SettlementGroup]) -> Vec<GroupRow> {
    let pair = |count: i64, amount| format!("{count} · {}", money(i18n.locale, amount));
    groups
        .iter()
        .map(|g| GroupRow {
            name: g.name.clone(),
            confirmed: pair(g.confirmed_count, g.confirmed_amount),
            reverted: pair(g.reverted_count, g.reverted_amount),
            pending: pair(g.pending_count, g.pending_amount),
        })
        .collect()
}

fn items(i18n: I18n, items: Option<&Vec<SettlementItem>>) -> Vec<ItemRow> {
    items
        .into_iter()
        .flatten()
        .map(|item| ItemRow {
            commission_id: item.commission_id.to_string(),
            vtex_order_id: item.vtex_order_id.clone(),
            influencer: item.influencer_name.clone(),
            brand: item.brand_name.clone(),
            campaign: item.campaign_name.clone(),
            change: format!(
                "{} → {}",
                i18n.label("commission_state", item.previous_state),
                i18n.label("commission_state", item.next_state)
            ),
            amount: money(i18n.locale, item.amount),
            effective_at: stamp(item.effective_at),
            reason: item
                .reason
                .as_deref()
                .map(|r| i18n.label("settlement_reason", r))
                .unwrap_or_default(),
            due_at: stamp(item.due_at),
        })
        .collect()
}

/// `GET /liquidaciones/{id}`.
pub(crate) async fn show_settlement(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE_STAFF)?;
    let id = id.into_inner();
    let run = ctx
        .call(async |api, token| api.get_settlement(token, id).await)
        .await?;
    let i18n = ctx.i18n;
    let truncated = run.truncated.unwrap_or_default();
    let page = SettlementDetailPage {
        finished_at: stamp(run.finished_at),
        waiting_period_days: run
            .waiting_period_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
        by_brand: groups(i18n, &run.by_brand),
        by_campaign: groups(i18n, &run.by_campaign),
        lists: vec![
            ItemList {
                id: "confirmed",
                title: i18n.t("settlements.list.confirmed").to_owned(),
                items: items(i18n, run.confirmed.as_ref()),
                truncated: truncated.confirmed,
            },
            ItemList {
                id: "reverted",
                title: i18n.t("settlements.list.reverted").to_owned(),
                items: items(i18n, run.reverted.as_ref()),
                truncated: truncated.reverted,
            },
            ItemList {
                id: "pending",
                title: i18n.t("settlements.list.pending").to_owned(),
                items: items(i18n, run.pending.as_ref()),
                truncated: truncated.pending,
            },
        ],
        run: RunRow::new(i18n, &run),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}

/// `GET /liquidaciones/{id}/reporte.csv`: the api's CSV, headers in the reader's language.
pub(crate) async fn download_report(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE_STAFF)?;
    let id = id.into_inner();
    let query = ReportCsvQuery {
        locale: Some(ctx.i18n.lang().to_owned()),
    };
    let file = ctx
        .call(async |api, token| api.download_settlement_report(token, id, &query).await)
        .await?;
    Ok(file_response(file, &format!("liquidacion-{id}.csv")))
}
