//! The order state machine (`domain.md` §4.5): statuses only move forward, `canceled` and
//! `returned` are final, and the dates each status first appeared are kept once.

use chrono::{DateTime, Utc};

use crate::text_enum::text_enum;

text_enum! {
    /// `orders.status`.
    pub enum OrderStatus {
        /// Placed, not yet paid.
        Created = "created",
        /// Payment approved.
        Paid = "paid",
        /// Invoiced.
        Invoiced = "invoiced",
        /// Invoiced with a tracking number.
        Shipped = "shipped",
        /// Final.
        Canceled = "canceled",
        /// Every unit returned; final.
        Returned = "returned",
    }
}

impl OrderStatus {
    /// `canceled` and `returned` admit no further move.
    pub fn is_final(self) -> bool {
        matches!(self, OrderStatus::Canceled | OrderStatus::Returned)
    }

    /// Paid or later on the fulfilment path (what `paid_at` and settlement look for).
    pub fn is_paid_or_later(self) -> bool {
        matches!(
            self,
            OrderStatus::Paid
                | OrderStatus::Invoiced
                | OrderStatus::Shipped
                | OrderStatus::Returned
        )
    }

    /// Invoiced or later on the fulfilment path (what `invoiced_at` looks for).
    pub fn is_invoiced_or_later(self) -> bool {
        matches!(
            self,
            OrderStatus::Invoiced | OrderStatus::Shipped | OrderStatus::Returned
        )
    }

    /// Position on the fulfilment path `created < paid < invoiced < shipped`; `None` when final.
    fn rank(self) -> Option<u8> {
        match self {
            OrderStatus::Created => Some(0),
            OrderStatus::Paid => Some(1),
            OrderStatus::Invoiced => Some(2),
            OrderStatus::Shipped => Some(3),
            OrderStatus::Canceled | OrderStatus::Returned => None,
        }
    }

    /// Whether `self → next` is a forward move (skips allowed). Any non-final status may be
    /// canceled; `returned` follows any paid status, not only `invoiced`/`shipped`, because a
    /// missed version must not turn a real return into a "regression" (ADR 0030). A final status
    /// never moves, and staying put is not a move.
    pub fn can_become(self, next: OrderStatus) -> bool {
        match (self.rank(), next) {
            (None, _) => false,
            (Some(_), OrderStatus::Canceled) => true,
            (Some(from), OrderStatus::Returned) => from >= 1,
            (Some(from), other) => other.rank().is_some_and(|to| to > from),
        }
    }
}

/// The platform status a VTEX version maps to (`vtex.md` §3), or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObservedStatus {
    /// Mapped by the table.
    Mapped(OrderStatus),
    /// A VTEX state the table does not know.
    Unmapped,
}

/// What a newly ingested version does to the stored status; each variant is one
/// `order_status_history` row (`to_status` = [`StatusMove::status`]), except `Same`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusMove {
    /// First version of the order: stored as seen (`created` when unmapped).
    Initial {
        /// The status stored.
        to: OrderStatus,
        /// Whether the VTEX state was unknown.
        unmapped: bool,
    },
    /// Same status as stored: no history row.
    Same,
    /// A forward move.
    Forward {
        /// Stored before.
        from: OrderStatus,
        /// Stored now.
        to: OrderStatus,
    },
    /// A backward (or away-from-final) move: the status is kept, a warning is attached, and when
    /// the kept status is final a class B discrepancy is raised for manual review.
    Regression {
        /// The status kept.
        kept: OrderStatus,
        /// What VTEX showed.
        observed: OrderStatus,
        /// Whether manual review is needed (the kept status is final).
        needs_review: bool,
    },
    /// Unknown VTEX state: status kept, `status_unmapped = true`.
    Unmapped {
        /// The status kept.
        kept: OrderStatus,
    },
}

impl StatusMove {
    /// The platform status after the move, given the stored one (`None` for a new order).
    pub fn status(self, stored: Option<OrderStatus>) -> OrderStatus {
        match self {
            StatusMove::Initial { to, .. } | StatusMove::Forward { to, .. } => to,
            StatusMove::Regression { kept, .. } | StatusMove::Unmapped { kept } => kept,
            StatusMove::Same => stored.unwrap_or(OrderStatus::Created),
        }
    }
}

/// Applies a version's observed status to the stored one (`None` for a new order).
pub fn move_status(stored: Option<OrderStatus>, observed: ObservedStatus) -> StatusMove {
    match (stored, observed) {
        (None, ObservedStatus::Mapped(to)) => StatusMove::Initial {
            to,
            unmapped: false,
        },
        (None, ObservedStatus::Unmapped) => StatusMove::Initial {
            to: OrderStatus::Created,
            unmapped: true,
        },
        (Some(kept), ObservedStatus::Unmapped) => StatusMove::Unmapped { kept },
        (Some(from), ObservedStatus::Mapped(to)) if from == to => StatusMove::Same,
        (Some(from), ObservedStatus::Mapped(to)) if from.can_become(to) => {
            StatusMove::Forward { from, to }
        }
        (Some(kept), ObservedStatus::Mapped(observed)) => StatusMove::Regression {
            kept,
            observed,
            needs_review: kept.is_final(),
        },
    }
}

/// The first-seen dates of an order (§4.5 "Timestamps").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusDates {
    /// `paid_at`.
    pub paid_at: Option<DateTime<Utc>>,
    /// `invoiced_at`.
    pub invoiced_at: Option<DateTime<Utc>>,
    /// `shipped_at`.
    pub shipped_at: Option<DateTime<Utc>>,
    /// `canceled_at`.
    pub canceled_at: Option<DateTime<Utc>>,
    /// `returned_at`.
    pub returned_at: Option<DateTime<Utc>>,
}

/// The dates a version carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionDates {
    /// VTEX `authorizedDate`.
    pub authorized_at: Option<DateTime<Utc>>,
    /// VTEX `invoicedDate`.
    pub invoiced_at: Option<DateTime<Utc>>,
    /// VTEX `lastChange`.
    pub last_change: DateTime<Utc>,
}

impl StatusDates {
    /// The dates after a version whose effective (kept or moved-to) status is `status`: VTEX's
    /// own `authorizedDate`/`invoicedDate` win when present; otherwise a date is set once, from the
    /// `lastChange` of the first version in that status or later, and never moves again.
    pub fn after(self, status: OrderStatus, version: VersionDates) -> StatusDates {
        let first_seen = |current: Option<DateTime<Utc>>, reached: bool| {
            current.or(reached.then_some(version.last_change))
        };
        StatusDates {
            paid_at: version
                .authorized_at
                .or(first_seen(self.paid_at, status.is_paid_or_later())),
            invoiced_at: version
                .invoiced_at
                .or(first_seen(self.invoiced_at, status.is_invoiced_or_later())),
            shipped_at: first_seen(self.shipped_at, status == OrderStatus::Shipped),
            canceled_at: first_seen(self.canceled_at, status == OrderStatus::Canceled),
            returned_at: first_seen(self.returned_at, status == OrderStatus::Returned),
        }
    }
}

#[cfg(test)]
mod tests;
