//! Access tokens: HS256 JWTs signed with the first key of `JWT_KEYS` (`kid:base64secret,…`).
//! Older keys keep verifying until they are removed from the ring, which is how keys rotate.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{AuthError, Result};

const ISSUER: &str = "marketing-afiliados";
const AUDIENCE: &str = "marketing-afiliados-api";
/// Seconds a token stays valid past its `exp` (none: access tokens are short and refreshed).
const LEEWAY_SECONDS: u64 = 0;

/// `typ` claim: a normal access token or the restricted 2FA enrolment token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenType {
    /// Full access.
    Access,
    /// Only profile, logout and `/auth/2fa/*`.
    Enroll,
}

/// The claims of domain.md §5.1.3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// User id.
    pub sub: Uuid,
    /// Tenant id.
    pub tid: Uuid,
    /// Session id (absent for the enrolment token).
    #[serde(default)]
    pub sid: Option<Uuid>,
    /// Roles at issue time (informative; requests re-read roles from the database).
    pub roles: Vec<String>,
    /// Token type.
    pub typ: TokenType,
    /// Issued at (epoch seconds).
    pub iat: i64,
    /// Expires at (epoch seconds).
    pub exp: i64,
    /// Unique id.
    pub jti: Uuid,
}

struct Key {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

/// The signing key ring.
pub struct JwtKeyRing {
    active_kid: String,
    keys: HashMap<String, Key>,
}

impl std::fmt::Debug for JwtKeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut kids: Vec<_> = self.keys.keys().collect();
        kids.sort();
        f.debug_struct("JwtKeyRing")
            .field("active_kid", &self.active_kid)
            .field("kids", &kids)
            .finish()
    }
}

impl JwtKeyRing {
    /// Parses `kid:base64secret,…`; every secret must decode to at least `min_secret_len` bytes.
    pub fn parse(spec: &str, min_secret_len: usize) -> Result<JwtKeyRing> {
        install_crypto_provider();
        let mut keys = HashMap::new();
        let mut active_kid = None;
        for (index, entry) in spec
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .enumerate()
        {
            let (kid, secret) = entry.split_once(':').ok_or_else(|| {
                AuthError::KeyRing(format!("entry {} is not kid:base64secret", index + 1))
            })?;
            if kid.is_empty()
                || kid.len() > 32
                || !kid
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(AuthError::KeyRing(format!(
                    "entry {} has an invalid kid",
                    index + 1
                )));
            }
            let bytes = STANDARD
                .decode(secret.trim())
                .map_err(|_| AuthError::KeyRing(format!("key {kid} is not valid base64")))?;
            if bytes.len() < min_secret_len {
                return Err(AuthError::KeyRing(format!(
                    "key {kid} is shorter than {min_secret_len} bytes"
                )));
            }
            let key = Key {
                encoding: EncodingKey::from_secret(&bytes)
                    .map_err(|e| AuthError::KeyRing(format!("key {kid}: {e}")))?,
                decoding: DecodingKey::from_secret(&bytes)
                    .map_err(|e| AuthError::KeyRing(format!("key {kid}: {e}")))?,
            };
            if keys.insert(kid.to_owned(), key).is_some() {
                return Err(AuthError::KeyRing(format!("key {kid} appears twice")));
            }
            active_kid.get_or_insert_with(|| kid.to_owned());
        }
        let active_kid = active_kid.ok_or_else(|| AuthError::KeyRing("no keys".into()))?;
        Ok(JwtKeyRing { active_kid, keys })
    }

    /// The kid new tokens are signed with.
    pub fn active_kid(&self) -> &str {
        &self.active_kid
    }

    /// Signs a token for `sub` valid `ttl_seconds` from `now`.
    #[expect(
        clippy::too_many_arguments,
        reason = "each claim is a distinct, named input"
    )]
    pub fn issue(
        &self,
        sub: Uuid,
        tid: Uuid,
        sid: Option<Uuid>,
        roles: Vec<String>,
        typ: TokenType,
        now: i64,
        ttl_seconds: i64,
    ) -> Result<String> {
        let claims = AccessClaims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub,
            tid,
            sid,
            roles,
            typ,
            iat: now,
            exp: now + ttl_seconds,
            jti: Uuid::new_v4(),
        };
        let key = self
            .keys
            .get(&self.active_kid)
            .ok_or_else(|| AuthError::KeyRing("active key missing".into()))?;
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.active_kid.clone());
        jsonwebtoken::encode(&header, &claims, &key.encoding)
            .map_err(|e| AuthError::InvalidToken(e.to_string()))
    }

    /// Verifies signature (by `kid`), issuer, audience and expiry against `now` (epoch seconds,
    /// from the api's injected clock rather than the system time, so a test whose clock stands on
    /// a fixed date still signs in). A token is expired once `exp < now - LEEWAY_SECONDS`, the
    /// rule jsonwebtoken itself applies.
    pub fn verify(&self, token: &str, now: i64) -> Result<AccessClaims> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| AuthError::InvalidToken(e.to_string()))?;
        let kid = header
            .kid
            .ok_or_else(|| AuthError::InvalidToken("no kid".into()))?;
        let key = self
            .keys
            .get(&kid)
            .ok_or_else(|| AuthError::InvalidToken("unknown kid".into()))?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.leeway = LEEWAY_SECONDS;
        // `exp` stays required, but its check against the system time is ours, below.
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let claims = jsonwebtoken::decode::<AccessClaims>(token, &key.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|e| AuthError::InvalidToken(e.to_string()))?;
        if claims.exp < now.saturating_sub(i64::try_from(LEEWAY_SECONDS).unwrap_or(i64::MAX)) {
            return Err(AuthError::InvalidToken("ExpiredSignature".into()));
        }
        Ok(claims)
    }
}

// jsonwebtoken 12 needs exactly one crypto provider; install ours explicitly so a feature
// unification accident fails here, at start-up, instead of at the first sign-in.
fn install_crypto_provider() {
    if jsonwebtoken::crypto::CryptoProvider::try_get_default().is_none() {
        let _ = jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER.install_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "old:MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";
    const NEW: &str = "new:YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWY=";

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn sign_and_verify() {
        let ring = JwtKeyRing::parse(OLD, 32).unwrap();
        let user = Uuid::new_v4();
        let token = ring
            .issue(
                user,
                Uuid::new_v4(),
                None,
                vec!["finance".into()],
                TokenType::Access,
                now(),
                900,
            )
            .unwrap();
        let claims = ring.verify(&token, now()).unwrap();
        assert_eq!(claims.sub, user);
        assert_eq!(claims.typ, TokenType::Access);
    }

    #[test]
    fn previous_key_verifies_until_removed() {
        let old_ring = JwtKeyRing::parse(OLD, 32).unwrap();
        let token = old_ring
            .issue(
                Uuid::new_v4(),
                Uuid::new_v4(),
                None,
                vec![],
                TokenType::Access,
                now(),
                900,
            )
            .unwrap();
        let rotated = JwtKeyRing::parse(&format!("{NEW},{OLD}"), 32).unwrap();
        assert_eq!(rotated.active_kid(), "new");
        assert!(rotated.verify(&token, now()).is_ok());
        let removed = JwtKeyRing::parse(NEW, 32).unwrap();
        assert!(removed.verify(&token, now()).is_err());
    }

    #[test]
    fn expired_and_tampered_tokens_fail() {
        let ring = JwtKeyRing::parse(OLD, 32).unwrap();
        let expired = ring
            .issue(
                Uuid::new_v4(),
                Uuid::new_v4(),
                None,
                vec![],
                TokenType::Access,
                now() - 1000,
                10,
            )
            .unwrap();
        assert!(ring.verify(&expired, now()).is_err());
        let token = ring
            .issue(
                Uuid::new_v4(),
                Uuid::new_v4(),
                None,
                vec![],
                TokenType::Access,
                now(),
                900,
            )
            .unwrap();
        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert!(ring.verify(&tampered, now()).is_err());
        assert!(ring.verify("rt_not-a-jwt", now()).is_err());
    }

    #[test]
    fn expiry_is_judged_against_the_given_now_not_the_system_time() {
        let ring = JwtKeyRing::parse(OLD, 32).unwrap();
        // Issued on a fixed date years away from the machine's clock.
        let issued = 1_767_225_600; // 2026-01-01T00:00:00Z
        let token = ring
            .issue(
                Uuid::new_v4(),
                Uuid::new_v4(),
                None,
                vec![],
                TokenType::Access,
                issued,
                900,
            )
            .unwrap();
        assert!(ring.verify(&token, issued).is_ok());
        assert!(ring.verify(&token, issued + 900).is_ok(), "exp itself");
        assert!(
            ring.verify(&token, issued + 901).is_err(),
            "one second late"
        );
        let future = ring
            .issue(
                Uuid::new_v4(),
                Uuid::new_v4(),
                None,
                vec![],
                TokenType::Access,
                now() + 10 * 365 * 86_400,
                900,
            )
            .unwrap();
        assert!(
            ring.verify(&future, now() + 10 * 365 * 86_400 + 1).is_ok(),
            "a clock pinned in the future signs in"
        );
    }

    #[test]
    fn bad_rings_are_refused() {
        assert!(JwtKeyRing::parse("", 32).is_err());
        assert!(JwtKeyRing::parse("nokid", 32).is_err());
        assert!(JwtKeyRing::parse("k:c2hvcnQ=", 32).is_err());
        assert!(JwtKeyRing::parse(&format!("{OLD},{OLD}"), 32).is_err());
    }
}
