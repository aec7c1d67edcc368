//! TOTP per RFC 6238 (HMAC-SHA-1, 6 digits, 30 s), with the step of each accepted code returned so
//! the caller can refuse a replay inside the window.

use rand::RngCore;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::{AuthError, Result};

const ISSUER: &str = "Marketing Afiliados";
const STEP_SECONDS: u64 = 30;

/// A fresh 20-byte secret, base32 without padding.
pub fn generate_totp_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    Secret::Raw(bytes.to_vec())
        .to_encoded()
        .to_string()
        .trim_end_matches('=')
        .to_owned()
}

/// `otpauth://totp/Marketing%20Afiliados:<email>?secret=…&issuer=Marketing%20Afiliados&…`.
pub fn otpauth_uri(secret_base32: &str, email: &str) -> String {
    let label = format!("{}:{}", encode(ISSUER), encode(email));
    format!(
        "otpauth://totp/{label}?secret={secret_base32}&issuer={}&algorithm=SHA1&digits=6&period=30",
        encode(ISSUER)
    )
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The outcome of checking a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotpCheck {
    /// Valid at this step, which is newer than the last used one.
    Valid {
        /// The matched step (`unix time / 30`).
        step: i64,
    },
    /// Wrong, malformed, or a step at or below `last_used_step`.
    Invalid,
}

/// Checks `code` at `now` against steps `t−1`, `t`, `t+1`, refusing steps `≤ last_used_step`.
pub fn verify_totp(
    secret_base32: &str,
    code: &str,
    now_unix: u64,
    last_used_step: Option<i64>,
) -> Result<TotpCheck> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(TotpCheck::Invalid);
    }
    let bytes = Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .map_err(|e| AuthError::Totp(format!("{e:?}")))?;
    let totp = TOTP::new_unchecked(Algorithm::SHA1, 6, 0, STEP_SECONDS, bytes);
    let current = now_unix / STEP_SECONDS;
    for step in [current.saturating_sub(1), current, current + 1] {
        let step_i64 = i64::try_from(step).unwrap_or(i64::MAX);
        if last_used_step.is_some_and(|last| step_i64 <= last) {
            continue;
        }
        let expected = totp.generate(step * STEP_SECONDS);
        if constant_time_eq(expected.as_bytes(), code.as_bytes()) {
            return Ok(TotpCheck::Valid { step: step_i64 });
        }
    }
    Ok(TotpCheck::Invalid)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_at(secret: &str, time: u64) -> String {
        let bytes = Secret::Encoded(secret.to_owned()).to_bytes().unwrap();
        TOTP::new_unchecked(Algorithm::SHA1, 6, 0, 30, bytes).generate(time)
    }

    #[test]
    fn rfc6238_vector() {
        // RFC 6238 appendix B, SHA-1 secret "12345678901234567890", T = 59 s → 94287082 (8 digits).
        let secret = Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        assert_eq!(code_at(&secret, 59), "287082");
    }

    #[test]
    fn window_and_replay() {
        let secret = generate_totp_secret();
        assert_eq!(secret.len(), 32);
        let now = 1_800_000_000;
        let code = code_at(&secret, now);
        let TotpCheck::Valid { step } = verify_totp(&secret, &code, now, None).unwrap() else {
            panic!()
        };
        assert_eq!(
            verify_totp(&secret, &code, now, Some(step)).unwrap(),
            TotpCheck::Invalid,
            "replay"
        );
        let previous = code_at(&secret, now - 30);
        assert!(matches!(
            verify_totp(&secret, &previous, now, None).unwrap(),
            TotpCheck::Valid { .. }
        ));
        let expired = code_at(&secret, now - 90);
        assert_eq!(
            verify_totp(&secret, &expired, now, None).unwrap(),
            TotpCheck::Invalid
        );
        assert_eq!(
            verify_totp(&secret, "12345", now, None).unwrap(),
            TotpCheck::Invalid
        );
    }

    #[test]
    fn uri_shape() {
        let uri = otpauth_uri("ABC", "admin@medipiel.co");
        assert_eq!(
            uri,
            "otpauth://totp/Marketing%20Afiliados:admin@medipiel.co?secret=ABC&issuer=Marketing%20Afiliados&algorithm=SHA1&digits=6&period=30"
        );
    }
}
