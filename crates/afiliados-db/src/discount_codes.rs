//! `discount_codes`: one VTEX coupon per row — creating and editing codes, lists and the pair
//! and usage checks, the status context and recomputation reads, and the sync bookkeeping.

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

/// Columns of a new code (status, revision and sync state take their defaults).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = discount_codes)]
pub struct NewDiscountCode {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Campaign.
    pub campaign_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand of the campaign.
    pub brand_id: Uuid,
    /// Upper-case code.
    pub code: String,
    /// Chosen by staff.
    pub custom: bool,
    /// Discount.
    pub discount_percent: Decimal,
    /// First date.
    pub starts_on: Option<NaiveDate>,
    /// Last date.
    pub ends_on: Option<NaiveDate>,
    /// Use limit.
    pub max_uses: Option<i32>,
    /// Per-customer limit.
    pub max_uses_per_customer: Option<i32>,
    /// Creator.
    pub created_by: String,
}

/// Changes of a code's conditions (the code string never changes).
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = discount_codes)]
pub struct CodeChanges {
    /// Discount.
    pub discount_percent: Option<Decimal>,
    /// First date.
    pub starts_on: Option<Option<NaiveDate>>,
    /// Last date.
    pub ends_on: Option<Option<NaiveDate>>,
    /// Use limit.
    pub max_uses: Option<Option<i32>>,
    /// Per-customer limit.
    pub max_uses_per_customer: Option<Option<i32>>,
    /// Switch.
    pub enabled: Option<bool>,
    /// When disabled.
    pub disabled_at: Option<Option<DateTime<Utc>>>,
    /// Why disabled.
    pub disabled_reason: Option<Option<String>>,
}

/// Filters of the code list.
#[derive(Debug, Clone, Default)]
pub struct CodeFilter {
    /// Only codes of these brands (admin_marca scope), when set.
    pub brand_ids: Option<Vec<Uuid>>,
    /// Campaign.
    pub campaign_id: Option<Uuid>,
    /// Influencer.
    pub influencer_id: Option<Uuid>,
    /// Brand.
    pub brand_id: Option<Uuid>,
    /// Any of these statuses.
    pub statuses: Vec<String>,
    /// Any of these sync states.
    pub sync_states: Vec<String>,
    /// Code contains.
    pub q: Option<String>,
}

/// Sort of the code list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSort {
    /// `-createdAt` (default).
    CreatedAtDesc,
    /// `createdAt`.
    CreatedAt,
    /// `code`.
    Code,
    /// `-code`.
    CodeDesc,
    /// `usageCount`.
    UsageCount,
    /// `-usageCount`.
    UsageCountDesc,
}

/// Inserts a code.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    row: &NewDiscountCode,
) -> crate::Result<DiscountCode> {
    diesel::insert_into(discount_codes::table)
        .values(row)
        .returning(DiscountCode::as_returning())
        .get_result(conn)
        .await
}

/// Stores a derived status without asking for a sync (a new code's first status).
pub async fn set_status(conn: &mut AsyncPgConnection, id: Uuid, status: &str) -> crate::Result<()> {
    diesel::update(discount_codes::table.find(id))
        .set(discount_codes::status.eq(status))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Applies condition changes.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    changes: &CodeChanges,
) -> crate::Result<()> {
    diesel::update(discount_codes::table.find(id))
        .set((changes, discount_codes::updated_at.eq(diesel::dsl::now)))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Locks a code of the tenant.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<DiscountCode>> {
    discount_codes::table
        .filter(discount_codes::tenant_id.eq(tenant_id))
        .filter(discount_codes::id.eq(id))
        .select(DiscountCode::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Whether the code string is taken in the tenant.
pub async fn code_exists(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    code: &str,
) -> crate::Result<bool> {
    diesel::select(diesel::dsl::exists(
        discount_codes::table
            .filter(discount_codes::tenant_id.eq(tenant_id))
            .filter(discount_codes::code.eq(code)),
    ))
    .get_result(conn)
    .await
}

/// Whether the pair already has an enabled code.
pub async fn enabled_exists_for_pair(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
    influencer_id: Uuid,
) -> crate::Result<bool> {
    diesel::select(diesel::dsl::exists(
        discount_codes::table
            .filter(discount_codes::campaign_id.eq(campaign_id))
            .filter(discount_codes::influencer_id.eq(influencer_id))
            .filter(discount_codes::enabled.eq(true)),
    ))
    .get_result(conn)
    .await
}

/// Whether any code of the campaign was used (a draft with usage cannot be deleted).
pub async fn used_in_campaign(
    conn: &mut AsyncPgConnection,
    campaign_id: Uuid,
) -> crate::Result<bool> {
    diesel::select(diesel::dsl::exists(
        discount_codes::table
            .filter(discount_codes::campaign_id.eq(campaign_id))
            .filter(discount_codes::usage_count.gt(0)),
    ))
    .get_result(conn)
    .await
}

/// Codes of these campaigns (memberships list their code strings), oldest first.
pub async fn of_campaigns(
    conn: &mut AsyncPgConnection,
    campaign_ids: &[Uuid],
    influencer_id: Option<Uuid>,
) -> crate::Result<Vec<DiscountCode>> {
    let mut query = discount_codes::table
        .filter(discount_codes::campaign_id.eq_any(campaign_ids))
        .into_boxed();
    if let Some(id) = influencer_id {
        query = query.filter(discount_codes::influencer_id.eq(id));
    }
    query
        .order((discount_codes::created_at.asc(), discount_codes::id.asc()))
        .select(DiscountCode::as_select())
        .load(conn)
        .await
}

/// One page of codes, plus the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &CodeFilter,
    sort: CodeSort,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<DiscountCode>, i64)> {
    let build = || {
        let mut query = discount_codes::table
            .filter(discount_codes::tenant_id.eq(tenant_id))
            .into_boxed();
        if let Some(ids) = &filter.brand_ids {
            query = query.filter(discount_codes::brand_id.eq_any(ids.clone()));
        }
        if let Some(id) = filter.campaign_id {
            query = query.filter(discount_codes::campaign_id.eq(id));
        }
        if let Some(id) = filter.influencer_id {
            query = query.filter(discount_codes::influencer_id.eq(id));
        }
        if let Some(id) = filter.brand_id {
            query = query.filter(discount_codes::brand_id.eq(id));
        }
        if !filter.statuses.is_empty() {
            query = query.filter(discount_codes::status.eq_any(filter.statuses.clone()));
        }
        if !filter.sync_states.is_empty() {
            query = query.filter(discount_codes::sync_state.eq_any(filter.sync_states.clone()));
        }
        if let Some(q) = &filter.q {
            query = query.filter(discount_codes::code.ilike(crate::like_pattern(q)));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    use discount_codes::{code, created_at, id as code_id, usage_count};
    let query = build();
    let query = match sort {
        CodeSort::CreatedAtDesc => query.order((created_at.desc(), code_id.asc())),
        CodeSort::CreatedAt => query.order((created_at.asc(), code_id.asc())),
        CodeSort::Code => query.order((code.asc(), code_id.asc())),
        CodeSort::CodeDesc => query.order((code.desc(), code_id.asc())),
        CodeSort::UsageCount => query.order((usage_count.asc(), code_id.asc())),
        CodeSort::UsageCountDesc => query.order((usage_count.desc(), code_id.asc())),
    };
    let rows = query
        .offset(offset)
        .limit(limit)
        .select(DiscountCode::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Every discount code of an influencer, oldest first (the ARCO access export).
pub async fn of_influencer(
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

/// Switches off every enabled code of an influencer with `reason`; answers their ids.
pub async fn disable_of_influencer(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    reason: &str,
) -> crate::Result<Vec<Uuid>> {
    diesel::update(discount_codes::table)
        .filter(discount_codes::influencer_id.eq(influencer_id))
        .filter(discount_codes::enabled.eq(true))
        .set((
            discount_codes::enabled.eq(false),
            discount_codes::disabled_at.eq(diesel::dsl::now),
            discount_codes::disabled_reason.eq(reason),
            discount_codes::updated_at.eq(diesel::dsl::now),
        ))
        .returning(discount_codes::id)
        .get_results(conn)
        .await
}
