//! Social profile links (`domain.md` §5.2.2): 0–10 `https://` URLs of at most 300 characters.

use serde::{Deserialize, Serialize};

use crate::{FieldCode, FieldError};

/// Most links an influencer may list.
pub const MAX_SOCIAL_LINKS: usize = 10;
/// Longest link, in characters.
pub const MAX_SOCIAL_LINK_CHARS: usize = 300;

/// A trimmed `https://` URL with a host and no whitespace or control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SocialLink(String);

impl SocialLink {
    /// Codes: `required` (blank), `too_long`, `invalid_format` (not `https://host…`).
    pub fn parse(raw: &str) -> Result<SocialLink, FieldCode> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(FieldCode::Required);
        }
        if value.chars().count() > MAX_SOCIAL_LINK_CHARS {
            return Err(FieldCode::TooLong);
        }
        let scheme_ok = value
            .get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
        let rest = value.get(8..).unwrap_or_default();
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host_ok = !host.is_empty()
            && !host.contains('@')
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'));
        let chars_ok = !value.chars().any(|c| c.is_whitespace() || c.is_control());
        if !(scheme_ok && host_ok && chars_ok) {
            return Err(FieldCode::InvalidFormat);
        }
        Ok(SocialLink(format!("https://{rest}")))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Validates a whole list under the field name `socialLinks`: more than ten → `too_long` on the
/// list; a bad item → its code at `socialLinks[i]`. Returns every problem found.
pub fn parse_social_links(raw: &[String]) -> Result<Vec<SocialLink>, Vec<FieldError>> {
    let mut errors = Vec::new();
    if raw.len() > MAX_SOCIAL_LINKS {
        errors.push(FieldError::new("socialLinks", FieldCode::TooLong));
    }
    let mut links = Vec::with_capacity(raw.len());
    for (index, item) in raw.iter().enumerate() {
        match SocialLink::parse(item) {
            Ok(link) => links.push(link),
            Err(code) => errors.push(FieldError::new(format!("socialLinks[{index}]"), code)),
        }
    }
    if errors.is_empty() {
        Ok(links)
    } else {
        Err(errors)
    }
}

impl TryFrom<String> for SocialLink {
    type Error = FieldCode;

    fn try_from(value: String) -> Result<SocialLink, FieldCode> {
        SocialLink::parse(&value)
    }
}

impl From<SocialLink> for String {
    fn from(link: SocialLink) -> String {
        link.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_links() {
        assert_eq!(
            SocialLink::parse(" https://instagram.com/isabela ")
                .unwrap()
                .as_str(),
            "https://instagram.com/isabela"
        );
        assert_eq!(
            SocialLink::parse("HTTPS://tiktok.com/@isa")
                .unwrap()
                .as_str(),
            "https://tiktok.com/@isa"
        );
        assert_eq!(SocialLink::parse(""), Err(FieldCode::Required));
        for bad in [
            "http://instagram.com/x",
            "instagram.com/x",
            "https://",
            "https:///path",
            "https://user@host.com",
            "https://insta gram.com",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                SocialLink::parse(bad),
                Err(FieldCode::InvalidFormat),
                "{bad}"
            );
        }
        let long = format!("https://a.co/{}", "x".repeat(300));
        assert_eq!(SocialLink::parse(&long), Err(FieldCode::TooLong));
    }

    #[test]
    fn list_limits() {
        let ok: Vec<String> = (0..10).map(|i| format!("https://a.co/{i}")).collect();
        assert_eq!(parse_social_links(&ok).unwrap().len(), 10);
        assert!(parse_social_links(&[]).unwrap().is_empty());
        let mut too_many = ok.clone();
        too_many.push("ftp://x".into());
        let errors = parse_social_links(&too_many).unwrap_err();
        assert_eq!(
            errors,
            vec![
                FieldError::new("socialLinks", FieldCode::TooLong),
                FieldError::new("socialLinks[10]", FieldCode::InvalidFormat),
            ]
        );
    }
}
