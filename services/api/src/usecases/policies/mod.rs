//! Legal policy versions (domain.md §5.3.1).

pub mod publish;
pub mod read;

use afiliados_api_types::policies::PolicyVersionResponse;
use afiliados_db::policy_versions::PolicyVersion;

/// The three policy types.
pub const POLICY_TYPES: [&str; 3] = ["terms", "privacy", "habeas_data"];

/// The representation of a version.
pub fn response(row: PolicyVersion) -> PolicyVersionResponse {
    PolicyVersionResponse {
        id: row.id.into(),
        policy_type: row.policy_type,
        version: row.version,
        title: row.title,
        document_url: row.document_url,
        checksum: row.checksum,
        published_at: row.published_at,
        is_active: row.is_active,
        notes: row.notes,
        accepted_count: None,
    }
}

/// `MAJOR.MINOR` → `(major, minor)`; anything else is `None`.
pub fn parse_version(raw: &str) -> Option<(i32, i32)> {
    let (major, minor) = raw.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(major) || !digits(minor) {
        return None;
    }
    Some((major.parse().ok()?, minor.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::parse_version;

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(parse_version("2.10"), Some((2, 10)));
        assert!(parse_version("2.10") > parse_version("2.9"));
        for bad in ["2", "2.", ".1", "a.b", "1.2.3", "-1.0"] {
            assert_eq!(parse_version(bad), None, "{bad}");
        }
    }
}
