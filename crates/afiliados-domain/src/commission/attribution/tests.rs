use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::commission::status_at::{StatusChange, status_at};

fn at(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .unwrap()
        .with_timezone(&Utc)
}

fn date(raw: &str) -> NaiveDate {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
}

/// `CETAPHIL-ISABELA7KQ2` of §5.7 example 1 and the fixture `oms-order-with-coupon.json`.
fn isabela_code() -> MatchedCode {
    MatchedCode {
        code: "CETAPHIL-ISABELA7KQ2".into(),
        created_at: at("2026-02-01T15:00:00Z"),
        disabled_at: None,
        starts_on: None,
        ends_on: None,
        influencer_status: Some(InfluencerStatus::Approved),
        campaign_status: Some(CampaignStatus::Active),
        campaign_start: date("2026-02-01"),
        campaign_end: Some(date("2026-04-30")),
        min_order_value: Some(Money::from_units(150_000)),
    }
}

/// Placed 2026-03-02 09:05 Bogota (the fixture's `creationDate`).
const PLACED: &str = "2026-03-02T14:05:10.987654Z";

fn run(coupon: Option<&str>, net: Money, code: Option<&MatchedCode>) -> Attribution {
    attribute(&AttributionInput {
        placed_at: at(PLACED),
        coupon_code: coupon,
        net_items_total: net,
        matched: code,
    })
}

fn verdicts(attribution: &Attribution) -> Vec<Verdict> {
    attribution
        .checks
        .iter()
        .map(|outcome| outcome.verdict)
        .collect()
}

#[test]
fn example_1_fixture_order_is_attributed() {
    let code = isabela_code();
    let result = run(
        Some("cetaphil-isabela7kq2"),
        Money::parse("326030.00").unwrap(),
        Some(&code),
    );
    assert!(result.attributed());
    assert_eq!(result.non_attribution_reason, None);
    assert_eq!(verdicts(&result), vec![Verdict::Passed; 8]);
    assert_eq!(
        result
            .outcome(AttributionCheck::CodeExists)
            .unwrap()
            .compared,
        Compared::CodeLookup {
            coupon_code_normalized: Some("CETAPHIL-ISABELA7KQ2".into()),
            matched_code: Some("CETAPHIL-ISABELA7KQ2".into()),
        }
    );
    // The fixture's `minOrderValueCheck`: orderValue 326030.00, minimum 150000.00, passed.
    assert_eq!(
        result
            .outcome(AttributionCheck::MinOrderValue)
            .unwrap()
            .compared,
        Compared::MinOrderValue {
            order_value: Money::parse("326030.00").unwrap(),
            minimum: Some(Money::from_units(150_000)),
        }
    );
}

#[test]
fn example_2_influencer_suspended_at_placement() {
    // Suspended 2026-03-01, reactivated 2026-03-05: the status *at placement* decides.
    let history = [
        StatusChange {
            changed_at: at("2026-01-20T12:00:00Z"),
            status: InfluencerStatus::Approved,
        },
        StatusChange {
            changed_at: at("2026-03-01T12:00:00Z"),
            status: InfluencerStatus::Suspended,
        },
        StatusChange {
            changed_at: at("2026-03-05T12:00:00Z"),
            status: InfluencerStatus::Approved,
        },
    ];
    let code = MatchedCode {
        influencer_status: status_at(&history, at(PLACED)),
        ..isabela_code()
    };
    let result = run(
        Some("CETAPHIL-ISABELA7KQ2"),
        Money::parse("326030.00").unwrap(),
        Some(&code),
    );
    assert!(!result.attributed());
    assert_eq!(
        result.non_attribution_reason,
        Some(NonAttributionReason::InfluencerNotApproved)
    );
    let got = verdicts(&result);
    assert_eq!(&got[..4], &[Verdict::Passed; 4], "checks 1–4 passed");
    assert_eq!(got[4], Verdict::Failed, "check 5 failed");
    assert_eq!(&got[5..], &[Verdict::Passed; 3], "every check is evaluated");
    assert_eq!(
        result
            .outcome(AttributionCheck::InfluencerApproved)
            .unwrap()
            .compared,
        Compared::InfluencerStatus {
            status_at_placement: Some(InfluencerStatus::Suspended),
            placed_at: at(PLACED),
        }
    );
}

#[test]
fn example_3_below_minimum_counts_net_items_only() {
    let code = isabela_code();
    let result = run(
        Some("CETAPHIL-ISABELA7KQ2"),
        Money::parse("120000.00").unwrap(),
        Some(&code),
    );
    assert_eq!(
        result.non_attribution_reason,
        Some(NonAttributionReason::BelowMinOrderValue)
    );
    let exact = run(
        Some("CETAPHIL-ISABELA7KQ2"),
        Money::from_units(150_000),
        Some(&code),
    );
    assert!(exact.attributed(), "net items equal to the minimum pass");
    let no_minimum = MatchedCode {
        min_order_value: None,
        ..isabela_code()
    };
    assert!(run(Some("CETAPHIL-ISABELA7KQ2"), Money::ZERO, Some(&no_minimum)).attributed());
}

#[test]
fn example_4_unknown_coupon_and_no_coupon() {
    let unknown = run(
        Some("CETAPHIL-ISABELA7KQ3"),
        Money::from_units(300_000),
        None,
    );
    assert_eq!(
        unknown.non_attribution_reason,
        Some(NonAttributionReason::CouponUnknown)
    );
    let got = verdicts(&unknown);
    assert_eq!(&got[..2], &[Verdict::Passed, Verdict::Failed]);
    assert_eq!(&got[2..7], &[Verdict::NotEvaluated; 5]);
    for blank in [None, Some(""), Some("   ")] {
        let result = run(blank, Money::from_units(300_000), None);
        assert_eq!(
            result.non_attribution_reason,
            Some(NonAttributionReason::NoCoupon),
            "{blank:?}"
        );
        assert_eq!(verdicts(&result)[1], Verdict::NotEvaluated);
    }
}

#[test]
fn code_checks_at_placement() {
    let net = Money::from_units(300_000);
    let created_late = MatchedCode {
        created_at: at("2026-03-02T14:05:11Z"),
        ..isabela_code()
    };
    assert_eq!(
        run(Some("x"), net, Some(&created_late)).non_attribution_reason,
        Some(NonAttributionReason::CodeCreatedAfterOrder)
    );
    let created_same_instant = MatchedCode {
        created_at: at(PLACED),
        ..isabela_code()
    };
    assert!(run(Some("x"), net, Some(&created_same_instant)).attributed());

    let disabled_before = MatchedCode {
        disabled_at: Some(at("2026-03-01T00:00:00Z")),
        ..isabela_code()
    };
    assert_eq!(
        run(Some("x"), net, Some(&disabled_before)).non_attribution_reason,
        Some(NonAttributionReason::CodeDisabled)
    );
    let disabled_at_placement = MatchedCode {
        disabled_at: Some(at(PLACED)),
        ..isabela_code()
    };
    assert_eq!(
        run(Some("x"), net, Some(&disabled_at_placement)).non_attribution_reason,
        Some(NonAttributionReason::CodeDisabled),
        "disabled_at must be after placed_at"
    );
    let disabled_later = MatchedCode {
        disabled_at: Some(at("2026-03-10T00:00:00Z")),
        ..isabela_code()
    };
    assert!(run(Some("x"), net, Some(&disabled_later)).attributed());

    let paused = MatchedCode {
        campaign_status: Some(CampaignStatus::Paused),
        ..isabela_code()
    };
    assert_eq!(
        run(Some("x"), net, Some(&paused)).non_attribution_reason,
        Some(NonAttributionReason::CampaignNotActive)
    );
    let pending = MatchedCode {
        influencer_status: None,
        ..isabela_code()
    };
    assert_eq!(
        run(Some("x"), net, Some(&pending)).non_attribution_reason,
        Some(NonAttributionReason::InfluencerNotApproved)
    );
}

#[test]
fn dates_use_the_bogota_date_and_the_codes_own_dates() {
    let net = Money::from_units(300_000);
    let code = isabela_code();
    let on = |instant: &str, code: &MatchedCode| {
        attribute(&AttributionInput {
            placed_at: at(instant),
            coupon_code: Some("CETAPHIL-ISABELA7KQ2"),
            net_items_total: net,
            matched: Some(code),
        })
        .non_attribution_reason
    };
    // 2026-05-01T04:59Z is still 2026-04-30 in Bogota: inside; 05:00Z is May 1st: outside.
    assert_eq!(on("2026-05-01T04:59:59Z", &code), None);
    assert_eq!(
        on("2026-05-01T05:00:00Z", &code),
        Some(NonAttributionReason::CampaignOutsideDates)
    );
    let early = MatchedCode {
        created_at: at("2026-01-01T00:00:00Z"),
        ..isabela_code()
    };
    assert_eq!(
        on("2026-02-01T04:00:00Z", &early),
        Some(NonAttributionReason::CampaignOutsideDates),
        "January 31st in Bogota"
    );
    let own_dates = MatchedCode {
        starts_on: Some(date("2026-03-03")),
        ends_on: Some(date("2026-03-31")),
        ..isabela_code()
    };
    assert_eq!(
        on(PLACED, &own_dates),
        Some(NonAttributionReason::CampaignOutsideDates)
    );
    assert_eq!(on("2026-03-03T05:00:00Z", &own_dates), None);
    let open_ended = MatchedCode {
        campaign_end: None,
        ..isabela_code()
    };
    assert_eq!(on("2027-01-01T12:00:00Z", &open_ended), None);
}

#[test]
fn explain_json_names_every_check() {
    let code = isabela_code();
    let result = run(Some("CETAPHIL-ISABELA7KQ2"), Money::ZERO, Some(&code));
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["nonAttributionReason"], "below_min_order_value");
    assert_eq!(json["checks"][7]["check"], "min_order_value");
    assert_eq!(json["checks"][7]["verdict"], "failed");
    assert_eq!(json["checks"][7]["compared"]["kind"], "min_order_value");
    assert_eq!(
        json["checks"][7]["compared"]["minimum"],
        serde_json::to_value(Money::from_units(150_000)).unwrap()
    );
    assert_eq!(
        json["checks"][0]["compared"]["couponCode"],
        "CETAPHIL-ISABELA7KQ2"
    );
    for check in AttributionCheck::ALL_IN_ORDER {
        assert!(result.outcome(check).is_some());
    }
}
