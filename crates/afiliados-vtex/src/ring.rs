//! The credential ring: rotation on 401/403, shared by every clone of the client so later calls
//! start from the credential that worked.

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Utc;

use crate::config::VtexCredential;

#[derive(Debug)]
pub(crate) struct CredentialRing {
    credentials: Vec<VtexCredential>,
    current: AtomicUsize,
}

impl CredentialRing {
    pub(crate) fn new(credentials: Vec<VtexCredential>) -> CredentialRing {
        CredentialRing {
            credentials,
            current: AtomicUsize::new(0),
        }
    }

    pub(crate) fn get(&self, index: usize) -> Option<&VtexCredential> {
        self.credentials.get(index)
    }

    pub(crate) fn len(&self) -> usize {
        self.credentials.len()
    }

    pub(crate) fn all(&self) -> &[VtexCredential] {
        &self.credentials
    }

    /// The next usable credential at or after `from` (cyclically) that this call has not tried.
    pub(crate) fn next_usable(&self, from: usize, tried: &[bool]) -> Option<usize> {
        let count = self.credentials.len();
        let now = Utc::now();
        (0..count)
            .map(|offset| (from + offset) % count)
            .find(|&index| {
                !tried.get(index).copied().unwrap_or(false)
                    && self.credentials[index].is_usable(now)
            })
    }

    /// Where a new call starts.
    pub(crate) fn current(&self) -> usize {
        self.current.load(Ordering::Relaxed)
    }

    /// Remembers the credential to start from next time.
    pub(crate) fn set_current(&self, index: usize) {
        self.current.store(index, Ordering::Relaxed);
    }

    /// The label of the credential calls currently start from.
    pub(crate) fn current_label(&self) -> Option<&str> {
        self.credentials
            .get(self.current())
            .map(|c| c.label.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_tried_and_expired_credentials() {
        let mut expired = VtexCredential::new("old", "k0", "t0");
        expired.expires_at = Some(Utc::now() - chrono::Duration::hours(1));
        let ring = CredentialRing::new(vec![
            VtexCredential::new("a", "k1", "t1"),
            expired,
            VtexCredential::new("c", "k3", "t3"),
        ]);
        assert_eq!(ring.next_usable(0, &[false; 3]), Some(0));
        assert_eq!(ring.next_usable(1, &[false; 3]), Some(2));
        assert_eq!(ring.next_usable(0, &[true, false, false]), Some(2));
        assert_eq!(ring.next_usable(2, &[false, false, true]), Some(0));
        assert_eq!(ring.next_usable(0, &[true, false, true]), None);
    }
}
