//! The deep check (`domain.md` §5.16.2): the full documents of the attributed orders the
//! comparison found equal, fetched from the OMS a few at a time, normalised like
//! `FetchVtexOrder` does, and posted in batches of at most [`BATCH`] with the ids VTEX answered
//! 404 for, so the api can recompute their amounts.

use afiliados_api_client::InternalApi;
use afiliados_api_types::reconciliation::DeepCheckRequest;
use anyhow::anyhow;
use futures::{StreamExt as _, TryStreamExt as _};
use uuid::Uuid;

use super::super::coupons::{api_failure, refuse_while_stopping};
use super::super::vtex_orders::{fetch, normalize};
use crate::{JobError, WorkerCtx};

/// Most documents per `POST …/deep-check` (`api.md` §21.5).
pub(crate) const BATCH: usize = 100;
/// OMS reads in flight at once: enough to hide VTEX's latency, few enough to stay far below its
/// rate limits.
const PARALLEL_READS: usize = 8;

/// Fetches, normalises and posts every document of `ids`; returns how many were checked and
/// how many VTEX did not know.
pub(crate) async fn run(
    ctx: &WorkerCtx,
    api: &InternalApi,
    run_id: Uuid,
    ids: &[String],
) -> Result<(usize, usize), JobError> {
    let mut not_found_total = 0;
    for batch in ids.chunks(BATCH) {
        refuse_while_stopping(ctx)?;
        let documents: Vec<(String, Option<serde_json::Value>)> =
            futures::stream::iter(batch.iter().cloned())
                .map(|id| async move { fetch(ctx, &id).await.map(|doc| (id, doc)) })
                .buffered(PARALLEL_READS)
                .try_collect()
                .await?;
        let mut request = DeepCheckRequest {
            orders: Vec::with_capacity(documents.len()),
            not_found: Vec::new(),
        };
        for (id, document) in documents {
            match document {
                Some(document) => request.orders.push(
                    normalize(ctx, &document)
                        .map_err(|error| JobError::Permanent(anyhow!("order {id}: {error}")))?,
                ),
                None => request.not_found.push(id),
            }
        }
        not_found_total += request.not_found.len();
        api.deep_check_reconciliation(run_id, &request)
            .await
            .map_err(|error| api_failure("deep-checking the orders", error))?;
    }
    Ok((ids.len(), not_found_total))
}
