//! How pages write instants, dates, amounts and sizes. Instants are shown in UTC like the rest of
//! the staff pages; business dates as `YYYY-MM-DD`.

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
}
