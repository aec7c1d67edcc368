//! Instants from the payload shown as Colombians read them: in Bogota time (UTC−5, no daylight
//! saving; `domain.md` §1), with the month written out in each locale.

use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};

use crate::render::Locale;

const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Bogota is UTC−5 all year (checked when compiling).
const BOGOTA: FixedOffset = match FixedOffset::west_opt(5 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC-5 is a valid offset"),
};

/// How templates show a payload instant (`{{ m.due_at.bogota_date(Locale::Es) }}`).
pub(super) trait InBogota {
    /// The Bogota date: `16 de marzo de 2026` / `March 16, 2026`.
    fn bogota_date(&self, locale: Locale) -> String;
    /// The Bogota date and time, saying which clock it is: `16 de marzo de 2026 a las 14:05
    /// (hora de Colombia)` / `March 16, 2026 at 14:05 (Colombia time)`.
    fn bogota_date_time(&self, locale: Locale) -> String;
}

impl InBogota for DateTime<Utc> {
    fn bogota_date(&self, locale: Locale) -> String {
        let at = in_bogota(*self);
        let month = at.month0() as usize;
        match locale {
            Locale::Es => format!("{} de {} de {}", at.day(), MONTHS_ES[month], at.year()),
            Locale::En => format!("{} {}, {}", MONTHS_EN[month], at.day(), at.year()),
        }
    }

    fn bogota_date_time(&self, locale: Locale) -> String {
        let at = in_bogota(*self);
        let (hour, minute) = (at.hour(), at.minute());
        match locale {
            Locale::Es => format!(
                "{} a las {hour:02}:{minute:02} (hora de Colombia)",
                self.bogota_date(locale)
            ),
            Locale::En => format!(
                "{} at {hour:02}:{minute:02} (Colombia time)",
                self.bogota_date(locale)
            ),
        }
    }
}

fn in_bogota(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&BOGOTA)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(raw)
            .map(|at| at.with_timezone(&Utc))
            .unwrap_or(DateTime::UNIX_EPOCH)
    }

    #[test]
    fn instants_are_shown_in_bogota_time() {
        // 03:30Z is still the previous evening in Bogota.
        let early = at("2026-03-17T03:30:00Z");
        assert_eq!(early.bogota_date(Locale::Es), "16 de marzo de 2026");
        assert_eq!(early.bogota_date(Locale::En), "March 16, 2026");
        assert_eq!(
            early.bogota_date_time(Locale::Es),
            "16 de marzo de 2026 a las 22:30 (hora de Colombia)"
        );
        assert_eq!(
            at("2026-01-05T19:05:00+00:00").bogota_date_time(Locale::En),
            "January 5, 2026 at 14:05 (Colombia time)"
        );
    }
}
