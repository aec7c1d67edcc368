//! The message catalogue (`locales/es.json`, `locales/en.json`, embedded at build time) and the
//! choice of language: `?lang=` query, then the `lang` cookie, then the signed-in user's locale,
//! then `Accept-Language`, then Spanish.

use std::collections::HashMap;
use std::sync::OnceLock;

use actix_web::HttpRequest;
use afiliados_domain::Locale;

/// Name of the cookie that remembers an explicit language choice.
pub(crate) const LANG_COOKIE: &str = "lang";

const ES: &str = include_str!("../locales/es.json");
const EN: &str = include_str!("../locales/en.json");

type Messages = HashMap<String, String>;

fn parse(raw: &str) -> Messages {
    // A broken catalogue is caught by the unit tests; at run time it degrades to showing keys.
    serde_json::from_str(raw).unwrap_or_default()
}

fn catalogue(locale: Locale) -> &'static Messages {
    static CATALOGUES: OnceLock<(Messages, Messages)> = OnceLock::new();
    let (es, en) = CATALOGUES.get_or_init(|| (parse(ES), parse(EN)));
    match locale {
        Locale::Es => es,
        Locale::En => en,
    }
}

/// Translates keys for one locale; templates call `i18n.t("key")`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct I18n {
    pub(crate) locale: Locale,
}

impl I18n {
    pub(crate) fn new(locale: Locale) -> I18n {
        I18n { locale }
    }

    /// The message, else the Spanish one, else the key itself (visible, never a crash).
    pub(crate) fn t<'a>(&self, key: &'a str) -> &'a str {
        let found = catalogue(self.locale).get(key);
        if found.is_none() {
            record_missing(self.locale, key);
        }
        found
            .or_else(|| catalogue(Locale::Es).get(key))
            .map_or(key, String::as_str)
    }

    /// The label of an enum value under `prefix` (`influencer_status.pending`); a value the
    /// catalogue does not know yet is shown as it came from the api.
    pub(crate) fn label(&self, prefix: &str, value: impl AsRef<str>) -> String {
        // Takes the domain's enums as well as strings: their spelling is the key.
        let value = value.as_ref();
        let key = format!("{prefix}.{value}");
        match catalogue(self.locale).get(&key) {
            Some(text) => text.clone(),
            None => {
                record_missing(self.locale, &key);
                value.to_owned()
            }
        }
    }

    /// Whether the catalogue knows `key` (error messages fall back to a generic key).
    pub(crate) fn has(&self, key: &str) -> bool {
        catalogue(self.locale).contains_key(key)
    }

    pub(crate) fn lang(&self) -> &'static str {
        self.locale.as_str()
    }

    /// The other language, for the switch link.
    pub(crate) fn other_lang(&self) -> &'static str {
        match self.locale {
            Locale::Es => "en",
            Locale::En => "es",
        }
    }
}

/// Test builds remember every key a page asked for and the catalogue lacked, so a test can
/// render pages and assert none was missing; other builds do nothing here.
#[cfg(test)]
static MISSING: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

#[cfg(test)]
fn record_missing(locale: Locale, key: &str) {
    if let Ok(mut missing) = MISSING.lock() {
        missing.push(format!("{}:{key}", locale.as_str()));
    }
}

#[cfg(not(test))]
fn record_missing(_: Locale, _: &str) {}

/// The keys recorded missing so far (test builds only), emptying the record.
#[cfg(test)]
pub(crate) fn take_missing() -> Vec<String> {
    MISSING
        .lock()
        .map(|mut missing| std::mem::take(&mut *missing))
        .unwrap_or_default()
}

/// The `?lang=` value, when it names a known language.
pub(crate) fn query_lang(req: &HttpRequest) -> Option<Locale> {
    url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(name, _)| name == "lang")
        .and_then(|(_, value)| Locale::parse(&value))
}

/// Picks the language of a request; `user_locale` is the signed-in user's profile locale.
pub(crate) fn resolve_locale(req: &HttpRequest, user_locale: Option<Locale>) -> Locale {
    query_lang(req)
        .or_else(|| {
            req.cookie(LANG_COOKIE)
                .and_then(|cookie| Locale::parse(cookie.value()))
        })
        .or(user_locale)
        .or_else(|| {
            req.headers()
                .get(actix_web::http::header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .map(Locale::from_accept_language)
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn both_locales_have_the_same_keys() {
        let es: BTreeSet<_> = parse(ES).into_keys().collect();
        let en: BTreeSet<_> = parse(EN).into_keys().collect();
        assert!(es.len() > 50, "the Spanish catalogue must parse");
        let only_es: Vec<_> = es.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&es).collect();
        assert!(
            only_es.is_empty() && only_en.is_empty(),
            "only es: {only_es:?}; only en: {only_en:?}"
        );
    }

    #[test]
    fn every_key_used_in_templates_exists() {
        let es = parse(ES);
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut missing = Vec::new();
        for path in walk(std::path::Path::new(root)) {
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split(".t(\"").skip(1) {
                let key = piece.split('"').next().unwrap();
                if !es.contains_key(key) {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from the catalogue: {missing:?}"
        );
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.extend(walk(&path))
            } else {
                files.push(path)
            }
        }
        files
    }

    #[test]
    fn language_choice_order() {
        let req = TestRequest::default()
            .insert_header(("accept-language", "en-US"))
            .to_http_request();
        assert_eq!(resolve_locale(&req, None), Locale::En);
        assert_eq!(resolve_locale(&req, Some(Locale::Es)), Locale::Es);
        let req = TestRequest::with_uri("/login?lang=en")
            .cookie(actix_web::cookie::Cookie::new(LANG_COOKIE, "es"))
            .to_http_request();
        assert_eq!(resolve_locale(&req, None), Locale::En);
        let req = TestRequest::default()
            .cookie(actix_web::cookie::Cookie::new(LANG_COOKIE, "en"))
            .to_http_request();
        assert_eq!(resolve_locale(&req, Some(Locale::Es)), Locale::En);
        assert_eq!(
            resolve_locale(&TestRequest::default().to_http_request(), None),
            Locale::Es
        );
        assert_eq!(I18n::new(Locale::En).t("no.such.key"), "no.such.key");
        assert_eq!(I18n::new(Locale::En).label("no.such", "value"), "value");
    }
}
