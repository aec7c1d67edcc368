//! `documents`: metadata of every stored file (the bytes live in object storage, encrypted). Rows
//! are soft-deleted; the object is purged later.

use afiliados_domain::{DocumentKind, DocumentOwnerType};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::documents;

/// A document row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = documents, check_for_backend(diesel::pg::Pg))]
pub struct StoredDocument {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// `influencer|withdrawal|payment|brand|…`.
    pub owner_type: DocumentOwnerType,
    /// The owning row.
    pub owner_id: Uuid,
    /// `id_document|rut|…`.
    pub kind: DocumentKind,
    /// Name without path characters.
    pub filename: String,
    /// Detected type.
    pub content_type: String,
    /// Plaintext size.
    pub size_bytes: i64,
    /// SHA-256 of the plaintext (lower-case hex).
    pub sha256: String,
    /// Object key.
    pub storage_key: String,
    /// Data key that sealed the object (NULL only for public logos).
    pub encryption_key_id: Option<String>,
    /// Who uploaded it (an email or a system actor).
    pub uploaded_by: String,
    /// Notes.
    pub notes: Option<String>,
    /// When the object was purged.
    pub purged_at: Option<DateTime<Utc>>,
    /// Uploaded.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
    /// Soft deletion.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A document to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = documents)]
pub struct NewDocument<'a> {
    /// Id (also the last segment of the object key and the encryption's associated data).
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Owner kind.
    pub owner_type: &'a str,
    /// Owner.
    pub owner_id: Uuid,
    /// Kind.
    pub kind: &'a str,
    /// File name.
    pub filename: &'a str,
    /// Content type.
    pub content_type: &'a str,
    /// Size.
    pub size_bytes: i64,
    /// SHA-256 of the plaintext.
    pub sha256: &'a str,
    /// Object key.
    pub storage_key: &'a str,
    /// Key id.
    pub encryption_key_id: Option<&'a str>,
    /// Uploader.
    pub uploaded_by: &'a str,
    /// Notes.
    pub notes: Option<&'a str>,
}

/// Inserts a document row.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    new: &NewDocument<'_>,
) -> crate::Result<StoredDocument> {
    diesel::insert_into(documents::table)
        .values(new)
        .returning(StoredDocument::as_returning())
        .get_result(conn)
        .await
}

/// The live documents of an owner, newest first.
pub async fn for_owner(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    owner_type: &str,
    owner_id: Uuid,
) -> crate::Result<Vec<StoredDocument>> {
    documents::table
        .filter(documents::tenant_id.eq(tenant_id))
        .filter(documents::owner_type.eq(owner_type))
        .filter(documents::owner_id.eq(owner_id))
        .filter(documents::deleted_at.is_null())
        .order((documents::created_at.desc(), documents::id.desc()))
        .select(StoredDocument::as_select())
        .load(conn)
        .await
}

/// How many live documents an owner has.
pub async fn count_for_owner(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    owner_type: &str,
    owner_id: Uuid,
) -> crate::Result<i64> {
    documents::table
        .filter(documents::tenant_id.eq(tenant_id))
        .filter(documents::owner_type.eq(owner_type))
        .filter(documents::owner_id.eq(owner_id))
        .filter(documents::deleted_at.is_null())
        .count()
        .get_result(conn)
        .await
}

/// One live document of an owner.
pub async fn find_for_owner(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    owner_type: &str,
    owner_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<StoredDocument>> {
    documents::table
        .filter(documents::tenant_id.eq(tenant_id))
        .filter(documents::owner_type.eq(owner_type))
        .filter(documents::owner_id.eq(owner_id))
        .filter(documents::id.eq(id))
        .filter(documents::deleted_at.is_null())
        .select(StoredDocument::as_select())
        .first(conn)
        .await
        .optional()
}

/// Marks a document deleted (the object is purged after the retention period).
pub async fn soft_delete(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<()> {
    diesel::update(documents::table.filter(documents::id.eq(id)))
        .set((
            documents::deleted_at.eq(diesel::dsl::now),
            documents::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// A live (not deleted, not purged) document of the tenant.
pub async fn find_live(
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
pub async fn unpurged_of_owners(
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

/// Marks documents purged (their objects deleted from storage) and deleted.
pub async fn mark_purged(conn: &mut AsyncPgConnection, ids: &[Uuid]) -> crate::Result<usize> {
    diesel::update(documents::table)
        .filter(documents::id.eq_any(ids))
        .set((
            documents::purged_at.eq(diesel::dsl::now),
            documents::deleted_at.eq(diesel::dsl::now),
            documents::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
}
