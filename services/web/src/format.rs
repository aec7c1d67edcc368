//! How pages write instants, dates, amounts and sizes. Instants are shown in UTC like the rest of
//! the staff pages; business dates as `YYYY-MM-DD`.

use afiliados_domain::{Locale, Money};
use chrono::{DateTime, NaiveDate, Utc};

/// `2026-03-02 14:05`, or empty.
pub(crate) fn stamp(at: Option<DateTime<Utc>>) -> String {
    at.map(|at| at.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// `2026-03-02`, or empty.
pub(crate) fn day(date: Option<NaiveDate>) -> String {
    date.map(|date| date.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `1.2 MB`, `340 KB`, `12 B`.
pub(crate) fn size(bytes: i64) -> String {
    const KB: i64 = 1024;
    if bytes >= KB * KB {
        let tenths = bytes * 10 / (KB * KB);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else if bytes >= KB {
        format!("{} KB", bytes / KB)
    } else {
        format!("{bytes} B")
    }
}

/// An optional number for a form input, or empty.
pub(crate) fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

/// An amount in the reader's notation, exact (from the decimal's digits, never a float):
/// `$ 12.582,00` in Spanish, `$12,582.00` in English; negatives as `−$ 300,50`.
pub(crate) fn money(locale: Locale, amount: Money) -> String {
    let text = amount.to_string();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (units, cents) = digits.split_once('.').unwrap_or((digits, "00"));
    let cents = format!("{cents:0<2}");
    let (group, decimal, prefix) = match locale {
        Locale::Es => ('.', ',', "$ "),
        Locale::En => (',', '.', "$"),
    };
    let mut grouped = String::new();
    for (index, digit) in units.chars().enumerate() {
        if index > 0 && (units.len() - index) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(digit);
    }
    let sign = if negative { "−" } else { "" };
    format!("{sign}{prefix}{grouped}{decimal}{cents}")
}

/// A ledger delta: empty for zero (so a row shows only the buckets it moved), signed otherwise.
pub(crate) fn delta(locale: Locale, amount: Money) -> String {
    if amount.is_zero() {
        String::new()
    } else if amount.is_negative() {
        money(locale, amount)
    } else {
        format!("+{}", money(locale, amount))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_sizes_and_dates() {
        assert_eq!(size(12), "12 B");
        assert_eq!(size(340 * 1024), "340 KB");
        assert_eq!(size(1024 * 1024 * 3 / 2), "1.5 MB");
        assert_eq!(day(NaiveDate::from_ymd_opt(2026, 3, 2)), "2026-03-02");
        assert_eq!(stamp(None), "");
        assert_eq!(opt(Some(5)), "5");
        assert_eq!(opt::<i32>(None), "");
    }

    #[test]
    fn writes_money_exactly_in_each_language() {
        let amount = |raw: &str| Money::parse(raw).unwrap();
        assert_eq!(money(Locale::Es, amount("1234567.89")), "$ 1.234.567,89");
        assert_eq!(money(Locale::En, amount("1234567.89")), "$1,234,567.89");
        assert_eq!(money(Locale::Es, amount("-300.5")), "−$ 300,50");
        assert_eq!(money(Locale::En, amount("0")), "$0.00");
        assert_eq!(money(Locale::Es, amount("999")), "$ 999,00");
        assert_eq!(delta(Locale::En, amount("0")), "");
        assert_eq!(delta(Locale::En, amount("12582")), "+$12,582.00");
        assert_eq!(delta(Locale::Es, amount("-10")), "−$ 10,00");
    }
}
