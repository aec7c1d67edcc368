//! `POST /internal/v1/orders/ingest` (`api.md` §21.2): the worker posts a normalised VTEX order
//! (`vtex.md` §4.7) and the api answers what ingesting it did. Money is exact (two decimals).

use afiliados_domain::Money;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where a version of an order came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IngestSource {
    /// A VTEX hook.
    Hook,
    /// An order document pushed by VTEX.
    Push,
    /// The VTEX feed.
    Feed,
    /// Reconciliation.
    Reconciliation,
    /// A staff refetch.
    Refetch,
}

impl IngestSource {
    /// Stored spelling (`orders.last_source`, `order_status_history.source`).
    pub fn as_str(self) -> &'static str {
        match self {
            IngestSource::Hook => "hook",
            IngestSource::Push => "push",
            IngestSource::Feed => "feed",
            IngestSource::Reconciliation => "reconciliation",
            IngestSource::Refetch => "refetch",
        }
    }
}

/// The request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IngestOrderRequest {
    /// Where the version came from.
    pub source: IngestSource,
    /// The webhook delivery that carried it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_id: Option<Uuid>,
    /// The reconciliation run that asked for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciliation_run_id: Option<Uuid>,
    /// The discrepancy being re-checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discrepancy_id: Option<Uuid>,
    /// Re-apply a version with the stored `lastChange` (never an older one).
    #[serde(default)]
    pub force: bool,
    /// The normalised order.
    pub order: NormalizedOrder,
}

/// A VTEX order as the worker normalised it (`vtex.md` §4.3–4.7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NormalizedOrder {
    /// VTEX `orderId`.
    pub vtex_order_id: String,
    /// VTEX `sequence`.
    #[serde(default)]
    pub sequence: Option<String>,
    /// Raw VTEX state.
    pub vtex_status: String,
    /// Mapped platform status (`created|paid|invoiced|shipped|canceled|returned`).
    pub status: String,
    /// The raw state is unknown to the map (`status` is then ignored).
    #[serde(default)]
    pub status_unmapped: bool,
    /// VTEX `creationDate`.
    pub placed_at: DateTime<Utc>,
    /// VTEX `authorizedDate`.
    #[serde(default)]
    pub authorized_at: Option<DateTime<Utc>>,
    /// VTEX `invoicedDate`.
    #[serde(default)]
    pub invoiced_at: Option<DateTime<Utc>>,
    /// VTEX `lastChange`: orders the versions.
    pub last_change: DateTime<Utc>,
    /// ISO 4217.
    pub currency: String,
    /// `Items` total.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub items_total: Money,
    /// `Discounts` total, positive.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub discounts_total: Money,
    /// `Shipping` total.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub shipping_total: Money,
    /// `Tax` total.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub tax_total: Money,
    /// `value`.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub total_value: Money,
    /// Coupon as received.
    #[serde(default)]
    pub coupon_code: Option<String>,
    /// Trimmed, upper case.
    #[serde(default)]
    pub coupon_code_normalized: Option<String>,
    /// Trimmed, lower case; only compared and hashed, never stored.
    #[serde(default)]
    pub customer_email: Option<String>,
    /// Letters and digits; only compared and hashed, never stored.
    #[serde(default)]
    pub customer_document: Option<String>,
    /// An `Output` package has a tracking number.
    #[serde(default)]
    pub has_tracking: bool,
    /// Return invoices cover every unit.
    #[serde(default)]
    pub returned_by_input_invoice: bool,
    /// The lines, `lineIndex` = position in VTEX `items[]`.
    pub lines: Vec<NormalizedLine>,
    /// Consistency warnings (`vtex.md` §4.6).
    #[serde(default)]
    pub warnings: Vec<String>,
    /// The OMS document without personal data, when the worker sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub document: Option<serde_json::Value>,
}

/// One normalised line (`vtex.md` §4.4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NormalizedLine {
    /// Position in `items[]`.
    pub line_index: u32,
    /// SKU id.
    pub sku_id: String,
    /// Product id.
    pub product_id: String,
    /// Reference id.
    #[serde(default)]
    pub ref_id: Option<String>,
    /// Name.
    pub name: String,
    /// VTEX brand id.
    #[serde(default)]
    pub brand_id: Option<String>,
    /// Brand name.
    #[serde(default)]
    pub brand_name: Option<String>,
    /// Category ids, root first.
    #[serde(default)]
    pub category_path: Vec<String>,
    /// Last category id.
    #[serde(default)]
    pub category_id: Option<String>,
    /// Units.
    pub quantity: u32,
    /// Units removed by edits.
    #[serde(default)]
    pub removed_quantity: u32,
    /// Units returned by return invoices.
    #[serde(default)]
    pub returned_quantity: u32,
    /// VTEX `price`.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub unit_price: Money,
    /// VTEX `listPrice`.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub list_price: Money,
    /// VTEX `sellingPrice`.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub selling_price: Money,
    /// `unitPrice × quantity`.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub line_gross: Money,
    /// `lineGross − lineNet`, never negative.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub line_discount: Money,
    /// After every discount.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub line_net: Money,
    /// Tax of the line.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub line_tax: Money,
    /// Gift.
    #[serde(default)]
    pub is_gift: bool,
    /// Promotions applied (`discount@` price tags).
    #[serde(default)]
    pub promotion_ids: Vec<String>,
}

/// What ingestion did with the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IngestOutcome {
    /// First version: stored, attributed, computed.
    Created,
    /// A newer (or forced) version was applied.
    Updated,
    /// Same `lastChange`: nothing changed.
    Unchanged,
    /// Older than the stored version: skipped.
    Stale,
}

/// The order's commission after ingestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IngestedCommission {
    /// Id.
    pub id: Uuid,
    /// `estimated|confirmed|reverted`.
    pub state: String,
    /// Σ line commissions.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_amount: Money,
    /// Commission − reverted.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub net_amount: Money,
    /// Held (self-referral, review).
    pub on_hold: bool,
}

/// `200` of `POST /internal/v1/orders/ingest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IngestOrderResponse {
    /// The stored order.
    pub order_id: Uuid,
    /// What happened.
    pub outcome: IngestOutcome,
    /// Platform status after ingestion.
    pub status: String,
    /// Attributed (frozen at first ingestion).
    pub attributed: bool,
    /// The first failing attribution check, when not attributed.
    pub non_attribution_reason: Option<String>,
    /// The commission, when the order is attributed.
    pub commission: Option<IngestedCommission>,
    /// Ledger entries written by this ingestion.
    pub ledger_entries: u32,
    /// The version's warnings and the ones ingestion raised (status regression, unknown state).
    pub warnings: Vec<String>,
}
