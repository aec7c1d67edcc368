use chrono::{DateTime, Utc};

use super::OrderStatus::*;
use super::*;

fn at(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn forward_moves_may_skip_and_final_states_never_move() {
    assert!(Created.can_become(Paid));
    assert!(Created.can_become(Invoiced), "skip: first seen invoiced");
    assert!(Paid.can_become(Shipped));
    assert!(Invoiced.can_become(Shipped));
    for from in [Created, Paid, Invoiced, Shipped] {
        assert!(from.can_become(Canceled), "{from} → canceled");
    }
    assert!(Invoiced.can_become(Returned));
    assert!(Shipped.can_become(Returned));
    assert!(
        Paid.can_become(Returned),
        "ADR 0030: a missed invoiced version"
    );
    assert!(
        !Created.can_become(Returned),
        "nothing to return before payment"
    );
    assert!(!Invoiced.can_become(Paid));
    assert!(!Shipped.can_become(Invoiced));
    for status in OrderStatus::ALL {
        assert!(
            !status.can_become(status),
            "{status} → itself is not a move"
        );
        assert!(!Canceled.can_become(status));
        assert!(!Returned.can_become(status));
    }
}

#[test]
fn spellings_round_trip() {
    for status in OrderStatus::ALL {
        assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
        let json = serde_json::to_string(&status).unwrap();
        assert_eq!(json, format!("\"{}\"", status.as_str()));
    }
    assert_eq!(OrderStatus::parse("Paid"), None);
}

#[test]
fn first_version_is_stored_as_seen() {
    assert_eq!(
        move_status(None, ObservedStatus::Mapped(Invoiced)),
        StatusMove::Initial {
            to: Invoiced,
            unmapped: false
        }
    );
    let unknown = move_status(None, ObservedStatus::Unmapped);
    assert_eq!(
        unknown,
        StatusMove::Initial {
            to: Created,
            unmapped: true
        }
    );
    assert_eq!(unknown.status(None), Created);
}

#[test]
fn regression_keeps_the_status_and_final_ones_need_review() {
    let back = move_status(Some(Invoiced), ObservedStatus::Mapped(Paid));
    assert_eq!(
        back,
        StatusMove::Regression {
            kept: Invoiced,
            observed: Paid,
            needs_review: false
        }
    );
    assert_eq!(back.status(Some(Invoiced)), Invoiced);
    // A cancellation VTEX later denies: the order returns to a handling state.
    assert_eq!(
        move_status(Some(Canceled), ObservedStatus::Mapped(Paid)),
        StatusMove::Regression {
            kept: Canceled,
            observed: Paid,
            needs_review: true
        }
    );
    assert_eq!(
        move_status(Some(Returned), ObservedStatus::Mapped(Canceled)),
        StatusMove::Regression {
            kept: Returned,
            observed: Canceled,
            needs_review: true
        }
    );
    assert_eq!(
        move_status(Some(Paid), ObservedStatus::Unmapped),
        StatusMove::Unmapped { kept: Paid }
    );
    assert_eq!(
        move_status(Some(Paid), ObservedStatus::Mapped(Paid)),
        StatusMove::Same
    );
    assert_eq!(StatusMove::Same.status(Some(Paid)), Paid);
    let forward = move_status(Some(Paid), ObservedStatus::Mapped(Shipped));
    assert_eq!(
        forward,
        StatusMove::Forward {
            from: Paid,
            to: Shipped
        }
    );
    assert_eq!(forward.status(Some(Paid)), Shipped);
}

#[test]
fn dates_come_from_vtex_else_the_first_version_in_the_state() {
    // The fixture's order: authorised and invoiced dates given by VTEX.
    let fixture = StatusDates::default().after(
        Invoiced,
        VersionDates {
            authorized_at: Some(at("2026-03-02T14:09:30.412Z")),
            invoiced_at: Some(at("2026-03-03T16:20:05.118Z")),
            last_change: at("2026-03-03T16:20:07.301Z"),
        },
    );
    assert_eq!(fixture.paid_at, Some(at("2026-03-02T14:09:30.412Z")));
    assert_eq!(fixture.invoiced_at, Some(at("2026-03-03T16:20:05.118Z")));
    assert_eq!(fixture.shipped_at, None);

    // Without VTEX dates: the lastChange of the first version that showed the state, kept after.
    let bare = |last_change: &str| VersionDates {
        authorized_at: None,
        invoiced_at: None,
        last_change: at(last_change),
    };
    let created = StatusDates::default().after(Created, bare("2026-03-02T14:05:11Z"));
    assert_eq!(created, StatusDates::default());
    let shipped = created.after(Shipped, bare("2026-03-04T10:00:00Z"));
    assert_eq!(shipped.paid_at, Some(at("2026-03-04T10:00:00Z")));
    assert_eq!(shipped.invoiced_at, Some(at("2026-03-04T10:00:00Z")));
    assert_eq!(shipped.shipped_at, Some(at("2026-03-04T10:00:00Z")));
    let later = shipped.after(Shipped, bare("2026-03-05T10:00:00Z"));
    assert_eq!(later, shipped, "a date is set once");
    let canceled = later.after(Canceled, bare("2026-03-06T10:00:00Z"));
    assert_eq!(canceled.canceled_at, Some(at("2026-03-06T10:00:00Z")));
    assert_eq!(canceled.returned_at, None);
    let returned = StatusDates::default().after(Returned, bare("2026-03-07T10:00:00Z"));
    assert_eq!(returned.returned_at, Some(at("2026-03-07T10:00:00Z")));
    assert_eq!(returned.paid_at, Some(at("2026-03-07T10:00:00Z")));
}
