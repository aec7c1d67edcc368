//! Backoff delays and `Retry-After` parsing (vtex.md §8).

use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::Rng as _;

/// Delay before retry `k` (1-based): `min(max, base × 2^(k−1)) × uniform(0.5, 1.5)`.
pub(crate) fn backoff(base: Duration, max: Duration, retry: u32) -> Duration {
    let exponent = retry.saturating_sub(1).min(30);
    let nominal = base.saturating_mul(1u32 << exponent).min(max);
    let factor: f64 = rand::rng().random_range(0.5..1.5);
    nominal.mul_f64(factor)
}

/// `Retry-After` as seconds or an HTTP date; a date in the past means "now".
pub(crate) fn parse_retry_after(raw: &str, now: DateTime<Utc>) -> Option<Duration> {
    let raw = raw.trim();
    if let Ok(seconds) = raw.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(raw).ok()?.with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_the_jitter_band_and_caps() {
        let base = Duration::from_millis(250);
        let max = Duration::from_millis(5_000);
        for _ in 0..100 {
            let first = backoff(base, max, 1);
            assert!(first >= Duration::from_millis(125) && first <= Duration::from_millis(375));
            let second = backoff(base, max, 2);
            assert!(second >= Duration::from_millis(250) && second <= Duration::from_millis(750));
            let late = backoff(base, max, 40);
            assert!(late >= Duration::from_millis(2_500) && late <= Duration::from_millis(7_500));
        }
    }

    #[test]
    fn retry_after_forms() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:28:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
