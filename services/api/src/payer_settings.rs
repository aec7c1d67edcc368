//! The payer printed on withholding certificates (ADR 0050): the legal entity that pays the
//! influencers and withholds their tax, from configuration rather than typed into each document.
//!
//! | variable | default |
//! |---|---|
//! | `PAYER_LEGAL_NAME` | empty |
//! | `PAYER_NIT` | empty |
//! | `PAYER_ADDRESS` | empty |
//! | `PAYER_CITY` | empty |
//!
//! Outside development the legal name and the NIT are required: a certificate without them is
//! worthless to the payee's tax return, so a missing value stops the api at start-up instead.

use afiliados_config::Env;

/// The payer's identification.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PayerSettings {
    /// `PAYER_LEGAL_NAME`.
    pub legal_name: String,
    /// `PAYER_NIT` (with its check digit, as the payer writes it).
    pub nit: String,
    /// `PAYER_ADDRESS`.
    pub address: String,
    /// `PAYER_CITY`.
    pub city: String,
}

impl PayerSettings {
    /// Reads the four values; outside development an empty name or NIT is a problem of `env`.
    pub fn from_env(env: &mut Env, development: bool) -> PayerSettings {
        // Literal names, so the documentation check finds them.
        let payer = PayerSettings {
            legal_name: env.var_or("PAYER_LEGAL_NAME", "").trim().to_owned(),
            nit: env.var_or("PAYER_NIT", "").trim().to_owned(),
            address: env.var_or("PAYER_ADDRESS", "").trim().to_owned(),
            city: env.var_or("PAYER_CITY", "").trim().to_owned(),
        };
        if !development {
            for (name, value) in [
                ("PAYER_LEGAL_NAME", &payer.legal_name),
                ("PAYER_NIT", &payer.nit),
            ] {
                if value.is_empty() {
                    env.problem(format!(
                        "{name} is required outside development (printed on withholding certificates)"
                    ));
                }
            }
        }
        payer
    }
}
