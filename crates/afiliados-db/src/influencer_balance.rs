//! `influencer_balance`: one balance row per influencer and brand, created with zeros when the
//! influencer joins a campaign of the brand (`domain.md` §3.6).

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::influencer_balance;

/// Creates the zero balance of an influencer in a brand unless it exists; `true` when created.
pub async fn ensure(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brand_id: Uuid,
    currency: &str,
) -> crate::Result<bool> {
    let inserted = diesel::insert_into(influencer_balance::table)
        .values((
            influencer_balance::id.eq(crate::new_id()),
            influencer_balance::tenant_id.eq(tenant_id),
            influencer_balance::influencer_id.eq(influencer_id),
            influencer_balance::brand_id.eq(brand_id),
            influencer_balance::currency.eq(currency),
        ))
        .on_conflict((
            influencer_balance::influencer_id,
            influencer_balance::brand_id,
        ))
        .do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

/// Whether the row exists.
pub async fn exists(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
) -> crate::Result<bool> {
    diesel::select(diesel::dsl::exists(
        influencer_balance::table
            .filter(influencer_balance::influencer_id.eq(influencer_id))
            .filter(influencer_balance::brand_id.eq(brand_id)),
    ))
    .get_result(conn)
    .await
}

/// One balance row with its brand name.
#[derive(Debug, Clone, Queryable)]
pub struct BalanceFacts {
    /// Brand.
    pub brand_id: Uuid,
    /// Brand name.
    pub brand_name: String,
    /// Currency.
    pub currency: String,
    /// Estimated.
    pub estimated: rust_decimal::Decimal,
    /// Confirmed.
    pub confirmed: rust_decimal::Decimal,
    /// Withdrawn.
    pub withdrawn: rust_decimal::Decimal,
    /// Available.
    pub available: rust_decimal::Decimal,
}

/// Every balance row of an influencer with its brand name (the ARCO access export and the
/// positive-balance check of an ARCO deletion).
pub async fn of_influencer(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<BalanceFacts>> {
    use crate::schema::brands;
    influencer_balance::table
        .inner_join(brands::table)
        .filter(influencer_balance::influencer_id.eq(influencer_id))
        .order(brands::name.asc())
        .select((
            brands::id,
            brands::name,
            influencer_balance::currency,
            influencer_balance::estimated,
            influencer_balance::confirmed,
            influencer_balance::withdrawn,
            influencer_balance::available,
        ))
        .load(conn)
        .await
}
