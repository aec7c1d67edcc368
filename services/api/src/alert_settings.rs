//! Who receives the e-mails addressed to a staff alert group (`domain.md` §5.17): comma lists of
//! addresses per group; an empty finance or operations list falls back to the global one.
//!
//! | variable | default |
//! |---|---|
//! | `MAIL_ALERT_GLOBAL` | empty |
//! | `MAIL_ALERT_FINANCE` | empty (falls back to `MAIL_ALERT_GLOBAL`) |
//! | `MAIL_ALERT_OPERATIONS` | empty (falls back to `MAIL_ALERT_GLOBAL`) |
//!
//! An address that is not one is a start-up problem, so a typo never silently drops alerts.

use afiliados_config::Env;
use afiliados_domain::{AlertGroup, Email};

/// The addresses of each alert group, normalised (trimmed, lower case).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertRecipients {
    /// `MAIL_ALERT_GLOBAL`.
    pub global: Vec<String>,
    /// `MAIL_ALERT_FINANCE`.
    pub finance: Vec<String>,
    /// `MAIL_ALERT_OPERATIONS`.
    pub operations: Vec<String>,
}

impl AlertRecipients {
    /// Reads the three lists, recording every malformed address in `env`.
    pub fn from_env(env: &mut Env) -> AlertRecipients {
        // Literal names, so the documentation check finds them.
        let global = env.var_or("MAIL_ALERT_GLOBAL", "");
        let finance = env.var_or("MAIL_ALERT_FINANCE", "");
        let operations = env.var_or("MAIL_ALERT_OPERATIONS", "");
        AlertRecipients {
            global: addresses(env, "MAIL_ALERT_GLOBAL", &global),
            finance: addresses(env, "MAIL_ALERT_FINANCE", &finance),
            operations: addresses(env, "MAIL_ALERT_OPERATIONS", &operations),
        }
    }

    /// Who receives an alert of `group`: its own list, or the global one when that is empty.
    pub fn of(&self, group: AlertGroup) -> &[String] {
        let own = match group {
            AlertGroup::Global => &self.global,
            AlertGroup::Finance => &self.finance,
            AlertGroup::Operations => &self.operations,
        };
        if own.is_empty() { &self.global } else { own }
    }
}

/// The distinct addresses of a comma list; a malformed entry is a problem of `name`.
fn addresses(env: &mut Env, name: &str, raw: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        match Email::parse(entry) {
            Some(email) => {
                if !found.iter().any(|known| known == email.as_str()) {
                    found.push(email.as_str().to_owned());
                }
            }
            None => env.problem(format!("{name} entry {entry:?} is not an e-mail address")),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use afiliados_config::Env;

    use super::*;

    fn lists(name: &str) -> Option<String> {
        match name {
            "MAIL_ALERT_GLOBAL" => Some(" Alertas@Medipiel.co ,, ".into()),
            "MAIL_ALERT_FINANCE" => {
                Some("finanzas@medipiel.co,FINANZAS@medipiel.co, tesoreria@medipiel.co".into())
            }
            _ => None,
        }
    }

    #[test]
    fn groups_read_their_list_and_empty_ones_fall_back_to_global() {
        let mut env = Env::with_lookup(lists);
        let recipients = AlertRecipients::from_env(&mut env);
        assert!(env.finish().is_ok());
        assert_eq!(recipients.of(AlertGroup::Global), ["alertas@medipiel.co"]);
        assert_eq!(
            recipients.of(AlertGroup::Finance),
            ["finanzas@medipiel.co", "tesoreria@medipiel.co"]
        );
        assert_eq!(
            recipients.of(AlertGroup::Operations),
            ["alertas@medipiel.co"]
        );
        assert!(
            AlertRecipients::default()
                .of(AlertGroup::Finance)
                .is_empty()
        );
    }

    #[test]
    fn a_malformed_address_is_a_start_up_problem() {
        let mut env = Env::with_lookup(|name| {
            (name == "MAIL_ALERT_FINANCE").then(|| "finanzas@medipiel.co, finanzas".to_owned())
        });
        let _ = AlertRecipients::from_env(&mut env);
        let text = env.finish().unwrap_err().to_string();
        assert!(
            text.contains("MAIL_ALERT_FINANCE entry \"finanzas\""),
            "{text}"
        );
    }
}
