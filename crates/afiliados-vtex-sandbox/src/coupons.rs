//! Coupons (`/api/rnb/pvt/coupon`, `…/archive/coupon`, `…/unarchive/coupon`), keyed by code
//! case-insensitively, with VTEX's validation and its active-coupon cap.
//!
//! Archive state changes through the archive endpoints; `isArchived` in an upsert body is honoured
//! only when the coupon is created (an update keeps the current state), so the worker's sync
//! algorithm (vtex.md §5.3 step 4) sees what it would see on VTEX.

use serde::{Deserialize, Serialize};

use crate::config::SandboxConfig;
use crate::state::{Reply, SandboxState};

/// A coupon as VTEX answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Coupon {
    /// VTEX's id for the coupon (the code as first created).
    pub id: String,
    /// The code, as first created.
    pub coupon_code: String,
    /// `utmSource` that activates promotions.
    pub utm_source: Option<String>,
    /// `utmCampaign` that activates promotions.
    pub utm_campaign: Option<String>,
    /// Archived coupons are invisible to the plain GET.
    pub is_archived: bool,
    /// Per-customer limit (0: unlimited).
    pub max_items_per_client: i64,
    /// Minimum interval between uses, `HH:MM:SS`.
    pub expiration_interval_per_use: String,
    /// Total uses allowed (0: unlimited).
    pub max_usage: i64,
    /// Creation instant (UTC).
    pub created_utc: String,
    /// Last change instant (UTC).
    pub last_modified_utc: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CouponInput {
    coupon_code: Option<String>,
    utm_source: Option<String>,
    utm_campaign: Option<String>,
    is_archived: Option<bool>,
    max_items_per_client: Option<i64>,
    expiration_interval_per_use: Option<String>,
    max_usage: Option<i64>,
}

fn key(code: &str) -> String {
    code.trim().to_uppercase()
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn reply(coupon: &Coupon) -> Reply {
    Reply::ok(serde_json::to_value(coupon).unwrap_or_default())
}

/// `HH:MM:SS` or `d.HH:MM:SS`, as .NET's `TimeSpan` prints it.
fn valid_interval(raw: &str) -> bool {
    let time = raw.split_once('.').map_or(raw, |(days, rest)| {
        if days.chars().all(|c| c.is_ascii_digit()) && !days.is_empty() {
            rest
        } else {
            "invalid"
        }
    });
    let parts: Vec<&str> = time.split(':').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_digit()))
        && parts[1] < "60"
        && parts[2] < "60"
}

fn active_count(state: &SandboxState) -> usize {
    state.coupons.values().filter(|c| !c.is_archived).count()
}

fn cap_reply(config: &SandboxConfig) -> Reply {
    Reply::error(
        400,
        "coupon_limit_reached",
        format!(
            "the account already has {} active coupons; archive some first",
            config.max_active_coupons
        ),
    )
}

/// `POST /api/rnb/pvt/coupon`: create or update by code.
pub(crate) fn upsert(state: &mut SandboxState, config: &SandboxConfig, body: &[u8]) -> Reply {
    let input: CouponInput = match serde_json::from_slice(body) {
        Ok(input) => input,
        Err(err) => return Reply::bad_request(format!("invalid coupon body: {err}")),
    };
    let Some(code) = input
        .coupon_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    else {
        return Reply::bad_request("couponCode is required");
    };
    if code.chars().count() > 100 || code.chars().any(char::is_whitespace) {
        return Reply::bad_request("couponCode must be at most 100 characters without spaces");
    }
    let utm_source = input.utm_source.filter(|s| !s.trim().is_empty());
    let utm_campaign = input.utm_campaign.filter(|s| !s.trim().is_empty());
    if utm_source.is_none() && utm_campaign.is_none() {
        return Reply::bad_request("a coupon needs utmSource or utmCampaign");
    }
    let max_items = input.max_items_per_client.unwrap_or(0);
    let max_usage = input.max_usage.unwrap_or(0);
    if max_items < 0 || max_usage < 0 {
        return Reply::bad_request("maxItemsPerClient and maxUsage must not be negative");
    }
    let interval = input
        .expiration_interval_per_use
        .unwrap_or_else(|| "00:00:00".into());
    if !valid_interval(&interval) {
        return Reply::bad_request("expirationIntervalPerUse must look like 00:00:00");
    }
    let now = now();
    let coupon = match state.coupons.get(&key(code)) {
        Some(existing) => Coupon {
            utm_source,
            utm_campaign,
            max_items_per_client: max_items,
            expiration_interval_per_use: interval,
            max_usage,
            last_modified_utc: now,
            ..existing.clone()
        },
        None => {
            let archived = input.is_archived.unwrap_or(false);
            if !archived && active_count(state) >= config.max_active_coupons {
                return cap_reply(config);
            }
            Coupon {
                id: code.to_owned(),
                coupon_code: code.to_owned(),
                utm_source,
                utm_campaign,
                is_archived: archived,
                max_items_per_client: max_items,
                expiration_interval_per_use: interval,
                max_usage,
                created_utc: now.clone(),
                last_modified_utc: now,
            }
        }
    };
    let answer = reply(&coupon);
    state.coupons.insert(key(code), coupon);
    answer
}

/// `GET /api/rnb/pvt/coupon/{code}`: 404 when absent or archived.
pub(crate) fn get(state: &SandboxState, code: &str) -> Reply {
    match state.coupons.get(&key(code)) {
        Some(coupon) if !coupon.is_archived => reply(coupon),
        _ => Reply::not_found(format!("coupon {code} not found")),
    }
}

/// `GET /api/rnb/pvt/archive/coupon/{code}`: 404 unless archived.
pub(crate) fn get_archived(state: &SandboxState, code: &str) -> Reply {
    match state.coupons.get(&key(code)) {
        Some(coupon) if coupon.is_archived => reply(coupon),
        _ => Reply::not_found(format!("archived coupon {code} not found")),
    }
}

/// `POST …/archive/coupon/{code}` (`archived = true`) and `…/unarchive/…` (`false`); idempotent.
pub(crate) fn set_archived(
    state: &mut SandboxState,
    config: &SandboxConfig,
    code: &str,
    archived: bool,
) -> Reply {
    let Some(current) = state.coupons.get(&key(code)).map(|c| c.is_archived) else {
        return Reply::not_found(format!("coupon {code} not found"));
    };
    if current && !archived && active_count(state) >= config.max_active_coupons {
        return cap_reply(config);
    }
    let Some(coupon) = state.coupons.get_mut(&key(code)) else {
        return Reply::not_found(format!("coupon {code} not found"));
    };
    if coupon.is_archived != archived {
        coupon.is_archived = archived;
        coupon.last_modified_utc = now();
    }
    reply(coupon)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Seed;

    fn state() -> (SandboxState, SandboxConfig) {
        let config = SandboxConfig {
            max_active_coupons: 1,
            ..SandboxConfig::default()
        };
        (SandboxState::seeded(&config, Seed::Empty).unwrap(), config)
    }

    #[test]
    fn validation_and_cap() {
        let (mut st, cfg) = state();
        assert_eq!(upsert(&mut st, &cfg, b"{}").status, 400);
        assert_eq!(
            upsert(&mut st, &cfg, br#"{"couponCode":"A B","utmSource":"x"}"#).status,
            400
        );
        assert_eq!(upsert(&mut st, &cfg, br#"{"couponCode":"AB"}"#).status, 400);
        assert_eq!(
            upsert(
                &mut st,
                &cfg,
                br#"{"couponCode":"AB","utmSource":"x","expirationIntervalPerUse":"1:00"}"#
            )
            .status,
            400
        );
        assert_eq!(
            upsert(&mut st, &cfg, br#"{"couponCode":"one","utmSource":"x"}"#).status,
            200
        );
        assert_eq!(
            upsert(&mut st, &cfg, br#"{"couponCode":"two","utmSource":"x"}"#).status,
            400,
            "cap of one active coupon"
        );
        assert_eq!(
            upsert(
                &mut st,
                &cfg,
                br#"{"couponCode":"two","utmSource":"x","isArchived":true}"#
            )
            .status,
            200,
            "archived coupons do not count"
        );
        assert_eq!(set_archived(&mut st, &cfg, "TWO", false).status, 400);
        assert_eq!(set_archived(&mut st, &cfg, "ONE", true).status, 200);
        assert_eq!(set_archived(&mut st, &cfg, "two", false).status, 200);
        assert_eq!(get(&st, "Two").status, 200);
        assert_eq!(get(&st, "one").status, 404);
        assert_eq!(get_archived(&st, "one").status, 200);
        assert_eq!(set_archived(&mut st, &cfg, "missing", true).status, 404);
    }

    #[test]
    fn intervals() {
        assert!(valid_interval("00:00:00"));
        assert!(valid_interval("1.12:30:00"));
        assert!(!valid_interval("00:61:00"));
        assert!(!valid_interval("x.00:00:00"));
    }
}
