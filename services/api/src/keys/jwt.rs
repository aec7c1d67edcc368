//! The JWT key ring's rotation (ADR 0065): a new signing key in front of `JWT_KEYS`, the ring's
//! status, and the rule for retiring an older key.
//!
//! Access tokens are the only JWTs (refresh tokens are opaque), and they live `JWT_ACCESS_TTL`.
//! A token signed by an older key `K` can only have been issued by a process that signed with
//! `K`; once every process signs with the current key `S`, no new `K` token appears, and the last
//! one expires `JWT_ACCESS_TTL` later. The api records in `jwt_signing_keys` the first and the
//! latest start-up of a process signing with each kid. During a rolling deploy the old processes
//! keep signing with `K` until the new ones are up, so the clock starts at the *latest* start-up
//! of a process signing with `S` (plus [`DEPLOY_MARGIN_SECONDS`] for the old processes' shutdown),
//! not the first. Retiring early would only log people out early (401, then a refresh with `S`),
//! never let a forged token in; retiring late costs nothing, so the rule errs on late.

use afiliados_db::jwt_signing_keys::SigningKeyRecord;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Duration, Utc};

/// Bytes of a generated key (HS256 wants at least the hash's 32).
pub const KEY_BYTES: usize = 32;

/// Added to `JWT_ACCESS_TTL`: an old process may still sign while the last new one becomes ready
/// and while it drains (`terminationGracePeriodSeconds` is 30 s in `infrastructure/k8s/api.yaml`).
pub const DEPLOY_MARGIN_SECONDS: i64 = 300;

/// Why a key cannot leave the ring.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RetireRefused {
    /// Not in `JWT_KEYS`.
    #[error("key {0:?} is not in JWT_KEYS")]
    Unknown(String),
    /// It signs new tokens.
    #[error(
        "key {0:?} is the signing key (first in JWT_KEYS); add a new key first (`keys jwt add`)"
    )]
    Signing(String),
    /// No api process has started with the current signing key: this ring is not deployed yet.
    #[error(
        "the signing key {signing:?} has not signed in this deployment yet: deploy this JWT_KEYS, \
         then wait JWT_ACCESS_TTL"
    )]
    NotDeployed {
        /// The first key of `JWT_KEYS`.
        signing: String,
    },
    /// A process signing with the key started after the last one signing with the current key
    /// (a deploy in progress, or a rollback).
    #[error(
        "an api process signing with {kid:?} started at {started} (after the last one signing \
         with {signing:?}): deploy this JWT_KEYS again, then wait JWT_ACCESS_TTL"
    )]
    SignedLater {
        /// The key to retire.
        kid: String,
        /// The first key of `JWT_KEYS`.
        signing: String,
        /// That process's start-up.
        started: DateTime<Utc>,
    },
    /// A token it signed may still be valid.
    #[error("tokens signed by {kid:?} may be valid until {until}; retire it after that")]
    StillValid {
        /// The key to retire.
        kid: String,
        /// When the last of them expires, at the latest.
        until: DateTime<Utc>,
    },
}

/// The kids of a ring spec that `JwtKeyRing::parse` accepted, in order (the first signs).
pub fn kids(spec: &str) -> Vec<String> {
    spec.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .filter_map(|entry| entry.split_once(':'))
        .map(|(kid, _)| kid.trim().to_owned())
        .collect()
}

/// A fresh key named `kid`, first (signing) in front of `spec`; the old keys stay for verifying.
pub fn add(spec: &str, kid: &str) -> anyhow::Result<String> {
    let key = STANDARD.encode(afiliados_crypto::random_bytes(KEY_BYTES));
    let ring = format!("{kid}:{key},{}", spec.trim());
    // Refuses a bad or duplicate kid before anyone puts the value in a secret.
    afiliados_auth::JwtKeyRing::parse(&ring, KEY_BYTES)?;
    Ok(ring)
}

fn record<'a>(records: &'a [SigningKeyRecord], kid: &str) -> Option<&'a SigningKeyRecord> {
    records.iter().find(|record| record.kid == kid)
}

/// Whether `kid` may leave the ring `spec` at `now`, given the start-up records and
/// `JWT_ACCESS_TTL`.
pub fn check_retire(
    spec: &str,
    records: &[SigningKeyRecord],
    kid: &str,
    now: DateTime<Utc>,
    access_ttl_seconds: i64,
) -> Result<(), RetireRefused> {
    let kids = kids(spec);
    let Some(signing) = kids.first() else {
        return Err(RetireRefused::Unknown(kid.to_owned()));
    };
    if !kids.iter().any(|k| k == kid) {
        return Err(RetireRefused::Unknown(kid.to_owned()));
    }
    if signing == kid {
        return Err(RetireRefused::Signing(kid.to_owned()));
    }
    let Some(current) = record(records, signing) else {
        return Err(RetireRefused::NotDeployed {
            signing: signing.clone(),
        });
    };
    if let Some(old) = record(records, kid)
        && old.last_started_at > current.last_started_at
    {
        return Err(RetireRefused::SignedLater {
            kid: kid.to_owned(),
            signing: signing.clone(),
            started: old.last_started_at,
        });
    }
    let until = current.last_started_at
        + Duration::seconds(access_ttl_seconds.saturating_add(DEPLOY_MARGIN_SECONDS));
    if now < until {
        return Err(RetireRefused::StillValid {
            kid: kid.to_owned(),
            until,
        });
    }
    Ok(())
}

/// The ring `spec` without `kid`, when [`check_retire`] allows it.
pub fn retire(
    spec: &str,
    records: &[SigningKeyRecord],
    kid: &str,
    now: DateTime<Utc>,
    access_ttl_seconds: i64,
) -> Result<String, RetireRefused> {
    check_retire(spec, records, kid, now, access_ttl_seconds)?;
    Ok(spec
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .filter(|entry| entry.split_once(':').is_none_or(|(k, _)| k.trim() != kid))
        .collect::<Vec<_>>()
        .join(","))
}

/// What `keys jwt status` prints: the signing kid and its records, then each older kid and
/// whether it may be retired. Kids and times only.
pub fn status_lines(
    spec: &str,
    records: &[SigningKeyRecord],
    now: DateTime<Utc>,
    access_ttl_seconds: i64,
) -> Vec<String> {
    let kids = kids(spec);
    let mut lines = Vec::new();
    let Some(signing) = kids.first() else {
        return lines;
    };
    lines.push(match record(records, signing) {
        Some(current) => format!(
            "signing key: {signing} (signing since {}, latest api start-up {})",
            current.first_signed_at.to_rfc3339(),
            current.last_started_at.to_rfc3339()
        ),
        None => format!(
            "signing key: {signing} (has not signed in this deployment yet: deploy this JWT_KEYS)"
        ),
    });
    for kid in kids.iter().skip(1) {
        let verdict = match check_retire(spec, records, kid, now, access_ttl_seconds) {
            Ok(()) => format!("may be retired (`afiliados-api keys jwt retire --kid {kid}`)"),
            Err(RetireRefused::StillValid { until, .. }) => {
                format!("verifies only; may be retired from {}", until.to_rfc3339())
            }
            Err(refused) => format!("verifies only; may not be retired: {refused}"),
        };
        lines.push(format!("key {kid}: {verdict}"));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const K1: &str = "k1:MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";
    const K2: &str = "k2:YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWY=";
    const TTL: i64 = 900;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_796_000_000 + seconds, 0).unwrap()
    }

    fn started(kid: &str, first: i64, last: i64) -> SigningKeyRecord {
        SigningKeyRecord {
            kid: kid.to_owned(),
            first_signed_at: at(first),
            last_started_at: at(last),
        }
    }

    #[test]
    fn add_puts_a_fresh_signing_key_first_and_keeps_the_old_ones() {
        let ring = add(K1, "k2").unwrap();
        assert_eq!(kids(&ring), ["k2", "k1"]);
        assert!(ring.ends_with(&format!(",{K1}")));
        let parsed = afiliados_auth::JwtKeyRing::parse(&ring, KEY_BYTES).unwrap();
        assert_eq!(parsed.active_kid(), "k2");
        assert_ne!(add(K1, "k2").unwrap(), ring, "a new random key each time");
        assert!(add(K1, "k1").is_err(), "a duplicate kid");
        assert!(add(K1, "bad kid").is_err(), "an invalid kid");
    }

    #[test]
    fn retire_waits_the_access_ttl_and_the_margin_after_the_latest_start_with_the_new_key() {
        let spec = format!("{K2},{K1}");
        let records = [started("k1", 0, 0), started("k2", 100, 400)];
        let until = at(400 + TTL + DEPLOY_MARGIN_SECONDS);
        assert_eq!(
            retire(&spec, &records, "k1", until - Duration::seconds(1), TTL),
            Err(RetireRefused::StillValid {
                kid: "k1".into(),
                until
            })
        );
        assert_eq!(retire(&spec, &records, "k1", until, TTL).unwrap(), K2);
    }

    #[test]
    fn retire_refuses_the_signing_key_an_unknown_key_and_an_undeployed_ring() {
        let spec = format!("{K2},{K1}");
        let late = at(1_000_000);
        let deployed = [started("k1", 0, 0), started("k2", 100, 100)];
        assert_eq!(
            retire(&spec, &deployed, "k2", late, TTL),
            Err(RetireRefused::Signing("k2".into()))
        );
        assert_eq!(
            retire(&spec, &deployed, "k9", late, TTL),
            Err(RetireRefused::Unknown("k9".into()))
        );
        assert_eq!(
            retire(&spec, &[started("k1", 0, 0)], "k1", late, TTL),
            Err(RetireRefused::NotDeployed {
                signing: "k2".into()
            })
        );
    }

    #[test]
    fn retire_refuses_a_key_a_process_started_signing_with_after_the_new_key() {
        // k2 deployed at 100, rolled back to k1 at 200: k1 signs again.
        let records = [started("k1", 0, 200), started("k2", 100, 100)];
        let refused = retire(&format!("{K2},{K1}"), &records, "k1", at(1_000_000), TTL);
        assert!(matches!(refused, Err(RetireRefused::SignedLater { .. })));
    }

    #[test]
    fn status_names_kids_and_verdicts_and_never_secrets() {
        let spec = format!("k3:MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE=,{K2},{K1}");
        let records = [started("k1", 0, 0), started("k2", 100, 100)];
        let lines = status_lines(&spec, &records, at(100 + TTL + DEPLOY_MARGIN_SECONDS), TTL);
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("signing key: k3 (has not signed"));
        assert!(lines[1].starts_with("key k2: verifies only; may not be retired"));
        assert!(lines[2].starts_with("key k1: verifies only; may not be retired"));

        let spec = format!("{K2},{K1}");
        let lines = status_lines(&spec, &records, at(100), TTL);
        assert_eq!(
            lines,
            [
                format!(
                    "signing key: k2 (signing since {0}, latest api start-up {0})",
                    at(100).to_rfc3339()
                ),
                format!(
                    "key k1: verifies only; may be retired from {}",
                    at(100 + TTL + DEPLOY_MARGIN_SECONDS).to_rfc3339()
                ),
            ]
        );
        let later = status_lines(&spec, &records, at(1_000_000), TTL);
        assert_eq!(
            later[1],
            "key k1: may be retired (`afiliados-api keys jwt retire --kid k1`)"
        );
        for line in lines.iter().chain(&later) {
            assert!(!line.contains("MDEy") && !line.contains("YWJj"), "{line}");
        }
    }
}
