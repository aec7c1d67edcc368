//! Policy versions, the consent hash and certificate checksums (`domain.md` §3.2, §5.3).

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::FieldCode;
use crate::canonical_json::canonical_json;
use crate::text_enum::text_enum;

/// Longest user agent kept in a consent (characters).
pub const USER_AGENT_MAX_CHARS: usize = 512;
/// The `verification.algorithm` of a certificate.
pub const CERTIFICATE_ALGORITHM: &str = "SHA-256";
/// The `verification.hashInput` of a certificate: the five fields, named, separated by a
/// backslash-n as the spec writes it (a description, not the data).
pub const CERTIFICATE_HASH_INPUT: &str = "checksum\\ninfluencerId\\nacceptedAt\\nip\\nuserAgent";

text_enum! {
    /// `policy_versions.policy_type`.
    #[derive(PartialOrd, Ord)]
    pub enum PolicyType {
        /// Terms and conditions.
        Terms = "terms",
        /// Privacy policy.
        Privacy = "privacy",
        /// Personal-data processing authorisation (Law 1581).
        HabeasData = "habeas_data",
    }
}

impl PolicyType {}

/// A `MAJOR.MINOR` policy version, ordered by major then minor (`2.10 > 2.9`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PolicyVersion {
    /// `version_major`.
    pub major: u32,
    /// `version_minor`.
    pub minor: u32,
}

impl PolicyVersion {
    /// Parses `^\d+\.\d+$` (ASCII digits only; each part must fit a `u32` and an SQL `INT`).
    pub fn parse(raw: &str) -> Result<PolicyVersion, FieldCode> {
        let (major, minor) = raw.split_once('.').ok_or(FieldCode::InvalidFormat)?;
        Ok(PolicyVersion {
            major: parse_part(major)?,
            minor: parse_part(minor)?,
        })
    }
}

fn parse_part(part: &str) -> Result<u32, FieldCode> {
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldCode::InvalidFormat);
    }
    part.parse::<u32>()
        .ok()
        .filter(|value| i32::try_from(*value).is_ok())
        .ok_or(FieldCode::OutOfRange)
}

impl std::fmt::Display for PolicyVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// `policy_versions.checksum`: lower-case hex SHA-256 of the document text as UTF-8.
pub fn policy_checksum(document_text: &str) -> String {
    sha256_hex(document_text.as_bytes())
}

/// `accepted_at` as the hash writes it: `YYYY-MM-DDTHH:MM:SS.ffffffZ` (microseconds, truncated).
pub fn format_accepted_at(accepted_at: DateTime<Utc>) -> String {
    accepted_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The five hash fields joined with `\n` (no trailing newline): policy checksum, influencer id
/// (lower-case hyphenated), `accepted_at` with microseconds, the IP in canonical text form (IPv6
/// compressed, lower case) or empty, the user agent truncated to 512 characters or empty.
pub fn consent_hash_input(
    policy_checksum: &str,
    influencer_id: Uuid,
    accepted_at: DateTime<Utc>,
    ip: Option<IpAddr>,
    user_agent: Option<&str>,
) -> String {
    let ip = ip.map(|ip| ip.to_string()).unwrap_or_default();
    let user_agent: String = user_agent
        .unwrap_or_default()
        .chars()
        .take(USER_AGENT_MAX_CHARS)
        .collect();
    [
        policy_checksum.to_owned(),
        influencer_id.hyphenated().to_string(),
        format_accepted_at(accepted_at),
        ip,
        user_agent,
    ]
    .join("\n")
}

/// `consents.consent_hash` (§5.3.2): lower-case hex SHA-256 of [`consent_hash_input`].
pub fn consent_hash(
    policy_checksum: &str,
    influencer_id: Uuid,
    accepted_at: DateTime<Utc>,
    ip: Option<IpAddr>,
    user_agent: Option<&str>,
) -> String {
    sha256_hex(
        consent_hash_input(policy_checksum, influencer_id, accepted_at, ip, user_agent).as_bytes(),
    )
}

/// `consent_certificates.checksum` (§5.3.3): lower-case hex SHA-256 of the RFC 8785 canonical
/// JSON of the certificate without its top-level `checksum` member. `None` only when the
/// certificate holds a non-finite number.
pub fn certificate_checksum(certificate: &serde_json::Value) -> Option<String> {
    let canonical = match certificate {
        serde_json::Value::Object(members) => {
            let mut members = members.clone();
            members.remove("checksum");
            canonical_json(&serde_json::Value::Object(members))?
        }
        other => canonical_json(other)?,
    };
    Some(sha256_hex(canonical.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Términos y condiciones del programa de afiliados Medipiel, versión 2.0.\n";
    const CHECKSUM: &str = "e60c5ae2bc0fe2703b9221a90e96e80115772c7a5401639f3e96b138da6b18ef";

    fn accepted() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-02-10T15:04:05.123456789Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn spec_worked_example() {
        assert_eq!(policy_checksum(TEXT), CHECKSUM);
        let influencer = Uuid::parse_str("0190F1A2-7B3C-7D4E-8F90-A1B2C3D4E5F6").unwrap();
        let hash = consent_hash(
            CHECKSUM,
            influencer,
            accepted(),
            Some("181.49.12.7".parse().unwrap()),
            Some("Mozilla/5.0 (Windows NT 10.0; Win64; x64)"),
        );
        assert_eq!(
            hash,
            "22385c3a6bab99cdd1ebaa09244cc1f615488cc5371b03d4202a7b8766449082"
        );
    }

    #[test]
    fn hash_input_fields() {
        let id = Uuid::nil();
        let ip: IpAddr = "2001:DB8:0:0:0:0:0:1".parse().unwrap();
        let long_agent = "é".repeat(600);
        let input = consent_hash_input("c", id, accepted(), Some(ip), Some(&long_agent));
        let parts: Vec<&str> = input.split('\n').collect();
        assert_eq!(parts[1], "00000000-0000-0000-0000-000000000000");
        assert_eq!(parts[2], "2026-02-10T15:04:05.123456Z");
        assert_eq!(parts[3], "2001:db8::1");
        assert_eq!(parts[4].chars().count(), 512);
        let empty = consent_hash_input("c", id, accepted(), None, None);
        assert!(empty.ends_with("Z\n\n"), "{empty:?}");
    }

    #[test]
    fn versions() {
        assert_eq!(PolicyVersion::parse("2.0").unwrap().to_string(), "2.0");
        assert!(PolicyVersion::parse("2.10").unwrap() > PolicyVersion::parse("2.9").unwrap());
        assert!(PolicyVersion::parse("3.0").unwrap() > PolicyVersion::parse("2.99").unwrap());
        for bad in [
            "2", "2.", ".1", "v2.0", "2.0.1", "2.a", " 2.0", "+2.0", "２.0",
        ] {
            assert_eq!(
                PolicyVersion::parse(bad),
                Err(FieldCode::InvalidFormat),
                "{bad}"
            );
        }
        assert_eq!(
            PolicyVersion::parse("99999999999.0"),
            Err(FieldCode::OutOfRange)
        );
        assert_eq!(
            PolicyType::parse("habeas_data"),
            Some(PolicyType::HabeasData)
        );
    }

    #[test]
    fn certificate_checksum_ignores_its_own_member() {
        let cert = serde_json::json!({
            "certificateId": "x",
            "consent": {"consentHash": "abc", "revokedAt": null},
            "verification": {"algorithm": CERTIFICATE_ALGORITHM, "hashInput": CERTIFICATE_HASH_INPUT},
        });
        let sum = certificate_checksum(&cert).unwrap();
        let mut with_checksum = cert.clone();
        with_checksum["checksum"] = serde_json::Value::String(sum.clone());
        assert_eq!(certificate_checksum(&with_checksum).unwrap(), sum);
        let canonical = canonical_json(&cert).unwrap();
        assert_eq!(sum, sha256_hex(canonical.as_bytes()));
        assert!(canonical.starts_with(r#"{"certificateId":"x","consent":{"consentHash""#));
        let mut tampered = cert;
        tampered["consent"]["consentHash"] = "abd".into();
        assert_ne!(certificate_checksum(&tampered).unwrap(), sum);
    }
}
