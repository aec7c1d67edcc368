//! `marketing_afiliados_webhook_events_total{event_type, success}` (`api.md` §19): every delivery
//! counts once, when its outcome is known. Refusals at the door (rejected, invalid JSON,
//! unrecognised: `false`), pings and duplicates (`true`) count when answered; an accepted
//! delivery counts when it becomes `processed` (`true`) or fails for good (`false`).

use afiliados_db::webhook_delivery_log::Delivery;
use afiliados_domain::DeliveryKind;

/// The `event_type` label: a hook's VTEX state when the mapping table (`vtex.md` §3) knows it,
/// else `unknown`; the kind for the other kinds. A closed set, so the label cannot explode.
pub fn event_type(kind: DeliveryKind, state: Option<&str>) -> &str {
    match kind {
        DeliveryKind::Hook => state
            .filter(|state| afiliados_domain::commission::map_raw_state(state).is_some())
            .unwrap_or("unknown"),
        DeliveryKind::OrderDocument => "order_document",
        DeliveryKind::FeedEvent => "feed_event",
        DeliveryKind::Ping => "ping",
        DeliveryKind::Unknown => "unknown",
    }
}

/// Counts one delivery's outcome.
pub fn count(kind: DeliveryKind, state: Option<&str>, success: bool) {
    metrics::counter!(
        crate::metrics::WEBHOOK_EVENTS_TOTAL,
        "event_type" => event_type(kind, state).to_owned(),
        "success" => if success { "true" } else { "false" },
    )
    .increment(1);
}

/// Counts a stored delivery's final outcome.
pub fn outcome(delivery: &Delivery, success: bool) {
    count(delivery.kind, delivery.vtex_state.as_deref(), success);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_mapped_states_become_labels() {
        assert_eq!(
            event_type(DeliveryKind::Hook, Some("payment-approved")),
            "payment-approved"
        );
        assert_eq!(event_type(DeliveryKind::Hook, Some("<script>")), "unknown");
        assert_eq!(
            event_type(DeliveryKind::OrderDocument, Some("invoiced")),
            "order_document"
        );
    }
}
