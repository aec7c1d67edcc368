//! Key-ring behaviour: round trips, tampering, rotation and spec validation.

use afiliados_crypto::{CryptoError, KeyRing};

type TestResult = Result<(), Box<dyn std::error::Error>>;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

fn key(byte: u8) -> String {
    STANDARD.encode([byte; 32])
}

fn ring(spec: &str) -> Result<KeyRing, CryptoError> {
    KeyRing::parse(spec)
}

#[test]
fn round_trip() -> TestResult {
    let ring = ring(&format!("k1:{}", key(1)))?;
    let blob = ring.encrypt(b"secret document number", b"influencer:42")?;
    assert_eq!(blob[0], 0x01);
    assert_eq!(blob[1], 2);
    assert_eq!(&blob[2..4], b"k1");
    assert_eq!(blob.len(), 1 + 1 + 2 + 12 + 22 + 16);
    assert_eq!(KeyRing::key_id_of(&blob), Some("k1"));
    assert_eq!(
        ring.decrypt(&blob, b"influencer:42")?,
        b"secret document number"
    );
    // A fresh nonce each time.
    assert_ne!(
        blob,
        ring.encrypt(b"secret document number", b"influencer:42")?
    );
    // Empty plaintext works too.
    let empty = ring.encrypt(b"", b"")?;
    assert!(ring.decrypt(&empty, b"")?.is_empty());
    Ok(())
}

#[test]
fn wrong_aad_fails() -> TestResult {
    let ring = ring(&format!("k1:{}", key(1)))?;
    let blob = ring.encrypt(b"data", b"influencer:42")?;
    assert!(matches!(
        ring.decrypt(&blob, b"influencer:43"),
        Err(CryptoError::DecryptionFailed)
    ));
    Ok(())
}

#[test]
fn every_tampered_byte_fails() -> TestResult {
    let ring = ring(&format!("k1:{}", key(1)))?;
    let blob = ring.encrypt(b"data", b"aad")?;
    for index in 0..blob.len() {
        let mut tampered = blob.clone();
        tampered[index] ^= 0x01;
        assert!(
            ring.decrypt(&tampered, b"aad").is_err(),
            "byte {index} was not authenticated"
        );
    }
    assert!(ring.decrypt(&blob[..blob.len() - 1], b"aad").is_err());
    assert!(matches!(
        ring.decrypt(&[], b"aad"),
        Err(CryptoError::MalformedCiphertext(_))
    ));
    Ok(())
}

#[test]
fn old_key_still_decrypts_after_rotation() -> TestResult {
    let before = ring(&format!("old:{}", key(1)))?;
    let blob = before.encrypt(b"kept", b"")?;
    let after = ring(&format!("new:{},old:{}", key(2), key(1)))?;
    assert_eq!(after.active_key_id(), "new");
    assert_eq!(after.key_ids().collect::<Vec<_>>(), ["new", "old"]);
    assert_eq!(after.decrypt(&blob, b"")?, b"kept");
    assert!(after.needs_reencryption(&blob));
    let fresh = after.encrypt(b"kept", b"")?;
    assert_eq!(KeyRing::key_id_of(&fresh), Some("new"));
    assert!(!after.needs_reencryption(&fresh));
    Ok(())
}

#[test]
fn unknown_kid_fails() -> TestResult {
    let blob = ring(&format!("gone:{}", key(1)))?.encrypt(b"x", b"")?;
    let other = ring(&format!("k2:{}", key(1)))?;
    match other.decrypt(&blob, b"") {
        Err(CryptoError::UnknownKeyId(kid)) => assert_eq!(kid, "gone"),
        other => panic!("expected UnknownKeyId, got {other:?}"),
    }
    Ok(())
}

#[test]
fn same_kid_different_key_fails() -> TestResult {
    let blob = ring(&format!("k1:{}", key(1)))?.encrypt(b"x", b"")?;
    assert!(matches!(
        ring(&format!("k1:{}", key(9)))?.decrypt(&blob, b""),
        Err(CryptoError::DecryptionFailed)
    ));
    Ok(())
}

#[test]
fn bad_specs_are_rejected_with_clear_messages() -> TestResult {
    let short = STANDARD.encode([7u8; 16]);
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "entry 1 is empty"),
        (format!("k1:{},", key(1)), "entry 2 is empty"),
        ("k1".into(), "not in the form kid:base64key"),
        (format!(":{}", key(1)), "key id is empty"),
        (format!("bad kid:{}", key(1)), "may only contain"),
        (format!("{}:{}", "a".repeat(33), key(1)), "longer than 32"),
        ("k1:not base64!".into(), "not valid standard base64"),
        (format!("k1:{short}"), "decodes to 16 bytes, expected 32"),
        (
            format!("k1:{},k1:{}", key(1), key(2)),
            "appears more than once",
        ),
    ];
    for (spec, expected) in cases {
        let Err(err) = KeyRing::parse(&spec) else {
            panic!("{spec:?} was accepted")
        };
        assert!(matches!(err, CryptoError::InvalidKeyRing(_)));
        let text = err.to_string();
        assert!(text.contains(expected), "{spec:?}: {text}");
        assert!(
            !text.contains(&key(1)) && !text.contains(&key(2)),
            "key material leaked: {text}"
        );
    }
    Ok(())
}

#[test]
fn debug_does_not_print_key_material() -> TestResult {
    let spec = format!("new:{},old:{}", key(2), key(1));
    let text = format!("{:?}", ring(&spec)?);
    assert!(text.contains("new") && text.contains("old"), "{text}");
    assert!(!text.contains(&key(1)) && !text.contains(&key(2)), "{text}");
    assert!(!text.contains("2, 2, 2"), "{text}");
    Ok(())
}

#[test]
fn from_keys_and_whitespace() -> TestResult {
    let built = KeyRing::from_keys([("a", [1u8; 32]), ("b", [2u8; 32])])?;
    let parsed = ring(&format!(" a:{} , b:{} ", key(1), key(2)))?;
    let blob = built.encrypt(b"same keys", b"")?;
    assert_eq!(parsed.decrypt(&blob, b"")?, b"same keys");
    assert!(parsed.contains("b") && !parsed.contains("c"));
    Ok(())
}
