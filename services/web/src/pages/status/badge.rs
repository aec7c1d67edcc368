//! A level badge: the level's word (and, in the template, its icon) plus the threshold as the
//! hover title. The api decides the level; the web never recomputes it.

use afiliados_api_types::status_page::StatusLevel;

use crate::i18n::I18n;

/// One badge.
pub(crate) struct Badge {
    /// Element id.
    pub(crate) id: String,
    /// `green|amber|red`: picks the icon and the CSS class.
    pub(crate) level: &'static str,
    /// "Verde: normal", …
    pub(crate) text: String,
    /// The threshold, shown on hover.
    pub(crate) title: String,
}

pub(crate) fn level_name(level: StatusLevel) -> &'static str {
    match level {
        StatusLevel::Green => "green",
        StatusLevel::Amber => "amber",
        StatusLevel::Red => "red",
    }
}

impl Badge {
    pub(crate) fn new(i18n: I18n, id: &str, level: StatusLevel, title: String) -> Badge {
        let level = level_name(level);
        Badge {
            id: id.to_owned(),
            level,
            text: i18n.label("status_page.level", level),
            title,
        }
    }
}
