//! Reading everything held about one influencer, for the ARCO access export and the checks of an
//! ARCO deletion (`domain.md` §5.3.5): memberships, codes, balances, status history and the
//! metadata of stored documents (read through [`crate::stored_documents`]).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::discount_codes::DiscountCode;
use crate::schema::{
    brands, campaign_influencers, campaigns, discount_codes, influencer_balance, status_history,
    tax_profiles,
};

/// One campaign membership with its campaign and brand names.
#[derive(Debug, Clone, Queryable)]
pub struct MembershipFacts {
    /// Campaign.
    pub campaign_id: Uuid,
    /// Campaign name.
    pub campaign_name: String,
    /// Brand.
    pub brand_id: Uuid,
    /// Brand name.
    pub brand_name: String,
    /// `active|inactive`.
    pub status: afiliados_domain::MembershipStatus,
    /// When assigned.
    pub assigned_at: DateTime<Utc>,
}

/// Every membership of an influencer.
pub async fn memberships_of(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<MembershipFacts>> {
    campaign_influencers::table
        .inner_join(campaigns::table.inner_join(brands::table))
        .filter(campaign_influencers::influencer_id.eq(influencer_id))
        .order(campaign_influencers::assigned_at.asc())
        .select((
            campaigns::id,
            campaigns::name,
            brands::id,
            brands::name,
            campaign_influencers::status,
            campaign_influencers::assigned_at,
        ))
        .load(conn)
        .await
}

/// Every discount code of an influencer.
pub async fn codes_of(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<DiscountCode>> {
    discount_codes::table
        .filter(discount_codes::influencer_id.eq(influencer_id))
        .order((discount_codes::created_at.asc(), discount_codes::id.asc()))
        .select(DiscountCode::as_select())
        .load(conn)
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
    pub estimated: Decimal,
    /// Confirmed.
    pub confirmed: Decimal,
    /// Withdrawn.
    pub withdrawn: Decimal,
    /// Available.
    pub available: Decimal,
}

/// Every balance row of an influencer.
pub async fn balances_of(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<BalanceFacts>> {
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

/// One status transition.
#[derive(Debug, Clone, Queryable)]
pub struct StatusFacts {
    /// From.
    pub from_status: Option<String>,
    /// To.
    pub to_status: String,
    /// Reason.
    pub reason: Option<String>,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// The status history of one entity, oldest first.
pub async fn status_history_of(
    conn: &mut AsyncPgConnection,
    entity_type: &str,
    entity_id: Uuid,
) -> crate::Result<Vec<StatusFacts>> {
    status_history::table
        .filter(status_history::entity_type.eq(entity_type))
        .filter(status_history::entity_id.eq(entity_id))
        .order((status_history::occurred_at.asc(), status_history::id.asc()))
        .select((
            status_history::from_status,
            status_history::to_status,
            status_history::reason,
            status_history::occurred_at,
        ))
        .load(conn)
        .await
}

/// The code of a tax profile.
pub async fn tax_profile_code(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<String>> {
    tax_profiles::table
        .find(id)
        .select(tax_profiles::code)
        .first(conn)
        .await
        .optional()
}
