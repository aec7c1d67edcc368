//! The summary above the approval queue, from `GET /dashboard/gestor` (`domain.md` §6.2):
//! influencers by status, pending approvals with how many are overdue (more than 3 business
//! days), campaigns and codes by status, failed coupon syncs, held commissions and influencers
//! with pending consents, each a link to the list it counts.

use afiliados_api_types::dashboards::GestorDashboard;

use crate::format::{money, stamp};
use crate::i18n::I18n;

/// One figure.
pub(crate) struct SummaryFigure {
    pub(crate) id: &'static str,
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) href: Option<String>,
    pub(crate) alert: bool,
}

/// The summary.
pub(crate) struct GestorSummary {
    pub(crate) figures: Vec<SummaryFigure>,
    pub(crate) generated_at: String,
}

impl GestorSummary {
    /// `commission_link`: whether the reader may open `/comisiones` (not the gestor).
    pub(crate) fn new(i18n: I18n, d: &GestorDashboard, commission_link: bool) -> GestorSummary {
        let overdue = d
            .pending_approvals
            .oldest
            .iter()
            .filter(|p| p.overdue)
            .count();
        let figure =
            |id: &'static str, key: &str, value: String, href: Option<&str>, alert: bool| {
                SummaryFigure {
                    id,
                    label: i18n.t(key).to_owned(),
                    value,
                    href: href.map(str::to_owned),
                    alert,
                }
            };
        let s = &d.influencers.by_status;
        GestorSummary {
            figures: vec![
                figure(
                    "summary-influencers",
                    "gestor_summary.influencers",
                    format!(
                        "{} ({} {} · {} {})",
                        d.influencers.total,
                        s.approved,
                        i18n.label("influencer_status", "approved"),
                        s.suspended,
                        i18n.label("influencer_status", "suspended")
                    ),
                    Some("/gestor/influencers"),
                    false,
                ),
                figure(
                    "summary-pending",
                    "gestor_summary.pending_approvals",
                    d.pending_approvals.count.to_string(),
                    None,
                    false,
                ),
                figure(
                    "summary-overdue",
                    "gestor_summary.overdue",
                    overdue.to_string(),
                    None,
                    overdue > 0,
                ),
                figure(
                    "summary-campaigns",
                    "gestor_summary.active_campaigns",
                    d.campaigns.by_status.active.to_string(),
                    Some("/gestor/campanas"),
                    false,
                ),
                figure(
                    "summary-codes",
                    "gestor_summary.active_codes",
                    d.codes.by_status.active.to_string(),
                    Some("/gestor/codigos"),
                    false,
                ),
                figure(
                    "summary-sync-failed",
                    "gestor_summary.sync_failed",
                    d.codes.sync_failed.to_string(),
                    Some("/gestor/codigos?syncState=failed"),
                    d.codes.sync_failed > 0,
                ),
                figure(
                    "summary-on-hold",
                    "gestor_summary.on_hold",
                    format!(
                        "{} · {}",
                        d.commissions_on_hold.count,
                        money(i18n.locale, d.commissions_on_hold.net_amount)
                    ),
                    commission_link.then_some("/comisiones?onHold=true"),
                    false,
                ),
                figure(
                    "summary-consents",
                    "gestor_summary.pending_consents",
                    d.influencers_with_pending_consents.to_string(),
                    None,
                    false,
                ),
            ],
            generated_at: stamp(Some(d.generated_at)),
        }
    }
}
