//! Naming of a campaign's VTEX promotion (`vtex.md` §5.1, §5.2): the `utmCampaign` that ties a
//! coupon to its promotion, and the promotion's display name and validity window.

use chrono::{DateTime, Months, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::business_date::business_day_start;

/// Longest promotion name VTEX accepts.
pub const PROMOTION_NAME_MAX_CHARS: usize = 100;
/// How far an open-ended campaign's promotion runs, counted from its start.
pub const OPEN_ENDED_YEARS: u32 = 10;

/// A percent without trailing zeros (`10`, `12.5`).
pub fn plain_percent(percent: Decimal) -> String {
    percent.normalize().to_string()
}

/// `<campaign slug>-<percent>` with the percent written without trailing zeros and `p` for the
/// decimal point (`cetaphil-lanzamiento-10`, `cetaphil-lanzamiento-12p5`).
pub fn promotion_utm_campaign(campaign_slug: &str, percent: Decimal) -> String {
    format!(
        "{campaign_slug}-{}",
        plain_percent(percent).replace('.', "p")
    )
}

/// `Afiliados <campaign name> <percent>%`, the campaign name shortened so the whole name stays
/// within [`PROMOTION_NAME_MAX_CHARS`] characters.
pub fn promotion_name(campaign_name: &str, percent: Decimal) -> String {
    let suffix = format!(" {}%", plain_percent(percent));
    let prefix = "Afiliados ";
    let room = PROMOTION_NAME_MAX_CHARS.saturating_sub(prefix.len() + suffix.chars().count());
    let name: String = campaign_name.trim().chars().take(room).collect();
    format!("{prefix}{}{suffix}", name.trim_end())
}

/// `beginDateUtc`: the start date's 00:00 in Bogota.
pub fn promotion_begin(start_date: NaiveDate) -> DateTime<Utc> {
    business_day_start(start_date)
}

/// `endDateUtc`: 00:00 Bogota of the day after the end date; an open-ended campaign runs
/// [`OPEN_ENDED_YEARS`] from its start (a fixed instant, so the desired state does not drift
/// from one read to the next).
pub fn promotion_end(start_date: NaiveDate, end_date: Option<NaiveDate>) -> DateTime<Utc> {
    let last = match end_date {
        Some(end) => end.succ_opt().unwrap_or(end),
        None => start_date
            .checked_add_months(Months::new(12 * OPEN_ENDED_YEARS))
            .unwrap_or(NaiveDate::MAX),
    };
    business_day_start(last)
}

#[cfg(test)]
mod tests {
    use std::str::FromStr as _;

    use super::*;

    fn date(raw: &str) -> NaiveDate {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn utm_campaigns_and_names() {
        let ten = Decimal::from_str("10.00").unwrap_or_default();
        let twelve = Decimal::from_str("12.50").unwrap_or_default();
        assert_eq!(
            promotion_utm_campaign("cetaphil-lanzamiento", ten),
            "cetaphil-lanzamiento-10"
        );
        assert_eq!(
            promotion_utm_campaign("cetaphil-lanzamiento", twelve),
            "cetaphil-lanzamiento-12p5"
        );
        assert_eq!(
            promotion_name("Lanzamiento", twelve),
            "Afiliados Lanzamiento 12.5%"
        );
        let long = "x".repeat(120);
        let name = promotion_name(&long, ten);
        assert_eq!(name.chars().count(), PROMOTION_NAME_MAX_CHARS);
        assert!(name.ends_with(" 10%"));
    }

    #[test]
    fn validity_window_in_utc() {
        assert_eq!(
            promotion_begin(date("2026-02-01")).to_rfc3339(),
            "2026-02-01T05:00:00+00:00"
        );
        assert_eq!(
            promotion_end(date("2026-02-01"), Some(date("2026-02-28"))).to_rfc3339(),
            "2026-03-01T05:00:00+00:00"
        );
        assert_eq!(
            promotion_end(date("2026-02-01"), None).to_rfc3339(),
            "2036-02-01T05:00:00+00:00"
        );
    }
}
