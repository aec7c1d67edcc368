//! The admin's second factor, computed from `QA_ADMIN_TOTP_SECRET` the way the api checks it
//! (RFC 6238: SHA-1, 6 digits, 30-second steps; `afiliados-auth`).

use totp_rs::{Algorithm, Secret, TOTP};

/// The code for the instant `unix_seconds`; an error when the secret is not base32.
pub fn code_at(secret_base32: &str, unix_seconds: u64) -> Result<String, String> {
    let bytes = Secret::Encoded(secret_base32.trim().to_owned())
        .to_bytes()
        .map_err(|_| "the TOTP secret is not base32".to_owned())?;
    Ok(TOTP::new_unchecked(Algorithm::SHA1, 6, 0, 30, bytes).generate(unix_seconds))
}

#[cfg(test)]
mod tests {
    use super::code_at;

    #[test]
    fn rfc_6238_vector_and_a_bad_secret() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 → the last six digits.
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"
        assert_eq!(code_at(secret, 59).unwrap(), "287082");
        assert!(code_at("not base32!", 59).is_err());
    }
}
