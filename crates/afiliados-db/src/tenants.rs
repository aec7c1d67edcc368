//! `tenants`: one deployment serves one tenant today (`medipiel`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::tenants;

/// A tenant row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tenants, check_for_backend(diesel::pg::Pg))]
pub struct Tenant {
    /// Id.
    pub id: Uuid,
    /// `medipiel`.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Business time zone.
    pub timezone: String,
    /// Currency code.
    pub default_currency: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// Finds a tenant by slug.
pub async fn find_by_slug(
    conn: &mut AsyncPgConnection,
    slug: &str,
) -> crate::Result<Option<Tenant>> {
    tenants::table
        .filter(tenants::slug.eq(slug))
        .select(Tenant::as_select())
        .first(conn)
        .await
        .optional()
}

/// Creates the tenant if it does not exist and returns it (idempotent; used by seeds and start-up).
pub async fn ensure(conn: &mut AsyncPgConnection, slug: &str, name: &str) -> crate::Result<Tenant> {
    diesel::insert_into(tenants::table)
        .values((
            tenants::id.eq(crate::new_id()),
            tenants::slug.eq(slug),
            tenants::name.eq(name),
        ))
        .on_conflict(tenants::slug)
        .do_nothing()
        .execute(conn)
        .await?;
    tenants::table
        .filter(tenants::slug.eq(slug))
        .select(Tenant::as_select())
        .first(conn)
        .await
}
