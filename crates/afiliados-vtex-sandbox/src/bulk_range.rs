//! `POST /_sandbox/orders/bulk-range`: a whole business day (or any range) of orders at once, for
//! the reconciliation benchmark of `make bench` (issue 12, ADR 0071). Unlike `/orders/bulk`,
//! whose orders all carry one creation instant (the reconciliation listing would have to split a
//! single millisecond holding thousands of orders, which VTEX's 30-page cap forbids), order `i`
//! of `count` is created at `from + (to − from) × i / count`, so the day's orders spread over it
//! and arrive in id order. The benchmark's divergent orders are described here too: `omit` lists
//! indices not created (a platform order VTEX lacks), and `overrides` replaces top-level fields of
//! the checkout spec for single indices (another `status`, other `lines`).
//!
//! No hook is emitted. The state lock is taken per order, so the VTEX routes keep answering.

use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

use crate::admin::{deny, error};
use crate::checkout::{self, CheckoutSpec};
use crate::lifecycle::vtex_instant;
use crate::state::Shared;

/// The most orders one call describes (a large day of the benchmark is 100 000).
const MAX_COUNT: usize = 200_000;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RangeSpec {
    /// How many order indices (1–200 000), omitted ones included.
    count: usize,
    /// Ids are `{prefix}-{index:07}-01`, index from 0.
    order_id_prefix: String,
    /// The first creation instant (included).
    from: DateTime<Utc>,
    /// The end of the range (excluded).
    to: DateTime<Utc>,
    /// Order `i` gets `coupons[i % len]` (none when empty).
    #[serde(default)]
    coupons: Vec<String>,
    /// The checkout spec every order is built from, without `orderId`, `coupon` and
    /// `creationDate`.
    order: Value,
    /// Indices not created.
    #[serde(default)]
    omit: BTreeSet<usize>,
    /// Index → top-level checkout-spec fields replacing the template's for that order.
    #[serde(default)]
    overrides: BTreeMap<usize, Map<String, Value>>,
    /// Each order's `lastChange` this many seconds after its creation (0–86 400, default 0):
    /// the version a platform that ingested the order after its last change holds.
    #[serde(default)]
    last_change_after_seconds: i64,
}

/// Why a spec is refused, before any order is created.
fn check(spec: &RangeSpec) -> Result<&Map<String, Value>, String> {
    if !(1..=MAX_COUNT).contains(&spec.count) || spec.order_id_prefix.trim().is_empty() {
        return Err(format!(
            "count must be 1–{MAX_COUNT} and orderIdPrefix non-empty"
        ));
    }
    if spec.to <= spec.from {
        return Err("to must be after from".into());
    }
    if !(0..=86_400).contains(&spec.last_change_after_seconds) {
        return Err("lastChangeAfterSeconds must be 0–86400".into());
    }
    let Value::Object(template) = &spec.order else {
        return Err("order must be a checkout spec object".into());
    };
    for owned in ["orderId", "coupon", "creationDate"] {
        if template.contains_key(owned)
            || spec
                .overrides
                .values()
                .any(|fields| fields.contains_key(owned))
        {
            return Err(format!(
                "{owned} comes from orderIdPrefix, coupons and the range: not in order or overrides"
            ));
        }
    }
    if let Some(index) = spec
        .omit
        .iter()
        .chain(spec.overrides.keys())
        .find(|index| **index >= spec.count)
    {
        return Err(format!("index {index} is not below count"));
    }
    Ok(template)
}

/// Order `index`'s creation instant: the range divided evenly, whole microseconds.
fn created_at(spec: &RangeSpec, index: usize) -> DateTime<Utc> {
    let span = (spec.to - spec.from).num_microseconds().unwrap_or(i64::MAX);
    let offset = i128::from(span) * index as i128 / spec.count as i128;
    spec.from + Duration::microseconds(i64::try_from(offset).unwrap_or(i64::MAX))
}

/// The checkout spec of order `index`.
fn one(
    spec: &RangeSpec,
    template: &Map<String, Value>,
    index: usize,
    order_id: &str,
) -> Result<CheckoutSpec, String> {
    let mut fields = template.clone();
    if let Some(replaced) = spec.overrides.get(&index) {
        fields.extend(replaced.clone());
    }
    fields.insert("orderId".into(), Value::String(order_id.to_owned()));
    fields.insert(
        "creationDate".into(),
        Value::String(created_at(spec, index).to_rfc3339()),
    );
    if !spec.coupons.is_empty() {
        let coupon = &spec.coupons[index % spec.coupons.len()];
        fields.insert("coupon".into(), Value::String(coupon.clone()));
    }
    serde_json::from_value(Value::Object(fields)).map_err(|err| err.to_string())
}

/// The handler; answers `{created, omitted, overridden, firstOrderId, lastOrderId}`.
pub(crate) async fn bulk_range(
    req: HttpRequest,
    body: Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    if let Some(denied) = deny(&req, &shared) {
        return denied;
    }
    let spec: RangeSpec = match serde_json::from_slice(&body) {
        Ok(spec) => spec,
        Err(err) => return error(400, "bad_request", err.to_string()),
    };
    let template = match check(&spec) {
        Ok(template) => template,
        Err(message) => return error(400, "bad_request", message),
    };
    let prefix = spec.order_id_prefix.trim();
    let (mut created, mut first, mut last) = (0usize, None, None);
    for index in (0..spec.count).filter(|index| !spec.omit.contains(index)) {
        let order_id = format!("{prefix}-{index:07}-01");
        let stored = one(&spec, template, index, &order_id).and_then(|checkout_spec| {
            let mut state = shared.lock();
            let mut doc = checkout::build(&mut state, checkout_spec, Utc::now())?;
            if spec.last_change_after_seconds > 0 {
                let changed =
                    created_at(&spec, index) + Duration::seconds(spec.last_change_after_seconds);
                doc["lastChange"] = Value::String(vtex_instant(changed));
            }
            let raw = Bytes::from(serde_json::to_vec(&doc).unwrap_or_default());
            state.put_order(raw, doc).map_err(|err| format!("{err:#}"))
        });
        if let Err(message) = stored {
            // The orders before it stay: the answer says how many.
            return error(
                400,
                "bad_request",
                format!("order {index} ({order_id}): {message}; {created} created before it"),
            );
        }
        created += 1;
        first.get_or_insert_with(|| order_id.clone());
        last = Some(order_id);
    }
    HttpResponse::Created().json(json!({
        "created": created,
        "omitted": spec.omit.len(),
        "overridden": spec.overrides.len(),
        "firstOrderId": first,
        "lastOrderId": last,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(count: usize) -> RangeSpec {
        RangeSpec {
            count,
            order_id_prefix: "R".into(),
            from: "2026-12-05T05:00:00Z".parse().unwrap_or_default(),
            to: "2026-12-06T05:00:00Z".parse().unwrap_or_default(),
            coupons: Vec::new(),
            order: json!({}),
            omit: BTreeSet::new(),
            overrides: BTreeMap::new(),
            last_change_after_seconds: 0,
        }
    }

    #[test]
    fn instants_divide_the_range_evenly_and_stay_inside_it() {
        let day = spec(4);
        assert_eq!(created_at(&day, 0), day.from);
        assert_eq!(created_at(&day, 1), day.from + Duration::hours(6));
        assert_eq!(created_at(&day, 3), day.from + Duration::hours(18));
        let many = spec(100_000);
        assert!(created_at(&many, 99_999) < many.to);
        assert!(created_at(&many, 1) > created_at(&many, 0));
    }

    #[test]
    fn refuses_indices_past_count_and_owned_fields() {
        let mut past = spec(3);
        past.omit.insert(3);
        assert!(check(&past).is_err());
        let mut owned = spec(3);
        owned
            .overrides
            .insert(1, Map::from_iter([("orderId".to_owned(), json!("X"))]));
        assert!(check(&owned).is_err());
        let mut backwards = spec(3);
        backwards.to = backwards.from;
        assert!(check(&backwards).is_err());
        assert!(check(&spec(3)).is_ok());
    }
}
