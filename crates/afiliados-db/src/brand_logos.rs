//! Brand logos: `documents` rows with `owner_type = 'brand'` and `kind = 'logo'`, stored
//! unencrypted because the logo is public.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::documents;

/// A stored logo's metadata.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = documents, check_for_backend(diesel::pg::Pg))]
pub struct Logo {
    /// Document id.
    pub id: Uuid,
    /// `image/png`, `image/jpeg` or `image/svg+xml`.
    pub content_type: String,
    /// Object key.
    pub storage_key: String,
    /// Lower-case hex SHA-256.
    pub sha256: String,
}

/// What a new logo row needs.
#[derive(Debug, Clone)]
pub struct NewLogo<'a> {
    /// Document id (also part of the object key).
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// Uploaded file name.
    pub filename: &'a str,
    /// Content type.
    pub content_type: &'a str,
    /// Size.
    pub size_bytes: i64,
    /// Hex SHA-256.
    pub sha256: &'a str,
    /// Object key.
    pub storage_key: &'a str,
    /// Uploader (user id).
    pub uploaded_by: &'a str,
}

/// Inserts the logo's document row.
pub async fn insert(conn: &mut AsyncPgConnection, logo: &NewLogo<'_>) -> crate::Result<()> {
    diesel::insert_into(documents::table)
        .values((
            documents::id.eq(logo.id),
            documents::tenant_id.eq(logo.tenant_id),
            documents::owner_type.eq("brand"),
            documents::owner_id.eq(logo.brand_id),
            documents::kind.eq("logo"),
            documents::filename.eq(logo.filename),
            documents::content_type.eq(logo.content_type),
            documents::size_bytes.eq(logo.size_bytes),
            documents::sha256.eq(logo.sha256),
            documents::storage_key.eq(logo.storage_key),
            documents::uploaded_by.eq(logo.uploaded_by),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Soft-deletes a replaced logo (its object is purged later with other deleted documents).
pub async fn retire(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<()> {
    diesel::update(documents::table.find(id))
        .set((
            documents::deleted_at.eq(diesel::dsl::now),
            documents::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// A live logo document of a brand.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brand_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<Logo>> {
    documents::table
        .filter(documents::tenant_id.eq(tenant_id))
        .filter(documents::id.eq(id))
        .filter(documents::owner_type.eq("brand"))
        .filter(documents::owner_id.eq(brand_id))
        .filter(documents::kind.eq("logo"))
        .filter(documents::deleted_at.is_null())
        .filter(documents::purged_at.is_null())
        .select(Logo::as_select())
        .first(conn)
        .await
        .optional()
}
