//! VTEX state → platform status (`vtex.md` §3), for the worker's normalisation: the raw state,
//! whether an `Output` package carries a tracking number, and whether `Input` packages (return
//! invoices) cover every unit. Precedence: `canceled` > `returned` > `shipped` > the mapped state.

use super::order_status::{ObservedStatus, OrderStatus};

/// The platform status a raw VTEX state maps to by the table alone (`None`: unknown).
pub fn map_raw_state(raw: &str) -> Option<OrderStatus> {
    match raw {
        "order-created" | "order-completed" | "on-order-completed" | "payment-pending" => {
            Some(OrderStatus::Created)
        }
        "payment-approved" | "approve-payment" | "ready-for-handling" | "start-handling"
        | "handling" | "window-to-cancel" | "invoice" => Some(OrderStatus::Paid),
        "invoiced" => Some(OrderStatus::Invoiced),
        "cancellation-requested" | "cancel" | "canceled" => Some(OrderStatus::Canceled),
        _ => None,
    }
}

/// The observed status of a version. Return invoices covering every unit make it `returned`
/// whatever the raw state, except a cancellation; tracking only turns `invoiced` into `shipped`.
pub fn observe_vtex_state(
    raw: &str,
    has_tracking: bool,
    returned_by_input_invoice: bool,
) -> ObservedStatus {
    let mapped = map_raw_state(raw);
    if mapped == Some(OrderStatus::Canceled) {
        return ObservedStatus::Mapped(OrderStatus::Canceled);
    }
    if returned_by_input_invoice {
        return ObservedStatus::Mapped(OrderStatus::Returned);
    }
    match mapped {
        Some(OrderStatus::Invoiced) if has_tracking => ObservedStatus::Mapped(OrderStatus::Shipped),
        Some(status) => ObservedStatus::Mapped(status),
        None => ObservedStatus::Unmapped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_of_vtex_md_section_3() {
        for (raw, status) in [
            ("order-created", OrderStatus::Created),
            ("order-completed", OrderStatus::Created),
            ("on-order-completed", OrderStatus::Created),
            ("payment-pending", OrderStatus::Created),
            ("payment-approved", OrderStatus::Paid),
            ("approve-payment", OrderStatus::Paid),
            ("ready-for-handling", OrderStatus::Paid),
            ("start-handling", OrderStatus::Paid),
            ("handling", OrderStatus::Paid),
            ("window-to-cancel", OrderStatus::Paid),
            ("invoice", OrderStatus::Paid),
            ("invoiced", OrderStatus::Invoiced),
            ("cancellation-requested", OrderStatus::Canceled),
            ("cancel", OrderStatus::Canceled),
            ("canceled", OrderStatus::Canceled),
        ] {
            assert_eq!(
                observe_vtex_state(raw, false, false),
                ObservedStatus::Mapped(status),
                "{raw}"
            );
        }
        assert_eq!(
            observe_vtex_state("waiting-ffmt-authorization", false, false),
            ObservedStatus::Unmapped
        );
        assert_eq!(
            observe_vtex_state("Invoiced", false, false),
            ObservedStatus::Unmapped,
            "exact spelling"
        );
    }

    #[test]
    fn precedence_canceled_returned_shipped_mapped() {
        assert_eq!(
            observe_vtex_state("invoiced", true, false),
            ObservedStatus::Mapped(OrderStatus::Shipped)
        );
        assert_eq!(
            observe_vtex_state("handling", true, false),
            ObservedStatus::Mapped(OrderStatus::Paid),
            "tracking only ships an invoiced order"
        );
        assert_eq!(
            observe_vtex_state("invoiced", true, true),
            ObservedStatus::Mapped(OrderStatus::Returned)
        );
        assert_eq!(
            observe_vtex_state("canceled", true, true),
            ObservedStatus::Mapped(OrderStatus::Canceled)
        );
        // The fixture `oms-order-with-coupon.json`: invoiced, no tracking, no returns.
        assert_eq!(
            observe_vtex_state("invoiced", false, false),
            ObservedStatus::Mapped(OrderStatus::Invoiced)
        );
    }
}
