//! [`FormData`]: the fields of a submitted form, urlencoded or multipart, with repeated names kept
//! (checkbox lists, social links), and the small parsers the pages share. Values are trimmed;
//! an empty value counts as absent where a field is optional.

use std::str::FromStr;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures::future::LocalBoxFuture;

use crate::error::WebError;

/// The submitted fields in document order.
#[derive(Debug, Clone, Default)]
pub(crate) struct FormData(pub(crate) Vec<(String, String)>);

impl FormData {
    /// The first value of `name`, trimmed (empty when absent).
    pub(crate) fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .unwrap_or_default()
    }

    /// The value of `name` when present and not blank.
    pub(crate) fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name)).filter(|value| !value.is_empty())
    }

    /// Every non-blank value of `name` (repeated fields), trimmed.
    pub(crate) fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .filter(|value| !value.is_empty())
            .collect()
    }

    /// A checkbox: present with any value other than `false`/`off`.
    pub(crate) fn checked(&self, name: &str) -> bool {
        self.0
            .iter()
            .any(|(key, value)| key == name && !matches!(value.as_str(), "false" | "off" | "0"))
    }

    /// A parsed optional value: blank is `Ok(None)`, unparsable is `Err(())` so the page can put
    /// a field error next to it.
    pub(crate) fn parsed<T: FromStr>(&self, name: &str) -> Result<Option<T>, ()> {
        match self.opt(name) {
            None => Ok(None),
            Some(raw) => raw.parse().map(Some).map_err(|_| ()),
        }
    }
}

impl FromRequest for FormData {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<FormData, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let form = web::Form::<Vec<(String, String)>>::from_request(req, payload);
        Box::pin(async move {
            let form = form
                .await
                .map_err(|error| WebError::BadForm(anyhow::anyhow!("unreadable form: {error}")))?;
            Ok(FormData(form.into_inner()))
        })
    }
}

/// A local path to return to after an action (`back` field), never another site.
pub(crate) fn local_path(raw: &str, fallback: &str) -> String {
    let safe = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && !raw.chars().any(char::is_control);
    if safe {
        raw.to_owned()
    } else {
        fallback.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn keeps_repeated_fields_and_trims() {
        let data = form(&[
            ("policy", "a"),
            ("policy", " b "),
            ("policy", ""),
            ("name", "  Ana "),
            ("opt", "on"),
            ("n", "x"),
            ("m", "12"),
        ]);
        assert_eq!(data.all("policy"), vec!["a", "b"]);
        assert_eq!(data.get("name"), "Ana");
        assert_eq!(data.opt("missing"), None);
        assert!(data.checked("opt") && !data.checked("missing"));
        assert_eq!(data.parsed::<i32>("m"), Ok(Some(12)));
        assert_eq!(data.parsed::<i32>("n"), Err(()));
        assert_eq!(data.parsed::<i32>("missing"), Ok(None));
    }

    #[test]
    fn back_links_stay_on_this_site() {
        assert_eq!(local_path("/gestor?page=2", "/x"), "/gestor?page=2");
        assert_eq!(local_path("//evil.example", "/x"), "/x");
        assert_eq!(local_path("https://evil.example", "/x"), "/x");
        assert_eq!(local_path("/\\evil", "/x"), "/x");
    }
}
