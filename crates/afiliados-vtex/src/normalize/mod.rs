//! Normalisation of an OMS order document into the [`NormalizedOrder`] the worker posts to
//! `POST /internal/v1/orders/ingest` (`vtex.md` §3–§4.7): cents divided by 100 exactly, the state
//! table with its precedence, category paths, per-line amounts, edits and return invoices,
//! consistency warnings (never failures), and personal data only as the order's own fields.
//!
//! The output type is the api's DTO itself (`afiliados-api-types`, plain data) so the worker
//! posts exactly what it computed; see ADR 0033.

mod cents;
mod lines;
mod privacy;
mod status;

use afiliados_api_types::orders::NormalizedOrder;
use afiliados_domain::OrderStatus;
use chrono::{DateTime, Timelike as _, Utc};
use serde_json::Value;

pub use privacy::without_personal_data;
pub use status::map_state;

use crate::model::OmsOrder;

/// Warning: a cent amount had a fraction and was rounded.
pub const NON_INTEGER_CENTS: &str = "non_integer_cents";
/// Warning: a line's net exceeds its gross (its discount is taken as 0).
pub const NET_EXCEEDS_GROSS: &str = "net_exceeds_gross";
/// Warning: the raw state is not in the table.
pub const UNKNOWN_STATE: &str = "unknown_state";
/// Warning: Σ `lineGross` ≠ `itemsTotal`.
pub const ITEMS_TOTAL_MISMATCH: &str = "items_total_mismatch";
/// Warning: Σ `lineDiscount` ≠ `discountsTotal`.
pub const DISCOUNTS_TOTAL_MISMATCH: &str = "discounts_total_mismatch";
/// Warning: Σ `lineTax` ≠ `taxTotal`.
pub const TAX_TOTAL_MISMATCH: &str = "tax_total_mismatch";
/// Warning: items − discounts + shipping + tax ≠ `value`.
pub const VALUE_MISMATCH: &str = "value_mismatch";

/// The document cannot be normalised (missing or mistyped required fields, counts that are not
/// counts, amounts out of range). Permanent: fetching it again gives the same document. The
/// message names fields, never their values (which may be personal data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the OMS order document cannot be normalised: {0}")]
pub struct NormalizeError(pub String);

/// Warnings in order of first appearance, each once.
#[derive(Debug, Default)]
pub(crate) struct Warnings(Vec<String>);

impl Warnings {
    pub(crate) fn add(&mut self, warning: &str) {
        if !self.0.iter().any(|w| w == warning) {
            self.0.push(warning.to_owned());
        }
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn into_vec(self) -> Vec<String> {
        self.0
    }
}

/// Normalises an OMS order document; `default_currency` (`VTEX_DEFAULT_CURRENCY`) applies when
/// the document names none.
pub fn normalize(
    document: &Value,
    default_currency: &str,
) -> Result<NormalizedOrder, NormalizeError> {
    let order = OmsOrder::deserialize_document(document)?;
    let mut warnings = Warnings::default();
    let total = |id: &str, warnings: &mut Warnings| match order.total(id) {
        Some(value) => cents::whole(value, &format!("totals[{id}]"), warnings),
        None => Ok(0),
    };
    let items_total = total("Items", &mut warnings)?;
    let discounts_total = total("Discounts", &mut warnings)?.abs();
    let shipping_total = total("Shipping", &mut warnings)?;
    let tax_total = total("Tax", &mut warnings)?;
    let value = cents::whole(order.value, "value", &mut warnings)?;

    let packages = order
        .package_attachment
        .as_ref()
        .map(|p| p.packages.as_slice())
        .unwrap_or_default();
    let (lines, amounts) = lines::normalize_lines(
        &order.items,
        order.changes_attachment.as_ref(),
        packages,
        &mut warnings,
    )?;

    let has_tracking = packages.iter().any(|package| {
        lines::is_kind(package, "Output")
            && package
                .tracking_number
                .as_deref()
                .is_some_and(|t| !t.trim().is_empty())
    });
    let returned_units: u32 = lines.iter().map(|l| l.returned_quantity).sum();
    let returned_by_input_invoice = returned_units > 0
        && lines
            .iter()
            .all(|l| l.returned_quantity == l.quantity.saturating_sub(l.removed_quantity));

    let mapped = status::map_state(&order.status);
    let resolved = status::resolve(mapped, returned_by_input_invoice, has_tracking);
    if mapped.is_none() {
        warnings.add(UNKNOWN_STATE);
    }

    let sum = |pick: fn(&lines::LineCents) -> i64| amounts.iter().map(pick).sum::<i64>();
    if sum(|a| a.gross) != items_total {
        warnings.add(ITEMS_TOTAL_MISMATCH);
    }
    if sum(|a| a.discount) != discounts_total {
        warnings.add(DISCOUNTS_TOTAL_MISMATCH);
    }
    if sum(|a| a.tax) != tax_total {
        warnings.add(TAX_TOTAL_MISMATCH);
    }
    if items_total - discounts_total + shipping_total + tax_total != value {
        warnings.add(VALUE_MISMATCH);
    }

    let coupon = order.coupon().map(str::to_owned);
    let profile = order.client_profile_data.as_ref();
    Ok(NormalizedOrder {
        vtex_order_id: order.order_id.trim().to_owned(),
        sequence: order.sequence.clone(),
        vtex_status: order.status.clone(),
        status: resolved.unwrap_or(OrderStatus::Created).as_str().to_owned(),
        status_unmapped: resolved.is_none(),
        placed_at: micros(order.creation_date),
        authorized_at: order.authorized_date.map(micros),
        invoiced_at: order.invoiced_date.map(micros),
        last_change: micros(order.last_change),
        currency: order
            .store_preferences_data
            .as_ref()
            .and_then(|s| s.currency_code.as_deref())
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .unwrap_or(default_currency)
            .to_owned(),
        items_total: cents::money(items_total),
        discounts_total: cents::money(discounts_total),
        shipping_total: cents::money(shipping_total),
        tax_total: cents::money(tax_total),
        total_value: cents::money(value),
        coupon_code_normalized: coupon.as_deref().map(str::to_uppercase),
        coupon_code: coupon,
        customer_email: profile
            .and_then(|p| p.email.as_deref())
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty()),
        customer_document: profile
            .and_then(|p| p.document.as_deref())
            .map(|d| {
                d.chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
            })
            .filter(|d| !d.is_empty()),
        has_tracking,
        returned_by_input_invoice,
        lines,
        warnings: warnings.into_vec(),
        document: Some(without_personal_data(document)),
    })
}

/// UTC, truncated to microseconds (`…10.9876543+00:00` → `…10.987654Z`).
fn micros(instant: DateTime<Utc>) -> DateTime<Utc> {
    let nanos = instant.nanosecond();
    instant
        .with_nanosecond(nanos - nanos % 1_000)
        .unwrap_or(instant)
}

impl OmsOrder {
    fn deserialize_document(document: &Value) -> Result<OmsOrder, NormalizeError> {
        OmsOrder::from_value(document).map_err(|error| NormalizeError(error.to_string()))
    }
}

#[cfg(test)]
mod tests;
