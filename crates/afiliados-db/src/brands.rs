//! `brands`, minimal for now: enough for admin_marca scoping.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::brands;

/// Creates a brand if its slug is free and returns its id (idempotent; seeds).
pub async fn ensure(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    name: &str,
    slug: &str,
    coupon_prefix: &str,
) -> crate::Result<Uuid> {
    if let Some(id) = find_by_slug(conn, tenant_id, slug).await? {
        return Ok(id);
    }
    diesel::insert_into(brands::table)
        .values((
            brands::id.eq(crate::new_id()),
            brands::tenant_id.eq(tenant_id),
            brands::name.eq(name),
            brands::slug.eq(slug),
            brands::coupon_prefix.eq(coupon_prefix),
        ))
        .returning(brands::id)
        .get_result(conn)
        .await
}

/// A live brand's id by slug.
pub async fn find_by_slug(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    slug: &str,
) -> crate::Result<Option<Uuid>> {
    brands::table
        .filter(brands::tenant_id.eq(tenant_id))
        .filter(brands::slug.eq(slug))
        .filter(brands::deleted_at.is_null())
        .select(brands::id)
        .first(conn)
        .await
        .optional()
}

/// Which of `ids` are live brands of the tenant (validates `brandIds` in requests).
pub async fn existing(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    ids: &[Uuid],
) -> crate::Result<Vec<Uuid>> {
    brands::table
        .filter(brands::tenant_id.eq(tenant_id))
        .filter(brands::id.eq_any(ids))
        .filter(brands::deleted_at.is_null())
        .select(brands::id)
        .load(conn)
        .await
}
