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

/// `AFI-` and the first 8 characters of the withdrawal id: the reference the bank file carries
/// and each payment of a batch ends with.
pub fn payment_reference(withdrawal_id: uuid::Uuid) -> String {
    let id = withdrawal_id.to_string();
    format!("AFI-{}", &id[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_is_afi_and_eight_characters() {
        let id: uuid::Uuid = "0194f3c2-7a1b-7c3d-9e8f-123456789abc".parse().unwrap();
        assert_eq!(payment_reference(id), "AFI-0194f3c2");
    }
}
