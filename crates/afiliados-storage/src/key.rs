//! Object keys: relative, `/`-separated, made of safe characters.

use crate::{Result, StorageError};

/// Longest key accepted (S3's limit).
pub const MAX_KEY_LEN: usize = 1024;

/// Checks that `key` is a safe object key: non-empty, at most 1 024 bytes, segments separated by
/// single `/` (no leading, trailing or doubled `/`), each segment made of `A–Z a–z 0–9 . _ - =`,
/// and no segment that is `.`, `..` or starts with `.` (hidden names are reserved for the local
/// backend's temporary files). Absolute paths, backslashes and traversal are therefore refused.
pub fn validate_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(invalid(key, "empty"));
    }
    validate_segments(key)
}

/// Checks a list prefix: empty (everything) or a key, optionally with a trailing `/`.
pub fn validate_prefix(prefix: &str) -> Result<&str> {
    let trimmed = prefix.strip_suffix('/').unwrap_or(prefix);
    if trimmed.is_empty() {
        if prefix.is_empty() {
            return Ok("");
        }
        return Err(invalid(prefix, "a bare `/` is not a prefix"));
    }
    validate_segments(trimmed)?;
    Ok(trimmed)
}

fn validate_segments(key: &str) -> Result<()> {
    if key.len() > MAX_KEY_LEN {
        return Err(invalid(key, "longer than 1024 bytes"));
    }
    if key.starts_with('/') {
        return Err(invalid(key, "absolute paths are not keys"));
    }
    for segment in key.split('/') {
        if segment.is_empty() {
            return Err(invalid(key, "empty path segment"));
        }
        if segment == "." || segment == ".." {
            return Err(invalid(key, "`.` and `..` segments are not allowed"));
        }
        if segment.starts_with('.') {
            return Err(invalid(key, "segments may not start with `.`"));
        }
        if !segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'='))
        {
            return Err(invalid(key, "only A-Z a-z 0-9 . _ - = and / are allowed"));
        }
    }
    Ok(())
}

fn invalid(key: &str, reason: &'static str) -> StorageError {
    StorageError::InvalidKey {
        key: key.chars().take(200).collect(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_document_and_backup_keys() {
        for ok in [
            "influencer/0190f1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6/0190f1a2-7b3c-7d4e-8f90-a1b2c3d4e5f7",
            "backups/daily/2026-03-01T05-00-00Z.dump.enc",
            "a",
            "logo=1.png",
        ] {
            assert!(validate_key(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_traversal_and_absolute_paths() {
        for bad in [
            "",
            "/etc/passwd",
            "../secret",
            "a/../../b",
            "a/./b",
            "a//b",
            "a/",
            "a\\..\\b",
            ".hidden",
            "a/.tmp-x",
            "a b",
            "a\0b",
            "ñ",
            "C:/x",
        ] {
            assert!(
                matches!(validate_key(bad), Err(StorageError::InvalidKey { .. })),
                "{bad:?}"
            );
        }
        assert!(validate_key(&"a".repeat(1025)).is_err());
    }

    #[test]
    fn prefixes() {
        assert_eq!(validate_prefix("").unwrap(), "");
        assert_eq!(validate_prefix("influencer/").unwrap(), "influencer");
        assert_eq!(validate_prefix("influencer/x").unwrap(), "influencer/x");
        assert!(validate_prefix("/").is_err());
        assert!(validate_prefix("../").is_err());
        assert!(validate_prefix("a//").is_err());
    }
}
