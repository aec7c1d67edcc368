//! Payout batches (`domain.md` §5.14.5, `api.md` §11): approved, payable, unbatched withdrawals
//! exported together with the payout CSV for the bank ([`create`], [`payout_csv`]), paid all
//! or nothing in one transaction with the one-payment rules ([`pay`]), or cancelled
//! ([`cancel`]); read by FI and AD ([`read`]).

pub mod cancel;
pub mod create;
pub mod pay;
pub mod payout_csv;
pub mod read;
pub mod representation;

/// The owner type of a batch's stored CSV.
pub const OWNER: &str = "payout_batch";

/// `AFI-` and the last 12 hexadecimal characters of the withdrawal id: the reference the bank
/// file carries, each payment of a batch ends with, and the influencer's statement shows.
/// `domain.md` §5.14.5 says "the first 8 characters", written for random ids; our ids are UUIDv7,
/// whose first 8 characters are the top of a millisecond timestamp and are shared by every
/// withdrawal created within the same ~65 s — a whole batch would carry one reference. The last
/// 12 are the id's random bits (ADR 0079).
pub fn payment_reference(withdrawal_id: uuid::Uuid) -> String {
    let id = withdrawal_id.simple().to_string();
    format!("AFI-{}", &id[id.len() - 12..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_is_afi_and_the_last_twelve_characters() {
        let id: uuid::Uuid = "0194f3c2-7a1b-7c3d-9e8f-123456789abc".parse().unwrap();
        assert_eq!(payment_reference(id), "AFI-123456789abc");
    }

    #[test]
    fn withdrawals_of_the_same_instant_get_different_references() {
        // Same timestamp (first 12 characters), different random tails.
        let first: uuid::Uuid = "0194f3c2-7a1b-7c3d-9e8f-123456789abc".parse().unwrap();
        let second: uuid::Uuid = "0194f3c2-7a1b-7c3d-9e8f-cba987654321".parse().unwrap();
        assert_ne!(payment_reference(first), payment_reference(second));
        let many: std::collections::HashSet<String> = (0..10_000)
            .map(|_| payment_reference(afiliados_db::new_id()))
            .collect();
        assert_eq!(many.len(), 10_000, "ids minted in the same milliseconds");
    }
}
