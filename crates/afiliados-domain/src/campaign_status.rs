//! The campaign state machine (`domain.md` §4.3) and campaign membership status.

use crate::text_enum::text_enum;

text_enum! {
    /// `campaigns.status`.
    pub enum CampaignStatus {
        /// Being configured; the only deletable state.
        Draft = "draft",
        /// Running: promotions and coupons live in VTEX.
        Active = "active",
        /// Stopped for now; coupons archived.
        Paused = "paused",
        /// Final.
        Ended = "ended",
    }
}

impl CampaignStatus {
    /// Whether the machine allows `self → next`.
    pub fn can_become(self, next: CampaignStatus) -> bool {
        use CampaignStatus::*;
        matches!(
            (self, next),
            (Draft, Active) | (Active, Paused) | (Paused, Active) | (Active | Paused, Ended)
        )
    }

    /// `ended` admits no transition.
    pub fn is_final(self) -> bool {
        self == CampaignStatus::Ended
    }

    /// Only drafts can be deleted (and only without code usage or orders).
    pub fn is_deletable(self) -> bool {
        self == CampaignStatus::Draft
    }

    /// Whether editing rules bumps `version` (every state but `draft`).
    pub fn edits_bump_version(self) -> bool {
        self != CampaignStatus::Draft
    }
}

text_enum! {
    /// `campaign_influencers.status`.
    pub enum MembershipStatus {
        /// The influencer takes part in the campaign.
        Active = "active",
        /// Deactivated; its codes are `inactive`.
        Inactive = "inactive",
    }
}

#[cfg(test)]
mod tests {
    use super::CampaignStatus::*;
    use super::*;

    #[test]
    fn transitions_follow_the_machine() {
        let allowed = [
            (Draft, Active),
            (Active, Paused),
            (Paused, Active),
            (Active, Ended),
            (Paused, Ended),
        ];
        for from in CampaignStatus::ALL {
            for to in CampaignStatus::ALL {
                assert_eq!(
                    from.can_become(to),
                    allowed.contains(&(from, to)),
                    "{from:?}→{to:?}"
                );
            }
        }
        assert!(Ended.is_final());
        assert!(CampaignStatus::ALL.iter().all(|s| !Ended.can_become(*s)));
        assert!(Draft.is_deletable() && !Active.is_deletable());
        assert!(!Draft.edits_bump_version() && Paused.edits_bump_version());
    }

    #[test]
    fn spelling() {
        for status in CampaignStatus::ALL {
            assert_eq!(CampaignStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(serde_json::to_string(&Paused).unwrap(), "\"paused\"");
        assert_eq!(
            MembershipStatus::parse("inactive"),
            Some(MembershipStatus::Inactive)
        );
        assert_eq!(MembershipStatus::parse("x"), None);
    }
}
