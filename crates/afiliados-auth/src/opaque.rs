//! Opaque tokens: refresh tokens, reset/invitation tokens and recovery codes. Only their SHA-256
//! is stored, so a database leak does not hand out sessions.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// `rt_` + 43 base64url characters from 32 random bytes.
pub fn new_refresh_token() -> String {
    format!("rt_{}", URL_SAFE_NO_PAD.encode(random_bytes::<32>()))
}

/// 43 base64url characters, for e-mailed reset and invitation links.
pub fn new_single_use_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// SHA-256 of a token as stored.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

const RECOVERY_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Ten `XXXX-XXXX` codes over `A–Z2–7`.
pub fn generate_recovery_codes() -> Vec<String> {
    (0..10)
        .map(|_| {
            let bytes = random_bytes::<8>();
            let chars: String = bytes
                .iter()
                .map(|b| RECOVERY_ALPHABET[usize::from(b & 31)] as char)
                .collect();
            format!("{}-{}", &chars[..4], &chars[4..])
        })
        .collect()
}

/// Hash of a recovery code after normalising case, spaces and the dash.
pub fn hash_recovery_code(code: &str) -> Vec<u8> {
    let normalised: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Sha256::digest(normalised.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_token_shape() {
        let token = new_refresh_token();
        assert!(token.starts_with("rt_"));
        assert_eq!(token.len(), 3 + 43);
        assert_ne!(token, new_refresh_token());
    }

    #[test]
    fn recovery_codes_shape_and_normalisation() {
        let codes = generate_recovery_codes();
        assert_eq!(codes.len(), 10);
        for code in &codes {
            assert_eq!(code.len(), 9);
            assert_eq!(&code[4..5], "-");
            assert!(
                code.chars()
                    .all(|c| c == '-' || RECOVERY_ALPHABET.contains(&(c as u8)))
            );
        }
        assert_eq!(
            hash_recovery_code("abcd-efgh"),
            hash_recovery_code("ABCDEFGH")
        );
    }
}
