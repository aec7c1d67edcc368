//! Step 2: every code's derived status for the maintenance date (`domain.md` §4.4), in batches
//! of [`BATCH`] codes in id order; the caller runs each [`batch`] in its own transaction. Codes
//! whose status changed get a `SyncCoupon` and a history row; nothing is audited (pure
//! recomputation).

use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::CodeSelection;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::usecases::codes::recompute::{SyncPolicy, recompute};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Codes per transaction: a few hundred row updates at most, so locks are held briefly.
pub const BATCH: i64 = 500;

/// What one batch did.
#[derive(Debug, Clone, Copy, Default)]
pub struct Batch {
    /// Codes evaluated.
    pub recomputed: u64,
    /// Coupon syncs queued.
    pub syncs: u64,
    /// Where the next batch starts; `None` after the last one.
    pub next: Option<Uuid>,
}

/// Recomputes the [`BATCH`] codes after `after` (from the first when `None`) for `date`.
#[tracing::instrument(skip_all, fields(maintenance.date = %date))]
pub async fn batch(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    after: Option<Uuid>,
    date: NaiveDate,
) -> Result<Batch, UseCaseError> {
    let selection = CodeSelection::Page {
        after,
        limit: BATCH,
    };
    let codes = recompute(
        tx,
        ctx.tenant_id,
        selection,
        SyncPolicy::WhenChanged,
        date,
        super::ACTOR,
    )
    .await?;
    let full = i64::try_from(codes.len()).unwrap_or(i64::MAX) >= BATCH;
    Ok(Batch {
        recomputed: super::count(codes.len()),
        syncs: super::count(codes.iter().filter(|code| code.sync_queued).count()),
        next: codes.last().filter(|_| full).map(|last| last.code_id),
    })
}
