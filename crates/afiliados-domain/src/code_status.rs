//! Derived discount-code status and coupon sync state (`domain.md` §4.4, §5.5.2).

use crate::text_enum::text_enum;
use crate::{CampaignStatus, InfluencerStatus, MembershipStatus};
use chrono::NaiveDate;

text_enum! {
    /// `discount_codes.status`, never set by hand: see [`derive_code_status`].
    pub enum CodeStatus {
        /// Not usable yet (influencer pending, campaign draft, before the start date).
        Pending = "pending",
        /// Usable in VTEX.
        Active = "active",
        /// Not usable (disabled, suspended, paused or ended, expired, exhausted).
        Inactive = "inactive",
    }
}

impl CodeStatus {
    /// Whether the VTEX coupon must be archived (every status but `active`).
    pub fn coupon_archived(self) -> bool {
        self != CodeStatus::Active
    }
}

text_enum! {
    /// `discount_codes.sync_state` (and `campaign_promotions.sync_state`).
    pub enum SyncState {
        /// A `SyncCoupon` job is due.
        Pending = "pending",
        /// VTEX holds the desired state of `synced_revision`.
        Synced = "synced",
        /// The last attempt failed (`last_sync_error`).
        Failed = "failed",
    }
}

/// Everything the status depends on, read at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeStatusInputs {
    /// The manual switch.
    pub enabled: bool,
    /// The influencer's membership in the code's campaign.
    pub membership: MembershipStatus,
    /// The influencer's status.
    pub influencer: InfluencerStatus,
    /// The campaign's status.
    pub campaign: CampaignStatus,
    /// The campaign's first date.
    pub campaign_start: NaiveDate,
    /// The campaign's last date, if any.
    pub campaign_end: Option<NaiveDate>,
    /// The code's own first date, if any.
    pub starts_on: Option<NaiveDate>,
    /// The code's own last date, if any.
    pub ends_on: Option<NaiveDate>,
    /// Use limit, if any.
    pub max_uses: Option<i32>,
    /// Orders attributed so far.
    pub usage_count: i32,
    /// The Bogota business date of the computation (see [`crate::bogota_date`]).
    pub today: NaiveDate,
}

/// The table of §5.5.2, first matching row wins: `inactive`, then `pending`, else `active`.
pub fn derive_code_status(inputs: &CodeStatusInputs) -> CodeStatus {
    let today = inputs.today;
    let after_end = [inputs.ends_on, inputs.campaign_end]
        .into_iter()
        .flatten()
        .any(|end| today > end);
    let exhausted = inputs.max_uses.is_some_and(|max| inputs.usage_count >= max);
    let inactive = !inputs.enabled
        || inputs.membership == MembershipStatus::Inactive
        || matches!(
            inputs.influencer,
            InfluencerStatus::Rejected | InfluencerStatus::Suspended
        )
        || matches!(
            inputs.campaign,
            CampaignStatus::Paused | CampaignStatus::Ended
        )
        || after_end
        || exhausted;
    if inactive {
        return CodeStatus::Inactive;
    }
    let before_start = [inputs.starts_on, Some(inputs.campaign_start)]
        .into_iter()
        .flatten()
        .any(|start| today < start);
    if inputs.influencer == InfluencerStatus::Pending
        || inputs.campaign == CampaignStatus::Draft
        || before_start
    {
        return CodeStatus::Pending;
    }
    CodeStatus::Active
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(raw: &str) -> NaiveDate {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
    }

    fn base() -> CodeStatusInputs {
        CodeStatusInputs {
            enabled: true,
            membership: MembershipStatus::Active,
            influencer: InfluencerStatus::Approved,
            campaign: CampaignStatus::Active,
            campaign_start: date("2026-02-01"),
            campaign_end: Some(date("2026-04-30")),
            starts_on: None,
            ends_on: None,
            max_uses: None,
            usage_count: 0,
            today: date("2026-03-02"),
        }
    }

    #[test]
    fn spec_examples() {
        assert_eq!(derive_code_status(&base()), CodeStatus::Active);
        let paused = CodeStatusInputs {
            campaign: CampaignStatus::Paused,
            ..base()
        };
        assert_eq!(derive_code_status(&paused), CodeStatus::Inactive);
        let future = CodeStatusInputs {
            influencer: InfluencerStatus::Pending,
            campaign_start: date("2026-05-01"),
            campaign_end: None,
            ..base()
        };
        assert_eq!(derive_code_status(&future), CodeStatus::Pending);
        let exhausted = CodeStatusInputs {
            max_uses: Some(100),
            usage_count: 100,
            ..base()
        };
        assert_eq!(derive_code_status(&exhausted), CodeStatus::Inactive);
    }

    #[test]
    fn inactive_wins_over_pending() {
        let both = CodeStatusInputs {
            influencer: InfluencerStatus::Pending,
            enabled: false,
            ..base()
        };
        assert_eq!(derive_code_status(&both), CodeStatus::Inactive);
        let draft_but_disabled_membership = CodeStatusInputs {
            campaign: CampaignStatus::Draft,
            membership: MembershipStatus::Inactive,
            ..base()
        };
        assert_eq!(
            derive_code_status(&draft_but_disabled_membership),
            CodeStatus::Inactive
        );
    }

    #[test]
    fn every_row() {
        let inactive = [
            CodeStatusInputs {
                influencer: InfluencerStatus::Rejected,
                ..base()
            },
            CodeStatusInputs {
                influencer: InfluencerStatus::Suspended,
                ..base()
            },
            CodeStatusInputs {
                campaign: CampaignStatus::Ended,
                ..base()
            },
            CodeStatusInputs {
                today: date("2026-05-01"),
                ..base()
            },
            CodeStatusInputs {
                ends_on: Some(date("2026-03-01")),
                ..base()
            },
            CodeStatusInputs {
                max_uses: Some(5),
                usage_count: 6,
                ..base()
            },
        ];
        for inputs in inactive {
            assert_eq!(
                derive_code_status(&inputs),
                CodeStatus::Inactive,
                "{inputs:?}"
            );
        }
        let pending = [
            CodeStatusInputs {
                campaign: CampaignStatus::Draft,
                ..base()
            },
            CodeStatusInputs {
                starts_on: Some(date("2026-03-03")),
                ..base()
            },
            CodeStatusInputs {
                today: date("2026-01-31"),
                ..base()
            },
        ];
        for inputs in pending {
            assert_eq!(
                derive_code_status(&inputs),
                CodeStatus::Pending,
                "{inputs:?}"
            );
        }
        let edges = [
            CodeStatusInputs {
                today: date("2026-04-30"),
                ..base()
            },
            CodeStatusInputs {
                today: date("2026-02-01"),
                ..base()
            },
            CodeStatusInputs {
                max_uses: Some(100),
                usage_count: 99,
                ..base()
            },
            CodeStatusInputs {
                campaign_end: None,
                today: date("2030-01-01"),
                ..base()
            },
        ];
        for inputs in edges {
            assert_eq!(
                derive_code_status(&inputs),
                CodeStatus::Active,
                "{inputs:?}"
            );
        }
    }

    #[test]
    fn coupon_state_follows_status() {
        assert!(CodeStatus::Pending.coupon_archived());
        assert!(CodeStatus::Inactive.coupon_archived());
        assert!(!CodeStatus::Active.coupon_archived());
        assert_eq!(CodeStatus::parse("active"), Some(CodeStatus::Active));
        assert_eq!(SyncState::Failed.as_str(), "failed");
    }
}
