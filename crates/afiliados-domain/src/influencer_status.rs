//! The influencer state machine (`domain.md` §4.2).

use crate::FieldCode;
use crate::text_enum::text_enum;

/// Shortest reason accepted when one is given.
pub const REASON_MIN_CHARS: usize = 3;
/// Longest reason accepted.
pub const REASON_MAX_CHARS: usize = 500;
/// The reason the system writes when an ARCO revocation suspends an influencer.
pub const CONSENT_REVOKED_REASON: &str = "consent_revoked";

text_enum! {
    /// `influencers.status`.
    pub enum InfluencerStatus {
        /// Registered, waiting for review.
        Pending = "pending",
        /// May earn commission.
        Approved = "approved",
        /// Refused at review.
        Rejected = "rejected",
        /// Stopped after approval (or by an ARCO revocation).
        Suspended = "suspended",
    }
}

/// Who asks for a transition: staff through the api, or the system (ARCO revocation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransitionActor {
    /// A staff user (AD, GA, AM).
    Staff,
    /// Scheduled or internal work.
    System,
}

impl InfluencerStatus {
    /// Whether the machine allows `self → next` for anyone (staff or system).
    pub fn can_become(self, next: InfluencerStatus) -> bool {
        use InfluencerStatus::*;
        matches!(
            (self, next),
            (Pending, Approved | Rejected | Suspended)
                | (Rejected, Approved)
                | (Approved, Suspended)
                | (Suspended, Approved)
        )
    }

    /// Whether `actor` may ask for `self → next`: `pending → suspended` belongs to the system's
    /// ARCO revocation only; every other listed transition is a staff action.
    pub fn can_become_by(self, next: InfluencerStatus, actor: TransitionActor) -> bool {
        use InfluencerStatus::*;
        match actor {
            TransitionActor::Staff => {
                self.can_become(next) && !(self == Pending && next == Suspended)
            }
            TransitionActor::System => matches!((self, next), (Pending | Approved, Suspended)),
        }
    }

    /// Whether the transition needs a reason: rejecting, overturning a rejection and suspending.
    pub fn reason_required(self, next: InfluencerStatus) -> bool {
        use InfluencerStatus::*;
        matches!(
            (self, next),
            (Pending, Rejected) | (Rejected, Approved) | (Approved | Pending, Suspended)
        )
    }

    /// Whether an approved-only action (earning, withdrawing) is open.
    pub fn is_approved(self) -> bool {
        self == InfluencerStatus::Approved
    }
}

/// Checks the reason for `from → to`: trimmed, 3–500 characters when present; absent or blank →
/// `required` when [`InfluencerStatus::reason_required`], otherwise `None`.
pub fn check_transition_reason(
    from: InfluencerStatus,
    to: InfluencerStatus,
    reason: Option<&str>,
) -> Result<Option<String>, FieldCode> {
    match reason.map(str::trim).filter(|value| !value.is_empty()) {
        None if from.reason_required(to) => Err(FieldCode::Required),
        None => Ok(None),
        Some(value) => {
            let count = value.chars().count();
            if count < REASON_MIN_CHARS {
                Err(FieldCode::TooShort)
            } else if count > REASON_MAX_CHARS {
                Err(FieldCode::TooLong)
            } else {
                Ok(Some(value.to_owned()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::InfluencerStatus::*;
    use super::*;

    #[test]
    fn transitions_follow_the_machine() {
        let allowed = [
            (Pending, Approved),
            (Pending, Rejected),
            (Pending, Suspended),
            (Rejected, Approved),
            (Approved, Suspended),
            (Suspended, Approved),
        ];
        for from in InfluencerStatus::ALL {
            for to in InfluencerStatus::ALL {
                assert_eq!(
                    from.can_become(to),
                    allowed.contains(&(from, to)),
                    "{from:?}→{to:?}"
                );
            }
        }
    }

    #[test]
    fn actors() {
        assert!(!Pending.can_become_by(Suspended, TransitionActor::Staff));
        assert!(Pending.can_become_by(Suspended, TransitionActor::System));
        assert!(Approved.can_become_by(Suspended, TransitionActor::System));
        assert!(Approved.can_become_by(Suspended, TransitionActor::Staff));
        assert!(!Pending.can_become_by(Approved, TransitionActor::System));
        assert!(Rejected.can_become_by(Approved, TransitionActor::Staff));
        assert!(!Rejected.can_become_by(Suspended, TransitionActor::Staff));
    }

    #[test]
    fn reasons() {
        assert!(Pending.reason_required(Rejected));
        assert!(Rejected.reason_required(Approved));
        assert!(Approved.reason_required(Suspended));
        assert!(!Pending.reason_required(Approved));
        assert!(!Suspended.reason_required(Approved));
        assert_eq!(
            check_transition_reason(Pending, Rejected, None),
            Err(FieldCode::Required)
        );
        assert_eq!(
            check_transition_reason(Pending, Rejected, Some("  ")),
            Err(FieldCode::Required)
        );
        assert_eq!(
            check_transition_reason(Pending, Rejected, Some("no")),
            Err(FieldCode::TooShort)
        );
        let long = "x".repeat(501);
        assert_eq!(
            check_transition_reason(Pending, Rejected, Some(&long)),
            Err(FieldCode::TooLong)
        );
        assert_eq!(
            check_transition_reason(Pending, Rejected, Some(" Documento ilegible ")),
            Ok(Some("Documento ilegible".into()))
        );
        assert_eq!(check_transition_reason(Pending, Approved, None), Ok(None));
    }

    #[test]
    fn spelling() {
        for status in InfluencerStatus::ALL {
            assert_eq!(InfluencerStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(InfluencerStatus::parse("Approved"), None);
    }
}
