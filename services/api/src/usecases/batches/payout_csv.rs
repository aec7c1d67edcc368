//! The payout CSV of a batch (`domain.md` §5.14.5, §2.5): the only output of the platform with a
//! decrypted bank account number. Written through the api's one CSV writer (BOM, comma, CRLF,
//! RFC 4180 quoting, `.` decimals) one row at a time straight from the locked withdrawals: each
//! account is opened, written and dropped before the next, so no list of decrypted numbers is
//! ever held. The caller takes the bytes written so far after each chunk of lines
//! ([`PayoutCsv::take`]) and seals them into object storage as it goes (ADR 0081), so the
//! document is never held whole either.

use std::collections::HashMap;

use afiliados_crypto::KeyRing;
use afiliados_db::influencers::Influencer;
use afiliados_db::withdrawal_requests::WithdrawalRow;
use afiliados_domain::withholding::Withholding;
use uuid::Uuid;

use super::payment_reference;
use crate::usecases::UseCaseError;
use crate::usecases::exports::writer::{CsvWriter, amount};
use crate::usecases::influencers::bank;

/// The header row, as `domain.md` §5.14.5 names the columns.
pub const COLUMNS: [&str; 18] = [
    "batch_id",
    "withdrawal_id",
    "influencer_id",
    "influencer_name",
    "document_type",
    "document_number",
    "email",
    "bank_name",
    "account_type",
    "account_holder",
    "account_number",
    "brand",
    "currency",
    "gross_amount",
    "withholding_rate",
    "tax_withheld",
    "net_amount",
    "payment_reference",
];

/// One line's inputs.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// The batch.
    pub batch_id: Uuid,
    /// The withdrawal.
    pub row: &'a WithdrawalRow,
    /// Its influencer.
    pub influencer: &'a Influencer,
    /// Its brand's name.
    pub brand_name: &'a str,
    /// The previewed withholding.
    pub withholding: Withholding,
}

/// A payout CSV being written.
#[derive(Debug)]
pub struct PayoutCsv {
    writer: CsvWriter,
}

impl PayoutCsv {
    /// The BOM and the header.
    pub fn new() -> Result<PayoutCsv, UseCaseError> {
        Ok(PayoutCsv {
            writer: CsvWriter::new(COLUMNS)?,
        })
    }

    /// Appends one withdrawal, opening its influencer's account with `keys` (empty account
    /// cells when the influencer has none on file).
    pub fn line(&mut self, keys: &KeyRing, line: Line<'_>) -> Result<(), UseCaseError> {
        let account = bank::open(keys, line.influencer)?;
        let (bank_name, account_type, holder, number) = match &account {
            Some(account) => (
                account.bank_name(),
                account.account_type().as_str(),
                account.account_holder(),
                account.account_number(),
            ),
            None => ("", "", "", ""),
        };
        let w = line.withholding;
        self.writer.row([
            line.batch_id.to_string().as_str(),
            line.row.id.to_string().as_str(),
            line.influencer.id.to_string().as_str(),
            line.influencer.full_name().as_str(),
            line.influencer.document_type.as_str(),
            line.influencer.document_number.as_str(),
            line.influencer.email.as_str(),
            bank_name,
            account_type,
            holder,
            number,
            line.brand_name,
            line.row.currency.trim(),
            amount(w.gross).as_str(),
            format!("{:.2}", w.rate.value()).as_str(),
            amount(w.withheld).as_str(),
            amount(w.net).as_str(),
            payment_reference(line.row.id).as_str(),
        ])
    }

    /// The bytes written since the last call (the BOM and header first).
    pub fn take(&mut self) -> Result<Vec<u8>, UseCaseError> {
        self.writer.take()
    }

    /// The bytes not taken yet.
    pub fn finish(self) -> Result<Vec<u8>, UseCaseError> {
        self.writer.finish()
    }
}

/// Brand names by id (every brand of the tenant, deleted ones too would be absent: empty name).
pub fn brand_name(names: &HashMap<Uuid, String>, brand_id: Uuid) -> &str {
    names.get(&brand_id).map_or("", String::as_str)
}
