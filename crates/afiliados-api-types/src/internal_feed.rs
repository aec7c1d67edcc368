//! `POST /internal/v1/feed/events` (`api.md` §21.2, `vtex.md` §7): the events the worker read
//! from the VTEX feed v3, handed over as they came (the field names are VTEX's), and the handles
//! the api stored or recognised as duplicates — exactly those the worker commits at VTEX. The
//! VTEX client decodes the feed straight into [`FeedEvent`], so the two sides cannot drift.

use serde::{Deserialize, Serialize};

/// Most events in one hand-over.
pub const MAX_FEED_EVENTS: usize = 100;

/// `origin` of a feed event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedOrigin {
    /// The VTEX account that emitted it.
    #[serde(default)]
    pub account: String,
    /// The app key of the feed.
    #[serde(default)]
    pub key: String,
}

/// One feed v3 event (`GET /api/orders/feed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedEvent {
    /// VTEX's id of the event.
    pub event_id: String,
    /// The receipt handle of this read; committing it removes the event.
    pub handle: String,
    /// The VTEX order id.
    pub order_id: String,
    /// The order's new workflow state (raw).
    pub state: String,
    /// The previous state (may be empty).
    #[serde(default)]
    pub last_state: String,
    /// When VTEX recorded the state, verbatim (part of the idempotency key).
    pub last_change: String,
    /// When the event was produced.
    #[serde(default)]
    pub current_change: String,
    /// `Marketplace` or `Fulfillment`.
    #[serde(default)]
    pub domain: String,
    /// Account and key.
    #[serde(default)]
    pub origin: FeedOrigin,
}

/// `POST /internal/v1/feed/events` (≤ [`MAX_FEED_EVENTS`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedEventsRequest {
    /// The events of one or more lots.
    pub events: Vec<FeedEvent>,
}

/// `200` of the hand-over: every handle is in one of the lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedEventsResponse {
    /// Handles of events stored as new deliveries (each with an `IngestVtexOrder` job).
    pub stored: Vec<String>,
    /// Handles of events whose idempotency key a live delivery already holds (a hook, or an
    /// earlier read of the same event).
    pub duplicates: Vec<String>,
}
