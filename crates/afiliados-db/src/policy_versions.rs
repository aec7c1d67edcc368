//! `policy_versions`: terms, privacy and habeas_data texts with their checksums.

use afiliados_domain::PolicyType;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::policy_versions;

/// A published version.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = policy_versions, check_for_backend(diesel::pg::Pg))]
pub struct PolicyVersion {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// `terms|privacy|habeas_data`.
    pub policy_type: PolicyType,
    /// `MAJOR.MINOR`.
    pub version: String,
    /// Major part, for ordering.
    pub version_major: i32,
    /// Minor part, for ordering.
    pub version_minor: i32,
    /// Title.
    pub title: String,
    /// The full text whose SHA-256 is `checksum`.
    pub document_text: String,
    /// Where the text is published.
    pub document_url: String,
    /// Lower-case hex SHA-256 of `document_text`.
    pub checksum: String,
    /// Publication instant.
    pub published_at: DateTime<Utc>,
    /// The version in force for its type.
    pub is_active: bool,
    /// Publisher.
    pub published_by: Option<Uuid>,
    /// Notes.
    pub notes: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed (only when deactivated).
    pub updated_at: DateTime<Utc>,
}

/// A version to publish.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = policy_versions)]
pub struct NewPolicyVersion<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Type.
    pub policy_type: &'a str,
    /// `MAJOR.MINOR`.
    pub version: &'a str,
    /// Major.
    pub version_major: i32,
    /// Minor.
    pub version_minor: i32,
    /// Title.
    pub title: &'a str,
    /// Text.
    pub document_text: &'a str,
    /// URL.
    pub document_url: &'a str,
    /// Checksum.
    pub checksum: &'a str,
    /// Publication instant.
    pub published_at: DateTime<Utc>,
    /// Always true at insert.
    pub is_active: bool,
    /// Publisher.
    pub published_by: Option<Uuid>,
    /// Notes.
    pub notes: Option<&'a str>,
}

/// The active version of a type, locked (publication replaces it in the same transaction).
pub async fn active_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    policy_type: &str,
) -> crate::Result<Option<PolicyVersion>> {
    policy_versions::table
        .filter(policy_versions::tenant_id.eq(tenant_id))
        .filter(policy_versions::policy_type.eq(policy_type))
        .filter(policy_versions::is_active.eq(true))
        .select(PolicyVersion::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// The active version of every type.
pub async fn active(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
) -> crate::Result<Vec<PolicyVersion>> {
    policy_versions::table
        .filter(policy_versions::tenant_id.eq(tenant_id))
        .filter(policy_versions::is_active.eq(true))
        .order(policy_versions::policy_type.asc())
        .select(PolicyVersion::as_select())
        .load(conn)
        .await
}

/// One version of a type.
pub async fn find_version(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    policy_type: &str,
    version: &str,
) -> crate::Result<Option<PolicyVersion>> {
    policy_versions::table
        .filter(policy_versions::tenant_id.eq(tenant_id))
        .filter(policy_versions::policy_type.eq(policy_type))
        .filter(policy_versions::version.eq(version))
        .select(PolicyVersion::as_select())
        .first(conn)
        .await
        .optional()
}

/// Deactivates a version (a newer one is being published).
pub async fn deactivate(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<()> {
    diesel::update(policy_versions::table.find(id))
        .set((
            policy_versions::is_active.eq(false),
            policy_versions::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Inserts a new active version.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    new: &NewPolicyVersion<'_>,
) -> crate::Result<PolicyVersion> {
    diesel::insert_into(policy_versions::table)
        .values(new)
        .returning(PolicyVersion::as_returning())
        .get_result(conn)
        .await
}

/// A page of versions, newest first, optionally of one type or activity.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    policy_type: Option<&str>,
    is_active: Option<bool>,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<PolicyVersion>, i64)> {
    let build = || {
        let mut query = policy_versions::table
            .filter(policy_versions::tenant_id.eq(tenant_id))
            .into_boxed();
        if let Some(kind) = policy_type {
            query = query.filter(policy_versions::policy_type.eq(kind.to_owned()));
        }
        if let Some(active) = is_active {
            query = query.filter(policy_versions::is_active.eq(active));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((
            policy_versions::published_at.desc(),
            policy_versions::id.desc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(PolicyVersion::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}
