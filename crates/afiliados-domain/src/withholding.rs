//! Withholding on a payment (`domain.md` §5.14.3): the influencer's tax profile (or the tenant's
//! default) withholds `round_money(gross × rate / 100)` when the gross reaches the profile's
//! threshold, nothing below it; `net = gross − withheld`. One function, so the payment, the batch
//! preview, the payout CSV and the withholding certificate can never disagree.

use crate::money::{Money, Percent};

/// The parts of a tax profile that decide withholding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithholdingProfile {
    /// `tax_profiles.code` (stored on the payment as a snapshot).
    pub code: String,
    /// Percent withheld at or above the threshold.
    pub rate: Percent,
    /// Gross amounts below this withhold nothing.
    pub threshold: Money,
}

/// What a gross payment becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Withholding {
    /// The amount paid out of the balance.
    pub gross: Money,
    /// The rate applied: the profile's, or 0 below its threshold (what the payment row stores).
    pub rate: Percent,
    /// Withheld for the tax authority.
    pub withheld: Money,
    /// What reaches the influencer's account.
    pub net: Money,
}

/// Withholding of `gross` under `profile` (no profile at all withholds nothing).
pub fn withholding(gross: Money, profile: Option<&WithholdingProfile>) -> Withholding {
    let rate = match profile {
        Some(profile) if gross.amount() >= profile.threshold.amount() => profile.rate,
        _ => Percent::ZERO,
    };
    let withheld = Money::rounded(gross.times_percent(rate));
    Withholding {
        gross,
        rate,
        withheld,
        net: gross - withheld,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(rate: &str, threshold: &str) -> WithholdingProfile {
        WithholdingProfile {
            code: "test".to_owned(),
            rate: Percent::parse(rate).unwrap(),
            threshold: Money::parse(threshold).unwrap(),
        }
    }

    fn money(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    #[test]
    fn ten_percent_of_twenty_thousand() {
        let w = withholding(money("20000.00"), Some(&profile("10", "0")));
        assert_eq!((w.withheld, w.net), (money("2000.00"), money("18000.00")));
    }

    #[test]
    fn eleven_percent_rounds_half_away_from_zero_to_the_peso_cent() {
        // 1 234 567.89 × 11 % = 135 802.4679 → 135 802.47; net 1 098 765.42 (§5.14.6 example 4).
        let w = withholding(money("1234567.89"), Some(&profile("11", "0")));
        assert_eq!(w.withheld, money("135802.47"));
        assert_eq!(w.net, money("1098765.42"));
        assert_eq!(w.gross, w.withheld + w.net);
    }

    #[test]
    fn below_the_threshold_nothing_is_withheld_and_the_rate_is_zero() {
        let w = withholding(money("80000.00"), Some(&profile("10", "100000.00")));
        assert_eq!(
            (w.rate, w.withheld, w.net),
            (Percent::ZERO, Money::ZERO, money("80000.00"))
        );
    }

    #[test]
    fn at_the_threshold_the_rate_applies() {
        let w = withholding(money("100000.00"), Some(&profile("10", "100000.00")));
        assert_eq!(w.withheld, money("10000.00"));
    }

    #[test]
    fn without_a_profile_nothing_is_withheld() {
        let w = withholding(money("5000.00"), None);
        assert_eq!((w.withheld, w.net), (Money::ZERO, money("5000.00")));
    }
}
