//! Settings of paying withdrawals (`domain.md` §2.4, §5.14.3).
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `PAYMENTS_DUAL_CONTROL_THRESHOLD` | `2000000.00` | a payment of a gross amount strictly above it must be made by someone other than the approver |

use afiliados_config::Env;
use afiliados_domain::Money;

/// The payments section of the api's settings.
#[derive(Debug, Clone)]
pub struct PaymentSettings {
    /// Gross amounts strictly above this need a payer other than the approver (COP).
    pub dual_control_threshold: Money,
}

impl Default for PaymentSettings {
    fn default() -> PaymentSettings {
        PaymentSettings {
            dual_control_threshold: Money::from_units(2_000_000),
        }
    }
}

impl PaymentSettings {
    /// Reads the section, recording every problem in `env`.
    pub fn from_env(env: &mut Env) -> PaymentSettings {
        let raw = env.var_or("PAYMENTS_DUAL_CONTROL_THRESHOLD", "2000000.00");
        let dual_control_threshold = match Money::parse(raw.trim()) {
            Ok(amount) if !amount.is_negative() => amount,
            _ => {
                env.problem(
                    "PAYMENTS_DUAL_CONTROL_THRESHOLD must be a non-negative amount with at most two decimals",
                );
                PaymentSettings::default().dual_control_threshold
            }
        };
        PaymentSettings {
            dual_control_threshold,
        }
    }
}
