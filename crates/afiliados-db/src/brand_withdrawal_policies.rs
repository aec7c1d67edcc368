//! `brand_withdrawal_policies`: one row per brand, created with it (`domain.md` §3.2).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::brand_withdrawal_policies as policies;

/// A withdrawal policy row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = policies, check_for_backend(diesel::pg::Pg))]
pub struct WithdrawalPolicyRow {
    /// Id.
    pub id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// Smallest withdrawal.
    pub minimum_amount: Decimal,
    /// ISO 4217.
    pub currency: String,
    /// Days before an approved withdrawal may be paid.
    pub hold_days: i32,
    /// Last editor.
    pub updated_by: Option<Uuid>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// Creates the default `{0, COP, 0}` policy of a brand unless it has one.
pub async fn ensure_default(conn: &mut AsyncPgConnection, brand_id: Uuid) -> crate::Result<()> {
    diesel::insert_into(policies::table)
        .values((
            policies::id.eq(crate::new_id()),
            policies::brand_id.eq(brand_id),
        ))
        .on_conflict(policies::brand_id)
        .do_nothing()
        .execute(conn)
        .await
        .map(|_| ())
}

/// Creates or replaces a brand's policy.
pub async fn upsert(
    conn: &mut AsyncPgConnection,
    brand_id: Uuid,
    minimum_amount: Decimal,
    currency: &str,
    hold_days: i32,
    updated_by: Option<Uuid>,
) -> crate::Result<WithdrawalPolicyRow> {
    diesel::insert_into(policies::table)
        .values((
            policies::id.eq(crate::new_id()),
            policies::brand_id.eq(brand_id),
            policies::minimum_amount.eq(minimum_amount),
            policies::currency.eq(currency),
            policies::hold_days.eq(hold_days),
            policies::updated_by.eq(updated_by),
        ))
        .on_conflict(policies::brand_id)
        .do_update()
        .set((
            policies::minimum_amount.eq(minimum_amount),
            policies::currency.eq(currency),
            policies::hold_days.eq(hold_days),
            policies::updated_by.eq(updated_by),
            policies::updated_at.eq(diesel::dsl::now),
        ))
        .returning(WithdrawalPolicyRow::as_returning())
        .get_result(conn)
        .await
}

/// The policies of these brands, by brand.
pub async fn of_brands(
    conn: &mut AsyncPgConnection,
    brand_ids: &[Uuid],
) -> crate::Result<std::collections::HashMap<Uuid, WithdrawalPolicyRow>> {
    let rows: Vec<WithdrawalPolicyRow> = policies::table
        .filter(policies::brand_id.eq_any(brand_ids))
        .select(WithdrawalPolicyRow::as_select())
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(|row| (row.brand_id, row)).collect())
}

/// How a request names a brand: its id, or its slug.
#[derive(Debug, Clone, Copy)]
pub enum BrandRef<'a> {
    /// `brands.id`.
    Id(Uuid),
    /// `brands.slug`.
    Slug(&'a str),
}

/// A live brand of the tenant with its withdrawal policy (absent for a brand created before
/// policies existed), in one statement: the first read of a withdrawal request, which needs
/// both (ADR 0082).
pub async fn brand_with_policy(
    mut conn: &AsyncPgConnection,
    tenant_id: Uuid,
    brand: BrandRef<'_>,
) -> crate::Result<Option<(crate::brands::Brand, Option<WithdrawalPolicyRow>)>> {
    use crate::schema::brands;
    let query = brands::table
        .left_join(policies::table)
        .filter(brands::tenant_id.eq(tenant_id))
        .filter(brands::deleted_at.is_null())
        .select((
            crate::brands::Brand::as_select(),
            Option::<WithdrawalPolicyRow>::as_select(),
        ))
        .into_boxed();
    let query = match brand {
        BrandRef::Id(id) => query.filter(brands::id.eq(id)),
        BrandRef::Slug(slug) => query.filter(brands::slug.eq(slug)),
    };
    query.first(&mut conn).await.optional()
}
