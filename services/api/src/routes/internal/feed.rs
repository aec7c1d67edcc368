//! `POST /internal/v1/feed/events` (`api.md` §21.2): the worker hands over what it read from the
//! VTEX feed; the answer names the handles it may commit at VTEX.

use actix_web::web;
use afiliados_api_types::internal_feed::{FeedEventsRequest, FeedEventsResponse};

use crate::error::ApiResult;
use crate::extract::ServiceCaller;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::webhooks::feed;

/// → 200 `{stored, duplicates}`; 422 when an event or the count is invalid (nothing stored).
pub(super) async fn receive_feed_events(
    state: web::Data<AppState>,
    _caller: ServiceCaller,
    body: web::Json<FeedEventsRequest>,
) -> ApiResult<web::Json<FeedEventsResponse>> {
    let ctx = state.use_case_context();
    feed::validate(&body.events)?;
    let answer = transaction::run(&state, async |tx| {
        feed::receive_events(tx, &ctx, &body.events).await
    })
    .await?;
    tracing::info!(
        feed.stored = answer.stored.len(),
        feed.duplicates = answer.duplicates.len(),
        "feed events handed over"
    );
    Ok(web::Json(answer))
}
