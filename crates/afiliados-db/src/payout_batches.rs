//! `payout_batches`: approved withdrawals exported together for one bank upload and paid in one
//! transaction (`domain.md` §3.8, §5.14.5). `exported → paid|cancelled`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::payout_batches;

/// A batch to insert (`exported`).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = payout_batches)]
pub struct NewPayoutBatch {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// One brand, or `None` for all.
    pub brand_id: Option<Uuid>,
    /// Who created it.
    pub created_by: Uuid,
    /// ≥ 1.
    pub withdrawal_count: i32,
    /// Σ gross.
    pub total_gross: Decimal,
    /// Σ withheld (as previewed at export).
    pub total_withheld: Decimal,
    /// Σ net.
    pub total_net: Decimal,
    /// The encrypted payout CSV.
    pub csv_document_id: Option<Uuid>,
    /// Now.
    pub created_at: DateTime<Utc>,
    /// Now.
    pub updated_at: DateTime<Utc>,
}

/// A stored batch.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = payout_batches)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct PayoutBatchRow {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Brand or all.
    pub brand_id: Option<Uuid>,
    /// `exported|paid|cancelled`.
    pub status: String,
    /// Creator.
    pub created_by: Uuid,
    /// Count.
    pub withdrawal_count: i32,
    /// Σ gross.
    pub total_gross: Decimal,
    /// Σ withheld.
    pub total_withheld: Decimal,
    /// Σ net.
    pub total_net: Decimal,
    /// The payout CSV document.
    pub csv_document_id: Option<Uuid>,
    /// Paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// By.
    pub paid_by: Option<Uuid>,
    /// Cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Inserts a batch.
pub async fn insert(conn: &mut AsyncPgConnection, row: &NewPayoutBatch) -> crate::Result<()> {
    diesel::insert_into(payout_batches::table)
        .values(row)
        .execute(conn)
        .await
        .map(|_| ())
}

/// A batch of the tenant, locked `FOR UPDATE` when `lock`.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
    lock: bool,
) -> crate::Result<Option<PayoutBatchRow>> {
    let query = payout_batches::table
        .filter(payout_batches::tenant_id.eq(tenant_id))
        .filter(payout_batches::id.eq(id))
        .select(PayoutBatchRow::as_select());
    if lock {
        query.for_update().first(conn).await.optional()
    } else {
        query.first(conn).await.optional()
    }
}
