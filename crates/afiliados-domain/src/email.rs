//! Email addresses, parsed once at the edge and normalised to lower case.

/// A syntactically valid, lower-cased email address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Trims, lower-cases and checks the shape `local@domain.tld` (no spaces, ≤ 254 chars).
    pub fn parse(raw: &str) -> Option<Email> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() || value.len() > 254 || value.chars().any(char::is_whitespace) {
            return None;
        }
        let (local, domain) = value.rsplit_once('@')?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return None;
        }
        Some(Email(value))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn parses_and_normalises() {
        assert_eq!(
            Email::parse(" Admin@Medipiel.CO ").map(|e| e.0),
            Some("admin@medipiel.co".into())
        );
        for bad in [
            "", "a", "a@b", "a@@b.co", "a b@c.co", "@c.co", "a@.co", "a@c..co",
        ] {
            assert!(Email::parse(bad).is_none(), "{bad}");
        }
    }
}
