//! `consents`: one row per accepted policy version, with its server-computed hash.

use afiliados_domain::ConsentChannel;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use ipnet::IpNet;
use uuid::Uuid;

use crate::policy_versions::PolicyVersion;
use crate::schema::{consents, policy_versions};

/// A consent row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = consents, check_for_backend(diesel::pg::Pg))]
pub struct Consent {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Accepted version.
    pub policy_version_id: Uuid,
    /// When (microseconds).
    pub accepted_at: DateTime<Utc>,
    /// Client address.
    pub ip: Option<IpNet>,
    /// Client user agent (≤ 512).
    pub user_agent: Option<String>,
    /// SHA-256 of the five hash fields.
    pub consent_hash: String,
    /// `web|api|staff`.
    pub channel: ConsentChannel,
    /// Staff who recorded it on the person's behalf.
    pub recorded_by: Option<Uuid>,
    /// When revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// The ARCO request that revoked it.
    pub revoked_by_arco_id: Option<Uuid>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// A consent to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = consents)]
pub struct NewConsent<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Version.
    pub policy_version_id: Uuid,
    /// Microsecond instant (the hash input uses the same value).
    pub accepted_at: DateTime<Utc>,
    /// Address.
    pub ip: Option<IpNet>,
    /// User agent.
    pub user_agent: Option<&'a str>,
    /// Hash.
    pub consent_hash: &'a str,
    /// Channel.
    pub channel: &'a str,
    /// Staff recorder.
    pub recorded_by: Option<Uuid>,
}

/// Inserts a consent.
pub async fn insert(conn: &mut AsyncPgConnection, new: &NewConsent<'_>) -> crate::Result<Consent> {
    diesel::insert_into(consents::table)
        .values(new)
        .returning(Consent::as_returning())
        .get_result(conn)
        .await
}

/// The ids of the versions an influencer holds a non-revoked consent to, among `version_ids`.
pub async fn live_version_ids(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    version_ids: &[Uuid],
) -> crate::Result<Vec<Uuid>> {
    consents::table
        .filter(consents::influencer_id.eq(influencer_id))
        .filter(consents::policy_version_id.eq_any(version_ids))
        .filter(consents::revoked_at.is_null())
        .select(consents::policy_version_id)
        .load(conn)
        .await
}

/// The active policy versions an influencer has no live consent to (`domain.md` §5.3.4), by type.
pub async fn pending_versions(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
) -> crate::Result<Vec<PolicyVersion>> {
    let accepted = consents::table
        .filter(consents::influencer_id.eq(influencer_id))
        .filter(consents::revoked_at.is_null())
        .select(consents::policy_version_id);
    policy_versions::table
        .filter(policy_versions::tenant_id.eq(tenant_id))
        .filter(policy_versions::is_active.eq(true))
        .filter(policy_versions::id.ne_all(accepted))
        .order(policy_versions::policy_type.asc())
        .select(PolicyVersion::as_select())
        .load(conn)
        .await
}

/// An influencer's consents with their versions, newest first, revoked ones included.
pub async fn for_influencer(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<(Consent, PolicyVersion)>> {
    consents::table
        .inner_join(policy_versions::table)
        .filter(consents::influencer_id.eq(influencer_id))
        .order((consents::accepted_at.desc(), consents::id.desc()))
        .select((Consent::as_select(), PolicyVersion::as_select()))
        .load(conn)
        .await
}

/// The active versions still pending for the influencer linked to `user_id`, by type; empty when
/// the user has no (live, non-anonymised) influencer. One query: the re-acceptance gate runs it on
/// every request of an influencer-only caller (`domain.md` §2.3). The rule is spelled once, in
/// [`crate::user_standing::of_user`], which also reads the user's locale.
pub async fn pending_version_ids_for_user(
    conn: &AsyncPgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> crate::Result<Vec<Uuid>> {
    Ok(crate::user_standing::of_user(conn, tenant_id, user_id)
        .await?
        .pending_policy_version_ids)
}

/// Live (non-revoked) consents per version, for the versions listed.
pub async fn live_counts(
    conn: &mut AsyncPgConnection,
    version_ids: &[Uuid],
) -> crate::Result<Vec<(Uuid, i64)>> {
    consents::table
        .filter(consents::policy_version_id.eq_any(version_ids))
        .filter(consents::revoked_at.is_null())
        .group_by(consents::policy_version_id)
        .select((consents::policy_version_id, diesel::dsl::count_star()))
        .load(conn)
        .await
}

/// The influencer's consent to a version with the version: the live one, else the most
/// recently revoked one.
pub async fn find_for_version(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    policy_version_id: Uuid,
) -> crate::Result<Option<(Consent, PolicyVersion)>> {
    consents::table
        .inner_join(policy_versions::table)
        .filter(consents::influencer_id.eq(influencer_id))
        .filter(consents::policy_version_id.eq(policy_version_id))
        .order((
            consents::revoked_at.desc().nulls_first(),
            consents::accepted_at.desc(),
        ))
        .select((Consent::as_select(), PolicyVersion::as_select()))
        .first(conn)
        .await
        .optional()
}

/// A consent of the tenant with its version.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<(Consent, PolicyVersion)>> {
    consents::table
        .inner_join(policy_versions::table)
        .filter(consents::tenant_id.eq(tenant_id))
        .filter(consents::id.eq(id))
        .select((Consent::as_select(), PolicyVersion::as_select()))
        .first(conn)
        .await
        .optional()
}

/// Revokes every live consent of an influencer on behalf of an ARCO request; returns them.
pub async fn revoke_live(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    arco_request_id: Uuid,
) -> crate::Result<Vec<Consent>> {
    diesel::update(consents::table)
        .filter(consents::influencer_id.eq(influencer_id))
        .filter(consents::revoked_at.is_null())
        .set((
            consents::revoked_at.eq(diesel::dsl::now),
            consents::revoked_by_arco_id.eq(arco_request_id),
            consents::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Consent::as_returning())
        .get_results(conn)
        .await
}
