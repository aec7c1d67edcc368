//! Self-referral (`domain.md` §5.10): the customer is the influencer when the normalised e-mails
//! are equal or the document digits are. VTEX's masked addresses never match by e-mail, so the
//! document comparison matters. A match holds the commission; it never denies attribution.

use serde::Serialize;

use crate::{DocumentNumber, DocumentType};

/// The domain of VTEX's masked customer addresses (`…@ct.vtex.com.br`).
pub const VTEX_MASKED_EMAIL_DOMAIN: &str = "ct.vtex.com.br";

/// Trimmed, lower case; `None` when blank.
pub fn normalise_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    (!email.is_empty()).then_some(email)
}

/// Whether a (normalised) address is one of VTEX's masked ones.
pub fn is_masked_email(email: &str) -> bool {
    email
        .rsplit_once('@')
        .is_some_and(|(_, domain)| domain == VTEX_MASKED_EMAIL_DOMAIN)
}

/// The ASCII digits of a raw document (`"1.020.304.050"` → `"1020304050"`).
pub fn document_digits(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}

/// How the customer matched the influencer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SelfReferralMatch {
    /// Same normalised e-mail.
    Email,
    /// Same document digits.
    Document,
}

/// Both sides of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelfReferralInput<'a> {
    /// `clientProfileData.email`, as normalised or not.
    pub customer_email: Option<&'a str>,
    /// `clientProfileData.document`, as received.
    pub customer_document: Option<&'a str>,
    /// The influencer's e-mail.
    pub influencer_email: &'a str,
    /// The influencer's document, if any.
    pub influencer_document: Option<&'a DocumentNumber>,
}

fn email_matches(customer: Option<&str>, influencer: &str) -> bool {
    let Some(customer) = customer.and_then(normalise_email) else {
        return false;
    };
    !is_masked_email(&customer) && normalise_email(influencer).is_some_and(|own| own == customer)
}

/// Document comparison (ADR 0030): CC and CE compare digits; a NIT compares the base without its
/// check digit, and a customer NIT given with its digit appended matches too; a passport compares
/// its letters and digits, upper case (digits alone would confuse different passports).
fn document_matches(customer: Option<&str>, influencer: Option<&DocumentNumber>) -> bool {
    let (Some(customer), Some(influencer)) = (customer, influencer) else {
        return false;
    };
    let digits = document_digits(customer);
    match influencer.doc_type() {
        DocumentType::Cc | DocumentType::Ce => {
            let own = document_digits(influencer.as_str());
            !own.is_empty() && digits == own
        }
        DocumentType::Nit => {
            let stored = influencer.as_str();
            let base = stored.split_once('-').map_or(stored, |(base, _)| base);
            let with_digit = document_digits(stored);
            !base.is_empty() && (digits == base || digits == with_digit)
        }
        DocumentType::Pp => {
            let letters: String = customer
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase())
                .collect();
            !letters.is_empty() && letters == influencer.as_str()
        }
    }
}

/// How the customer matches the influencer, if they do (e-mail first).
pub fn self_referral(input: &SelfReferralInput<'_>) -> Option<SelfReferralMatch> {
    if email_matches(input.customer_email, input.influencer_email) {
        Some(SelfReferralMatch::Email)
    } else if document_matches(input.customer_document, input.influencer_document) {
        Some(SelfReferralMatch::Document)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn isabela_cc() -> DocumentNumber {
        DocumentNumber::parse(DocumentType::Cc, "1020304050").unwrap()
    }

    fn check(
        email: Option<&str>,
        document: Option<&str>,
        own: &DocumentNumber,
    ) -> Option<SelfReferralMatch> {
        self_referral(&SelfReferralInput {
            customer_email: email,
            customer_document: document,
            influencer_email: "isabela@example.com",
            influencer_document: Some(own),
        })
    }

    /// §5.10: `Isabela@Example.com ` on Isabela's code → hold (by e-mail).
    #[test]
    fn example_by_email() {
        assert_eq!(
            check(
                Some("Isabela@Example.com "),
                Some("52876543"),
                &isabela_cc()
            ),
            Some(SelfReferralMatch::Email)
        );
    }

    /// §5.10: customer document `1.020.304.050` on her code → hold (by document).
    #[test]
    fn example_by_document() {
        assert_eq!(
            check(
                Some("a1b2c3d4e5@ct.vtex.com.br"),
                Some("1.020.304.050"),
                &isabela_cc()
            ),
            Some(SelfReferralMatch::Document)
        );
    }

    /// §5.10: `isabela.g@gmail.com` with another document → no hold.
    #[test]
    fn example_no_match() {
        assert_eq!(
            check(Some("isabela.g@gmail.com"), Some("52876543"), &isabela_cc()),
            None
        );
        // The fixture's customer.
        assert_eq!(
            check(
                Some("laura.gomez@example.com"),
                Some("52876543"),
                &isabela_cc()
            ),
            None
        );
        assert_eq!(check(None, None, &isabela_cc()), None);
        assert_eq!(check(Some("  "), Some(".-"), &isabela_cc()), None);
    }

    #[test]
    fn masked_vtex_addresses_never_match_by_email() {
        let masked = self_referral(&SelfReferralInput {
            customer_email: Some("x1@ct.vtex.com.br"),
            customer_document: None,
            influencer_email: "X1@CT.VTEX.COM.BR",
            influencer_document: None,
        });
        assert_eq!(masked, None);
        assert!(is_masked_email("abc@ct.vtex.com.br"));
        assert!(!is_masked_email("abc@vtex.com.br"));
    }

    #[test]
    fn nit_compares_the_base_and_passports_their_letters() {
        let nit = DocumentNumber::parse(DocumentType::Nit, "900123456-8").unwrap();
        assert_eq!(
            check(None, Some("900.123.456"), &nit),
            Some(SelfReferralMatch::Document)
        );
        assert_eq!(
            check(None, Some("900123456-8"), &nit),
            Some(SelfReferralMatch::Document)
        );
        assert_eq!(check(None, Some("9001234567"), &nit), None);
        let passport = DocumentNumber::parse(DocumentType::Pp, "AB123456").unwrap();
        assert_eq!(
            check(None, Some("ab-123456"), &passport),
            Some(SelfReferralMatch::Document)
        );
        assert_eq!(check(None, Some("CD123456"), &passport), None);
        assert_eq!(document_digits("1.020.304.050"), "1020304050");
    }
}
