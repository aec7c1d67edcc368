//! Settlement (`domain.md` §5.12): which commissions a run at instant `E` confirms, which the
//! safety sweep reverts, and why the others stay pending.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::commission_state::{CommissionState, ReversalReason};
use super::order_status::OrderStatus;
use crate::{FieldCode, Money, business_day_start};

/// Largest `waitingPeriodDays` a manual run accepts.
pub const MAX_WAITING_PERIOD_DAYS: u32 = 90;

/// `waitingPeriodDays`: 0–90 (`out_of_range` otherwise).
pub fn check_waiting_period(days: i64) -> Result<u32, FieldCode> {
    u32::try_from(days)
        .ok()
        .filter(|days| *days <= MAX_WAITING_PERIOD_DAYS)
        .ok_or(FieldCode::OutOfRange)
}

/// A run's requested evaluation point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvaluationPoint {
    /// A business date: 00:00 Bogota of that date.
    Date(NaiveDate),
    /// An exact instant.
    Instant(DateTime<Utc>),
}

/// `E`: the requested point, or `now`; never in the future (`out_of_range`).
pub fn evaluation_instant(
    requested: Option<EvaluationPoint>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, FieldCode> {
    let instant = match requested {
        None => now,
        Some(EvaluationPoint::Date(date)) => business_day_start(date),
        Some(EvaluationPoint::Instant(instant)) => instant,
    };
    if instant > now {
        Err(FieldCode::OutOfRange)
    } else {
        Ok(instant)
    }
}

/// `anchor = invoiced_at` if known, else `paid_at`.
pub fn confirmation_anchor(
    paid_at: Option<DateTime<Utc>>,
    invoiced_at: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    invoiced_at.or(paid_at)
}

/// `anchor + window` ("N days" are N × 24 h).
pub fn confirmation_due_at(anchor: DateTime<Utc>, window_days: u32) -> DateTime<Utc> {
    anchor + Duration::days(i64::from(window_days))
}

/// What settlement reads about one commission and its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettlementCandidate {
    /// `commissions.state`.
    pub state: CommissionState,
    /// `commissions.on_hold`.
    pub on_hold: bool,
    /// `orders.status`.
    pub order_status: OrderStatus,
    /// `orders.status_unmapped`.
    pub status_unmapped: bool,
    /// `orders.paid_at`.
    pub paid_at: Option<DateTime<Utc>>,
    /// `orders.invoiced_at`.
    pub invoiced_at: Option<DateTime<Utc>>,
    /// `confirmation_window_days` frozen in the snapshot.
    pub snapshot_window_days: u32,
}

/// Why a commission stays `estimated`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(
    tag = "reason",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum PendingReason {
    /// On hold (self-referral, fraud review, manual).
    OnHold,
    /// The order's VTEX state is unknown.
    StatusUnmapped,
    /// The order is still `created` (not paid).
    AwaitingPayment,
    /// The window has not elapsed.
    WindowOpen {
        /// `anchor + window`.
        due_at: DateTime<Utc>,
    },
}

impl PendingReason {
    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PendingReason::OnHold => "on_hold",
            PendingReason::StatusUnmapped => "status_unmapped",
            PendingReason::AwaitingPayment => "awaiting_payment",
            PendingReason::WindowOpen { .. } => "window_open",
        }
    }
}

/// What a run does with one commission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettlementDecision {
    /// Confirm at `E` (post `commission_confirmed` for its net amount).
    Confirm,
    /// Safety sweep: its order is canceled or returned but the reversal was not applied.
    Revert(ReversalReason),
    /// Stays estimated, listed as pending.
    Pending(PendingReason),
    /// Not settlement's business (already confirmed or reverted).
    Untouched,
}

/// The decision for one commission at `evaluation` with an optional `waitingPeriodDays`
/// override. Pending reasons are checked in the order hold, unmapped, unpaid, window (ADR 0030).
pub fn settle(
    candidate: &SettlementCandidate,
    evaluation: DateTime<Utc>,
    waiting_period_days: Option<u32>,
) -> SettlementDecision {
    let final_reason = match candidate.order_status {
        OrderStatus::Canceled => Some(ReversalReason::OrderCanceled),
        OrderStatus::Returned => Some(ReversalReason::OrderReturned),
        _ => None,
    };
    match (candidate.state, final_reason) {
        (CommissionState::Reverted, _) => return SettlementDecision::Untouched,
        (_, Some(reason)) => return SettlementDecision::Revert(reason),
        (CommissionState::Confirmed, None) => return SettlementDecision::Untouched,
        (CommissionState::Estimated, None) => {}
    }
    if candidate.on_hold {
        return SettlementDecision::Pending(PendingReason::OnHold);
    }
    if candidate.status_unmapped {
        return SettlementDecision::Pending(PendingReason::StatusUnmapped);
    }
    let anchor = confirmation_anchor(candidate.paid_at, candidate.invoiced_at);
    let Some(anchor) = anchor.filter(|_| candidate.order_status.is_paid_or_later()) else {
        return SettlementDecision::Pending(PendingReason::AwaitingPayment);
    };
    let window = waiting_period_days.unwrap_or(candidate.snapshot_window_days);
    let due_at = confirmation_due_at(anchor, window);
    if due_at <= evaluation {
        SettlementDecision::Confirm
    } else {
        SettlementDecision::Pending(PendingReason::WindowOpen { due_at })
    }
}

/// Counts and amounts of a run's three lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettlementTotals {
    /// Confirmed commissions.
    pub confirmed_count: u32,
    /// Σ their net amounts.
    pub confirmed_amount: Money,
    /// Commissions reverted by the sweep.
    pub reverted_count: u32,
    /// Σ the amounts reverted.
    pub reverted_amount: Money,
    /// Commissions left pending.
    pub pending_count: u32,
    /// Σ their net amounts.
    pub pending_amount: Money,
}

impl SettlementTotals {
    /// Adds one decision for a commission whose net amount is `net_amount`.
    pub fn add(&mut self, decision: SettlementDecision, net_amount: Money) {
        let (count, amount) = match decision {
            SettlementDecision::Confirm => (&mut self.confirmed_count, &mut self.confirmed_amount),
            SettlementDecision::Revert(_) => (&mut self.reverted_count, &mut self.reverted_amount),
            SettlementDecision::Pending(_) => (&mut self.pending_count, &mut self.pending_amount),
            SettlementDecision::Untouched => return,
        };
        *count = count.saturating_add(1);
        *amount = *amount + net_amount;
    }
}

#[cfg(test)]
mod tests;
