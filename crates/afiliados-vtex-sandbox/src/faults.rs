//! Fault rules: latency, error statuses, resets and hangs injected into the VTEX routes.

use std::time::{Duration, Instant};

use rand::Rng as _;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

/// Which VTEX requests a rule applies to; every field that is set must match.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultMatch {
    /// HTTP method, case-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Prefix of the request path (`/api/rnb/pvt/coupon`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    /// Operation label (`get_order`, `list_orders`, `coupon_get`, `coupon_upsert`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// Only requests carrying this `X-VTEX-API-AppKey` (to refuse one credential).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_key: Option<String>,
}

/// The kind of misbehaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    /// Waits `latencyMs`, then serves normally (later rules still apply).
    Latency,
    /// Answers `status` (with `Retry-After` when given; 429 defaults to 1 second).
    Status,
    /// Sends the headers, then breaks the connection mid-body.
    Reset,
    /// Never answers in time (waits `latencyMs`, default one hour, then 504).
    Timeout,
}

/// A `Retry-After` value: seconds or an HTTP date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RetryAfter {
    /// Delay in seconds.
    Seconds(u64),
    /// Any other header value, sent verbatim (an HTTP date).
    Raw(String),
}

impl RetryAfter {
    pub(crate) fn header_value(&self) -> String {
        match self {
            RetryAfter::Seconds(seconds) => seconds.to_string(),
            RetryAfter::Raw(raw) => raw.clone(),
        }
    }
}

/// What happens to a matching request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    /// The kind of fault.
    pub kind: FaultKind,
    /// Delay for `latency` and `timeout`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    /// Status for `status` (any 4xx or 5xx).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `Retry-After` sent with a `status` fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<RetryAfter>,
}

/// A rule as posted to `POST /_sandbox/faults`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRule {
    /// Which requests it applies to (all VTEX routes when empty).
    #[serde(rename = "match", default)]
    pub matcher: FaultMatch,
    /// What it does.
    pub fault: Fault,
    /// How many requests it affects; unlimited when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Chance (0–1) that a matching request is affected; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// Lifetime of the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<u64>,
}

impl FaultRule {
    fn with_fault(fault: Fault) -> FaultRule {
        FaultRule {
            matcher: FaultMatch::default(),
            fault,
            times: None,
            probability: None,
            expires_in_seconds: None,
        }
    }

    /// Answer `status` (unlimited until [`FaultRule::times`] is set).
    pub fn status(status: u16) -> FaultRule {
        FaultRule::with_fault(Fault {
            kind: FaultKind::Status,
            latency_ms: None,
            status: Some(status),
            retry_after: None,
        })
    }

    /// Delay every matching request by `ms` milliseconds.
    pub fn latency(ms: u64) -> FaultRule {
        FaultRule::with_fault(Fault {
            kind: FaultKind::Latency,
            latency_ms: Some(ms),
            status: None,
            retry_after: None,
        })
    }

    /// Hang instead of answering.
    pub fn timeout() -> FaultRule {
        FaultRule::with_fault(Fault {
            kind: FaultKind::Timeout,
            latency_ms: None,
            status: None,
            retry_after: None,
        })
    }

    /// Break the connection mid-response.
    pub fn reset() -> FaultRule {
        FaultRule::with_fault(Fault {
            kind: FaultKind::Reset,
            latency_ms: None,
            status: None,
            retry_after: None,
        })
    }

    /// Affect only the next `n` matching requests.
    pub fn times(mut self, n: u32) -> FaultRule {
        self.times = Some(n);
        self
    }

    /// Send `Retry-After: <seconds>`.
    pub fn retry_after(mut self, seconds: u64) -> FaultRule {
        self.fault.retry_after = Some(RetryAfter::Seconds(seconds));
        self
    }

    /// Only this operation label.
    pub fn for_operation(mut self, operation: &str) -> FaultRule {
        self.matcher.operation = Some(operation.to_owned());
        self
    }

    /// Only requests made with this app key.
    pub fn for_app_key(mut self, app_key: &str) -> FaultRule {
        self.matcher.app_key = Some(app_key.to_owned());
        self
    }

    /// Only paths starting with `prefix`.
    pub fn for_path_prefix(mut self, prefix: &str) -> FaultRule {
        self.matcher.path_prefix = Some(prefix.to_owned());
        self
    }

    /// Checks the rule before it is stored.
    pub(crate) fn validate(&self) -> Result<(), String> {
        match self.fault.kind {
            FaultKind::Status => match self.fault.status {
                Some(status) if (400..=599).contains(&status) => {}
                _ => return Err("a status fault needs a status between 400 and 599".into()),
            },
            FaultKind::Latency if self.fault.latency_ms.is_none() => {
                return Err("a latency fault needs latencyMs".into());
            }
            _ => {}
        }
        match self.probability {
            Some(p) if !(0.0..=1.0).contains(&p) => Err("probability must be within 0–1".into()),
            _ => Ok(()),
        }
    }

    fn matches(&self, request: &FaultTarget<'_>) -> bool {
        let m = &self.matcher;
        m.method
            .as_deref()
            .is_none_or(|method| method.eq_ignore_ascii_case(request.method))
            && m.path_prefix
                .as_deref()
                .is_none_or(|prefix| request.path.starts_with(prefix))
            && m.operation
                .as_deref()
                .is_none_or(|op| Some(op) == request.operation)
            && m.app_key
                .as_deref()
                .is_none_or(|key| Some(key) == request.app_key)
    }
}

/// The request a rule is checked against.
pub(crate) struct FaultTarget<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) operation: Option<&'a str>,
    pub(crate) app_key: Option<&'a str>,
}

/// A stored rule, as listed by `GET /_sandbox/faults`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredFault {
    /// Id for `DELETE /_sandbox/faults/{id}`.
    pub id: u64,
    /// The rule as given.
    #[serde(flatten)]
    pub rule: FaultRule,
    /// Requests it may still affect (`None`: unlimited).
    pub remaining: Option<u32>,
    /// Requests it affected so far.
    pub hits: u64,
    #[serde(skip)]
    expires_at: Option<Instant>,
}

/// The ordered rule list.
#[derive(Debug, Default)]
pub(crate) struct FaultBook {
    rules: Vec<StoredFault>,
    next_id: u64,
}

impl FaultBook {
    pub(crate) fn add(&mut self, rule: FaultRule) -> u64 {
        self.next_id += 1;
        let expires_at = rule
            .expires_in_seconds
            .map(|seconds| Instant::now() + Duration::from_secs(seconds));
        self.rules.push(StoredFault {
            id: self.next_id,
            remaining: rule.times,
            rule,
            hits: 0,
            expires_at,
        });
        self.next_id
    }

    pub(crate) fn list(&mut self) -> Vec<StoredFault> {
        self.prune();
        self.rules.clone()
    }

    pub(crate) fn remove(&mut self, id: u64) -> bool {
        let before = self.rules.len();
        self.rules.retain(|rule| rule.id != id);
        self.rules.len() != before
    }

    pub(crate) fn clear(&mut self) {
        self.rules.clear();
    }

    fn prune(&mut self) {
        let now = Instant::now();
        self.rules.retain(|rule| {
            rule.remaining != Some(0) && rule.expires_at.is_none_or(|deadline| deadline > now)
        });
    }

    /// The faults that apply to one request, in creation order: any number of latencies followed
    /// by at most one terminal fault. Consumes one use of each returned rule.
    pub(crate) fn take(
        &mut self,
        request: &FaultTarget<'_>,
        rng: &mut StdRng,
    ) -> Vec<(u64, Fault)> {
        self.prune();
        let mut taken = Vec::new();
        for rule in &mut self.rules {
            if !rule.rule.matches(request) {
                continue;
            }
            if let Some(p) = rule.rule.probability
                && p < 1.0
                && !rng.random_bool(p.clamp(0.0, 1.0))
            {
                continue;
            }
            rule.hits += 1;
            if let Some(remaining) = rule.remaining.as_mut() {
                *remaining = remaining.saturating_sub(1);
            }
            taken.push((rule.id, rule.rule.fault.clone()));
            if rule.rule.fault.kind != FaultKind::Latency {
                break;
            }
        }
        self.prune();
        taken
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng as _;

    use super::*;

    fn target(operation: &str) -> FaultTarget<'_> {
        FaultTarget {
            method: "GET",
            path: "/api/oms/pvt/orders/1",
            operation: Some(operation),
            app_key: Some("k"),
        }
    }

    #[test]
    fn counted_rules_expire_after_their_uses() {
        let mut book = FaultBook::default();
        let mut rng = StdRng::seed_from_u64(1);
        book.add(FaultRule::status(503).times(2).for_operation("get_order"));
        assert!(book.take(&target("coupon_get"), &mut rng).is_empty());
        assert_eq!(book.take(&target("get_order"), &mut rng).len(), 1);
        assert_eq!(book.take(&target("get_order"), &mut rng).len(), 1);
        assert!(book.take(&target("get_order"), &mut rng).is_empty());
        assert!(book.list().is_empty());
    }

    #[test]
    fn latency_stacks_with_the_first_terminal_rule() {
        let mut book = FaultBook::default();
        let mut rng = StdRng::seed_from_u64(1);
        book.add(FaultRule::latency(5));
        book.add(FaultRule::status(500));
        book.add(FaultRule::status(502));
        let taken = book.take(&target("get_order"), &mut rng);
        let kinds: Vec<_> = taken.iter().map(|(_, f)| (f.kind, f.status)).collect();
        assert_eq!(
            kinds,
            vec![(FaultKind::Latency, None), (FaultKind::Status, Some(500))]
        );
    }

    #[test]
    fn rules_parse_from_the_admin_shape() {
        let rule: FaultRule = serde_json::from_str(
            r#"{"match":{"operation":"coupon_upsert"},"fault":{"kind":"status","status":429,"retryAfter":2},"times":1}"#,
        )
        .unwrap();
        assert_eq!(
            rule,
            FaultRule::status(429)
                .retry_after(2)
                .times(1)
                .for_operation("coupon_upsert")
        );
        assert!(rule.validate().is_ok());
        assert!(FaultRule::status(200).validate().is_err());
    }
}
