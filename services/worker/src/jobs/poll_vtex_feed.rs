//! `PollVtexFeed { scheduledAt }` (`VTEX_FEED_POLL_CRON`, every 2 minutes, only with
//! `VTEX_FEED_ENABLED=true`; `vtex.md` §7, ADR 0069): the backstop for lost hooks. Each lot read
//! from the VTEX feed is handed to `POST /internal/v1/feed/events`, which stores the events as
//! deliveries (a version a hook already delivered is a duplicate), and then exactly the handles
//! the api confirmed are committed at VTEX. Lots are read while a full one comes back, at most
//! [`MAX_LOTS_PER_TICK`] per tick. When the api fails nothing of that lot is committed: VTEX shows
//! the events again after the visibility timeout, so a failure delays events but never loses
//! them; the job's own retry (cap 3) or the next tick picks them up.

use afiliados_api_client::InternalApi;
use afiliados_jobs::PollVtexFeed;
use afiliados_vtex::VtexClient;
use serde::Serialize;

use super::coupons::{api_failure, vtex_failure};
use super::scheduled::{self, Attempted};
use crate::{JobError, WorkerCtx};

/// The run's `jobName`.
pub const JOB_NAME: &str = "vtex_feed_poll";

/// Most lots read in one tick (`vtex.md` §7): a feed that keeps filling does not hold the
/// `scheduled` queue; the next tick continues.
pub const MAX_LOTS_PER_TICK: usize = 50;

/// What one drain did (the run's details).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Drained {
    /// Reads made (the last one may have been empty).
    pub lots: usize,
    /// Events read.
    pub events: usize,
    /// Events the api stored as new deliveries.
    pub stored: usize,
    /// Events the api already held (hooked, or read before).
    pub duplicates: usize,
    /// Handles committed at VTEX.
    pub committed: usize,
}

/// Reads, hands over and commits lots of `max_lot` until a lot is short, the lot bound is
/// reached or `stopping()` turns true. Lots finished before a failure stay committed.
pub async fn drain(
    vtex: &VtexClient,
    api: &InternalApi,
    max_lot: u8,
    stopping: impl Fn() -> bool,
) -> Result<Drained, JobError> {
    let mut drained = Drained::default();
    while drained.lots < MAX_LOTS_PER_TICK && !stopping() {
        let lot = vtex
            .read_feed(max_lot)
            .await
            .map_err(|error| vtex_failure("reading the feed", error))?;
        drained.lots += 1;
        drained.events += lot.len();
        if lot.is_empty() {
            break;
        }
        let answer = api
            .hand_over_feed_events(&lot)
            .await
            .map_err(|error| api_failure("handing over feed events", error))?;
        // Only handles of this lot that the api named: anything else is not ours to commit.
        let confirmed: Vec<String> = lot
            .iter()
            .map(|event| &event.handle)
            .filter(|handle| answer.stored.contains(handle) || answer.duplicates.contains(handle))
            .cloned()
            .collect();
        drained.stored += answer.stored.len();
        drained.duplicates += answer.duplicates.len();
        vtex.commit_feed(&confirmed)
            .await
            .map_err(|error| vtex_failure("committing the feed", error))?;
        drained.committed += confirmed.len();
        if lot.len() < usize::from(max_lot) {
            break;
        }
    }
    Ok(drained)
}

/// One attempt of a `PollVtexFeed` job: a recorded run around [`drain`].
pub async fn handle(
    job: PollVtexFeed,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    let api = ctx.api.with_request_id(request_id);
    let attempted = Attempted {
        name: JOB_NAME,
        scheduled_at: job.scheduled_at,
        schedule: ctx.schedules.vtex_feed_poll.as_ref(),
        attempt,
    };
    scheduled::recorded(ctx, &api, attempted, || async {
        let drained = drain(&ctx.vtex, &api, ctx.feed_max_lot, || ctx.is_shutting_down()).await?;
        tracing::info!(
            feed.lots = drained.lots,
            feed.events = drained.events,
            feed.stored = drained.stored,
            feed.duplicates = drained.duplicates,
            feed.committed = drained.committed,
            "VTEX feed drained"
        );
        serde_json::to_value(drained)
            .map_err(|error| JobError::Permanent(anyhow::anyhow!("encoding the drain: {error}")))
    })
    .await
}
