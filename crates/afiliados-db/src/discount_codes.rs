//! `discount_codes`: one VTEX coupon per row, its derived status and its sync bookkeeping.

use afiliados_domain::{
    CampaignStatus, CodeStatus, InfluencerStatus, Locale, MembershipStatus, SyncState,
};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::{campaign_influencers, campaigns, discount_codes, influencers};

/// A discount code row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = discount_codes, check_for_backend(diesel::pg::Pg))]
pub struct DiscountCode {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Campaign.
    pub campaign_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand (copied from the campaign).
    pub brand_id: Uuid,
    /// Upper-case code.
    pub code: String,
    /// Chosen by staff.
    pub custom: bool,
    /// Customer discount.
    pub discount_percent: Decimal,
    /// First valid date.
    pub starts_on: Option<NaiveDate>,
    /// Last valid date.
    pub ends_on: Option<NaiveDate>,
    /// Use limit.
    pub max_uses: Option<i32>,
    /// Per-customer limit.
    pub max_uses_per_customer: Option<i32>,
    /// Attributed orders.
    pub usage_count: i32,
    /// Manual switch.
    pub enabled: bool,
    /// When disabled.
    pub disabled_at: Option<DateTime<Utc>>,
    /// Why disabled.
    pub disabled_reason: Option<String>,
    /// Derived `pending|active|inactive`.
    pub status: CodeStatus,
    /// VTEX coupon id.
    pub vtex_coupon_id: Option<String>,
    /// Whether VTEX holds the coupon archived (last sync).
    pub vtex_archived: Option<bool>,
    /// Desired-state revision.
    pub sync_revision: i32,
    /// Revision VTEX confirmed.
    pub synced_revision: Option<i32>,
    /// `pending|synced|failed`.
    pub sync_state: SyncState,
    /// Last success.
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Last failure.
    pub last_sync_error: Option<String>,
    /// Who created it (user id or system actor).
    pub created_by: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// A code with everything its derived status depends on (`domain.md` §5.5.2).
#[derive(Debug, Clone)]
pub struct CodeWithContext {
    /// The code.
    pub code: DiscountCode,
    /// Campaign status.
    pub campaign_status: CampaignStatus,
    /// Campaign first date.
    pub campaign_start: NaiveDate,
    /// Campaign last date.
    pub campaign_end: Option<NaiveDate>,
    /// Membership status (`inactive` when the membership row is missing).
    pub membership_status: MembershipStatus,
    /// Influencer status.
    pub influencer_status: InfluencerStatus,
}

/// Which codes to load with their context.
#[derive(Debug, Clone, Copy)]
pub enum CodeSelection {
    /// Every code of an influencer.
    Influencer(Uuid),
    /// Every code of a campaign.
    Campaign(Uuid),
    /// Every code of one membership.
    Membership {
        /// Campaign.
        campaign_id: Uuid,
        /// Influencer.
        influencer_id: Uuid,
    },
    /// One code.
    Code(Uuid),
    /// Every code of the tenant (daily maintenance).
    All,
    /// The next `limit` codes of the tenant in id order after `after` (from the first when
    /// `None`): the daily maintenance walks the tenant in batches, one short transaction each.
    Page {
        /// The last id of the previous batch.
        after: Option<Uuid>,
        /// Batch size.
        limit: i64,
    },
}

/// Code, campaign status, start, end, membership status, influencer status.
type ContextRow = (
    DiscountCode,
    CampaignStatus,
    NaiveDate,
    Option<NaiveDate>,
    Option<MembershipStatus>,
    InfluencerStatus,
);

/// A code of the tenant.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<DiscountCode>> {
    discount_codes::table
        .filter(discount_codes::tenant_id.eq(tenant_id))
        .filter(discount_codes::id.eq(id))
        .select(DiscountCode::as_select())
        .first(conn)
        .await
        .optional()
}

/// Loads codes with the campaign, membership and influencer facts of their status. Not locked:
/// the caller's update takes the row lock, and two concurrent recomputations from committed
/// state reach the same status (at worst one extra sync revision).
pub async fn with_context(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    selection: CodeSelection,
) -> crate::Result<Vec<CodeWithContext>> {
    let mut query = discount_codes::table
        .inner_join(campaigns::table.on(campaigns::id.eq(discount_codes::campaign_id)))
        .inner_join(influencers::table.on(influencers::id.eq(discount_codes::influencer_id)))
        .left_join(
            campaign_influencers::table.on(campaign_influencers::campaign_id
                .eq(discount_codes::campaign_id)
                .and(campaign_influencers::influencer_id.eq(discount_codes::influencer_id))),
        )
        .filter(discount_codes::tenant_id.eq(tenant_id))
        .into_boxed();
    query = match selection {
        CodeSelection::Influencer(id) => query.filter(discount_codes::influencer_id.eq(id)),
        CodeSelection::Campaign(id) => query.filter(discount_codes::campaign_id.eq(id)),
        CodeSelection::Membership {
            campaign_id,
            influencer_id,
        } => query
            .filter(discount_codes::campaign_id.eq(campaign_id))
            .filter(discount_codes::influencer_id.eq(influencer_id)),
        CodeSelection::Code(id) => query.filter(discount_codes::id.eq(id)),
        CodeSelection::All => query,
        CodeSelection::Page { after, limit } => {
            let query = query.limit(limit);
            match after {
                Some(id) => query.filter(discount_codes::id.gt(id)),
                None => query,
            }
        }
    };
    let rows: Vec<ContextRow> = query
        .order(discount_codes::id.asc())
        .select((
            DiscountCode::as_select(),
            campaigns::status,
            campaigns::start_date,
            campaigns::end_date,
            campaign_influencers::status.nullable(),
            influencers::status,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(code, campaign_status, campaign_start, campaign_end, membership, influencer)| {
                CodeWithContext {
                    code,
                    campaign_status,
                    campaign_start,
                    campaign_end,
                    membership_status: membership.unwrap_or(MembershipStatus::Inactive),
                    influencer_status: influencer,
                }
            },
        )
        .collect())
}

/// Stores a new derived status and/or asks for a new sync: `sync_revision + 1`,
/// `sync_state = pending`. Returns the new revision.
pub async fn set_status_and_bump(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: &str,
) -> crate::Result<i32> {
    diesel::update(discount_codes::table.find(id))
        .set((
            discount_codes::status.eq(status),
            discount_codes::sync_revision.eq(discount_codes::sync_revision + 1),
            discount_codes::sync_state.eq("pending"),
            discount_codes::updated_at.eq(diesel::dsl::now),
        ))
        .returning(discount_codes::sync_revision)
        .get_result(conn)
        .await
}

/// Who to tell, and what to say, when a code becomes active.
#[derive(Debug, Clone, Queryable)]
pub struct ActivationNotice {
    /// The influencer's given name.
    pub first_name: String,
    /// The influencer's user (none after anonymisation).
    pub user_id: Option<Uuid>,
    /// The user's e-mail.
    pub email: Option<String>,
    /// The user's locale.
    pub locale: Option<Locale>,
    /// Campaign name.
    pub campaign_name: String,
    /// Brand name.
    pub brand_name: String,
}

/// The facts of [`ActivationNotice`] for one code.
pub async fn activation_notice(
    conn: &mut AsyncPgConnection,
    code_id: Uuid,
) -> crate::Result<Option<ActivationNotice>> {
    use crate::schema::{brands, users};
    discount_codes::table
        .inner_join(influencers::table.on(influencers::id.eq(discount_codes::influencer_id)))
        .left_join(users::table.on(users::id.nullable().eq(influencers::user_id)))
        .inner_join(campaigns::table.on(campaigns::id.eq(discount_codes::campaign_id)))
        .inner_join(brands::table.on(brands::id.eq(discount_codes::brand_id)))
        .filter(discount_codes::id.eq(code_id))
        .select((
            influencers::first_name,
            influencers::user_id,
            users::email.nullable(),
            users::locale.nullable(),
            campaigns::name,
            brands::name,
        ))
        .first(conn)
        .await
        .optional()
}

/// The influencer's active codes with their campaign name and discount, by code.
pub async fn active_of_influencer(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<(String, String, Decimal)>> {
    discount_codes::table
        .inner_join(campaigns::table.on(campaigns::id.eq(discount_codes::campaign_id)))
        .filter(discount_codes::influencer_id.eq(influencer_id))
        .filter(discount_codes::status.eq("active"))
        .order(discount_codes::code.asc())
        .select((
            discount_codes::code,
            campaigns::name,
            discount_codes::discount_percent,
        ))
        .load(conn)
        .await
}
