//! Checkout simulation (`POST /_sandbox/orders` with a compact spec, vtex.md §9.1–§9.2): builds an
//! OMS order document the way VTEX would, with every amount in integer cents and consistent:
//! the coupon applies only when it exists, is unarchived and activates an active promotion by
//! `utmCampaign` (or when `forceCoupon` stores it anyway); the promotion's percent discounts the
//! lines inside its brand / category / SKU scope with a `discount@` price tag carrying its id;
//! `priceDefinition.total = price × quantity + Σ discount tags`, `tax` per unit on the selling
//! price (`taxPercent`, default 19), totals `Items`, `Discounts` (negative), `Shipping`, `Tax` and
//! `value` = their sum.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::lifecycle::vtex_instant;
use crate::state::SandboxState;

/// The compact spec.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CheckoutSpec {
    order_id: Option<String>,
    creation_date: Option<DateTime<Utc>>,
    coupon: Option<String>,
    #[serde(default)]
    force_coupon: bool,
    customer: Customer,
    lines: Vec<LineSpec>,
    /// Shipping, cents.
    #[serde(default)]
    shipping: i64,
    status: Option<String>,
    currency: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Customer {
    email: String,
    document: String,
    first_name: Option<String>,
    last_name: Option<String>,
}

/// One line; money in cents, as VTEX writes it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LineSpec {
    sku_id: String,
    name: String,
    brand_id: String,
    brand_name: String,
    /// `/3/45/`.
    categories_ids: String,
    quantity: i64,
    price: i64,
    list_price: Option<i64>,
    tax_percent: Option<i64>,
    #[serde(default)]
    is_gift: bool,
    product_id: Option<String>,
    ref_id: Option<String>,
}

/// The promotion a coupon activates: its id, percent and scope.
#[derive(Debug)]
struct AppliedPromotion {
    id: String,
    name: String,
    percent: f64,
    brands: Vec<String>,
    categories: Vec<String>,
    skus: Vec<String>,
}

impl AppliedPromotion {
    fn from_doc(doc: &Map<String, Value>) -> Option<AppliedPromotion> {
        let ids = |field: &str| -> Vec<String> {
            doc.get(field)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|entry| match entry.get("id") {
                    Some(Value::String(id)) => Some(id.clone()),
                    Some(Value::Number(id)) => Some(id.to_string()),
                    _ => None,
                })
                .collect()
        };
        Some(AppliedPromotion {
            id: doc.get("idCalculatorConfiguration")?.as_str()?.to_owned(),
            name: doc
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            percent: doc.get("percentualDiscountValue")?.as_f64()?,
            brands: ids("brands"),
            categories: ids("categories"),
            skus: ids("skus"),
        })
    }

    /// VTEX's scope: every restriction list that is set must match (gifts are never discounted).
    fn applies_to(&self, line: &LineSpec) -> bool {
        let categories: Vec<&str> = line
            .categories_ids
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        !line.is_gift
            && (self.brands.is_empty() || self.brands.contains(&line.brand_id))
            && (self.skus.is_empty() || self.skus.contains(&line.sku_id))
            && (self.categories.is_empty()
                || self
                    .categories
                    .iter()
                    .any(|c| categories.contains(&c.as_str())))
    }
}

/// Half away from zero, to a whole cent.
fn percent_of(cents: i64, percent: f64) -> i64 {
    // The products of a percent and cents stay far below 2^53, so f64 is exact enough to
    // round to a whole cent; the document itself only ever holds integers.
    (cents as f64 * percent / 100.0).round() as i64
}

fn promotion_for(state: &SandboxState, code: &str, now: DateTime<Utc>) -> Option<AppliedPromotion> {
    let coupon = state.coupons.get(&code.trim().to_uppercase())?;
    if coupon.is_archived {
        return None;
    }
    let campaign = coupon.utm_campaign.as_deref()?;
    state
        .promotions
        .values()
        .filter(|doc| crate::promotions::is_active(doc, now))
        .find(|doc| doc.get("utmCampaign").and_then(Value::as_str) == Some(campaign))
        .and_then(AppliedPromotion::from_doc)
}

/// A VTEX-looking order id (`<13 digits>-01`) from the seeded generator.
fn generated_order_id(state: &mut SandboxState) -> String {
    let number: u64 =
        rand::Rng::random_range(&mut state.rng, 1_000_000_000_000..10_000_000_000_000);
    format!("{number}-01")
}

/// Builds the document (not yet stored).
pub(crate) fn build(
    state: &mut SandboxState,
    spec: CheckoutSpec,
    now: DateTime<Utc>,
) -> Result<Value, String> {
    if spec.lines.is_empty() {
        return Err("an order needs at least one line".into());
    }
    for line in &spec.lines {
        if line.quantity < 1 || line.price < 0 || spec.shipping < 0 {
            return Err("quantities must be ≥ 1 and amounts ≥ 0 cents".into());
        }
    }
    let order_id = match spec.order_id {
        Some(id) if !id.trim().is_empty() => id.trim().to_owned(),
        _ => generated_order_id(state),
    };
    if state.orders.contains_key(&order_id) {
        return Err(format!("order {order_id} already exists"));
    }
    let created = spec.creation_date.unwrap_or(now);
    let coupon = spec
        .coupon
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let promotion = coupon.and_then(|code| promotion_for(state, code, created));
    let coupon = match (&promotion, spec.force_coupon) {
        (Some(_), _) | (None, true) => coupon,
        (None, false) => None,
    };

    let (mut items_total, mut discounts_total, mut tax_total) = (0i64, 0i64, 0i64);
    let mut items = Vec::with_capacity(spec.lines.len());
    for (index, line) in spec.lines.iter().enumerate() {
        let unit_discount = promotion
            .as_ref()
            .filter(|p| p.applies_to(line))
            .map_or(0, |p| percent_of(line.price, p.percent));
        let selling = line.price - unit_discount;
        let unit_tax = percent_of(selling, line.tax_percent.unwrap_or(19) as f64);
        let discount = unit_discount * line.quantity;
        items_total += line.price * line.quantity;
        discounts_total += discount;
        tax_total += unit_tax * line.quantity;
        let price_tags: Vec<Value> = match &promotion {
            Some(p) if discount > 0 => vec![json!({
                "name": format!("discount@price-{}#{}", p.id, p.name),
                "value": -discount,
                "rawValue": -(discount as f64) / 100.0,
                "isPercentual": false,
                "identifier": p.id,
            })],
            _ => Vec::new(),
        };
        items.push(json!({
            "uniqueId": format!("{order_id}-{index}"),
            "id": line.sku_id,
            "productId": line.product_id.clone().unwrap_or_else(|| line.sku_id.clone()),
            "refId": line.ref_id,
            "name": line.name,
            "quantity": line.quantity,
            "seller": "1",
            "price": line.price,
            "listPrice": line.list_price.unwrap_or(line.price),
            "sellingPrice": selling,
            "tax": unit_tax,
            "isGift": line.is_gift,
            "priceTags": price_tags,
            "priceDefinition": {
                "sellingPrices": [{"value": selling, "quantity": line.quantity}],
                "calculatedSellingPrice": selling,
                "total": selling * line.quantity,
                "reason": null,
            },
            "additionalInfo": {
                "brandName": line.brand_name,
                "brandId": line.brand_id,
                "categoriesIds": line.categories_ids,
            },
        }));
    }
    let value = items_total - discounts_total + spec.shipping + tax_total;
    let sequence: String = order_id
        .split('-')
        .next()
        .unwrap_or_default()
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let marketing = coupon.map(|code| {
        json!({
            "id": "marketingData",
            "coupon": code,
            "utmSource": null,
            "utmCampaign": null,
            "marketingTags": [],
        })
    });
    let instant = vtex_instant(created);
    Ok(json!({
        "orderId": order_id,
        "sequence": sequence,
        "status": spec.status.unwrap_or_else(|| "order-created".into()),
        "value": value,
        "creationDate": instant,
        "lastChange": instant,
        "authorizedDate": null,
        "invoicedDate": null,
        "totals": [
            {"id": "Items", "name": "Total de los ítems", "value": items_total},
            {"id": "Discounts", "name": "Total de los descuentos", "value": -discounts_total},
            {"id": "Shipping", "name": "Total del envío", "value": spec.shipping},
            {"id": "Tax", "name": "Total de impuestos", "value": tax_total},
        ],
        "items": items,
        "clientProfileData": {
            "id": "clientProfileData",
            "email": spec.customer.email,
            "document": spec.customer.document,
            "firstName": spec.customer.first_name,
            "lastName": spec.customer.last_name,
        },
        "marketingData": marketing,
        "shippingData": {"id": "shippingData", "address": null, "logisticsInfo": []},
        "paymentData": {"transactions": []},
        "packageAttachment": {"packages": []},
        "changesAttachment": null,
        "cancellationData": null,
        "storePreferencesData": {"countryCode": "COL", "currencyCode": spec.currency.unwrap_or_else(|| "COP".into())},
        "isCompleted": true,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_round_to_whole_cents() {
        assert_eq!(percent_of(6_990_000, 10.0), 699_000);
        assert_eq!(percent_of(6_291_000, 19.0), 1_195_290);
        assert_eq!(percent_of(5, 10.0), 1, "0.5 cent rounds up");
        assert_eq!(percent_of(999, 12.5), 125);
    }
}
