//! `adjustments`: debts of an influencer in a brand (`domain.md` §3.8). Ingestion only opens
//! `clawback` adjustments (§5.13.3); resolutions come with the payments issue.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::adjustments;

/// A pending adjustment to open.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = adjustments)]
pub struct NewAdjustment<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// `clawback|manual`.
    pub kind: &'a str,
    /// The debt.
    pub amount: Decimal,
    /// ISO currency.
    pub currency: &'a str,
    /// 10–500 characters.
    pub reason: &'a str,
    /// The reverted commission.
    pub commission_id: Option<Uuid>,
    /// Its order.
    pub order_id: Option<Uuid>,
    /// Who or what.
    pub created_by: &'a str,
    /// Now.
    pub created_at: DateTime<Utc>,
    /// Now.
    pub updated_at: DateTime<Utc>,
}

/// Opens an adjustment.
pub async fn insert(conn: &mut AsyncPgConnection, row: &NewAdjustment<'_>) -> crate::Result<()> {
    diesel::insert_into(adjustments::table)
        .values(row)
        .execute(conn)
        .await
        .map(|_| ())
}

/// (kind, amount, status) of the adjustments of a commission.
pub async fn of_commission(
    conn: &mut AsyncPgConnection,
    commission_id: Uuid,
) -> crate::Result<Vec<(String, Decimal, String)>> {
    adjustments::table
        .filter(adjustments::commission_id.eq(commission_id))
        .order(adjustments::created_at.asc())
        .select((adjustments::kind, adjustments::amount, adjustments::status))
        .load(conn)
        .await
}
