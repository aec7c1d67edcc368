//! The two languages of the product; Spanish first.

use crate::text_enum::text_enum;

text_enum! {
    /// `es` (default) or `en`.
    #[derive(Default)]
    pub enum Locale {
        /// Spanish, the default.
        #[default]
        Es = "es",
        /// English.
        En = "en",
    }
}

impl Locale {
    /// Picks a locale from an `Accept-Language` header, Spanish by default.
    pub fn from_accept_language(header: &str) -> Locale {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .map(|tag| tag.trim().to_ascii_lowercase())
            .find_map(|tag| match tag.get(..2) {
                Some("es") => Some(Locale::Es),
                Some("en") => Some(Locale::En),
                _ => None,
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn accept_language_picks_first_known() {
        assert_eq!(Locale::from_accept_language("en-US,en;q=0.9"), Locale::En);
        assert_eq!(Locale::from_accept_language("fr, es-CO;q=0.5"), Locale::Es);
        assert_eq!(Locale::from_accept_language("de"), Locale::Es);
    }
}
