//! Attribution (`domain.md` §5.7): the eight checks, in order, evaluated at placement. Every check
//! is evaluated (not only up to the first failure) and carries the values it compared, so the
//! explain endpoint can show all of them; the first failure is the `non_attribution_reason`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::text_enum::text_enum;
use crate::{CampaignStatus, InfluencerStatus, Money, bogota_date, normalize_code};

/// What the caller knows about the code the coupon matched (case-insensitively, in the tenant),
/// with the statuses resolved at placement (see [`super::status_at()`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedCode {
    /// The code as stored.
    pub code: String,
    /// `discount_codes.created_at`.
    pub created_at: DateTime<Utc>,
    /// `discount_codes.disabled_at`.
    pub disabled_at: Option<DateTime<Utc>>,
    /// The code's own first date, when set.
    pub starts_on: Option<NaiveDate>,
    /// The code's own last date, when set.
    pub ends_on: Option<NaiveDate>,
    /// The influencer's status at placement (`None`: no status yet).
    pub influencer_status: Option<InfluencerStatus>,
    /// The campaign's status at placement (`None`: no status yet).
    pub campaign_status: Option<CampaignStatus>,
    /// The campaign's first date.
    pub campaign_start: NaiveDate,
    /// The campaign's last date, if any.
    pub campaign_end: Option<NaiveDate>,
    /// The campaign's `min_order_value`, if any.
    pub min_order_value: Option<Money>,
}

/// The order's side of attribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributionInput<'a> {
    /// `placed_at`.
    pub placed_at: DateTime<Utc>,
    /// The coupon as received (`None` or blank: no coupon).
    pub coupon_code: Option<&'a str>,
    /// `net_items_total` (items − discounts; shipping and tax do not count).
    pub net_items_total: Money,
    /// The code found for the coupon, if any.
    pub matched: Option<&'a MatchedCode>,
}

/// The eight checks, in evaluation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionCheck {
    /// 1. The order has a non-empty coupon.
    HasCoupon,
    /// 2. A code with that name exists in the tenant.
    CodeExists,
    /// 3. The code was created at or before placement.
    CodeCreatedBeforeOrder,
    /// 4. The code was not disabled at placement.
    CodeEnabled,
    /// 5. The influencer was approved at placement.
    InfluencerApproved,
    /// 6. The campaign was active at placement.
    CampaignActive,
    /// 7. The Bogota date of placement lies within the campaign's (and code's) dates.
    WithinDates,
    /// 8. Net items reach the campaign's minimum.
    MinOrderValue,
}

impl AttributionCheck {
    /// The eight checks, in evaluation order.
    pub const ALL_IN_ORDER: [AttributionCheck; 8] = [
        AttributionCheck::HasCoupon,
        AttributionCheck::CodeExists,
        AttributionCheck::CodeCreatedBeforeOrder,
        AttributionCheck::CodeEnabled,
        AttributionCheck::InfluencerApproved,
        AttributionCheck::CampaignActive,
        AttributionCheck::WithinDates,
        AttributionCheck::MinOrderValue,
    ];

    /// The reason stored when this check is the first to fail.
    pub fn failing_reason(self) -> NonAttributionReason {
        match self {
            AttributionCheck::HasCoupon => NonAttributionReason::NoCoupon,
            AttributionCheck::CodeExists => NonAttributionReason::CouponUnknown,
            AttributionCheck::CodeCreatedBeforeOrder => NonAttributionReason::CodeCreatedAfterOrder,
            AttributionCheck::CodeEnabled => NonAttributionReason::CodeDisabled,
            AttributionCheck::InfluencerApproved => NonAttributionReason::InfluencerNotApproved,
            AttributionCheck::CampaignActive => NonAttributionReason::CampaignNotActive,
            AttributionCheck::WithinDates => NonAttributionReason::CampaignOutsideDates,
            AttributionCheck::MinOrderValue => NonAttributionReason::BelowMinOrderValue,
        }
    }
}

text_enum! {
    /// `orders.non_attribution_reason`.
    pub enum NonAttributionReason {
        /// Check 1.
        NoCoupon = "no_coupon",
        /// Check 2.
        CouponUnknown = "coupon_unknown",
        /// Check 3.
        CodeCreatedAfterOrder = "code_created_after_order",
        /// Check 4.
        CodeDisabled = "code_disabled",
        /// Check 5.
        InfluencerNotApproved = "influencer_not_approved",
        /// Check 6.
        CampaignNotActive = "campaign_not_active",
        /// Check 7.
        CampaignOutsideDates = "campaign_outside_dates",
        /// Check 8.
        BelowMinOrderValue = "below_min_order_value",
    }
}

/// A check's verdict. Checks 3–8 need the matched code: without one they are `not_evaluated`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The check holds.
    Passed,
    /// The check fails.
    Failed,
    /// The check could not run (no coupon or no code).
    NotEvaluated,
}

/// The values a check compared, for the explain endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Compared {
    /// Check 1: the coupon as received.
    Coupon {
        /// As received.
        coupon_code: Option<String>,
    },
    /// Check 2: the normalised coupon and the code it matched.
    CodeLookup {
        /// Trimmed, upper case.
        coupon_code_normalized: Option<String>,
        /// The stored code, if one matched.
        matched_code: Option<String>,
    },
    /// Check 3.
    CodeCreated {
        /// `discount_codes.created_at`.
        code_created_at: Option<DateTime<Utc>>,
        /// `placed_at`.
        placed_at: DateTime<Utc>,
    },
    /// Check 4.
    CodeDisabled {
        /// `discount_codes.disabled_at`.
        disabled_at: Option<DateTime<Utc>>,
        /// `placed_at`.
        placed_at: DateTime<Utc>,
    },
    /// Check 5.
    InfluencerStatus {
        /// The status at `placed_at` ("status at … was suspended").
        status_at_placement: Option<InfluencerStatus>,
        /// `placed_at`.
        placed_at: DateTime<Utc>,
    },
    /// Check 6.
    CampaignStatus {
        /// The status at `placed_at`.
        status_at_placement: Option<CampaignStatus>,
        /// `placed_at`.
        placed_at: DateTime<Utc>,
    },
    /// Check 7.
    Dates {
        /// The Bogota date of `placed_at`.
        placed_on: NaiveDate,
        /// Campaign dates.
        campaign_start: Option<NaiveDate>,
        /// Campaign dates.
        campaign_end: Option<NaiveDate>,
        /// The code's own dates, when set.
        code_starts_on: Option<NaiveDate>,
        /// The code's own dates, when set.
        code_ends_on: Option<NaiveDate>,
    },
    /// Check 8.
    MinOrderValue {
        /// `net_items_total`.
        order_value: Money,
        /// The campaign's minimum, if any.
        minimum: Option<Money>,
    },
}

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckOutcome {
    /// Which check.
    pub check: AttributionCheck,
    /// Its verdict.
    pub verdict: Verdict,
    /// What it compared.
    pub compared: Compared,
}

/// The eight outcomes and the first failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attribution {
    /// The eight checks, in order.
    pub checks: Vec<CheckOutcome>,
    /// The first failing check's reason; `None` when attributed.
    pub non_attribution_reason: Option<NonAttributionReason>,
}

impl Attribution {
    /// All eight checks passed.
    pub fn attributed(&self) -> bool {
        self.non_attribution_reason.is_none()
    }

    /// The outcome of one check.
    pub fn outcome(&self, check: AttributionCheck) -> Option<&CheckOutcome> {
        self.checks.iter().find(|outcome| outcome.check == check)
    }
}

fn verdict(passed: Option<bool>) -> Verdict {
    match passed {
        Some(true) => Verdict::Passed,
        Some(false) => Verdict::Failed,
        None => Verdict::NotEvaluated,
    }
}

fn within(date: NaiveDate, start: Option<NaiveDate>, end: Option<NaiveDate>) -> bool {
    start.is_none_or(|start| start <= date) && end.is_none_or(|end| date <= end)
}

/// Runs the eight checks of §5.7 at `placed_at`.
pub fn attribute(input: &AttributionInput<'_>) -> Attribution {
    let placed_at = input.placed_at;
    let coupon = input
        .coupon_code
        .map(normalize_code)
        .filter(|code| !code.is_empty());
    let code = input.matched.filter(|_| coupon.is_some());
    let placed_on = bogota_date(placed_at);
    let with_code = |test: &dyn Fn(&MatchedCode) -> bool| code.map(test);

    let checks = vec![
        CheckOutcome {
            check: AttributionCheck::HasCoupon,
            verdict: verdict(Some(coupon.is_some())),
            compared: Compared::Coupon {
                coupon_code: input.coupon_code.map(str::to_owned),
            },
        },
        CheckOutcome {
            check: AttributionCheck::CodeExists,
            verdict: verdict(coupon.as_ref().map(|_| code.is_some())),
            compared: Compared::CodeLookup {
                coupon_code_normalized: coupon.clone(),
                matched_code: code.map(|code| code.code.clone()),
            },
        },
        CheckOutcome {
            check: AttributionCheck::CodeCreatedBeforeOrder,
            verdict: verdict(with_code(&|code| code.created_at <= placed_at)),
            compared: Compared::CodeCreated {
                code_created_at: code.map(|code| code.created_at),
                placed_at,
            },
        },
        CheckOutcome {
            check: AttributionCheck::CodeEnabled,
            verdict: verdict(with_code(&|code| {
                code.disabled_at.is_none_or(|disabled| disabled > placed_at)
            })),
            compared: Compared::CodeDisabled {
                disabled_at: code.and_then(|code| code.disabled_at),
                placed_at,
            },
        },
        CheckOutcome {
            check: AttributionCheck::InfluencerApproved,
            verdict: verdict(with_code(&|code| {
                code.influencer_status == Some(InfluencerStatus::Approved)
            })),
            compared: Compared::InfluencerStatus {
                status_at_placement: code.and_then(|code| code.influencer_status),
                placed_at,
            },
        },
        CheckOutcome {
            check: AttributionCheck::CampaignActive,
            verdict: verdict(with_code(&|code| {
                code.campaign_status == Some(CampaignStatus::Active)
            })),
            compared: Compared::CampaignStatus {
                status_at_placement: code.and_then(|code| code.campaign_status),
                placed_at,
            },
        },
        CheckOutcome {
            check: AttributionCheck::WithinDates,
            verdict: verdict(with_code(&|code| {
                within(placed_on, Some(code.campaign_start), code.campaign_end)
                    && within(placed_on, code.starts_on, code.ends_on)
            })),
            compared: Compared::Dates {
                placed_on,
                campaign_start: code.map(|code| code.campaign_start),
                campaign_end: code.and_then(|code| code.campaign_end),
                code_starts_on: code.and_then(|code| code.starts_on),
                code_ends_on: code.and_then(|code| code.ends_on),
            },
        },
        CheckOutcome {
            check: AttributionCheck::MinOrderValue,
            verdict: verdict(with_code(&|code| {
                code.min_order_value
                    .is_none_or(|minimum| input.net_items_total >= minimum)
            })),
            compared: Compared::MinOrderValue {
                order_value: input.net_items_total,
                minimum: code.and_then(|code| code.min_order_value),
            },
        },
    ];
    let non_attribution_reason = checks
        .iter()
        .find(|outcome| outcome.verdict != Verdict::Passed)
        .map(|outcome| outcome.check.failing_reason());
    Attribution {
        checks,
        non_attribution_reason,
    }
}

#[cfg(test)]
mod tests;
