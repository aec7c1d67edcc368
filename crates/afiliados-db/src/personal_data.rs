//! Reading everything held about one influencer, for the ARCO access export and the checks of an
//! ARCO deletion (`domain.md` §5.3.5): memberships, codes, balances, status history and the
//! metadata of stored documents.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::discount_codes::DiscountCode;
use crate::schema::{
    brands, campaign_influencers, campaigns, discount_codes, documents, influencer_balance,
    status_history, tax_profiles,
};

/// A `documents` row (object-storage metadata).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = documents, check_for_backend(diesel::pg::Pg))]
pub struct StoredDocument {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// `influencer|arco_request|…`.
    pub owner_type: String,
    /// Owner row.
    pub owner_id: Uuid,
    /// `id_document|rut|…|export|other`.
    pub kind: String,
    /// File name shown on download.
    pub filename: String,
    /// MIME type.
    pub content_type: String,
    /// Plaintext size.
    pub size_bytes: i64,
    /// SHA-256 of the plaintext.
    pub sha256: String,
    /// Object key.
    pub storage_key: String,
    /// Data key id (NULL only for public logos).
    pub encryption_key_id: Option<String>,
    /// Uploader (user id or system actor).
    pub uploaded_by: String,
    /// Notes.
    pub notes: Option<String>,
    /// When the object was deleted from storage.
    pub purged_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
    /// Soft deletion.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A document to record.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = documents)]
pub struct NewStoredDocument<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Owner type.
    pub owner_type: &'a str,
    /// Owner.
    pub owner_id: Uuid,
    /// Kind.
    pub kind: &'a str,
    /// File name.
    pub filename: &'a str,
    /// MIME type.
    pub content_type: &'a str,
    /// Size.
    pub size_bytes: i64,
    /// SHA-256 of the plaintext.
    pub sha256: &'a str,
    /// Object key.
    pub storage_key: &'a str,
    /// Data key id.
    pub encryption_key_id: Option<&'a str>,
    /// Uploader.
    pub uploaded_by: &'a str,
}

/// Records a stored object.
pub async fn insert_document(
    conn: &mut AsyncPgConnection,
    new: &NewStoredDocument<'_>,
) -> crate::Result<StoredDocument> {
    diesel::insert_into(documents::table)
        .values(new)
        .returning(StoredDocument::as_returning())
        .get_result(conn)
        .await
}

/// A live (not deleted, not purged) document of the tenant.
pub async fn find_document(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<StoredDocument>> {
    documents::table
        .filter(documents::tenant_id.eq(tenant_id))
        .filter(documents::id.eq(id))
        .filter(documents::deleted_at.is_null())
        .filter(documents::purged_at.is_null())
        .select(StoredDocument::as_select())
        .first(conn)
        .await
        .optional()
}

/// Documents of these owners whose objects are still stored (deleted ones included).
pub async fn unpurged_documents(
    conn: &mut AsyncPgConnection,
    owner_type: &str,
    owner_ids: &[Uuid],
) -> crate::Result<Vec<StoredDocument>> {
    documents::table
        .filter(documents::owner_type.eq(owner_type))
        .filter(documents::owner_id.eq_any(owner_ids))
        .filter(documents::purged_at.is_null())
        .order((documents::created_at.asc(), documents::id.asc()))
        .select(StoredDocument::as_select())
        .load(conn)
        .await
}

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
    pub status: String,
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
