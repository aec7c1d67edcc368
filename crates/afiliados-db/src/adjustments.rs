//! `adjustments`: debts of an influencer in a brand (`domain.md` §3.8). Ingestion opens
//! `clawback` adjustments (§5.13.3), finance opens `manual` ones and resolves both (§5.15); the
//! row only moves `pending → resolved`. Filtered lists live in [`crate::adjustment_list`].

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

/// A stored adjustment.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = adjustments)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct AdjustmentRow {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// `clawback|manual`.
    pub kind: String,
    /// The debt.
    pub amount: Decimal,
    /// ISO currency.
    pub currency: String,
    /// `pending|resolved`.
    pub status: String,
    /// `recovered|written_off`.
    pub resolution_type: Option<String>,
    /// `netting|repayment`.
    pub recovery_method: Option<String>,
    /// The incoming transfer of a repayment.
    pub recovery_reference: Option<String>,
    /// Why.
    pub reason: String,
    /// The commission.
    pub commission_id: Option<Uuid>,
    /// The order.
    pub order_id: Option<Uuid>,
    /// The reconciliation.
    pub reconciliation_id: Option<Uuid>,
    /// Who or what opened it.
    pub created_by: String,
    /// Who resolved it.
    pub resolved_by: Option<String>,
    /// When.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Notes.
    pub resolution_notes: Option<String>,
    /// Opened.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// An adjustment of the tenant.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<AdjustmentRow>> {
    adjustments::table
        .filter(adjustments::tenant_id.eq(tenant_id))
        .filter(adjustments::id.eq(id))
        .select(AdjustmentRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// The adjustment locked `FOR UPDATE` (after its balance row: lock order balance → adjustment).
pub async fn lock(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<AdjustmentRow>> {
    adjustments::table
        .filter(adjustments::tenant_id.eq(tenant_id))
        .filter(adjustments::id.eq(id))
        .select(AdjustmentRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// How a pending adjustment was resolved.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = adjustments)]
pub struct Resolution<'a> {
    /// Always `resolved`.
    pub status: &'a str,
    /// `recovered|written_off`.
    pub resolution_type: Option<&'a str>,
    /// `netting|repayment` (only when recovered).
    pub recovery_method: Option<&'a str>,
    /// The incoming transfer of a repayment.
    pub recovery_reference: Option<&'a str>,
    /// Who (`user:<email>`).
    pub resolved_by: Option<&'a str>,
    /// When.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Optional notes.
    pub resolution_notes: Option<&'a str>,
    /// Now.
    pub updated_at: DateTime<Utc>,
}

/// Resolves a pending adjustment; `false` when it was not pending any more.
pub async fn resolve(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    resolution: &Resolution<'_>,
) -> crate::Result<bool> {
    diesel::update(
        adjustments::table
            .filter(adjustments::id.eq(id))
            .filter(adjustments::status.eq("pending")),
    )
    .set(resolution)
    .execute(conn)
    .await
    .map(|changed| changed == 1)
}

/// `(influencer_id, brand_id, order_id)` of a commission of the tenant (what a manual
/// adjustment naming it must match).
pub async fn commission_owner(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    commission_id: Uuid,
) -> crate::Result<Option<(Uuid, Uuid, Uuid)>> {
    use crate::schema::commissions;
    commissions::table
        .filter(commissions::tenant_id.eq(tenant_id))
        .filter(commissions::id.eq(commission_id))
        .select((
            commissions::influencer_id,
            commissions::brand_id,
            commissions::order_id,
        ))
        .first(conn)
        .await
        .optional()
}

/// `(influencer_id, brand_id)` of an order of the tenant (null when not attributed).
pub async fn order_owner(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    order_id: Uuid,
) -> crate::Result<Option<(Option<Uuid>, Option<Uuid>)>> {
    use crate::schema::orders;
    orders::table
        .filter(orders::tenant_id.eq(tenant_id))
        .filter(orders::id.eq(order_id))
        .select((orders::influencer_id, orders::brand_id))
        .first(conn)
        .await
        .optional()
}

/// The currency of an influencer's balance with a brand; `None` when the influencer has never
/// had one (no membership in a campaign of the brand).
pub async fn balance_currency(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
) -> crate::Result<Option<String>> {
    use crate::schema::influencer_balance;
    influencer_balance::table
        .filter(influencer_balance::influencer_id.eq(influencer_id))
        .filter(influencer_balance::brand_id.eq(brand_id))
        .select(influencer_balance::currency)
        .first(conn)
        .await
        .optional()
}
