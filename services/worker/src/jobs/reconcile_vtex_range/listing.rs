//! Listing every VTEX order of a run's range (`vtex.md` §6) and streaming them to the api in
//! chunks of at most [`CHUNK_SIZE`].
//!
//! VTEX serves at most [`VTEX_MAX_PAGES`] pages per query, so a range whose first page reports
//! more is split in two halves, each listed the same way (an explicit stack instead of recursion,
//! earlier half first, so orders still arrive by creation date). Every page `1 … paging.pages` is
//! read; a page shorter than `perPage` before the last one is an error (an order that left the
//! range mid-listing could hide another one), so is a page VTEX would not serve after the client's
//! own retries. Orders are de-duplicated by id: an order can shift to the next page while new ones
//! arrive, and a range re-split after growing past the cap is read again.
//!
//! Memory stays flat: only the current chunk's summaries and the set of ids seen are held (an id
//! is a few dozen bytes, about 6 MB for 100 000 orders), never the whole day.

use std::collections::HashSet;
use std::future::Future;

use afiliados_api_types::reconciliation::{VtexOrderSummary, VtexOrdersChunk};
use afiliados_domain::Money;
use afiliados_vtex::{
    OrderListPage, OrderListQuery, OrderSummary, SortOrder, VtexClient, VtexError,
};
use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::Decimal;

/// VTEX's page cap per query.
pub(crate) const VTEX_MAX_PAGES: u32 = 30;
/// Most orders per `POST …/vtex-orders` (`api.md` §21.5).
pub(crate) const CHUNK_SIZE: usize = 1_000;
/// Reads of one page that came back short before it counts as an error (the list moves while
/// orders are created; a second read usually sees it settled).
const SHORT_PAGE_READS: u32 = 3;

/// Why a range could not be listed completely.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ListingError {
    /// VTEX did not serve a page (after the client's own retries).
    #[error("VTEX list page {page} of {range}: {error}")]
    Vtex {
        /// The page.
        page: u32,
        /// The sub-range being listed.
        range: String,
        /// What VTEX answered.
        #[source]
        error: VtexError,
    },
    /// A page before the last came back with fewer orders than the page size.
    #[error(
        "VTEX list page {page} of {pages} of {range} had {got} orders, {per_page} expected (read {SHORT_PAGE_READS} times)"
    )]
    ShortPage {
        /// The page.
        page: u32,
        /// Pages VTEX reported.
        pages: u32,
        /// The sub-range.
        range: String,
        /// Orders on it.
        got: usize,
        /// The page size.
        per_page: u32,
    },
    /// More than [`VTEX_MAX_PAGES`] pages within one millisecond: it cannot be split further.
    #[error("{range} has {pages} pages of {per_page} orders and cannot be split further")]
    Unsplittable {
        /// The sub-range.
        range: String,
        /// Pages VTEX reported.
        pages: u32,
        /// The page size.
        per_page: u32,
    },
    /// The worker is stopping: the listing is abandoned and the job goes back to the queue.
    #[error("the worker is shutting down")]
    Stopping,
    /// Submitting a chunk to the api failed.
    #[error(transparent)]
    Sink(crate::JobError),
}

impl ListingError {
    /// Whether another attempt of the job might list the range (VTEX outages, a moving list,
    /// an api that was away); a page VTEX refuses with a 4xx, or a range that cannot be split,
    /// will not get better.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            ListingError::Vtex { error, .. } => error.is_transient(),
            ListingError::ShortPage { .. } | ListingError::Stopping => true,
            ListingError::Unsplittable { .. } => false,
            ListingError::Sink(error) => error.is_transient(),
        }
    }
}

/// Where the chunks go (the api in production; a collector in unit tests).
pub(crate) trait ChunkSink {
    /// Submits one chunk (`chunk` numbers start at 1 and increase).
    fn submit(
        &mut self,
        chunk: VtexOrdersChunk,
    ) -> impl Future<Output = Result<(), crate::JobError>> + Send;
}

/// What the listing saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Listed {
    /// Distinct orders.
    pub(crate) vtex_total: u32,
    /// Pages read (re-reads of a short page count once).
    pub(crate) pages_fetched: u32,
    /// Chunks submitted.
    pub(crate) chunks: u32,
}

/// Lists `[from, to]` (inclusive, like VTEX's filter) at `per_page` orders a page.
pub(crate) struct Lister<'a, S> {
    vtex: &'a VtexClient,
    per_page: u32,
    currency: &'a str,
    sink: S,
    stopping: &'a (dyn Fn() -> bool + Send + Sync),
    seen: HashSet<String>,
    buffer: Vec<VtexOrderSummary>,
    /// Progress so far (also what a failure reports).
    pub(crate) listed: Listed,
}

impl<'a, S: ChunkSink + Send> Lister<'a, S> {
    /// A lister over `vtex` sending chunks to `sink`; `stopping` is asked between pages.
    pub(crate) fn new(
        vtex: &'a VtexClient,
        per_page: u32,
        currency: &'a str,
        sink: S,
        stopping: &'a (dyn Fn() -> bool + Send + Sync),
    ) -> Lister<'a, S> {
        Lister {
            vtex,
            per_page: per_page.clamp(1, 100),
            currency,
            sink,
            stopping,
            seen: HashSet::new(),
            buffer: Vec::with_capacity(CHUNK_SIZE),
            listed: Listed::default(),
        }
    }

    /// Lists every order created in `[from, to]` and submits them; the last chunk is flushed.
    pub(crate) async fn list(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Listed, ListingError> {
        let mut ranges = vec![(from, to)];
        while let Some((from, to)) = ranges.pop() {
            if let Some((earlier, later)) = self.list_range(from, to).await? {
                // The later half waits below the earlier one, which is listed next.
                ranges.push(later);
                ranges.push(earlier);
            }
        }
        self.flush().await?;
        Ok(self.listed)
    }

    /// Lists one range; `Some(halves)` when it has more pages than VTEX serves.
    async fn list_range(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Option<Halves>, ListingError> {
        let mut page = 1;
        loop {
            let answer = self.read(from, to, page).await?;
            let pages = answer.paging.pages;
            if pages > VTEX_MAX_PAGES {
                // Known from page 1, or the range grew while it was read: split, and the pages
                // already read are de-duplicated when the halves read them again.
                return split(from, to)
                    .map(Some)
                    .ok_or_else(|| ListingError::Unsplittable {
                        range: range_text(from, to),
                        pages,
                        per_page: self.per_page,
                    });
            }
            for order in answer.list {
                self.take(order).await?;
            }
            if page >= pages {
                return Ok(None);
            }
            page += 1;
        }
    }

    /// One page, read again while it is short before the last page.
    async fn read(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        page: u32,
    ) -> Result<OrderListPage, ListingError> {
        let query = OrderListQuery {
            from,
            to,
            page,
            per_page: self.per_page,
            order: SortOrder::Ascending,
        };
        let mut reads = 0;
        loop {
            if (self.stopping)() {
                return Err(ListingError::Stopping);
            }
            let answer =
                self.vtex
                    .list_orders_page(&query)
                    .await
                    .map_err(|error| ListingError::Vtex {
                        page,
                        range: range_text(from, to),
                        error,
                    })?;
            reads += 1;
            let short = page < answer.paging.pages && answer.list.len() < self.per_page as usize;
            if !short {
                self.listed.pages_fetched += 1;
                return Ok(answer);
            }
            tracing::warn!(
                vtex.page = page,
                vtex.pages = answer.paging.pages,
                vtex.orders = answer.list.len(),
                "a VTEX list page before the last came back short"
            );
            if reads >= SHORT_PAGE_READS {
                return Err(ListingError::ShortPage {
                    page,
                    pages: answer.paging.pages,
                    range: range_text(from, to),
                    got: answer.list.len(),
                    per_page: self.per_page,
                });
            }
        }
    }

    /// Keeps an order not seen before; submits the chunk when full.
    async fn take(&mut self, order: OrderSummary) -> Result<(), ListingError> {
        if !self.seen.insert(order.order_id.clone()) {
            return Ok(());
        }
        self.listed.vtex_total += 1;
        self.buffer.push(summary(order, self.currency));
        if self.buffer.len() >= CHUNK_SIZE {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), ListingError> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let orders = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK_SIZE));
        let chunk = VtexOrdersChunk {
            chunk: self.listed.chunks + 1,
            pages_fetched: self.listed.pages_fetched,
            orders,
        };
        self.sink.submit(chunk).await.map_err(ListingError::Sink)?;
        self.listed.chunks += 1;
        Ok(())
    }
}

type Halves = (
    (DateTime<Utc>, DateTime<Utc>),
    (DateTime<Utc>, DateTime<Utc>),
);

/// `[from, mid]` and `[mid + 1 ms, to]`; `None` when the range is a single millisecond (VTEX's
/// filter resolution).
pub(crate) fn split(from: DateTime<Utc>, to: DateTime<Utc>) -> Option<Halves> {
    let span = (to - from).num_milliseconds();
    if span < 1 {
        return None;
    }
    let mid = from + TimeDelta::milliseconds(span / 2);
    Some(((from, mid), (mid + TimeDelta::milliseconds(1), to)))
}

fn range_text(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let format = "%Y-%m-%dT%H:%M:%S%.3fZ";
    format!("[{} TO {}]", from.format(format), to.format(format))
}

/// The list entry as the api reads it: `totalValue` from cents to pesos, exactly.
pub(crate) fn summary(order: OrderSummary, default_currency: &str) -> VtexOrderSummary {
    VtexOrderSummary {
        vtex_order_id: order.order_id,
        vtex_status: order.status,
        total_value: Money::rounded(order.total_value / Decimal::ONE_HUNDRED),
        currency: order
            .currency_code
            .filter(|code| !code.is_empty())
            .unwrap_or_else(|| default_currency.to_owned()),
        creation_date: order.creation_date,
        last_change: order.last_change,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        raw.parse().unwrap_or(DateTime::UNIX_EPOCH)
    }

    #[test]
    fn halves_cover_the_range_without_overlap() {
        let from = at("2026-03-02T05:00:00Z");
        let to = at("2026-03-03T04:59:59.999Z");
        let ((a, b), (c, d)) = split(from, to).unwrap_or_default();
        assert_eq!((a, d), (from, to));
        assert_eq!(c - b, TimeDelta::milliseconds(1));
        assert_eq!(b, at("2026-03-02T16:59:59.999Z"));
        let one = at("2026-03-02T05:00:00.001Z");
        assert_eq!(split(from, one), Some(((from, from), (one, one))));
        assert_eq!(split(one, one), None);
    }

    #[test]
    fn list_cents_become_exact_pesos() -> Result<(), serde_json::Error> {
        let order: OrderSummary = serde_json::from_value(serde_json::json!({
            "orderId": "1432120512345-01", "status": "invoiced", "totalValue": 39_997_570,
            "currencyCode": null, "creationDate": "2026-03-02T14:00:00Z", "lastChange": "2026-03-02T15:00:00Z"
        }))?;
        let summary = summary(order, "COP");
        assert_eq!(summary.total_value.amount(), Decimal::new(39_997_570, 2));
        assert_eq!(summary.currency, "COP");
        assert_eq!(summary.vtex_status, "invoiced");
        Ok(())
    }
}
