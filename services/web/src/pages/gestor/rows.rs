//! Rows several gestor pages show (status history, a code with its sync state) and the flash
//! text of a refused one-click action.

use afiliados_api_types::campaigns::CampaignStatusChange;
use afiliados_api_types::codes::DiscountCodeResponse;
use afiliados_api_types::influencers::InfluencerStatusChange;
use chrono::{DateTime, Utc};

pub(crate) use crate::error_messages::refusal;
use crate::format::{day, stamp};
use crate::i18n::I18n;

/// One transition.
pub(crate) struct HistoryRow {
    pub(crate) at: String,
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) reason: String,
    pub(crate) actor: String,
}

/// A transition of either status history (influencer or campaign), its statuses spelt.
pub(crate) struct Transition {
    occurred_at: DateTime<Utc>,
    from: Option<&'static str>,
    to: &'static str,
    reason: Option<String>,
    actor: String,
}

impl From<InfluencerStatusChange> for Transition {
    fn from(change: InfluencerStatusChange) -> Transition {
        Transition {
            occurred_at: change.occurred_at,
            from: change.from_status.map(|status| status.as_str()),
            to: change.to_status.as_str(),
            reason: change.reason,
            actor: change.actor,
        }
    }
}

impl From<CampaignStatusChange> for Transition {
    fn from(change: CampaignStatusChange) -> Transition {
        Transition {
            occurred_at: change.occurred_at,
            from: change.from_status.map(|status| status.as_str()),
            to: change.to_status.as_str(),
            reason: change.reason,
            actor: change.actor,
        }
    }
}

/// History rows; `prefix` names the catalogue of the statuses (`influencer_status`).
pub(crate) fn history<T: Into<Transition>>(
    i18n: I18n,
    prefix: &str,
    items: Vec<T>,
) -> Vec<HistoryRow> {
    items
        .into_iter()
        .map(Into::into)
        .map(|change: Transition| HistoryRow {
            at: stamp(Some(change.occurred_at)),
            from: change
                .from
                .map(|status| i18n.label(prefix, status))
                .unwrap_or_default(),
            to: i18n.label(prefix, change.to),
            reason: change.reason.unwrap_or_default(),
            actor: change.actor,
        })
        .collect()
}

/// A code with its VTEX sync, for staff tables.
pub(crate) struct CodeSyncRow {
    pub(crate) id: String,
    pub(crate) code: String,
    pub(crate) influencer_id: String,
    pub(crate) influencer: String,
    pub(crate) campaign_id: String,
    pub(crate) campaign: String,
    pub(crate) discount: String,
    pub(crate) status: String,
    pub(crate) status_label: String,
    pub(crate) sync_state: String,
    pub(crate) sync_label: String,
    pub(crate) last_error: String,
    pub(crate) usage: String,
    pub(crate) dates: String,
    pub(crate) enabled: bool,
}

impl CodeSyncRow {
    pub(crate) fn new(i18n: I18n, code: DiscountCodeResponse) -> CodeSyncRow {
        CodeSyncRow {
            id: code.id.to_string(),
            influencer_id: code.influencer_id.to_string(),
            campaign_id: code.campaign_id.to_string(),
            discount: format!("{} %", code.discount_percent),
            status_label: i18n.label("code_status", code.status),
            sync_label: i18n.label("sync_state", &code.sync.state),
            sync_state: code.sync.state,
            last_error: code.sync.last_sync_error.unwrap_or_default(),
            usage: match code.max_uses {
                Some(max) => format!("{} / {max}", code.usage_count),
                None => code.usage_count.to_string(),
            },
            dates: match (code.starts_on, code.ends_on) {
                (None, None) => i18n.t("codes.campaign_dates").to_owned(),
                (start, end) => format!("{} – {}", day(start), day(end)),
            },
            status: code.status.to_string(),
            enabled: code.enabled,
            influencer: code.influencer_name,
            campaign: code.campaign_name,
            code: code.code,
        }
    }
}

/// A reason of 3–500 characters, as the api requires for rejections and suspensions.
pub(crate) fn reason_ok(reason: &str) -> bool {
    (3..=500).contains(&reason.chars().count())
}
