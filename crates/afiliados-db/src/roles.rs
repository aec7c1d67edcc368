//! `user_roles` and `user_brands`: what a user may do and, for admin_marca, on which brands.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::{user_brands, user_roles};

/// The roles of one user, as stored (`admin_dentsu`, …).
pub async fn roles_of(conn: &mut AsyncPgConnection, user_id: Uuid) -> crate::Result<Vec<String>> {
    user_roles::table
        .filter(user_roles::user_id.eq(user_id))
        .order(user_roles::role.asc())
        .select(user_roles::role)
        .load(conn)
        .await
}

/// The brand ids of one user.
pub async fn brands_of(conn: &mut AsyncPgConnection, user_id: Uuid) -> crate::Result<Vec<Uuid>> {
    user_brands::table
        .filter(user_brands::user_id.eq(user_id))
        .order(user_brands::brand_id.asc())
        .select(user_brands::brand_id)
        .load(conn)
        .await
}

/// Roles of many users at once (lists).
pub async fn roles_of_many(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, Vec<String>>> {
    let rows: Vec<(Uuid, String)> = user_roles::table
        .filter(user_roles::user_id.eq_any(ids))
        .order((user_roles::user_id, user_roles::role))
        .select((user_roles::user_id, user_roles::role))
        .load(conn)
        .await?;
    let mut map: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (user, role) in rows {
        map.entry(user).or_default().push(role);
    }
    Ok(map)
}

/// Brands of many users at once (lists).
pub async fn brands_of_many(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, Vec<Uuid>>> {
    let rows: Vec<(Uuid, Uuid)> = user_brands::table
        .filter(user_brands::user_id.eq_any(ids))
        .order((user_brands::user_id, user_brands::brand_id))
        .select((user_brands::user_id, user_brands::brand_id))
        .load(conn)
        .await?;
    let mut map: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (user, brand) in rows {
        map.entry(user).or_default().push(brand);
    }
    Ok(map)
}

/// The active, live (not deleted) users of the tenant holding any of `roles`, once each, by id:
/// who role-addressed notices reach. The one spelling of that rule; the notification insert that
/// finds its own recipients (`notifications::insert_for_role_and`) applies the same filters.
pub async fn active_holders(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    roles: &[&str],
) -> crate::Result<Vec<Uuid>> {
    use crate::schema::users;
    let holders = user_roles::table
        .filter(user_roles::role.eq_any(roles))
        .select(user_roles::user_id);
    users::table
        .filter(users::tenant_id.eq(tenant_id))
        .filter(users::status.eq("active"))
        .filter(users::deleted_at.is_null())
        .filter(users::id.eq_any(holders))
        .select(users::id)
        .order(users::id.asc())
        .load(conn)
        .await
}

/// Users holding a role (filters).
pub async fn users_with_role(conn: &mut AsyncPgConnection, role: &str) -> crate::Result<Vec<Uuid>> {
    user_roles::table
        .filter(user_roles::role.eq(role))
        .select(user_roles::user_id)
        .load(conn)
        .await
}

/// Replaces the role set of a user.
pub async fn set_roles(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    roles: &[String],
    granted_by: Option<Uuid>,
) -> crate::Result<()> {
    diesel::delete(
        user_roles::table
            .filter(user_roles::user_id.eq(user_id))
            .filter(user_roles::role.ne_all(roles)),
    )
    .execute(conn)
    .await?;
    let rows: Vec<_> = roles
        .iter()
        .map(|role| {
            (
                user_roles::id.eq(crate::new_id()),
                user_roles::user_id.eq(user_id),
                user_roles::role.eq(role),
                user_roles::granted_by.eq(granted_by),
            )
        })
        .collect();
    diesel::insert_into(user_roles::table)
        .values(rows)
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the brand set of a user.
pub async fn set_brands(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    brands: &[Uuid],
    granted_by: Option<Uuid>,
) -> crate::Result<()> {
    diesel::delete(
        user_brands::table
            .filter(user_brands::user_id.eq(user_id))
            .filter(user_brands::brand_id.ne_all(brands)),
    )
    .execute(conn)
    .await?;
    let rows: Vec<_> = brands
        .iter()
        .map(|brand| {
            (
                user_brands::id.eq(crate::new_id()),
                user_brands::user_id.eq(user_id),
                user_brands::brand_id.eq(brand),
                user_brands::granted_by.eq(granted_by),
            )
        })
        .collect();
    diesel::insert_into(user_brands::table)
        .values(rows)
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// Active users holding `admin_dentsu`, other than `except` (the last-admin rule).
pub async fn count_other_active_admins(
    conn: &mut AsyncPgConnection,
    except: Uuid,
) -> crate::Result<i64> {
    use crate::schema::users;
    user_roles::table
        .inner_join(users::table.on(users::id.eq(user_roles::user_id)))
        .filter(user_roles::role.eq("admin_dentsu"))
        .filter(users::status.eq("active"))
        .filter(users::deleted_at.is_null())
        .filter(users::id.ne(except))
        .count()
        .get_result(conn)
        .await
}
