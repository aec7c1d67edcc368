//! [`InternalApi`]'s feed hand-over (`api.md` §21.2, `vtex.md` §7): the events the worker read
//! from the VTEX feed, answered with the handles the api stored or already held. 422 (an event
//! the api refuses) is permanent; 5xx and timeouts are transient — in both cases the worker
//! commits nothing and the events come back at VTEX after the visibility timeout.

use afiliados_api_types::internal_feed::{FeedEvent, FeedEventsRequest, FeedEventsResponse};
use reqwest::Method;

use crate::{InternalApi, Result, Transport};

impl InternalApi {
    /// `POST /internal/v1/feed/events` (≤ 100 events) → `{stored, duplicates}` handles.
    pub async fn hand_over_feed_events(&self, events: &[FeedEvent]) -> Result<FeedEventsResponse> {
        let builder = self.request(Method::POST, "/internal/v1/feed/events");
        let request = FeedEventsRequest {
            events: events.to_vec(),
        };
        Transport::json(Transport::with_body(builder, &request)).await
    }
}
