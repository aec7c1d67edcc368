//! `GET /dashboard/finance` (AD, FI; `api.md` §15, `domain.md` §6.3): Finance's view of the
//! money — the wallet over every balance, withdrawals to decide and to pay, this Bogota month's
//! payments, open debts, commissions by state, settlement status, per-brand figures and the
//! withdrawal policies. One aggregate statement per block (`afiliados-db::dashboard_finance`),
//! the clock injected, `brandId` narrowing every figure (an unknown brand is 404).
//!
//! `reconciliation` stays empty until the reconciliation issue creates its tables (ADR 0049):
//! an empty list means "no runs exist", never "none in your scope".

use afiliados_api_types::commissions::CountAmount;
use afiliados_api_types::finance_dashboard::{
    AdjustmentsByKind, FinanceAdjustments, FinanceBrand, FinanceCommissions, FinanceDashboard,
    FinanceDashboardQuery, FinancePayments, FinanceRecentPayment, FinanceReconciliation,
    FinanceSettlement, FinanceWallet, FinanceWithdrawals, NegativeBalances, PaymentTotals,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::dashboard_finance as queries;
use afiliados_db::settlement_runs::RunFilter;
use afiliados_domain::commission::AdjustmentKind;
use afiliados_domain::{Actor, Role, business_day_start};
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::months::this_month_days;
use crate::usecases::fields::money;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Roles that see the finance dashboard (`domain.md` §2.2: AD and FI only).
const READERS: [Role; 2] = [Role::AdminDentsu, Role::Finance];

fn count_amount(count: i64, amount: Decimal) -> CountAmount {
    CountAmount {
        count,
        amount: money(amount),
    }
}

/// Whole hours since `since` (rounded down; 0 for an instant in the future).
fn hours_since(since: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - since).num_hours().max(0)
}

async fn settlement(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    next_run_at: Option<DateTime<Utc>>,
) -> Result<FinanceSettlement, UseCaseError> {
    let filter = RunFilter {
        dry_run: Some(false),
        source: None,
        from: None,
        to: None,
    };
    let (runs, _) = afiliados_db::settlement_runs::page(tx, ctx.tenant_id, filter, 0, 1).await?;
    let last_run = match runs.first() {
        Some(run) => {
            let summary =
                crate::usecases::settlement::report::representation(tx, run, false).await?;
            Some(serde_json::to_value(summary).map_err(UseCaseError::internal)?)
        }
        None => None,
    };
    Ok(FinanceSettlement {
        last_run,
        next_run_at,
    })
}

fn adjustments(rows: &[queries::KindTotals]) -> FinanceAdjustments {
    let of = |kind: AdjustmentKind| {
        rows.iter()
            .find(|row| row.kind == kind.as_str())
            .map_or(count_amount(0, Decimal::ZERO), |row| {
                count_amount(row.count, row.amount)
            })
    };
    let (clawback, manual) = (of(AdjustmentKind::Clawback), of(AdjustmentKind::Manual));
    FinanceAdjustments {
        pending: CountAmount {
            count: clawback.count + manual.count,
            amount: clawback.amount + manual.amount,
        },
        by_kind: AdjustmentsByKind { clawback, manual },
    }
}

/// The dashboard for the caller.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn dashboard(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &FinanceDashboardQuery,
) -> Result<FinanceDashboard, UseCaseError> {
    actor.require_any(&READERS)?;
    let brand_id = query.brand_id.map(Uuid::from);
    if let Some(id) = brand_id {
        afiliados_db::brands::find(tx, ctx.tenant_id, id)
            .await?
            .ok_or(UseCaseError::NotFound)?;
    }
    let tenant = ctx.tenant_id;
    let now = ctx.now();
    let today = ctx.today();
    let today_start = business_day_start(today);
    let today_end = today_start + Duration::days(1);
    let (month_first, next_month_first) = this_month_days(today);
    let next_run_at = ctx
        .settings
        .settlement_schedule
        .as_ref()
        .and_then(|schedule| schedule.next_after(now));

    let wallet = queries::wallet(tx, tenant, brand_id).await?;
    let withdrawals =
        queries::withdrawals(tx, tenant, brand_id, now, today_start, today_end).await?;
    let month =
        queries::payments_between(tx, tenant, brand_id, month_first, next_month_first).await?;
    let recent = queries::recent_payments(tx, tenant, brand_id).await?;
    let open = queries::open_adjustments(tx, tenant, brand_id).await?;
    let commissions = queries::commissions(tx, tenant, brand_id, next_run_at).await?;
    let brands = queries::by_brand(tx, tenant, brand_id, month_first, next_month_first).await?;
    let policies = crate::usecases::brands::read::payment_policies(tx, ctx, actor)
        .await?
        .into_iter()
        .filter(|policy| brand_id.is_none_or(|id| Uuid::from(policy.brand_id) == id))
        .collect();

    Ok(FinanceDashboard {
        wallet: FinanceWallet {
            estimated: money(wallet.estimated),
            confirmed: money(wallet.confirmed),
            pending_withdrawal: money(wallet.pending_withdrawal),
            withdrawn: money(wallet.withdrawn),
            pending_adjustments: money(wallet.pending_adjustments),
            available: money(wallet.available),
            available_positive: money(wallet.available_positive),
            negative_balances: NegativeBalances {
                count: wallet.negative_count,
                total: money(wallet.negative_total),
            },
        },
        withdrawals: FinanceWithdrawals {
            pending: count_amount(withdrawals.pending_count, withdrawals.pending_amount),
            approved_payable: count_amount(withdrawals.payable_count, withdrawals.payable_amount),
            approved_on_hold: count_amount(withdrawals.on_hold_count, withdrawals.on_hold_amount),
            requested_today: count_amount(withdrawals.today_count, withdrawals.today_amount),
            oldest_pending_hours: withdrawals
                .oldest_pending
                .map(|since| hours_since(since, now)),
        },
        payments: FinancePayments {
            this_month: PaymentTotals {
                count: month.count,
                gross: money(month.gross),
                withheld: money(month.withheld),
                net: money(month.net),
            },
            recent: recent
                .into_iter()
                .map(|row| FinanceRecentPayment {
                    id: row.id.into(),
                    influencer_id: row.influencer_id.into(),
                    influencer_name: row.influencer_name,
                    brand_id: row.brand_id.into(),
                    brand_name: row.brand_name,
                    gross: money(row.gross),
                    withheld: money(row.withheld),
                    net: money(row.net),
                    payment_date: row.payment_date,
                })
                .collect(),
        },
        adjustments: adjustments(&open),
        commissions: FinanceCommissions {
            estimated: count_amount(commissions.estimated_count, commissions.estimated_amount),
            confirmed: count_amount(commissions.confirmed_count, commissions.confirmed_amount),
            reverted: count_amount(commissions.reverted_count, commissions.reverted_amount),
            on_hold: count_amount(commissions.on_hold_count, commissions.on_hold_amount),
            due_next_settlement: count_amount(commissions.due_count, commissions.due_amount),
        },
        settlement: settlement(tx, ctx, next_run_at).await?,
        reconciliation: FinanceReconciliation::default(),
        by_brand: brands
            .into_iter()
            .map(|row| FinanceBrand {
                brand_id: row.brand_id.into(),
                brand_name: row.brand_name,
                minimum_amount: money(row.minimum_amount),
                confirmed: money(row.confirmed),
                available: money(row.available),
                pending_withdrawals: money(row.pending_withdrawals),
                withdrawn_this_month: money(row.withdrawn_this_month),
            })
            .collect(),
        policies,
        generated_at: now,
    })
}

#[cfg(test)]
mod tests {
    use afiliados_domain::Money;

    use super::*;

    #[test]
    fn hours_are_whole_and_never_negative() {
        let now = DateTime::parse_from_rfc3339("2026-03-02T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(hours_since(now - Duration::minutes(179), now), 2);
        assert_eq!(hours_since(now + Duration::minutes(5), now), 0);
    }

    #[test]
    fn open_debts_add_up_by_kind() {
        let rows = [queries::KindTotals {
            kind: "clawback".into(),
            count: 2,
            amount: Decimal::new(2_500_000, 2),
        }];
        let block = adjustments(&rows);
        assert_eq!(block.pending.count, 2);
        assert_eq!(block.by_kind.manual.count, 0);
        assert_eq!(block.pending.amount, Money::from_units(25_000));
    }
}
