//! The bank account at rest (`domain.md` §5.2.4): its JSON is sealed with the data key ring, bound
//! to the influencer's id as associated data (a ciphertext copied onto another row does not
//! open), next to the columns that may be shown (last four digits, type, bank).

use afiliados_api_types::influencers::BankAccountResponse;
use afiliados_crypto::KeyRing;
use afiliados_db::influencers::Influencer;
use afiliados_domain::BankAccount;
use uuid::Uuid;

use crate::usecases::UseCaseError;

/// What the influencer row stores of an account.
#[derive(Debug, Clone)]
pub struct SealedBankAccount {
    /// Sealed JSON `{accountHolder, bankName, accountType, accountNumber}`.
    pub ciphertext: Vec<u8>,
    /// Last four digits.
    pub last4: String,
    /// `ahorros|corriente`.
    pub account_type: String,
    /// Bank.
    pub bank_name: String,
}

/// Seals an account for the influencer `influencer_id`.
pub fn seal(
    keys: &KeyRing,
    influencer_id: Uuid,
    account: &BankAccount,
) -> Result<SealedBankAccount, UseCaseError> {
    let plaintext = serde_json::to_vec(account).map_err(|e| UseCaseError::Internal(e.into()))?;
    let ciphertext = keys
        .encrypt(&plaintext, influencer_id.as_bytes())
        .map_err(|e| UseCaseError::Internal(e.into()))?;
    Ok(SealedBankAccount {
        ciphertext,
        last4: account.last4(),
        account_type: account.account_type().as_str().to_owned(),
        bank_name: account.bank_name().to_owned(),
    })
}

/// Opens the influencer's account, if it has one.
pub fn open(keys: &KeyRing, influencer: &Influencer) -> Result<Option<BankAccount>, UseCaseError> {
    influencer
        .bank_account_ciphertext
        .as_deref()
        .map(|sealed| open_sealed(keys, influencer.id, sealed))
        .transpose()
}

/// Opens an account sealed for the influencer `influencer_id` (its own, or a change waiting for
/// confirmation).
pub fn open_sealed(
    keys: &KeyRing,
    influencer_id: Uuid,
    sealed: &[u8],
) -> Result<BankAccount, UseCaseError> {
    let plaintext = keys
        .decrypt(sealed, influencer_id.as_bytes())
        .map_err(|e| {
            UseCaseError::internal(format!(
                "bank account of influencer {influencer_id} does not open: {e}"
            ))
        })?;
    serde_json::from_slice(&plaintext)
        .map_err(|e| UseCaseError::internal(format!("stored bank account is malformed: {e}")))
}

/// The masked response shape.
pub fn response(account: &BankAccount) -> BankAccountResponse {
    let masked = account.masked();
    BankAccountResponse {
        account_holder: masked.account_holder,
        bank_name: masked.bank_name,
        account_type: masked.account_type,
        account_number_masked: masked.account_number_masked,
        last4: masked.last4,
    }
}

/// What audit rows keep of an account: the visible columns only, never the number or the holder.
pub fn audit_view(influencer: &Influencer) -> serde_json::Value {
    match &influencer.bank_account_last4 {
        Some(last4) => serde_json::json!({
            "bankName": influencer.bank_name,
            "accountType": influencer.bank_account_type,
            "accountNumberMasked": format!("****{last4}"),
            "last4": last4,
        }),
        None => serde_json::Value::Null,
    }
}
