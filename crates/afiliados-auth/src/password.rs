//! argon2id hashing with parameters from configuration. The parameters live in each PHC string,
//! so hashes made with older parameters keep verifying after a change.

use argon2::password_hash::phc::{Output, ParamsString, Salt};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};
use rand::RngCore;

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

/// Hashes and verifies passwords. CPU-heavy and `memory_kib` of memory each: the api runs it on
/// the bounded [`crate::HashingPool`], whose workers keep one reusable block of memory each
/// (`*_with_memory`); seeds and tools call [`PasswordHasher::hash`] directly.
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

    /// Blocks one hash with these parameters needs (one per KiB).
    pub fn block_count(&self) -> usize {
        self.params.block_count()
    }

    /// A PHC string with a fresh random salt.
    pub fn hash(&self, password: &str) -> Result<String> {
        self.hash_with_memory(password, &mut Vec::new())
    }

    /// [`PasswordHasher::hash`] in `memory`, grown to the size the parameters need and kept by
    /// the caller for the next hash, so the 19 MiB block is allocated once per worker instead of
    /// once per hash (glibc kept the freed blocks in per-thread arenas).
    pub fn hash_with_memory(&self, password: &str, memory: &mut Vec<Block>) -> Result<String> {
        let mut salt = [0u8; Salt::RECOMMENDED_LENGTH];
        rand::rng().fill_bytes(&mut salt);
        let salt = Salt::new(&salt).map_err(|e| AuthError::Hashing(e.to_string()))?;
        let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
        let argon2 = self.argon2();
        argon2
            .hash_password_into_with_memory(
                password.as_bytes(),
                &salt,
                &mut out,
                sized(memory, self.params.block_count()),
            )
            .map_err(|e| AuthError::Hashing(e.to_string()))?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&self.params)
                .map_err(|e| AuthError::Hashing(e.to_string()))?,
            salt: Some(salt),
            hash: Some(Output::new(&out).map_err(|e| AuthError::Hashing(e.to_string()))?),
        };
        Ok(phc.to_string())
    }

    /// Whether `password` matches `phc`; a malformed stored hash never matches.
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        self.verify_with_memory(password, phc, &mut Vec::new())
    }

    /// [`PasswordHasher::verify`] in reusable `memory`, with the parameters stored in `phc`
    /// (older hashes keep verifying after a change).
    pub fn verify_with_memory(&self, password: &str, phc: &str, memory: &mut Vec<Block>) -> bool {
        let Ok(parsed) = PasswordHash::new(phc) else {
            return false;
        };
        let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
            return false;
        };
        let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
            return false;
        };
        let version = match parsed.version.map(Version::try_from) {
            None => Version::V0x13,
            Some(Ok(version)) => version,
            Some(Err(_)) => return false,
        };
        let Ok(params) = Params::try_from(&parsed) else {
            return false;
        };
        let blocks = params.block_count();
        let mut out = vec![0u8; expected.len()];
        let argon2 = Argon2::new(algorithm, version, params);
        if argon2
            .hash_password_into_with_memory(
                password.as_bytes(),
                salt,
                &mut out,
                sized(memory, blocks),
            )
            .is_err()
        {
            return false;
        }
        // `Output`'s equality is constant-time.
        Output::new(&out).is_ok_and(|computed| &computed == expected)
    }

    /// Spends the same work as a real verification, for accounts without a password.
    pub fn verify_dummy(&self, password: &str) {
        let _ = self.verify(password, &self.dummy_hash);
    }

    /// [`PasswordHasher::verify_dummy`] in reusable `memory`.
    pub fn verify_dummy_with_memory(&self, password: &str, memory: &mut Vec<Block>) {
        let _ = self.verify_with_memory(password, &self.dummy_hash, memory);
    }
}

/// `memory`'s first `blocks` blocks, growing it once when a hash needs more than it holds.
fn sized(memory: &mut Vec<Block>, blocks: usize) -> &mut [Block] {
    if memory.len() < blocks {
        memory.resize(blocks, Block::new());
    }
    &mut memory[..blocks]
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

    #[test]
    fn reused_memory_gives_the_same_answers_as_fresh_memory() {
        let hasher = fast();
        let mut memory = Vec::new();
        let phc = hasher
            .hash_with_memory("Changeit!2024", &mut memory)
            .unwrap();
        assert_eq!(memory.len(), hasher.block_count());
        // Verified by the upstream verifier too: the PHC string is the standard one.
        use argon2::PasswordVerifier as _;
        let parsed = PasswordHash::new(&phc).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"Changeit!2024", &parsed)
                .is_ok()
        );
        assert!(hasher.verify_with_memory("Changeit!2024", &phc, &mut memory));
        assert!(!hasher.verify_with_memory("Changeit!2025", &phc, &mut memory));
        let upstream = {
            use argon2::PasswordHasher as _;
            hasher
                .argon2()
                .hash_password(b"Older!2024x")
                .unwrap()
                .to_string()
        };
        assert!(hasher.verify_with_memory("Older!2024x", &upstream, &mut memory));
        assert_eq!(
            memory.len(),
            hasher.block_count(),
            "the block is reused, not regrown"
        );
    }
}
