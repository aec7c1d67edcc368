//! The `from`/`to` filter of the top influencers (`api.md` §15: it bounds only `topInfluencers`
//! by confirmation). Bogota business dates `YYYY-MM-DD`; `to` is exclusive, so it must come after
//! `from`. A bad value is explained next to the form instead of being sent to the api.

use afiliados_api_types::admin_dashboard::AdminDashboardQuery;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::i18n::I18n;

/// The query string as the browser sent it.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RangeQuery {
    from: Option<String>,
    to: Option<String>,
}

/// The form's values and, when they cannot be used, why.
pub(crate) struct RangeForm {
    pub(crate) from: String,
    pub(crate) to: String,
    /// The message shown next to the form (already translated).
    pub(crate) error: Option<String>,
    /// The dates sent to the api (none when the form is empty or wrong).
    dates: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
}

fn date(raw: &str) -> Result<Option<NaiveDate>, ()> {
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ())
}

impl RangeForm {
    pub(crate) fn read(i18n: I18n, query: RangeQuery) -> RangeForm {
        let from = query.from.unwrap_or_default().trim().to_owned();
        let to = query.to.unwrap_or_default().trim().to_owned();
        let (error, dates) = match (date(&from), date(&to)) {
            (Ok(start), Ok(end)) => match (start, end) {
                (Some(start), Some(end)) if start >= end => {
                    (Some(i18n.t("field_error.date_order").to_owned()), None)
                }
                (None, None) => (None, None),
                pair => (None, Some(pair)),
            },
            _ => (
                Some(i18n.t("admin_dashboard.range_invalid").to_owned()),
                None,
            ),
        };
        RangeForm {
            from,
            to,
            error,
            dates,
        }
    }

    /// What the api is asked: the range only when it is usable.
    pub(crate) fn api_query(&self) -> AdminDashboardQuery {
        let text = |day: Option<NaiveDate>| day.map(|day| day.format("%Y-%m-%d").to_string());
        match self.dates {
            Some((from, to)) => AdminDashboardQuery {
                from: text(from),
                to: text(to),
            },
            None => AdminDashboardQuery::default(),
        }
    }

    /// Whether the top influencers are bounded (their heading says so).
    pub(crate) fn bounded(&self) -> bool {
        self.dates.is_some()
    }
}

#[cfg(test)]
mod tests {
    use afiliados_domain::Locale;

    use super::*;

    fn read(from: &str, to: &str) -> RangeForm {
        RangeForm::read(
            I18n::new(Locale::Es),
            RangeQuery {
                from: Some(from.into()),
                to: Some(to.into()),
            },
        )
    }

    #[test]
    fn only_a_usable_range_reaches_the_api() {
        let both = read("2026-11-01", "2026-12-01");
        assert!(both.error.is_none() && both.bounded());
        assert_eq!(both.api_query().from.as_deref(), Some("2026-11-01"));
        assert_eq!(both.api_query().to.as_deref(), Some("2026-12-01"));
        let open_end = read("2026-11-01", "");
        assert_eq!(open_end.api_query().to, None);
        assert!(open_end.bounded());
        let empty = read(" ", "");
        assert!(empty.error.is_none() && !empty.bounded());
        for (from, to) in [("2026-12-01", "2026-12-01"), ("2026-12-02", "2026-12-01")] {
            let reversed = read(from, to);
            assert!(reversed.error.is_some() && !reversed.bounded());
            assert!(reversed.api_query().from.is_none());
        }
        let garbage = read("01/11/2026", "");
        assert!(garbage.error.is_some() && garbage.api_query().from.is_none());
        assert_eq!(garbage.from, "01/11/2026");
    }
}
