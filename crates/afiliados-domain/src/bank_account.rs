//! Bank account data (`domain.md` §5.2.2, §5.2.4). Stored only encrypted; shown masked.

use serde::{Deserialize, Serialize};

use crate::text_enum::text_enum;
use crate::{FieldCode, FieldError, bounded_text};

text_enum! {
    /// `ahorros` (savings) or `corriente` (checking).
    pub enum BankAccountType {
        /// Savings account.
        Ahorros = "ahorros",
        /// Checking account.
        Corriente = "corriente",
    }
}

impl BankAccountType {
    /// Parses the stored spelling (`invalid_enum` otherwise).
    pub fn parse_input(value: &str) -> Result<BankAccountType, FieldCode> {
        match value.trim() {
            "ahorros" => Ok(BankAccountType::Ahorros),
            "corriente" => Ok(BankAccountType::Corriente),
            "" => Err(FieldCode::Required),
            _ => Err(FieldCode::InvalidEnum),
        }
    }
}

/// A validated bank account; its JSON (camelCase) is the plaintext that gets encrypted.
///
/// `Debug` never prints the full account number.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "BankAccountInput")]
pub struct BankAccount {
    account_holder: String,
    bank_name: String,
    account_type: BankAccountType,
    account_number: String,
}

/// The unvalidated shape of a bank account as a request carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BankAccountInput {
    /// 2–120 characters.
    #[serde(default)]
    pub account_holder: String,
    /// 2–80 characters.
    #[serde(default)]
    pub bank_name: String,
    /// `ahorros` or `corriente`.
    #[serde(default)]
    pub account_type: String,
    /// 6–20 digits.
    #[serde(default)]
    pub account_number: String,
}

/// What responses show of a bank account (§5.2.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MaskedBankAccount {
    /// Holder's name.
    pub account_holder: String,
    /// Bank's name.
    pub bank_name: String,
    /// Savings or checking.
    pub account_type: BankAccountType,
    /// `*` for every digit but the last four (`*******6789`).
    pub account_number_masked: String,
    /// The last four digits.
    pub last4: String,
}

impl BankAccount {
    /// Validates every field (paths `bankAccount.<field>`), reporting all problems at once.
    pub fn parse(input: &BankAccountInput) -> Result<BankAccount, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail =
            |field: &str, code| errors.push(FieldError::new(format!("bankAccount.{field}"), code));
        let holder = bounded_text(&input.account_holder, 2, 120)
            .map_err(|code| fail("accountHolder", code))
            .ok();
        let bank = bounded_text(&input.bank_name, 2, 80)
            .map_err(|code| fail("bankName", code))
            .ok();
        let kind = BankAccountType::parse_input(&input.account_type)
            .map_err(|code| fail("accountType", code))
            .ok();
        let number = parse_account_number(&input.account_number)
            .map_err(|code| fail("accountNumber", code))
            .ok();
        match (holder, bank, kind, number) {
            (Some(account_holder), Some(bank_name), Some(account_type), Some(account_number)) => {
                Ok(BankAccount {
                    account_holder,
                    bank_name,
                    account_type,
                    account_number,
                })
            }
            _ => Err(errors),
        }
    }

    /// Holder's name.
    pub fn account_holder(&self) -> &str {
        &self.account_holder
    }

    /// Bank's name.
    pub fn bank_name(&self) -> &str {
        &self.bank_name
    }

    /// Savings or checking.
    pub fn account_type(&self) -> BankAccountType {
        self.account_type
    }

    /// The full number; only for encryption and payment files.
    pub fn account_number(&self) -> &str {
        &self.account_number
    }

    /// The last four digits (`bank_account_last4`).
    pub fn last4(&self) -> String {
        last4(&self.account_number)
    }

    /// The response shape.
    pub fn masked(&self) -> MaskedBankAccount {
        MaskedBankAccount {
            account_holder: self.account_holder.clone(),
            bank_name: self.bank_name.clone(),
            account_type: self.account_type,
            account_number_masked: mask_account_number(&self.account_number),
            last4: self.last4(),
        }
    }
}

impl TryFrom<BankAccountInput> for BankAccount {
    type Error = String;

    fn try_from(input: BankAccountInput) -> Result<BankAccount, String> {
        BankAccount::parse(&input).map_err(|errors| {
            let fields: Vec<String> = errors
                .iter()
                .map(|error| format!("{}: {}", error.field, error.code))
                .collect();
            format!("invalid bank account ({})", fields.join(", "))
        })
    }
}

impl std::fmt::Debug for BankAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BankAccount")
            .field("account_holder", &self.account_holder)
            .field("bank_name", &self.bank_name)
            .field("account_type", &self.account_type)
            .field("account_number", &mask_account_number(&self.account_number))
            .finish()
    }
}

fn parse_account_number(raw: &str) -> Result<String, FieldCode> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldCode::Required);
    }
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldCode::InvalidFormat);
    }
    match value.len() {
        0..6 => Err(FieldCode::TooShort),
        6..=20 => Ok(value.to_owned()),
        _ => Err(FieldCode::TooLong),
    }
}

/// Masking of §5.2.4 over the digits of `number`: more than four digits → `*` × (n − 4) + the last
/// four; otherwise `****` + the digits.
pub fn mask_account_number(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    if digits.len() > 4 {
        let split = digits.len() - 4;
        let tail: String = digits.get(split..).unwrap_or_default().iter().collect();
        format!("{}{tail}", "*".repeat(split))
    } else {
        format!("****{}", digits.iter().collect::<String>())
    }
}

fn last4(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    let start = digits.len().saturating_sub(4);
    digits.get(start..).unwrap_or_default().iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(number: &str) -> BankAccountInput {
        BankAccountInput {
            account_holder: "Isabela Gómez".into(),
            bank_name: "Bancolombia".into(),
            account_type: "ahorros".into(),
            account_number: number.into(),
        }
    }

    #[test]
    fn spec_masking_example() {
        let account = BankAccount::parse(&input("00123456789")).unwrap();
        let masked = account.masked();
        assert_eq!(masked.account_number_masked, "*******6789");
        assert_eq!(masked.last4, "6789");
        assert_eq!(mask_account_number("123"), "****123");
        let json = serde_json::to_value(&masked).unwrap();
        assert_eq!(json["accountNumberMasked"], "*******6789");
        assert_eq!(json["accountType"], "ahorros");
        assert_eq!(json["last4"], "6789");
    }

    #[test]
    fn debug_hides_the_number() {
        let account = BankAccount::parse(&input("00123456789")).unwrap();
        let printed = format!("{account:?}");
        assert!(!printed.contains("00123456789"), "{printed}");
        assert!(printed.contains("*******6789"));
    }

    #[test]
    fn validation_reports_every_field() {
        let bad = BankAccountInput {
            account_holder: "I".into(),
            bank_name: " ".into(),
            account_type: "nomina".into(),
            account_number: "12-34".into(),
        };
        let codes: Vec<(String, FieldCode)> = BankAccount::parse(&bad)
            .unwrap_err()
            .into_iter()
            .map(|error| (error.field, error.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("bankAccount.accountHolder".into(), FieldCode::TooShort),
                ("bankAccount.bankName".into(), FieldCode::Required),
                ("bankAccount.accountType".into(), FieldCode::InvalidEnum),
                ("bankAccount.accountNumber".into(), FieldCode::InvalidFormat),
            ]
        );
        let short = BankAccount::parse(&input("12345")).unwrap_err();
        assert_eq!(short[0].code, FieldCode::TooShort);
        let long = BankAccount::parse(&input(&"1".repeat(21))).unwrap_err();
        assert_eq!(long[0].code, FieldCode::TooLong);
        assert!(BankAccount::parse(&input(&"1".repeat(20))).is_ok());
    }

    #[test]
    fn json_round_trip_is_camel_case_and_validated() {
        let account = BankAccount::parse(&input("00123456789")).unwrap();
        let json = serde_json::to_string(&account).unwrap();
        assert!(json.contains("\"accountNumber\":\"00123456789\""), "{json}");
        assert!(json.contains("\"accountHolder\""));
        let back: BankAccount = serde_json::from_str(&json).unwrap();
        assert_eq!(back, account);
        let broken = json.replace("00123456789", "12");
        assert!(serde_json::from_str::<BankAccount>(&broken).is_err());
    }
}
