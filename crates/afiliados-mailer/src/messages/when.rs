//! Instants from the payload (RFC 3339, UTC) shown as Colombians read them: in Bogota time
//! (UTC−5, no daylight saving; `domain.md` §1), with the month written out in each locale.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use serde::Deserialize;

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

/// An RFC 3339 payload field. Kept as the raw text so that a value that does not parse is still
/// shown (a readable mail beats a failed one); only a missing field fails the message.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub(super) struct Instant(String);

impl Instant {
    fn in_bogota(&self) -> Option<DateTime<FixedOffset>> {
        let bogota = FixedOffset::west_opt(5 * 3600)?;
        DateTime::parse_from_rfc3339(self.0.trim())
            .ok()
            .map(|at| at.with_timezone(&bogota))
    }

    /// The Bogota date: `16 de marzo de 2026` / `March 16, 2026`.
    pub(super) fn date(&self, locale: Locale) -> String {
        let Some(at) = self.in_bogota() else {
            return self.0.clone();
        };
        let month = at.month0() as usize;
        match locale {
            Locale::Es => format!("{} de {} de {}", at.day(), MONTHS_ES[month], at.year()),
            Locale::En => format!("{} {}, {}", MONTHS_EN[month], at.day(), at.year()),
        }
    }

    /// The Bogota date and time, saying which clock it is: `16 de marzo de 2026 a las 14:05
    /// (hora de Colombia)` / `March 16, 2026 at 14:05 (Colombia time)`.
    pub(super) fn date_time(&self, locale: Locale) -> String {
        let Some(at) = self.in_bogota() else {
            return self.0.clone();
        };
        let (hour, minute) = (at.hour(), at.minute());
        match locale {
            Locale::Es => format!(
                "{} a las {hour:02}:{minute:02} (hora de Colombia)",
                self.date(locale)
            ),
            Locale::En => format!(
                "{} at {hour:02}:{minute:02} (Colombia time)",
                self.date(locale)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> Instant {
        Instant(raw.to_owned())
    }

    #[test]
    fn instants_are_shown_in_bogota_time() {
        // 03:30Z is still the previous evening in Bogota.
        let early = at("2026-03-17T03:30:00Z");
        assert_eq!(early.date(Locale::Es), "16 de marzo de 2026");
        assert_eq!(early.date(Locale::En), "March 16, 2026");
        assert_eq!(
            early.date_time(Locale::Es),
            "16 de marzo de 2026 a las 22:30 (hora de Colombia)"
        );
        assert_eq!(
            at("2026-01-05T19:05:00+00:00").date_time(Locale::En),
            "January 5, 2026 at 14:05 (Colombia time)"
        );
    }

    #[test]
    fn an_unparseable_instant_is_shown_verbatim() {
        assert_eq!(at("pronto").date(Locale::Es), "pronto");
        assert_eq!(at("pronto").date_time(Locale::En), "pronto");
    }
}
