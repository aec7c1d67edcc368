//! Rates and ratios in the reader's notation, from the exact decimal with exactly two decimals:
//! `9,97 %` in Spanish, `9.97%` in English (the effective commission rate, the auto-reconciled
//! ratio shown as a percentage). Never through a float.

use afiliados_domain::Locale;
use rust_decimal::{Decimal, RoundingStrategy};

/// A rate already in percent (`12.5` → `12,50 %`).
pub(crate) fn percent(locale: Locale, rate: Decimal) -> String {
    let mut rounded = rate.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    let text = rounded.to_string();
    match locale {
        Locale::Es => format!("{} %", text.replace('.', ",")),
        Locale::En => format!("{text}%"),
    }
}

/// A ratio between 0 and 1 as a percentage (`0.9950` → `99,50 %`).
pub(crate) fn ratio_as_percent(locale: Locale, ratio: Decimal) -> String {
    percent(locale, ratio * Decimal::ONE_HUNDRED)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(raw: &str) -> Decimal {
        raw.parse().unwrap()
    }

    #[test]
    fn writes_exactly_two_decimals_in_each_language() {
        assert_eq!(percent(Locale::Es, d("9.97")), "9,97 %");
        assert_eq!(percent(Locale::En, d("10")), "10.00%");
        assert_eq!(percent(Locale::Es, d("12.345")), "12,35 %");
        assert_eq!(ratio_as_percent(Locale::Es, d("0.9950")), "99,50 %");
        assert_eq!(ratio_as_percent(Locale::En, d("0.3333")), "33.33%");
        assert_eq!(ratio_as_percent(Locale::En, d("1.0000")), "100.00%");
    }
}
