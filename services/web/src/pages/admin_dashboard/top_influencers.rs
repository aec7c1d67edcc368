//! The top 8 influencers by confirmed commission (`topInfluencers`): a table and horizontal bars,
//! in the order the api gives (its tie break by name under Spanish collation, then id, is not
//! redone here: a byte-order sort would put "Ñ" and accented names in the wrong place).

use afiliados_api_types::admin_dashboard::TopInfluencer;

use super::range::RangeForm;
use crate::chart::BarChart;
use crate::format::money;
use crate::i18n::I18n;

/// One row of the table.
pub(crate) struct TopRow {
    pub(crate) rank: usize,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) confirmed: String,
    pub(crate) estimated: String,
    pub(crate) orders: i64,
}

/// The block.
pub(crate) struct TopInfluencers {
    pub(crate) rows: Vec<TopRow>,
    pub(crate) chart: BarChart,
    /// Whether the confirmed column is bounded by the form's dates.
    pub(crate) bounded: bool,
    /// Whether each name links to the influencer's page (admin_dentsu).
    pub(crate) link: bool,
}

impl TopInfluencers {
    pub(crate) fn new(
        i18n: I18n,
        items: &[TopInfluencer],
        range: &RangeForm,
        link: bool,
    ) -> TopInfluencers {
        let locale = i18n.locale;
        TopInfluencers {
            rows: items
                .iter()
                .enumerate()
                .map(|(index, item)| TopRow {
                    rank: index + 1,
                    id: item.influencer_id.to_string(),
                    name: item.name.clone(),
                    confirmed: money(locale, item.confirmed_commission),
                    estimated: money(locale, item.estimated_commission),
                    orders: item.attributed_orders,
                })
                .collect(),
            chart: BarChart::new(
                "chart-top-influencers",
                locale,
                items
                    .iter()
                    .map(|item| {
                        (
                            item.influencer_id.to_string(),
                            item.name.clone(),
                            item.confirmed_commission,
                            String::new(),
                        )
                    })
                    .collect(),
            ),
            bounded: range.bounded(),
            link,
        }
    }
}
