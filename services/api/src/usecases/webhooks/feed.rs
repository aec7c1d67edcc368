//! `POST /internal/v1/feed/events` (`api.md` §21.2, `vtex.md` §7): the events the worker read from
//! the VTEX feed become deliveries of kind `feed_event` through the webhook's own
//! [`receive`](super::receive::receive) — same idempotency key (`OrderId|State|LastChange`), same
//! advisory lock, same duplicate rule and the same `IngestVtexOrder` job — so an event a hook
//! already delivered (or an earlier read of the same event) is a `duplicate`. The caller runs
//! the whole hand-over in one transaction: every row and job, or none.

use afiliados_api_types::internal_feed::{FeedEvent, FeedEventsResponse, MAX_FEED_EVENTS};
use afiliados_db::AsyncPgConnection;
use afiliados_domain::{DeliveryKind, DeliveryVerification, FieldCode};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::events;
use super::receive::{self, Answer, Receipt};
use super::recognize::Recognized;
use crate::usecases::problems::Problems;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Longest id, state or instant text accepted (VTEX's are far shorter).
const MAX_TEXT: usize = 200;
/// Longest handle accepted (VTEX's receipt handles are opaque and long).
const MAX_HANDLE: usize = 2_048;

fn instant(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw.trim())
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

fn check_text(problems: &mut Problems, field: String, value: &str, max: usize) {
    if value.trim().is_empty() {
        problems.push(field, FieldCode::Required);
    } else if value.chars().count() > max {
        problems.push(field, FieldCode::TooLong);
    }
}

/// Every problem of the request at once (422 names them all).
pub fn validate(events: &[FeedEvent]) -> Result<(), UseCaseError> {
    let mut problems = Problems::new();
    if events.len() > MAX_FEED_EVENTS {
        problems.push("events", FieldCode::TooLong);
        return problems.finish();
    }
    for (index, event) in events.iter().enumerate() {
        let field = |name: &str| format!("events[{index}].{name}");
        check_text(&mut problems, field("eventId"), &event.event_id, MAX_TEXT);
        check_text(&mut problems, field("handle"), &event.handle, MAX_HANDLE);
        check_text(&mut problems, field("orderId"), &event.order_id, MAX_TEXT);
        check_text(&mut problems, field("state"), &event.state, MAX_TEXT);
        check_text(
            &mut problems,
            field("lastChange"),
            &event.last_change,
            MAX_TEXT,
        );
        if !event.last_change.trim().is_empty() && instant(&event.last_change).is_none() {
            problems.push(field("lastChange"), FieldCode::InvalidFormat);
        }
        for (name, value) in [
            ("lastState", &event.last_state),
            ("currentChange", &event.current_change),
            ("domain", &event.domain),
            ("origin.account", &event.origin.account),
            ("origin.key", &event.origin.key),
        ] {
            if value.chars().count() > MAX_TEXT {
                problems.push(field(name), FieldCode::TooLong);
            }
        }
    }
    problems.finish()
}

/// What a delivery row keeps about a feed event (the hook's facts, under the feed's names).
fn recognized(event: &FeedEvent) -> Recognized {
    let optional = |value: &str| Some(value.to_owned()).filter(|v| !v.trim().is_empty());
    Recognized {
        kind: Some(DeliveryKind::FeedEvent),
        vtex_order_id: Some(event.order_id.clone()),
        state: Some(event.state.clone()),
        last_state: optional(&event.last_state),
        last_change_raw: Some(event.last_change.clone()),
        last_change: instant(&event.last_change),
        current_change: instant(&event.current_change),
        origin_account: optional(&event.origin.account),
        origin_key: optional(&event.origin.key),
        domain: optional(&event.domain),
    }
}

/// The stored payload: the event without its handle (a receipt of one read, not a fact about
/// the order).
fn payload(event: &FeedEvent) -> Value {
    json!({
        "eventId": event.event_id,
        "orderId": event.order_id,
        "state": event.state,
        "lastState": event.last_state,
        "lastChange": event.last_change,
        "currentChange": event.current_change,
        "domain": event.domain,
        "origin": {"account": event.origin.account, "key": event.origin.key},
    })
}

/// Stores every event in the caller's transaction; answers each handle as stored or duplicate.
#[tracing::instrument(skip_all, fields(feed.events = events.len()))]
pub async fn receive_events(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    events: &[FeedEvent],
) -> Result<FeedEventsResponse, UseCaseError> {
    validate(events)?;
    let headers = json!({});
    let mut answer = FeedEventsResponse::default();
    let mut counted = Vec::new();
    for event in events {
        let payload = payload(event);
        let body = serde_json::to_vec(&payload)
            .map_err(|error| UseCaseError::internal(format!("encoding a feed event: {error}")))?;
        let recognized = recognized(event);
        let receipt = Receipt {
            body: &body,
            json: Some(&payload),
            recognized: &recognized,
            // The worker's service token authenticated the call; the event carries no signature.
            verification: Ok(DeliveryVerification::NotRequired),
            source_ip: None,
            headers: &headers,
        };
        let received = receive::receive(tx, ctx, &receipt).await?;
        match received.answer {
            Answer::Accepted => answer.stored.push(event.handle.clone()),
            Answer::Duplicate { .. } => {
                answer.duplicates.push(event.handle.clone());
                counted.push(event.state.clone());
            }
            other => {
                return Err(UseCaseError::internal(format!(
                    "a validated feed event was answered {other:?}"
                )));
            }
        }
    }
    // Duplicates are final when answered (as the webhook counts them); stored events count
    // when their ingestion ends.
    for state in counted {
        events::count(DeliveryKind::FeedEvent, Some(state.as_str()), true);
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use afiliados_api_types::internal_feed::FeedOrigin;

    use super::*;

    fn event() -> FeedEvent {
        FeedEvent {
            event_id: "E1".into(),
            handle: "H1".into(),
            order_id: "1432120512345-01".into(),
            state: "payment-approved".into(),
            last_state: "payment-pending".into(),
            last_change: "2026-03-02T14:09:30.4120000Z".into(),
            current_change: "2026-03-02T14:09:31.0000000Z".into(),
            domain: "Marketplace".into(),
            origin: FeedOrigin {
                account: "medipiel".into(),
                key: "vtexappkey-medipiel-KQZTRB".into(),
            },
        }
    }

    #[test]
    fn a_feed_event_has_the_hooks_idempotency_key() {
        assert_eq!(
            recognized(&event()).idempotency_key().as_deref(),
            Some("1432120512345-01|payment-approved|2026-03-02T14:09:30.4120000Z"),
            "the key of fixture hook-payment-approved.json"
        );
        assert!(!payload(&event()).to_string().contains("H1"));
    }

    #[test]
    fn every_problem_is_named() {
        let mut bad = event();
        bad.handle = " ".into();
        bad.last_change = "yesterday".into();
        bad.domain = "x".repeat(201);
        let Err(UseCaseError::Invalid(problems)) = validate(&[event(), bad]) else {
            panic!("expected 422");
        };
        assert_eq!(
            problems.to_string(),
            "events[1].handle: required, events[1].lastChange: invalid_format, events[1].domain: too_long"
        );
        let lot = |n| std::iter::repeat_n(event(), n).collect::<Vec<_>>();
        assert!(validate(&lot(MAX_FEED_EVENTS + 1)).is_err());
        assert!(validate(&lot(MAX_FEED_EVENTS)).is_ok());
    }
}
