//! The payment method a request names (`api.md` §11): the stored spellings, plus the everyday
//! words finance types (`transfer`, `transferencia` for a bank transfer; `nequi`, `daviplata`
//! for a digital wallet), case-insensitively.

use afiliados_domain::PaymentMethod;

/// The method `raw` names, or `None`.
pub fn parse(raw: &str) -> Option<PaymentMethod> {
    let word = raw.trim().to_lowercase();
    match word.as_str() {
        "transfer" | "transferencia" => Some(PaymentMethod::BankTransfer),
        "nequi" | "daviplata" => Some(PaymentMethod::DigitalWallet),
        other => PaymentMethod::parse(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_spellings_and_everyday_words() {
        assert_eq!(parse("bank_transfer"), Some(PaymentMethod::BankTransfer));
        assert_eq!(parse(" Transferencia "), Some(PaymentMethod::BankTransfer));
        assert_eq!(parse("transfer"), Some(PaymentMethod::BankTransfer));
        assert_eq!(parse("NEQUI"), Some(PaymentMethod::DigitalWallet));
        assert_eq!(parse("daviplata"), Some(PaymentMethod::DigitalWallet));
        assert_eq!(parse("digital_wallet"), Some(PaymentMethod::DigitalWallet));
        assert_eq!(parse("other"), Some(PaymentMethod::Other));
        assert_eq!(parse("cash"), None);
        assert_eq!(parse(""), None);
    }
}
