//! Performance by brand (`performanceByBrand`): eligible sales, commissions by state and the
//! effective commission rate — (estimated + confirmed) / eligible sales, written with exactly two
//! decimals as a percentage. Labelled "Tasa efectiva de comisión": it is commission over eligible
//! sales, not a conversion rate (the platform has no traffic data). Bars: eligible sales, with
//! the rate after each amount.

use afiliados_api_types::admin_dashboard::BrandPerformance as BrandFigures;

use crate::chart::BarChart;
use crate::format::money;
use crate::i18n::I18n;
use crate::percent::percent;

/// One brand's row.
pub(crate) struct BrandRow {
    pub(crate) name: String,
    pub(crate) eligible: String,
    pub(crate) estimated: String,
    pub(crate) confirmed: String,
    pub(crate) reverted: String,
    /// `9,97 %`, or "—" without eligible sales.
    pub(crate) rate: String,
}

/// The block.
pub(crate) struct BrandPerformance {
    pub(crate) rows: Vec<BrandRow>,
    pub(crate) chart: BarChart,
}

impl BrandPerformance {
    pub(crate) fn new(i18n: I18n, items: &[BrandFigures]) -> BrandPerformance {
        let locale = i18n.locale;
        let rate = |item: &BrandFigures| {
            item.effective_commission_rate
                .map_or_else(|| "—".to_owned(), |rate| percent(locale, rate))
        };
        BrandPerformance {
            rows: items
                .iter()
                .map(|item| BrandRow {
                    name: item.brand_name.clone(),
                    eligible: money(locale, item.eligible_sales),
                    estimated: money(locale, item.estimated_commission),
                    confirmed: money(locale, item.confirmed_commission),
                    reverted: money(locale, item.reverted_commission),
                    rate: rate(item),
                })
                .collect(),
            chart: BarChart::new(
                "chart-brand-performance",
                locale,
                items
                    .iter()
                    .map(|item| {
                        (
                            item.brand_id.to_string(),
                            item.brand_name.clone(),
                            item.eligible_sales,
                            rate(item),
                        )
                    })
                    .collect(),
            ),
        }
    }
}
