//! Step 2: every code's derived status for the maintenance date (`domain.md` §4.4), in batches
//! of [`BATCH`] codes in id order, one transaction each. Codes whose status changed get a
//! `SyncCoupon` and a history row; nothing is audited (pure recomputation).

use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::CodeSelection;
use chrono::NaiveDate;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::error::ApiError;
use crate::usecases::codes::recompute::{SyncPolicy, recompute};

/// Codes per transaction: a few hundred row updates at most, so locks are held briefly.
const BATCH: i64 = 500;

/// What the step did.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Recomputed {
    /// Codes evaluated.
    pub(super) recomputed: u64,
    /// Coupon syncs queued.
    pub(super) syncs: u64,
}

/// Recomputes every code of the tenant.
pub(super) async fn run(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    date: NaiveDate,
) -> Result<Recomputed, ApiError> {
    let mut totals = Recomputed::default();
    let mut after = None;
    loop {
        let selection = CodeSelection::Page {
            after,
            limit: BATCH,
        };
        let batch = conn
            .transaction(async |tx| {
                recompute(
                    tx,
                    tenant_id,
                    selection,
                    SyncPolicy::WhenChanged,
                    date,
                    super::ACTOR,
                )
                .await
            })
            .await?;
        totals.recomputed += super::daily::count(batch.len());
        totals.syncs += super::daily::count(batch.iter().filter(|code| code.sync_queued).count());
        match batch.last() {
            Some(last) if i64::try_from(batch.len()).unwrap_or(i64::MAX) >= BATCH => {
                after = Some(last.code_id);
            }
            _ => return Ok(totals),
        }
    }
}
