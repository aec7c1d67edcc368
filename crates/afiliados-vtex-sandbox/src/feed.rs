//! The OMS feed v3 (vtex.md §7, §9.1): one queue per account of order state changes. A read
//! (`GET /api/orders/feed?maxlot=`) hands out up to `maxlot` visible events, each with a fresh
//! handle, and hides them for the configured visibility timeout; a commit
//! (`POST /api/orders/feed {handles}`) removes the events whose *current* handle is given (a
//! handle replaced by a later read commits nothing, so the event comes back once more, as VTEX's
//! at-least-once queue may). `POST /api/orders/feed/config` sets the status filter and the
//! queue's timeouts.
//!
//! Time: the queue reads a monotonic clock plus a skew that tests advance
//! (`POST /_sandbox/feed/advance {seconds}`, [`crate::RunningSandbox::advance_feed_clock`]), so
//! "the visibility timeout has passed" never waits on the wall clock.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Value, json};

use crate::state::Reply;

/// The visibility timeout before any configuration (VTEX's documented default of 250 s).
pub(crate) const DEFAULT_VISIBILITY_SECONDS: u64 = 250;
/// Retention before any configuration (4 days).
pub(crate) const DEFAULT_RETENTION_SECONDS: u64 = 345_600;
/// The most events kept: the oldest are dropped beyond it (a bulk load of 100 000 orders must not
/// grow the test double without bound; VTEX's own queue is bounded by retention).
const MAX_EVENTS: usize = 100_000;
/// `maxlot` bounds.
const MAX_LOT: usize = 10;

/// What `POST /api/orders/feed/config` set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeedConfig {
    /// States that enter the queue; `None` before any configuration (every state).
    pub(crate) statuses: Option<Vec<String>>,
    /// Seconds a read event stays invisible.
    pub(crate) visibility_seconds: u64,
    /// Seconds an event is kept at most.
    pub(crate) retention_seconds: u64,
}

impl Default for FeedConfig {
    fn default() -> FeedConfig {
        FeedConfig {
            statuses: None,
            visibility_seconds: DEFAULT_VISIBILITY_SECONDS,
            retention_seconds: DEFAULT_RETENTION_SECONDS,
        }
    }
}

/// One queued state change.
#[derive(Debug, Clone)]
struct Entry {
    event_id: String,
    order_id: String,
    state: String,
    last_state: String,
    last_change: String,
    current_change: String,
    domain: String,
    origin_account: String,
    origin_key: String,
    appended_at: Instant,
    visible_at: Instant,
    handle: Option<String>,
    reads: u32,
}

impl Entry {
    fn as_event(&self, handle: &str) -> Value {
        json!({
            "eventId": self.event_id,
            "handle": handle,
            "domain": self.domain,
            "state": self.state,
            "lastState": self.last_state,
            "orderId": self.order_id,
            "lastChange": self.last_change,
            "currentChange": self.current_change,
            "origin": {"account": self.origin_account, "key": self.origin_key},
        })
    }
}

/// A state change to append (the same facts a hook about it carries).
#[derive(Debug, Clone)]
pub(crate) struct StateChange<'a> {
    pub(crate) event_id: String,
    pub(crate) order_id: &'a str,
    pub(crate) state: &'a str,
    pub(crate) last_state: &'a str,
    pub(crate) last_change: &'a str,
    pub(crate) current_change: String,
    pub(crate) origin_account: &'a str,
    pub(crate) origin_key: &'a str,
}

/// The account's feed.
#[derive(Debug)]
pub(crate) struct FeedQueue {
    pub(crate) config: FeedConfig,
    entries: VecDeque<Entry>,
    skew: Duration,
}

impl Default for FeedQueue {
    fn default() -> FeedQueue {
        FeedQueue {
            config: FeedConfig::default(),
            entries: VecDeque::new(),
            skew: Duration::ZERO,
        }
    }
}

impl FeedQueue {
    fn now(&self) -> Instant {
        Instant::now() + self.skew
    }

    /// Moves the feed's clock forward (visibility timeouts and retention).
    pub(crate) fn advance(&mut self, by: Duration) {
        self.skew += by;
    }

    /// Appends a state change when the filter lets its state in.
    pub(crate) fn append(&mut self, change: StateChange<'_>) {
        if change.state.is_empty()
            || self
                .config
                .statuses
                .as_ref()
                .is_some_and(|statuses| !statuses.iter().any(|s| s == change.state))
        {
            return;
        }
        let now = self.now();
        self.entries.push_back(Entry {
            event_id: change.event_id,
            order_id: change.order_id.to_owned(),
            state: change.state.to_owned(),
            last_state: change.last_state.to_owned(),
            last_change: change.last_change.to_owned(),
            current_change: change.current_change,
            domain: "Marketplace".to_owned(),
            origin_account: change.origin_account.to_owned(),
            origin_key: change.origin_key.to_owned(),
            appended_at: now,
            visible_at: now,
            handle: None,
            reads: 0,
        });
        while self.entries.len() > MAX_EVENTS {
            self.entries.pop_front();
        }
    }

    fn drop_expired(&mut self, now: Instant) {
        let retention = Duration::from_secs(self.config.retention_seconds);
        self.entries
            .retain(|entry| now.saturating_duration_since(entry.appended_at) < retention);
    }

    /// Up to `maxlot` visible events, oldest first, each with a new handle from `new_handle`.
    fn read(&mut self, maxlot: usize, mut new_handle: impl FnMut() -> String) -> Vec<Value> {
        let now = self.now();
        self.drop_expired(now);
        let hidden_until = now + Duration::from_secs(self.config.visibility_seconds);
        let mut lot = Vec::new();
        for entry in self.entries.iter_mut().filter(|e| e.visible_at <= now) {
            if lot.len() == maxlot {
                break;
            }
            let handle = new_handle();
            entry.visible_at = hidden_until;
            entry.reads += 1;
            lot.push(entry.as_event(&handle));
            entry.handle = Some(handle);
        }
        lot
    }

    /// Removes the events whose current handle is one of `handles`; returns how many.
    fn commit(&mut self, handles: &[String]) -> usize {
        let before = self.entries.len();
        self.entries.retain(|entry| {
            entry
                .handle
                .as_ref()
                .is_none_or(|handle| !handles.contains(handle))
        });
        before - self.entries.len()
    }

    /// The feed as `GET /_sandbox/state` shows it.
    pub(crate) fn snapshot(&self) -> Value {
        let now = self.now();
        let events: Vec<Value> = self
            .entries
            .iter()
            .map(|entry| {
                json!({
                    "eventId": entry.event_id,
                    "orderId": entry.order_id,
                    "state": entry.state,
                    "lastState": entry.last_state,
                    "lastChange": entry.last_change,
                    "handle": entry.handle,
                    "visible": entry.visible_at <= now,
                    "reads": entry.reads,
                })
            })
            .collect();
        json!({
            "config": {
                "status": self.config.statuses,
                "visibilityTimeoutInSeconds": self.config.visibility_seconds,
                "MessageRetentionPeriodInSeconds": self.config.retention_seconds,
            },
            "clockSkewSeconds": self.skew.as_secs(),
            "events": events,
        })
    }
}

/// `GET /api/orders/feed?maxlot=` (1–10; 1 when absent, as VTEX).
pub(crate) fn read(feed: &mut FeedQueue, query: &str, new_handle: impl FnMut() -> String) -> Reply {
    let maxlot = url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "maxlot")
        .map(|(_, value)| value.parse::<usize>());
    let maxlot = match maxlot {
        None => 1,
        Some(Ok(n)) if (1..=MAX_LOT).contains(&n) => n,
        Some(_) => return Reply::bad_request(format!("maxlot must be an integer 1–{MAX_LOT}")),
    };
    Reply::ok(Value::Array(feed.read(maxlot, new_handle)))
}

#[derive(Debug, Deserialize)]
struct CommitBody {
    handles: Vec<String>,
}

/// `POST /api/orders/feed` `{handles}` → 204.
pub(crate) fn commit(feed: &mut FeedQueue, body: &[u8]) -> Reply {
    let parsed: CommitBody = match serde_json::from_slice(body) {
        Ok(parsed) => parsed,
        Err(err) => return Reply::bad_request(format!("expected {{\"handles\": [...]}}: {err}")),
    };
    if parsed.handles.is_empty() {
        return Reply::bad_request("handles must not be empty");
    }
    let removed = feed.commit(&parsed.handles);
    tracing::debug!(
        feed.committed = removed,
        feed.handles = parsed.handles.len(),
        "feed commit"
    );
    Reply::no_content()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConfigBody {
    filter: FilterBody,
    #[serde(default)]
    queue: Option<QueueBody>,
}

#[derive(Debug, Deserialize)]
struct FilterBody {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    status: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct QueueBody {
    #[serde(rename = "visibilityTimeoutInSeconds")]
    visibility_timeout: Option<u64>,
    #[serde(rename = "MessageRetentionPeriodInSeconds")]
    retention: Option<u64>,
}

/// `POST /api/orders/feed/config` → 200 with the stored configuration.
pub(crate) fn configure(feed: &mut FeedQueue, body: &[u8]) -> Reply {
    let parsed: ConfigBody = match serde_json::from_slice(body) {
        Ok(parsed) => parsed,
        Err(err) => return Reply::bad_request(format!("invalid feed configuration: {err}")),
    };
    if parsed.filter.kind != "FromWorkflow" {
        return Reply::bad_request("the sandbox supports filter.type FromWorkflow only");
    }
    let statuses: Vec<String> = parsed
        .filter
        .status
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if statuses.is_empty() {
        return Reply::bad_request("filter.status must name at least one state");
    }
    let queue = parsed.queue.unwrap_or(QueueBody {
        visibility_timeout: None,
        retention: None,
    });
    let visibility = queue
        .visibility_timeout
        .unwrap_or(DEFAULT_VISIBILITY_SECONDS);
    let retention = queue.retention.unwrap_or(DEFAULT_RETENTION_SECONDS);
    if !(1..=43_200).contains(&visibility) || !(60..=1_209_600).contains(&retention) {
        return Reply::bad_request(
            "visibilityTimeoutInSeconds must be 1–43200 and MessageRetentionPeriodInSeconds 60–1209600",
        );
    }
    feed.config = FeedConfig {
        statuses: Some(statuses),
        visibility_seconds: visibility,
        retention_seconds: retention,
    };
    Reply::ok(feed.snapshot()["config"].clone())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvanceBody {
    seconds: u64,
}

/// `POST /_sandbox/feed/advance {seconds}`: moves the feed's clock forward (at most a day per
/// call), so hidden events become visible again without waiting.
pub(crate) async fn advance(
    req: actix_web::HttpRequest,
    body: actix_web::web::Bytes,
    shared: actix_web::web::Data<crate::state::Shared>,
) -> actix_web::HttpResponse {
    if let Some(denied) = crate::admin::deny(&req, &shared) {
        return denied;
    }
    match serde_json::from_slice::<AdvanceBody>(&body) {
        Ok(AdvanceBody { seconds }) if seconds <= 86_400 => {
            let mut state = shared.lock();
            state.feed.advance(Duration::from_secs(seconds));
            actix_web::HttpResponse::Ok().json(state.feed.snapshot())
        }
        Ok(_) => crate::admin::error(400, "bad_request", "seconds must be 0–86400"),
        Err(err) => crate::admin::error(400, "bad_request", err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change<'a>(id: &str, order: &'a str, state: &'a str) -> StateChange<'a> {
        StateChange {
            event_id: id.to_owned(),
            order_id: order,
            state,
            last_state: "",
            last_change: "2026-03-02T14:09:30.4120000+00:00",
            current_change: "2026-03-02T14:09:31.0000000+00:00".to_owned(),
            origin_account: "medipiel",
            origin_key: "key",
        }
    }

    fn handles() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("h{n}")
        }
    }

    #[test]
    fn read_hides_commit_removes_and_the_timeout_brings_back() {
        let mut feed = FeedQueue::default();
        feed.append(change("e1", "o1", "payment-approved"));
        feed.append(change("e2", "o2", "invoiced"));
        let mut next = handles();
        let lot = feed.read(10, &mut next);
        assert_eq!(lot.len(), 2);
        assert_eq!(lot[0]["orderId"], "o1");
        assert!(
            feed.read(10, &mut next).is_empty(),
            "read events are hidden"
        );
        assert_eq!(feed.commit(&["h1".to_owned()]), 1);
        feed.advance(Duration::from_secs(DEFAULT_VISIBILITY_SECONDS));
        let again = feed.read(10, &mut next);
        assert_eq!(again.len(), 1, "the uncommitted event is visible again");
        assert_eq!(again[0]["eventId"], "e2");
        assert_eq!(again[0]["handle"], "h3");
        assert_eq!(
            feed.commit(&["h2".to_owned()]),
            0,
            "a replaced handle commits nothing"
        );
        assert_eq!(feed.commit(&["h3".to_owned()]), 1);
    }

    #[test]
    fn the_filter_and_maxlot_apply() {
        let mut feed = FeedQueue::default();
        let reply = configure(
            &mut feed,
            br#"{"filter":{"type":"FromWorkflow","status":["invoiced"]},"queue":{"visibilityTimeoutInSeconds":30}}"#,
        );
        assert_eq!(reply.status, 200);
        feed.append(change("e1", "o1", "payment-approved"));
        feed.append(change("e2", "o1", "invoiced"));
        feed.append(change("e3", "o2", "invoiced"));
        assert_eq!(read(&mut feed, "maxlot=1", handles()).status, 200);
        assert_eq!(read(&mut feed, "maxlot=11", handles()).status, 400);
        assert_eq!(read(&mut feed, "maxlot=x", handles()).status, 400);
        assert_eq!(feed.read(10, handles()).len(), 1, "one left visible");
        feed.advance(Duration::from_secs(30));
        assert_eq!(feed.read(10, handles()).len(), 2, "only invoiced entered");
        let bad = configure(&mut feed, br#"{"filter":{"type":"FromOrders"}}"#);
        assert_eq!(bad.status, 400);
    }
}
