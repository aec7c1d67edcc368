//! Promotions (`/api/rnb/pvt/calculatorconfiguration`), keyed by `idCalculatorConfiguration`
//! (a generated UUID on create), with the checks VTEX applies and the 100-active cap.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::config::SandboxConfig;
use crate::state::{Reply, SandboxState};

const TYPES: &[&str] = &[
    "regular",
    "combo",
    "forThePriceOf",
    "progressive",
    "buyAndWin",
    "maxPricePerItem",
    "campaign",
];

fn date(doc: &Map<String, Value>, field: &str) -> Result<Option<DateTime<Utc>>, String> {
    match doc.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(raw)) => DateTime::parse_from_rfc3339(raw)
            .map(|d| Some(d.with_timezone(&Utc)))
            .map_err(|_| format!("{field} must be an ISO-8601 instant")),
        Some(_) => Err(format!("{field} must be a string")),
    }
}

fn id_list(doc: &Map<String, Value>, field: &str) -> Result<usize, String> {
    match doc.get(field) {
        None | Some(Value::Null) => Ok(0),
        Some(Value::Array(items)) => {
            if items.iter().all(|item| {
                item.get("id")
                    .is_some_and(|id| id.is_string() || id.is_number())
            }) {
                Ok(items.len())
            } else {
                Err(format!("every entry of {field} needs an id"))
            }
        }
        Some(_) => Err(format!("{field} must be an array")),
    }
}

pub(crate) fn is_active(doc: &Map<String, Value>, now: DateTime<Utc>) -> bool {
    let flagged = doc
        .get("isActive")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let not_ended = date(doc, "endDateUtc")
        .ok()
        .flatten()
        .is_none_or(|end| end > now);
    flagged && not_ended
}

fn validate(doc: &Map<String, Value>, config: &SandboxConfig) -> Result<(), String> {
    let name = doc.get("name").and_then(Value::as_str).map(str::trim);
    match name {
        Some(name) if !name.is_empty() && name.chars().count() <= 100 => {}
        _ => return Err("name is required (at most 100 characters)".into()),
    }
    let begin = date(doc, "beginDateUtc")?.ok_or("beginDateUtc is required")?;
    if let Some(end) = date(doc, "endDateUtc")?
        && end <= begin
    {
        return Err("endDateUtc must be after beginDateUtc".into());
    }
    if let Some(kind) = doc.get("type")
        && !kind.as_str().is_some_and(|k| TYPES.contains(&k))
    {
        return Err(format!("type must be one of {}", TYPES.join(", ")));
    }
    if doc.get("discountType").and_then(Value::as_str) == Some("percentual") {
        let percent = doc.get("percentualDiscountValue").and_then(Value::as_f64);
        if !percent.is_some_and(|p| p > 0.0 && p <= 100.0) {
            return Err("percentualDiscountValue must be within (0, 100]".into());
        }
    }
    for field in ["isActive", "cumulative"] {
        if doc
            .get(field)
            .is_some_and(|v| !v.is_boolean() && !v.is_null())
        {
            return Err(format!("{field} must be a boolean"));
        }
    }
    id_list(doc, "brands")?;
    id_list(doc, "categories")?;
    if id_list(doc, "skus")? > config.max_skus_per_promotion {
        return Err(format!(
            "a promotion may list at most {} SKUs",
            config.max_skus_per_promotion
        ));
    }
    match doc.get("idsSalesChannel") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Array(ids)) if ids.iter().all(Value::is_string) => Ok(()),
        Some(_) => Err("idsSalesChannel must be an array of strings".into()),
    }
}

/// `POST /api/rnb/pvt/calculatorconfiguration`: create without an id, update (full replace) with one.
pub(crate) fn upsert(state: &mut SandboxState, config: &SandboxConfig, body: &[u8]) -> Reply {
    let mut doc: Map<String, Value> = match serde_json::from_slice(body) {
        Ok(Value::Object(doc)) => doc,
        Ok(_) => return Reply::bad_request("a promotion must be a JSON object"),
        Err(err) => return Reply::bad_request(format!("invalid promotion body: {err}")),
    };
    let given_id = doc
        .get("idCalculatorConfiguration")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    if let Some(id) = &given_id
        && !state.promotions.contains_key(id)
    {
        return Reply::not_found(format!("promotion {id} not found"));
    }
    if let Err(message) = validate(&doc, config) {
        return Reply::bad_request(message);
    }
    let now = Utc::now();
    if is_active(&doc, now) {
        let others = state
            .promotions
            .iter()
            .filter(|(id, other)| Some(id.as_str()) != given_id.as_deref() && is_active(other, now))
            .count();
        if others >= config.max_active_promotions {
            return Reply::error(
                400,
                "promotion_limit_reached",
                format!(
                    "the account already has {} active promotions",
                    config.max_active_promotions
                ),
            );
        }
    }
    let id = match given_id {
        Some(id) => id,
        None => state.random_uuid().to_string(),
    };
    doc.insert(
        "idCalculatorConfiguration".into(),
        Value::String(id.clone()),
    );
    doc.entry("type").or_insert_with(|| "regular".into());
    doc.entry("isActive").or_insert(Value::Bool(false));
    doc.insert(
        "lastModified".into(),
        Value::String(now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
    );
    let answer = Reply::ok(Value::Object(doc.clone()));
    state.promotions.insert(id, doc);
    answer
}

/// `GET /api/rnb/pvt/calculatorconfiguration/{id}`.
pub(crate) fn get(state: &SandboxState, id: &str) -> Reply {
    match state.promotions.get(id) {
        Some(doc) => Reply::ok(Value::Object(doc.clone())),
        None => Reply::not_found(format!("promotion {id} not found")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::config::Seed;

    fn body(extra: Value) -> Vec<u8> {
        let mut doc = json!({
            "name": "Afiliados Cetaphil 10%", "beginDateUtc": "2026-02-01T05:00:00Z",
            "endDateUtc": "2099-05-01T05:00:00Z", "isActive": true, "type": "regular",
            "discountType": "percentual", "percentualDiscountValue": 10,
            "utmCampaign": "cetaphil-lanzamiento-10", "brands": [{"id": "2000050"}]
        });
        if let (Some(doc), Value::Object(extra)) = (doc.as_object_mut(), extra) {
            doc.extend(extra);
        }
        serde_json::to_vec(&doc).unwrap()
    }

    #[test]
    fn create_update_cap_and_validation() {
        let config = SandboxConfig {
            max_active_promotions: 1,
            max_skus_per_promotion: 2,
            ..SandboxConfig::default()
        };
        let mut st = SandboxState::seeded(&config, Seed::Empty).unwrap();
        let created = upsert(&mut st, &config, &body(json!({})));
        assert_eq!(created.status, 200);
        let crate::state::ReplyBody::Json(doc) = created.body else {
            panic!("json expected")
        };
        let id = doc["idCalculatorConfiguration"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(get(&st, &id).status, 200);
        assert_eq!(
            upsert(&mut st, &config, &body(json!({}))).status,
            400,
            "cap"
        );
        assert_eq!(
            upsert(&mut st, &config, &body(json!({"isActive": false}))).status,
            200
        );
        assert_eq!(
            upsert(
                &mut st,
                &config,
                &body(json!({"idCalculatorConfiguration": id, "percentualDiscountValue": 12.5}))
            )
            .status,
            200,
            "an update does not count itself against the cap"
        );
        for bad in [
            json!({"name": ""}),
            json!({"beginDateUtc": "yesterday"}),
            json!({"endDateUtc": "2020-01-01T00:00:00Z"}),
            json!({"percentualDiscountValue": 0}),
            json!({"type": "weird"}),
            json!({"skus": [{"id": "1"}, {"id": "2"}, {"id": "3"}], "isActive": false}),
            json!({"idCalculatorConfiguration": "nope"}),
        ] {
            assert_ne!(
                upsert(&mut st, &config, &body(bad.clone())).status,
                200,
                "{bad}"
            );
        }
    }
}
