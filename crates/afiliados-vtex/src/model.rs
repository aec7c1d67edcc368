//! A typed view of the OMS order fields the platform reads (vtex.md §4.3–§4.5). Money stays in
//! VTEX cents as exact decimals (a value such as `1234.0` is accepted); normalisation divides.
//! Unknown fields are ignored; `null` lists and objects read as empty.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::error::{Result, VtexError};

fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// The OMS order document.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OmsOrder {
    /// `orderId`.
    pub order_id: String,
    /// `sequence`.
    #[serde(default)]
    pub sequence: Option<String>,
    /// Raw workflow state.
    pub status: String,
    /// `value`, cents.
    pub value: Decimal,
    /// `creationDate`.
    pub creation_date: DateTime<Utc>,
    /// `lastChange`.
    pub last_change: DateTime<Utc>,
    /// `authorizedDate`.
    #[serde(default)]
    pub authorized_date: Option<DateTime<Utc>>,
    /// `invoicedDate`.
    #[serde(default)]
    pub invoiced_date: Option<DateTime<Utc>>,
    /// `totals[]` (`Items`, `Discounts`, `Shipping`, `Tax`).
    #[serde(default, deserialize_with = "nullable")]
    pub totals: Vec<Total>,
    /// `items[]`.
    #[serde(default, deserialize_with = "nullable")]
    pub items: Vec<OmsItem>,
    /// `marketingData` (may be `null`).
    #[serde(default)]
    pub marketing_data: Option<MarketingData>,
    /// `clientProfileData`.
    #[serde(default)]
    pub client_profile_data: Option<ClientProfile>,
    /// `storePreferencesData`.
    #[serde(default)]
    pub store_preferences_data: Option<StorePreferences>,
    /// `packageAttachment`.
    #[serde(default)]
    pub package_attachment: Option<PackageAttachment>,
    /// `changesAttachment`.
    #[serde(default)]
    pub changes_attachment: Option<ChangesAttachment>,
}

impl OmsOrder {
    /// Decodes the typed view from the raw document.
    pub fn from_value(document: &Value) -> Result<OmsOrder> {
        OmsOrder::deserialize(document)
            .map_err(|err| VtexError::Decode(format!("OMS order document: {err}")))
    }

    /// The `totals[]` entry with this id (`Items`, `Discounts`, `Shipping`, `Tax`), if present.
    pub fn total(&self, id: &str) -> Option<Decimal> {
        self.totals.iter().find(|t| t.id == id).map(|t| t.value)
    }

    /// `marketingData.coupon`, trimmed; `None` when absent, empty or whitespace.
    pub fn coupon(&self) -> Option<&str> {
        self.marketing_data
            .as_ref()
            .and_then(|m| m.coupon.as_deref())
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }
}

/// One `totals[]` entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Total {
    /// `Items`, `Discounts`, `Shipping`, `Tax`, …
    pub id: String,
    /// Cents (`Discounts` is negative).
    pub value: Decimal,
}

/// `marketingData`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketingData {
    /// The coupon code as the customer typed it.
    #[serde(default)]
    pub coupon: Option<String>,
    /// `utmSource`.
    #[serde(default)]
    pub utm_source: Option<String>,
    /// `utmCampaign`.
    #[serde(default)]
    pub utm_campaign: Option<String>,
}

/// `clientProfileData` (customer data: never logged).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientProfile {
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// Identity document.
    #[serde(default)]
    pub document: Option<String>,
}

/// `storePreferencesData`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorePreferences {
    /// ISO currency.
    #[serde(default)]
    pub currency_code: Option<String>,
}

/// One `items[]` line.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OmsItem {
    /// SKU id (`id`).
    pub id: String,
    /// `productId`.
    #[serde(default)]
    pub product_id: Option<String>,
    /// `refId`.
    #[serde(default)]
    pub ref_id: Option<String>,
    /// `name`.
    #[serde(default)]
    pub name: Option<String>,
    /// Units.
    pub quantity: i64,
    /// Unit price, cents.
    pub price: Decimal,
    /// List price, cents.
    #[serde(default)]
    pub list_price: Option<Decimal>,
    /// Selling price, cents.
    #[serde(default)]
    pub selling_price: Option<Decimal>,
    /// Tax per unit, cents.
    #[serde(default)]
    pub tax: Option<Decimal>,
    /// Gift line.
    #[serde(default, deserialize_with = "nullable")]
    pub is_gift: bool,
    /// Discounts and other price tags.
    #[serde(default, deserialize_with = "nullable")]
    pub price_tags: Vec<PriceTag>,
    /// `priceDefinition`.
    #[serde(default)]
    pub price_definition: Option<PriceDefinition>,
    /// `additionalInfo` (brand and categories).
    #[serde(default)]
    pub additional_info: Option<AdditionalInfo>,
}

/// One `priceTags[]` entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceTag {
    /// `discount@price-<promotion>#…` for promotion discounts.
    pub name: String,
    /// Cents (negative for discounts).
    pub value: Decimal,
    /// The promotion id.
    #[serde(default)]
    pub identifier: Option<String>,
    /// Whether `value` is a percentage.
    #[serde(default, deserialize_with = "nullable")]
    pub is_percentual: bool,
}

/// `priceDefinition`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceDefinition {
    /// Line net total, cents.
    #[serde(default)]
    pub total: Option<Decimal>,
}

/// `additionalInfo`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdditionalInfo {
    /// VTEX brand id.
    #[serde(default)]
    pub brand_id: Option<String>,
    /// Brand name.
    #[serde(default)]
    pub brand_name: Option<String>,
    /// `/3/45/`.
    #[serde(default)]
    pub categories_ids: Option<String>,
}

/// `packageAttachment`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageAttachment {
    /// Shipments (`Output`) and return invoices (`Input`).
    #[serde(default, deserialize_with = "nullable")]
    pub packages: Vec<Package>,
}

/// One package.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    /// `Output` or `Input`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// Tracking number of a shipment.
    #[serde(default)]
    pub tracking_number: Option<String>,
    /// Invoice number.
    #[serde(default)]
    pub invoice_number: Option<String>,
    /// Lines covered.
    #[serde(default, deserialize_with = "nullable")]
    pub items: Vec<PackageItem>,
}

/// `{itemIndex, quantity}` of a package.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageItem {
    /// Position in `items[]`.
    pub item_index: usize,
    /// Units.
    pub quantity: i64,
}

/// `changesAttachment`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangesAttachment {
    /// Order edits.
    #[serde(default, deserialize_with = "nullable")]
    pub changes_data: Vec<ChangeData>,
}

/// One order edit.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeData {
    /// Units removed.
    #[serde(default, deserialize_with = "nullable")]
    pub items_removed: Vec<ChangedItem>,
    /// Units added back.
    #[serde(default, deserialize_with = "nullable")]
    pub items_added: Vec<ChangedItem>,
}

/// `{id, quantity}` of an edit.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangedItem {
    /// SKU id.
    pub id: String,
    /// Units.
    pub quantity: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let dir = afiliados_vtex_sandbox::SandboxConfig::default()
            .resolve_fixtures_dir()
            .unwrap();
        serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
    }

    #[test]
    fn the_coupon_fixture_reads() {
        let order = OmsOrder::from_value(&fixture("oms-order-with-coupon.json")).unwrap();
        assert_eq!(order.order_id, "1432120512345-01");
        assert_eq!(order.value, Decimal::from(39_997_570));
        assert_eq!(order.total("Discounts"), Some(Decimal::from(-2_567_000)));
        assert_eq!(order.coupon(), Some("cetaphil-isabela7kq2"));
        assert_eq!(order.items.len(), 4);
        let line = &order.items[0];
        assert_eq!(line.quantity, 2);
        assert_eq!(line.price, Decimal::from(6_990_000));
        assert_eq!(
            line.price_definition.as_ref().and_then(|p| p.total),
            Some(Decimal::from(12_582_000))
        );
        assert_eq!(
            line.additional_info
                .as_ref()
                .and_then(|a| a.categories_ids.as_deref()),
            Some("/3/45/")
        );
        assert_eq!(
            line.price_tags[0].identifier.as_deref(),
            Some("5f3c2a1e-8b7d-4c6e-9a10-2b3c4d5e6f70")
        );
        assert_eq!(
            order.creation_date.to_rfc3339(),
            "2026-03-02T14:05:10.987654300+00:00"
        );
        assert!(order.invoiced_date.is_some());
    }

    #[test]
    fn the_order_without_coupon_reads() {
        let order = OmsOrder::from_value(&fixture("oms-order-without-coupon.json")).unwrap();
        assert_eq!(order.coupon(), None);
        assert_eq!(order.status, "payment-approved");
    }

    #[test]
    fn whole_float_cents_are_accepted() {
        let doc = serde_json::json!({
            "orderId": "1-01", "status": "invoiced", "value": 1234.0,
            "creationDate": "2026-03-02T14:05:10Z", "lastChange": "2026-03-02T14:05:10Z",
            "items": null, "marketingData": null, "packageAttachment": {"packages": null}
        });
        let order = OmsOrder::from_value(&doc).unwrap();
        assert_eq!(order.value, Decimal::from(1234));
        assert!(order.items.is_empty());
    }
}
