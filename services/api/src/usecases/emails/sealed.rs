//! Payloads that carry a live single-use link (reset, invitation, first password) are stored
//! sealed with the data key ring, never in clear (ADR 0024): a dump or a backup of the database
//! yields no working link. The worker gets the clear payload only with its lease
//! (`POST /internal/v1/emails/{id}/claim`); reading the row (`GET`) shows `{"sealed": true}`.
//! Once the row is sent or cancelled a trigger replaces the sealed payload with
//! `{"scrubbed": true}` (migration `2026-12-06-300002_email_outbox_sealed_links`).
//!
//! Stored form: `{"sealed": "<base64 of the key ring's blob>"}`, the additional data binding the
//! blob to the row's template and recipient, so it cannot be moved to another row.

use afiliados_crypto::{CryptoError, KeyRing};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

/// The key of a sealed payload.
pub const SEALED: &str = "sealed";

fn aad(template: &str, recipient: &str) -> Vec<u8> {
    format!("email_outbox.payload\n{template}\n{recipient}").into_bytes()
}

/// Why a sealed payload does not open.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Not base64, or not JSON once opened.
    #[error("sealed e-mail payload is malformed")]
    Malformed,
    /// Wrong key, tampered blob, or moved to another row.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
}

/// `payload` sealed for the row (`template`, `recipient`).
pub fn seal(
    keys: &KeyRing,
    template: &str,
    recipient: &str,
    payload: &Value,
) -> Result<Value, CryptoError> {
    let clear = payload.to_string();
    let blob = keys.encrypt(clear.as_bytes(), &aad(template, recipient))?;
    Ok(json!({ SEALED: STANDARD.encode(blob) }))
}

/// Whether a stored payload is sealed.
pub fn is_sealed(payload: &Value) -> bool {
    payload.get(SEALED).is_some_and(Value::is_string)
}

/// The clear payload of a stored one (unchanged when it is not sealed).
pub fn open(
    keys: &KeyRing,
    template: &str,
    recipient: &str,
    payload: &Value,
) -> Result<Value, OpenError> {
    let Some(encoded) = payload.get(SEALED).and_then(Value::as_str) else {
        return Ok(payload.clone());
    };
    let blob = STANDARD.decode(encoded).map_err(|_| OpenError::Malformed)?;
    let clear = keys.decrypt(&blob, &aad(template, recipient))?;
    serde_json::from_slice(&clear).map_err(|_| OpenError::Malformed)
}

/// What a reader without the lease sees: `{"sealed": true}` instead of the blob.
pub fn redacted(payload: &Value) -> Value {
    if is_sealed(payload) {
        json!({ SEALED: true })
    } else {
        payload.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring() -> KeyRing {
        KeyRing::parse("k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").unwrap()
    }

    #[test]
    fn a_sealed_payload_hides_the_link_and_opens_only_for_its_row() {
        let keys = ring();
        let payload = json!({ "firstName": "Ana", "link": "https://x.test/r?token=SECRET123" });
        let sealed = seal(&keys, "password_reset", "ana@x.co", &payload).unwrap();
        assert!(is_sealed(&sealed));
        assert!(!sealed.to_string().contains("SECRET123"));
        assert_eq!(
            open(&keys, "password_reset", "ana@x.co", &sealed).unwrap(),
            payload
        );
        assert!(open(&keys, "password_reset", "eve@x.co", &sealed).is_err());
        assert!(open(&keys, "user_invitation", "ana@x.co", &sealed).is_err());
        assert_eq!(redacted(&sealed), json!({ "sealed": true }));
        assert_eq!(
            open(&keys, "code_activated", "ana@x.co", &payload).unwrap(),
            payload,
            "a clear payload opens as itself"
        );
    }
}
