//! The money half of the influencer's panel, from `GET /dashboard/influencer` (`domain.md`
//! §6.1): the wallet (totals and per brand), this month's figures with the labels the spec
//! requires, the monthly earnings chart (last 12 months, server-rendered SVG) and the progress
//! towards the next tier of each active campaign.

use afiliados_api_types::dashboards::{InfluencerDashboard, WalletBuckets};
use afiliados_domain::Locale;

use crate::chart::{MonthlyChart, ProgressBar};
use crate::format::{day, money, stamp};
use crate::i18n::I18n;

/// The buckets of a balance, formatted.
pub(crate) struct Buckets {
    pub(crate) estimated: String,
    pub(crate) confirmed: String,
    pub(crate) reverted: String,
    pub(crate) pending_withdrawal: String,
    pub(crate) withdrawn: String,
    pub(crate) pending_adjustments: String,
    pub(crate) available: String,
    pub(crate) negative: bool,
}

impl Buckets {
    fn new(locale: Locale, b: &WalletBuckets) -> Buckets {
        Buckets {
            estimated: money(locale, b.estimated),
            confirmed: money(locale, b.confirmed),
            reverted: money(locale, b.reverted),
            pending_withdrawal: money(locale, b.pending_withdrawal),
            withdrawn: money(locale, b.withdrawn),
            pending_adjustments: money(locale, b.pending_adjustments),
            available: money(locale, b.available),
            negative: b.available.is_negative(),
        }
    }
}

/// One brand of the wallet.
pub(crate) struct BrandWallet {
    pub(crate) brand_id: String,
    pub(crate) brand: String,
    pub(crate) balance: Buckets,
    pub(crate) minimum: String,
    pub(crate) max_withdrawable: String,
    pub(crate) can_withdraw: bool,
}

/// The period block, each figure with its label.
pub(crate) struct PeriodFigure {
    pub(crate) id: &'static str,
    pub(crate) label: String,
    pub(crate) value: String,
}

/// One campaign's tier progress.
pub(crate) struct TierRow {
    pub(crate) campaign: String,
    pub(crate) current: String,
    pub(crate) next: String,
    pub(crate) sales: String,
    pub(crate) remaining: String,
    pub(crate) percent: u32,
    pub(crate) bar: ProgressBar,
    pub(crate) window: String,
    pub(crate) next_evaluation: String,
}

/// Everything the panel shows from the dashboard.
pub(crate) struct MoneyPanel {
    pub(crate) totals: Buckets,
    pub(crate) brands: Vec<BrandWallet>,
    pub(crate) period_label: String,
    pub(crate) period: Vec<PeriodFigure>,
    pub(crate) chart: MonthlyChart,
    pub(crate) tiers: Vec<TierRow>,
    pub(crate) generated_at: String,
}

impl MoneyPanel {
    pub(crate) fn new(i18n: I18n, d: &InfluencerDashboard) -> MoneyPanel {
        let locale = i18n.locale;
        let p = &d.period;
        let figure = |id: &'static str, key: &str, value: String| PeriodFigure {
            id,
            label: i18n.t(key).to_owned(),
            value,
        };
        MoneyPanel {
            totals: Buckets::new(locale, &d.wallet.totals),
            brands: d
                .wallet
                .by_brand
                .iter()
                .map(|b| BrandWallet {
                    brand_id: b.brand_id.to_string(),
                    brand: b.brand_name.clone(),
                    balance: Buckets::new(locale, &b.balance),
                    minimum: money(locale, b.minimum_withdrawal),
                    max_withdrawable: money(locale, b.max_withdrawable),
                    can_withdraw: b.can_withdraw,
                })
                .collect(),
            period_label: format!("{} – {}", stamp(Some(p.from)), stamp(Some(p.to))),
            period: vec![
                figure(
                    "period-orders",
                    "dashboard.attributed_orders",
                    p.attributed_orders.to_string(),
                ),
                figure(
                    "period-canceled",
                    "dashboard.canceled_orders",
                    p.canceled_orders.to_string(),
                ),
                figure(
                    "period-eligible-sales",
                    "dashboard.eligible_sales",
                    money(locale, p.eligible_sales),
                ),
                figure(
                    "period-estimated",
                    "dashboard.estimated_commission",
                    money(locale, p.estimated_commission),
                ),
                figure(
                    "period-confirmed",
                    "dashboard.confirmed_commission",
                    money(locale, p.confirmed_commission),
                ),
                figure(
                    "period-on-hold",
                    "dashboard.on_hold_commission",
                    money(locale, p.on_hold_commission),
                ),
                figure(
                    "period-reverted",
                    "dashboard.reverted_commission",
                    money(locale, p.reverted_commission),
                ),
            ],
            chart: MonthlyChart::new(
                locale,
                &d.monthly
                    .iter()
                    .map(|m| (m.month.clone(), m.eligible_sales, m.confirmed_commission))
                    .collect::<Vec<_>>(),
            ),
            tiers: d
                .tier_progress
                .iter()
                .map(|t| TierRow {
                    campaign: t.campaign_name.clone(),
                    current: format!(
                        "{} · {} %",
                        t.current_tier.name, t.current_tier.commission_percent
                    ),
                    next: t
                        .next_tier
                        .as_ref()
                        .map(|n| {
                            format!(
                                "{} · {} % ({})",
                                n.name,
                                n.commission_percent,
                                money(locale, n.threshold)
                            )
                        })
                        .unwrap_or_default(),
                    sales: money(locale, t.sales_volume),
                    remaining: money(locale, t.remaining_to_next),
                    percent: t.progress_percent,
                    bar: ProgressBar::from_percent(t.progress_percent),
                    window: format!(
                        "{} – {}",
                        stamp(Some(t.window_start)),
                        stamp(Some(t.window_end))
                    ),
                    next_evaluation: day(t.next_evaluation_on),
                })
                .collect(),
            generated_at: stamp(Some(d.generated_at)),
        }
    }
}
