//! The e-mails the platform sends, as types shared by the producer (the api, which writes them
//! to `email_outbox`) and the consumer (the worker's mailer, which renders them).
//!
//! One struct per template holds exactly what its askama templates show; [`EmailMessage`] has
//! one variant per struct, and its [`EmailMessage::template`] and [`EmailMessage::payload`] are
//! the outbox's `template` and `payload` columns. A producer builds the struct, so a payload that
//! does not fit its template does not compile; the consumer decodes a stored row with
//! [`EmailMessage::decode`], where an unknown template or a payload that does not fit is a
//! [`DecodeError`] (permanent: no retry can fix it).
//!
//! Wire format: camelCase JSON, the field names rows already queued carry. Unknown fields are
//! ignored, so a payload written by an older producer with extra fields still decodes; a field
//! added later must be `#[serde(default)]` for the same reason. Percentages are `Decimal`
//! (written as strings, exact), instants RFC 3339 in UTC.
//!
//! Depends on serde, chrono, rust_decimal and the domain's enums only: no lettre, no askama.

mod adjustments;
mod arco;
mod commissions;
mod identity;
mod onboarding;
mod operations;
mod payments;
mod reconciliation;
mod settlement;
mod status;
mod withdrawals;

use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

pub use adjustments::AlertAdjustmentRecorded;
pub use afiliados_domain::ArcoType;
pub use afiliados_domain::commission::{HoldReason, ReversalReason};
pub use arco::{ArcoDecision, ArcoRequestReceived, ArcoRequestResolved};
pub use commissions::{AlertCommissionOnHold, NegativeBalance, ReversalAlert};
pub use identity::{
    EmailChanged, PasswordReset, PolicyUpdated, SetPassword, TwoFactorEnabled, UserInvitation,
};
pub use onboarding::{BankAccountChanged, CodeActivated, WelcomeRegistrationReceived};
pub use operations::OperationalAlert;
pub use payments::WithdrawalPaid;
pub use reconciliation::{DiscrepancyEscalated, ReconciliationSummary, SummaryRow};
pub use settlement::{BrandConfirmations, SettlementSummary};
pub use status::{
    ApprovedCode, InfluencerApproved, InfluencerReactivated, InfluencerRejected,
    InfluencerSuspended,
};
pub use withdrawals::{WithdrawalApproved, WithdrawalRejected, WithdrawalRequested};

/// What every payload struct declares: its `email_outbox.template` name.
pub trait Message: Serialize + DeserializeOwned + Into<EmailMessage> {
    /// The template name, e.g. `"password_reset"`.
    const TEMPLATE: &'static str;
}

/// Why a stored row does not decode. Both are permanent.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// The row names a template this build does not have.
    #[error("unknown e-mail template {0:?}")]
    UnknownTemplate(String),
    /// The payload lacks a field the template needs, or has the wrong type.
    #[error("payload of template {template} is invalid: {source}")]
    InvalidPayload {
        /// The template.
        template: String,
        /// What serde found.
        #[source]
        source: serde_json::Error,
    },
}

/// Declares [`EmailMessage`] with one variant per payload struct and its template name, and the
/// conversions both ways; adding a message is one line here plus its struct.
macro_rules! email_messages {
    ($( $(#[$doc:meta])* $variant:ident => $template:literal, )+) => {
        /// One e-mail: which template, with its data.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum EmailMessage {
            $( $(#[$doc])* $variant($variant), )+
        }

        impl EmailMessage {
            /// Every template name, in declaration order.
            pub const TEMPLATES: &'static [&'static str] = &[$($template),+];

            /// The `email_outbox.template` value.
            pub fn template(&self) -> &'static str {
                match self {
                    $( EmailMessage::$variant(_) => $template, )+
                }
            }

            /// Whether the payload carries a live single-use link (a reset or first-password
            /// token): the api stores such payloads sealed, never in clear (ADR 0024).
            pub fn carries_secret_link(&self) -> bool {
                matches!(
                    self,
                    EmailMessage::UserInvitation(_)
                        | EmailMessage::PasswordReset(_)
                        | EmailMessage::SetPassword(_)
                )
            }

            /// The `email_outbox.payload` value (the struct's JSON, without the template name).
            pub fn payload(&self) -> Result<Value, serde_json::Error> {
                match self {
                    $( EmailMessage::$variant(message) => serde_json::to_value(message), )+
                }
            }

            /// Decodes a stored row (`template`, `payload`).
            pub fn decode(template: &str, payload: &Value) -> Result<EmailMessage, DecodeError> {
                match template {
                    $( $template => decode::<$variant>(template, payload).map(EmailMessage::$variant), )+
                    other => Err(DecodeError::UnknownTemplate(other.to_owned())),
                }
            }
        }

        $(
            impl Message for $variant {
                const TEMPLATE: &'static str = $template;
            }

            impl From<$variant> for EmailMessage {
                fn from(message: $variant) -> EmailMessage {
                    EmailMessage::$variant(message)
                }
            }
        )+
    };
}

email_messages! {
    /// A staff member was invited.
    UserInvitation => "user_invitation",
    /// A reset link was asked for.
    PasswordReset => "password_reset",
    /// Two-step verification was switched on.
    TwoFactorEnabled => "two_factor_enabled",
    /// A legal policy has a new version.
    PolicyUpdated => "policy_updated",
    /// A registration arrived.
    WelcomeRegistrationReceived => "welcome_registration_received",
    /// An influencer chooses a first password.
    SetPassword => "set_password",
    /// The registration was approved.
    InfluencerApproved => "influencer_approved",
    /// The registration was rejected.
    InfluencerRejected => "influencer_rejected",
    /// The account was suspended.
    InfluencerSuspended => "influencer_suspended",
    /// A suspended account is approved again.
    InfluencerReactivated => "influencer_reactivated",
    /// The payout account changed or was removed.
    BankAccountChanged => "bank_account_changed",
    /// The account's e-mail changed (sent to the previous address).
    EmailChanged => "email_changed",
    /// An ARCO request was filed.
    ArcoRequestReceived => "arco_request_received",
    /// An ARCO request was resolved.
    ArcoRequestResolved => "arco_request_resolved",
    /// A discount code became active.
    CodeActivated => "code_activated",
    /// A settlement run confirmed commissions.
    SettlementSummary => "settlement_summary",
    /// A commission was reverted, wholly or in part (to the influencer).
    ReversalAlert => "reversal_alert",
    /// A clawback left the brand balance owing (to the influencer).
    NegativeBalance => "negative_balance",
    /// A commission was put on hold (to the finance alert group).
    AlertCommissionOnHold => "alert_commission_on_hold",
    /// A withdrawal was requested (to the influencer).
    WithdrawalRequested => "withdrawal_requested",
    /// A withdrawal was approved (to the influencer).
    WithdrawalApproved => "withdrawal_approved",
    /// A withdrawal was rejected (to the influencer).
    WithdrawalRejected => "withdrawal_rejected",
    /// A manual adjustment (debt) was recorded (to the finance alert group).
    AlertAdjustmentRecorded => "alert_adjustment_recorded",
    /// A withdrawal was paid (to the influencer).
    WithdrawalPaid => "withdrawal_paid",
    /// A reconciliation run finished (to GA, FI and the brands' AM).
    ReconciliationSummary => "reconciliation_summary",
    /// An operational alert was raised (to its alert group).
    OperationalAlert => "operational_alert",
    /// A discrepancy stayed open past the escalation threshold (to every AD).
    DiscrepancyEscalated => "discrepancy_escalated",
}

fn decode<T: DeserializeOwned>(template: &str, payload: &Value) -> Result<T, DecodeError> {
    T::deserialize(payload).map_err(|source| DecodeError::InvalidPayload {
        template: template.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests;
