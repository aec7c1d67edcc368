//! What several money pages share: commission rows, the filter parsers (an id that does not
//! parse is left out rather than sent) and the labelled options of a select.

use afiliados_api_types::commissions::CommissionResponse;
use uuid::Uuid;

use crate::format::{money, stamp};
use crate::i18n::I18n;

/// A commission in a table.
pub(crate) struct CommissionRow {
    pub(crate) id: String,
    pub(crate) vtex_order_id: String,
    pub(crate) influencer: String,
    pub(crate) brand: String,
    pub(crate) campaign: String,
    pub(crate) code: String,
    pub(crate) state: String,
    pub(crate) state_label: String,
    pub(crate) on_hold: bool,
    pub(crate) rate: String,
    pub(crate) commission: String,
    pub(crate) net: String,
    pub(crate) estimated_at: String,
}

impl CommissionRow {
    pub(crate) fn new(i18n: I18n, c: &CommissionResponse) -> CommissionRow {
        CommissionRow {
            id: c.id.to_string(),
            vtex_order_id: c.vtex_order_id.clone(),
            influencer: c.influencer_name.clone(),
            brand: c.brand_name.clone(),
            campaign: c.campaign_name.clone(),
            code: c.code.clone(),
            state: c.state.as_str().to_owned(),
            state_label: i18n.label("commission_state", c.state),
            on_hold: c.on_hold,
            rate: format!("{} %", c.commission_rate),
            commission: money(i18n.locale, c.commission_amount),
            net: money(i18n.locale, c.net_amount),
            estimated_at: stamp(Some(c.estimated_at)),
        }
    }
}

/// A non-blank filter value.
pub(crate) fn given(value: Option<&String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// An id filter (a bare or a typed id): `None` when blank or not an id.
pub(crate) fn id_filter<T: From<Uuid>>(value: Option<&String>) -> Option<T> {
    given(value)
        .and_then(|v| v.parse::<Uuid>().ok())
        .map(T::from)
}

/// `(value, label)` options of a select over a vocabulary.
pub(crate) fn options(
    i18n: I18n,
    prefix: &str,
    values: &[&'static str],
) -> Vec<(&'static str, String)> {
    values.iter().map(|v| (*v, i18n.label(prefix, v))).collect()
}
