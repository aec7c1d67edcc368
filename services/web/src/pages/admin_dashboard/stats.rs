//! The stats cards (`stats`, `domain.md` §6.4) with the labels the spec requires: "Influencers
//! activos" are the approved ones and "Influencers registrados" every one; the monthly confirmed
//! commission says "este mes" and the all-time one "(total)", never a monthly label.

use afiliados_api_types::admin_dashboard::AdminStats;

use crate::format::money;
use crate::i18n::I18n;

/// One card.
pub(crate) struct StatCard {
    pub(crate) id: &'static str,
    pub(crate) label: String,
    pub(crate) value: String,
}

pub(crate) fn cards(i18n: I18n, s: &AdminStats) -> Vec<StatCard> {
    let locale = i18n.locale;
    let card = |id: &'static str, key: &str, value: String| StatCard {
        id,
        label: i18n.t(key).to_owned(),
        value,
    };
    vec![
        card(
            "stat-active-influencers",
            "admin_dashboard.active_influencers",
            s.active_influencers.to_string(),
        ),
        card(
            "stat-total-influencers",
            "admin_dashboard.total_influencers",
            s.total_influencers.to_string(),
        ),
        card(
            "stat-pending-influencers",
            "admin_dashboard.pending_influencers",
            s.pending_influencers.to_string(),
        ),
        card(
            "stat-active-brands",
            "admin_dashboard.active_brands",
            s.active_brands.to_string(),
        ),
        card(
            "stat-campaigns-total",
            "admin_dashboard.campaigns_total",
            s.campaigns.total.to_string(),
        ),
        card(
            "stat-campaigns-active",
            "admin_dashboard.campaigns_active",
            s.campaigns.active.to_string(),
        ),
        card(
            "stat-confirmed-this-month",
            "admin_dashboard.confirmed_this_month",
            money(locale, s.confirmed_commission_this_month),
        ),
        card(
            "stat-confirmed-all-time",
            "admin_dashboard.confirmed_all_time",
            money(locale, s.confirmed_commission_all_time),
        ),
        card(
            "stat-estimated",
            "admin_dashboard.estimated_commission",
            money(locale, s.estimated_commission),
        ),
        card(
            "stat-eligible-sales-this-month",
            "admin_dashboard.eligible_sales_this_month",
            money(locale, s.eligible_sales_this_month),
        ),
    ]
}
