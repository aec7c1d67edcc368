//! argon2id hashing with parameters from configuration. The parameters live in each PHC string,
//! so hashes made with older parameters keep verifying after a change.

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher as _, PasswordVerifier, Version,
};

use crate::{AuthError, Result};

/// `ARGON2_MEMORY_KIB`, `ARGON2_ITERATIONS`, `ARGON2_PARALLELISM` (domain.md §5.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Params {
    /// Memory in KiB (19456).
    pub memory_kib: u32,
    /// Passes (2).
    pub iterations: u32,
    /// Lanes (1).
    pub parallelism: u32,
}

impl Default for Argon2Params {
    fn default() -> Self {
        Argon2Params {
            memory_kib: 19_456,
            iterations: 2,
            parallelism: 1,
        }
    }
}

/// Hashes and verifies passwords. CPU-heavy: call from `spawn_blocking`.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    params: Params,
    /// A hash verified for unknown emails so that timing does not reveal which accounts exist.
    dummy_hash: String,
}

impl PasswordHasher {
    /// Builds a hasher; fails on parameters argon2 refuses.
    pub fn new(params: Argon2Params) -> Result<PasswordHasher> {
        let params = Params::new(
            params.memory_kib,
            params.iterations,
            params.parallelism,
            None,
        )
        .map_err(|e| AuthError::Hashing(e.to_string()))?;
        let mut hasher = PasswordHasher {
            params,
            dummy_hash: String::new(),
        };
        hasher.dummy_hash = hasher.hash("dummy-password-for-timing-equalisation")?;
        Ok(hasher)
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// A PHC string with a fresh random salt.
    pub fn hash(&self, password: &str) -> Result<String> {
        self.argon2()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| AuthError::Hashing(e.to_string()))
    }

    /// Whether `password` matches `phc`; a malformed stored hash never matches.
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        match PasswordHash::new(phc) {
            Ok(parsed) => self
                .argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        }
    }

    /// Spends the same work as a real verification, for accounts without a password.
    pub fn verify_dummy(&self, password: &str) {
        let _ = self.verify(password, &self.dummy_hash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast() -> PasswordHasher {
        PasswordHasher::new(Argon2Params {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        })
        .unwrap()
    }

    #[test]
    fn hash_then_verify() {
        let hasher = fast();
        let phc = hasher.hash("Changeit!2024").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
        assert!(hasher.verify("Changeit!2024", &phc));
        assert!(!hasher.verify("Changeit!2025", &phc));
        assert!(!hasher.verify("Changeit!2024", "not a hash"));
    }

    #[test]
    fn old_parameters_keep_verifying() {
        let old = fast().hash("Contraseña2024!").unwrap();
        let new = PasswordHasher::new(Argon2Params {
            memory_kib: 2048,
            iterations: 2,
            parallelism: 1,
        })
        .unwrap();
        assert!(new.verify("Contraseña2024!", &old));
    }
}
