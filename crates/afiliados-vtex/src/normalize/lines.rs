//! One normalised line per `items[]` entry (`vtex.md` §4.4), with the units removed by order edits
//! and returned by return invoices (§4.5). Amounts are computed in whole cents and converted once.

use std::collections::HashMap;

use afiliados_api_types::orders::NormalizedLine;

use super::{NormalizeError, Warnings, cents};
use crate::model::{ChangesAttachment, OmsItem, Package};

/// A line's amounts in cents, kept for the order's consistency checks.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LineCents {
    pub gross: i64,
    pub discount: i64,
    pub tax: i64,
}

/// The lines and their cents.
pub(crate) fn normalize_lines(
    items: &[OmsItem],
    changes: Option<&ChangesAttachment>,
    packages: &[Package],
    warnings: &mut Warnings,
) -> Result<(Vec<NormalizedLine>, Vec<LineCents>), NormalizeError> {
    let quantities = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            u32::try_from(item.quantity)
                .map_err(|_| NormalizeError(format!("items[{index}].quantity is not a count")))
        })
        .collect::<Result<Vec<u32>, _>>()?;
    let removed = removed_quantities(items, &quantities, changes);
    let returned = returned_quantities(&quantities, &removed, packages);

    let mut lines = Vec::with_capacity(items.len());
    let mut amounts = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let field = |name: &str| format!("items[{index}].{name}");
        let quantity = quantities[index];
        let units = i64::from(quantity);
        let price = cents::whole(item.price, &field("price"), warnings)?;
        let list_price = match item.list_price {
            Some(value) => cents::whole(value, &field("listPrice"), warnings)?,
            None => price,
        };
        let selling_price = match item.selling_price {
            Some(value) => cents::whole(value, &field("sellingPrice"), warnings)?,
            None => price,
        };
        let overflow = || NormalizeError(format!("items[{index}] amounts are out of range"));
        let gross = price.checked_mul(units).ok_or_else(overflow)?;
        let net = match item.price_definition.as_ref().and_then(|p| p.total) {
            Some(total) => cents::whole(total, &field("priceDefinition.total"), warnings)?,
            None => selling_price.checked_mul(units).ok_or_else(overflow)?,
        };
        let discount = if net > gross {
            warnings.add(super::NET_EXCEEDS_GROSS);
            0
        } else {
            gross - net
        };
        let tax_per_unit = match item.tax {
            Some(value) => cents::whole(value, &field("tax"), warnings)?,
            None => 0,
        };
        let tax = tax_per_unit.checked_mul(units).ok_or_else(overflow)?;
        let info = item.additional_info.as_ref();
        let category_path: Vec<String> = info
            .and_then(|i| i.categories_ids.as_deref())
            .map(|path| {
                path.split('/')
                    .map(str::trim)
                    .filter(|segment| !segment.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        lines.push(NormalizedLine {
            line_index: u32::try_from(index).map_err(|_| overflow())?,
            sku_id: item.id.clone(),
            product_id: item.product_id.clone().unwrap_or_default(),
            ref_id: item.ref_id.clone(),
            name: item.name.clone().unwrap_or_default(),
            brand_id: info.and_then(|i| i.brand_id.clone()),
            brand_name: info.and_then(|i| i.brand_name.clone()),
            category_id: category_path.last().cloned(),
            category_path,
            quantity,
            removed_quantity: removed[index],
            returned_quantity: returned[index],
            unit_price: cents::money(price),
            list_price: cents::money(list_price),
            selling_price: cents::money(selling_price),
            line_gross: cents::money(gross),
            line_discount: cents::money(discount),
            line_net: cents::money(net),
            line_tax: cents::money(tax),
            is_gift: item.is_gift,
            promotion_ids: item
                .price_tags
                .iter()
                .filter(|tag| {
                    tag.name
                        .get(..9)
                        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("discount@"))
                })
                .filter_map(|tag| tag.identifier.clone())
                .collect(),
        });
        amounts.push(LineCents {
            gross,
            discount,
            tax,
        });
    }
    Ok((lines, amounts))
}

/// Units removed by order edits: per SKU, Σ `itemsRemoved` − Σ `itemsAdded` (never below 0),
/// taken from the lines of that SKU starting with the highest `lineIndex`.
pub(crate) fn removed_quantities(
    items: &[OmsItem],
    quantities: &[u32],
    changes: Option<&ChangesAttachment>,
) -> Vec<u32> {
    let mut net_removed: HashMap<&str, i64> = HashMap::new();
    for change in changes
        .map(|c| c.changes_data.as_slice())
        .unwrap_or_default()
    {
        for item in &change.items_removed {
            *net_removed.entry(item.id.as_str()).or_default() += item.quantity.max(0);
        }
        for item in &change.items_added {
            *net_removed.entry(item.id.as_str()).or_default() -= item.quantity.max(0);
        }
    }
    let mut removed = vec![0u32; items.len()];
    for (index, item) in items.iter().enumerate().rev() {
        let Some(left) = net_removed.get_mut(item.id.as_str()) else {
            continue;
        };
        let take = (*left).clamp(0, i64::from(quantities[index]));
        removed[index] = u32::try_from(take).unwrap_or(0);
        *left -= take;
    }
    removed
}

/// Units returned: Σ quantities of `Input` packages per `itemIndex`, capped at
/// `quantity − removedQuantity`. Entries naming no line are ignored.
pub(crate) fn returned_quantities(
    quantities: &[u32],
    removed: &[u32],
    packages: &[Package],
) -> Vec<u32> {
    let mut returned = vec![0i64; quantities.len()];
    for package in packages.iter().filter(|p| is_kind(p, "Input")) {
        for item in &package.items {
            if let Some(total) = returned.get_mut(item.item_index) {
                *total += item.quantity.max(0);
            }
        }
    }
    returned
        .iter()
        .enumerate()
        .map(|(index, units)| {
            let cap = quantities[index].saturating_sub(removed[index]);
            u32::try_from((*units).clamp(0, i64::from(cap))).unwrap_or(cap)
        })
        .collect()
}

/// A package of this `type` (`Output`, `Input`), case-insensitively.
pub(crate) fn is_kind(package: &Package, kind: &str) -> bool {
    package
        .kind
        .as_deref()
        .is_some_and(|k| k.trim().eq_ignore_ascii_case(kind))
}
