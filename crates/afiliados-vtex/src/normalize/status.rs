//! The VTEX state table (`vtex.md` §3). Only the raw workflow state is mapped here; the rows that
//! depend on packages (`shipped`, `returned`) and their precedence are applied by
//! [`super::normalize`].

use afiliados_domain::OrderStatus;

/// The platform status of a raw VTEX workflow state, `None` when the state is not in the table
/// (stored raw, flagged `statusUnmapped`, never an error).
pub fn map_state(raw: &str) -> Option<OrderStatus> {
    let status = match raw.trim() {
        "order-created" | "order-completed" | "on-order-completed" | "payment-pending" => {
            OrderStatus::Created
        }
        "payment-approved" | "approve-payment" | "ready-for-handling" | "start-handling"
        | "handling" | "window-to-cancel" | "invoice" => OrderStatus::Paid,
        "invoiced" => OrderStatus::Invoiced,
        "cancellation-requested" | "cancel" | "canceled" => OrderStatus::Canceled,
        _ => return None,
    };
    Some(status)
}

/// The status after the package rows of the table, with its precedence
/// `canceled > returned > shipped > the mapped state`.
pub(crate) fn resolve(
    mapped: Option<OrderStatus>,
    fully_returned: bool,
    has_tracking: bool,
) -> Option<OrderStatus> {
    match mapped {
        Some(OrderStatus::Canceled) => Some(OrderStatus::Canceled),
        _ if fully_returned => Some(OrderStatus::Returned),
        Some(OrderStatus::Invoiced) if has_tracking => Some(OrderStatus::Shipped),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_table() {
        let rows: &[(&[&str], OrderStatus)] = &[
            (
                &[
                    "order-created",
                    "order-completed",
                    "on-order-completed",
                    "payment-pending",
                ],
                OrderStatus::Created,
            ),
            (
                &[
                    "payment-approved",
                    "approve-payment",
                    "ready-for-handling",
                    "start-handling",
                    "handling",
                    "window-to-cancel",
                    "invoice",
                ],
                OrderStatus::Paid,
            ),
            (&["invoiced"], OrderStatus::Invoiced),
            (
                &["cancellation-requested", "cancel", "canceled"],
                OrderStatus::Canceled,
            ),
        ];
        for (states, status) in rows {
            for state in *states {
                assert_eq!(map_state(state), Some(*status), "{state}");
            }
        }
        assert_eq!(map_state("replaced"), None);
        assert_eq!(map_state(""), None);
    }

    #[test]
    fn precedence_canceled_returned_shipped_mapped() {
        use OrderStatus::*;
        assert_eq!(resolve(Some(Canceled), true, true), Some(Canceled));
        assert_eq!(resolve(Some(Invoiced), true, true), Some(Returned));
        assert_eq!(resolve(Some(Invoiced), false, true), Some(Shipped));
        assert_eq!(resolve(Some(Invoiced), false, false), Some(Invoiced));
        assert_eq!(
            resolve(Some(Paid), false, true),
            Some(Paid),
            "a tracking number ships only an invoiced order"
        );
        assert_eq!(resolve(None, true, false), Some(Returned));
        assert_eq!(resolve(None, false, true), None);
    }
}
