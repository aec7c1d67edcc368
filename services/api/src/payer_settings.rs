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
//! The legal name and the NIT are required on a certificate: without them it is worthless to
//! the payee's tax return. A missing value does not stop the api (ADR 0053: the shipped k8s
//! ConfigMap leaves them empty, and payouts, dashboards and everything else must keep working);
//! start-up logs a warning and the certificate endpoint and the bulk command refuse with
//! `payer_not_configured` until both are set.

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
    /// Reads the four values. Empty ones are allowed here; see [`PayerSettings::missing`].
    pub fn from_env(env: &mut Env) -> PayerSettings {
        // Literal names, so the documentation check finds them.
        PayerSettings {
            legal_name: env.var_or("PAYER_LEGAL_NAME", "").trim().to_owned(),
            nit: env.var_or("PAYER_NIT", "").trim().to_owned(),
            address: env.var_or("PAYER_ADDRESS", "").trim().to_owned(),
            city: env.var_or("PAYER_CITY", "").trim().to_owned(),
        }
    }

    /// The required variables still empty, in a fixed order (`PAYER_LEGAL_NAME`, `PAYER_NIT`):
    /// empty when a certificate can be issued.
    pub fn missing(&self) -> Vec<&'static str> {
        [
            ("PAYER_LEGAL_NAME", &self.legal_name),
            ("PAYER_NIT", &self.nit),
        ]
        .into_iter()
        .filter(|(_, value)| value.is_empty())
        .map(|(name, _)| name)
        .collect()
    }

    /// Logs, once at start-up, that certificates are refused until the payer is configured.
    pub fn warn_if_missing(&self) {
        let missing = self.missing();
        if !missing.is_empty() {
            tracing::warn!(
                missing = ?missing,
                "payer not configured: withholding certificates answer 503 payer_not_configured \
                 until these variables are set"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_lists_the_empty_required_values_only() {
        let mut payer = PayerSettings::default();
        assert_eq!(payer.missing(), vec!["PAYER_LEGAL_NAME", "PAYER_NIT"]);
        payer.legal_name = "Medipiel S.A.S.".into();
        assert_eq!(payer.missing(), vec!["PAYER_NIT"]);
        payer.nit = "900123456-7".into();
        // Address and city are optional on the certificate.
        assert!(payer.missing().is_empty());
    }
}
