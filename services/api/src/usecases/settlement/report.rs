//! The stored report of a run: totals per list, brand and campaign computed from its items, the
//! SettlementRun representation (`api.md` §1) and the `settlement_summary` e-mails.

use afiliados_api_types::settlements::{
    CountAmount, SettlementGroup, SettlementItem, SettlementRunResponse, SettlementTotals,
    SettlementTruncated,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::settlement_run_items::{self, Grouping, Item, ListTotal};
use afiliados_db::settlement_runs::{self, Finished, SettlementRun};
use afiliados_domain::{CommissionState, Money, SettlementStatus};
use afiliados_email_messages::{BrandConfirmations, SettlementSummary};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::LIST_CAP;
use crate::usecases::emails::{QueuedEmail, queue};
use crate::usecases::fields::money;
use crate::usecases::{UseCaseContext, UseCaseError};

/// `settlement_runs.report`: the groupings the answer shows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredReport {
    by_brand: Vec<SettlementGroup>,
    by_campaign: Vec<SettlementGroup>,
}

fn count_amount(rows: &[ListTotal], list: &str) -> (i64, Decimal) {
    rows.iter()
        .filter(|row| row.list == list)
        .fold((0, Decimal::ZERO), |(count, amount), row| {
            (count + row.count, amount + row.amount)
        })
}

fn groups(rows: &[ListTotal]) -> Vec<SettlementGroup> {
    let mut groups: Vec<SettlementGroup> = Vec::new();
    for row in rows {
        let index = match groups.iter().position(|group| group.id == row.group_id) {
            Some(index) => index,
            None => {
                groups.push(SettlementGroup {
                    id: row.group_id,
                    name: row.group_name.clone(),
                    confirmed_count: 0,
                    confirmed_amount: Money::ZERO,
                    reverted_count: 0,
                    reverted_amount: Money::ZERO,
                    pending_count: 0,
                    pending_amount: Money::ZERO,
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[index];
        let amount = money(row.amount);
        match row.list.as_str() {
            "confirmed" => {
                group.confirmed_count += row.count;
                group.confirmed_amount = group.confirmed_amount + amount;
            }
            "reverted" => {
                group.reverted_count += row.count;
                group.reverted_amount = group.reverted_amount + amount;
            }
            _ => {
                group.pending_count += row.count;
                group.pending_amount = group.pending_amount + amount;
            }
        }
    }
    groups
}

fn int(count: i64) -> i32 {
    i32::try_from(count).unwrap_or(i32::MAX)
}

/// Computes the totals from the stored items and marks the run `completed`.
pub(super) async fn finish(
    tx: &mut AsyncPgConnection,
    run_id: Uuid,
    now: DateTime<Utc>,
) -> Result<SettlementRun, UseCaseError> {
    let run = settlement_run_items::totals(tx, run_id, Grouping::Run).await?;
    let by_brand = settlement_run_items::totals(tx, run_id, Grouping::Brand).await?;
    let by_campaign = settlement_run_items::totals(tx, run_id, Grouping::Campaign).await?;
    let (confirmed_count, confirmed_amount) = count_amount(&run, "confirmed");
    let (reverted_count, reverted_amount) = count_amount(&run, "reverted");
    let (pending_count, pending_amount) = count_amount(&run, "pending");
    let report = StoredReport {
        by_brand: groups(&by_brand),
        by_campaign: groups(&by_campaign),
    };
    let report = serde_json::to_value(&report).map_err(UseCaseError::internal)?;
    Ok(settlement_runs::finish(
        tx,
        run_id,
        &Finished {
            status: SettlementStatus::Completed,
            finished_at: Some(now),
            confirmed_count: int(confirmed_count),
            confirmed_amount,
            reverted_count: int(reverted_count),
            reverted_amount,
            pending_count: int(pending_count),
            pending_amount,
            report,
            updated_at: now,
        },
    )
    .await?)
}

/// The run's three totals.
pub fn totals_of(row: &SettlementRun) -> SettlementTotals {
    SettlementTotals {
        confirmed: CountAmount {
            count: i64::from(row.confirmed_count),
            amount: money(row.confirmed_amount),
        },
        reverted: CountAmount {
            count: i64::from(row.reverted_count),
            amount: money(row.reverted_amount),
        },
        pending: CountAmount {
            count: i64::from(row.pending_count),
            amount: money(row.pending_amount),
        },
    }
}

fn state(text: &str) -> Result<CommissionState, UseCaseError> {
    CommissionState::parse(text)
        .ok_or_else(|| UseCaseError::internal("stored settlement item with an unknown state"))
}

/// One stored item as the answer shows it.
pub fn item(row: Item) -> Result<SettlementItem, UseCaseError> {
    Ok(SettlementItem {
        previous_state: state(&row.previous_state)?,
        next_state: state(&row.next_state)?,
        commission_id: row.commission_id,
        vtex_order_id: row.vtex_order_id,
        influencer_id: row.influencer_id.into(),
        influencer_name: row.influencer_name,
        brand_id: row.brand_id.into(),
        brand_name: row.brand_name,
        campaign_id: row.campaign_id.into(),
        campaign_name: row.campaign_name,
        amount: money(row.amount),
        effective_at: row.effective_at,
        reason: row.reason,
        due_at: row.due_at,
    })
}

async fn list(
    tx: &mut AsyncPgConnection,
    run_id: Uuid,
    name: &str,
) -> Result<(Vec<SettlementItem>, bool), UseCaseError> {
    let mut rows = settlement_run_items::of_list(tx, run_id, name, LIST_CAP + 1).await?;
    let truncated = rows.len() > usize::try_from(LIST_CAP).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(LIST_CAP).unwrap_or(usize::MAX));
    let items = rows.into_iter().map(item).collect::<Result<_, _>>()?;
    Ok((items, truncated))
}

/// The SettlementRun of a stored row; `with_lists` adds the three lists (≤ 1 000 each).
pub async fn representation(
    tx: &mut AsyncPgConnection,
    row: &SettlementRun,
    with_lists: bool,
) -> Result<SettlementRunResponse, UseCaseError> {
    let report: StoredReport = serde_json::from_value(row.report.clone()).unwrap_or_default();
    let mut response = SettlementRunResponse {
        id: row.id,
        evaluation_at: row.evaluation_at,
        waiting_period_days: row.waiting_period_days_override,
        dry_run: row.dry_run,
        source: row.source,
        triggered_by: row.triggered_by.clone(),
        status: row.status,
        started_at: row.started_at,
        finished_at: row.finished_at,
        totals: totals_of(row),
        by_brand: report.by_brand,
        by_campaign: report.by_campaign,
        confirmed: None,
        reverted: None,
        pending: None,
        truncated: None,
        report_csv_url: format!("/api/v1/commissions/settlements/{}/report.csv", row.id),
    };
    if with_lists {
        let (confirmed, confirmed_cut) = list(tx, row.id, "confirmed").await?;
        let (reverted, reverted_cut) = list(tx, row.id, "reverted").await?;
        let (pending, pending_cut) = list(tx, row.id, "pending").await?;
        response.confirmed = Some(confirmed);
        response.reverted = Some(reverted);
        response.pending = Some(pending);
        response.truncated = Some(SettlementTruncated {
            confirmed: confirmed_cut,
            reverted: reverted_cut,
            pending: pending_cut,
        });
    }
    Ok(response)
}

/// Queues one `settlement_summary` per influencer with confirmations (count and amount per
/// brand). Returns how many were queued.
pub(super) async fn email_summaries(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
) -> Result<usize, UseCaseError> {
    let rows = settlement_run_items::confirmations(tx, run_id).await?;
    let mut queued = 0;
    let mut start = 0;
    while start < rows.len() {
        let influencer_id = rows[start].influencer_id;
        let end = rows[start..]
            .iter()
            .position(|row| row.influencer_id != influencer_id)
            .map_or(rows.len(), |offset| start + offset);
        let brands: Vec<BrandConfirmations> = rows[start..end]
            .iter()
            .map(|row| BrandConfirmations {
                brand_name: row.brand_name.clone(),
                count: u64::try_from(row.count).unwrap_or_default(),
                amount: money(row.amount).amount(),
            })
            .collect();
        start = end;
        let Some(influencer) =
            afiliados_db::influencers::find(tx, ctx.tenant_id, influencer_id).await?
        else {
            continue;
        };
        let locale = match influencer.user_id {
            Some(user_id) => afiliados_db::users::find(tx, ctx.tenant_id, user_id)
                .await?
                .map(|user| user.locale.as_str().to_owned()),
            None => None,
        }
        .unwrap_or_else(|| "es".to_owned());
        queue(
            tx,
            ctx.tenant_id,
            QueuedEmail {
                recipient: &influencer.email,
                recipient_user_id: influencer.user_id,
                locale: &locale,
                message: SettlementSummary {
                    first_name: influencer.first_name.clone(),
                    brands,
                    link: format!(
                        "{}/commissions",
                        ctx.settings.web_public_url.trim_end_matches('/')
                    ),
                }
                .into(),
            },
        )
        .await?;
        queued += 1;
    }
    Ok(queued)
}
