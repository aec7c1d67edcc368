//! `users`: accounts of staff and influencers.

use afiliados_domain::{Locale, UserStatus};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::users;

/// A user row.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, serde::Serialize)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub struct User {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Lower-cased email.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// argon2id PHC string; never serialised.
    #[serde(skip)]
    pub password_hash: Option<String>,
    /// `invited|active|suspended|deleted`.
    pub status: UserStatus,
    /// Why.
    pub status_reason: Option<String>,
    /// `es|en`.
    pub locale: Locale,
    /// Last successful sign-in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Last password change.
    pub password_changed_at: Option<DateTime<Utc>>,
    /// Consecutive failures (fallback when Redis is down).
    pub failed_login_count: i32,
    /// Lockout end.
    pub locked_until: Option<DateTime<Utc>>,
    /// Creator.
    pub created_by: Option<Uuid>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
    /// Soft delete.
    pub deleted_at: Option<DateTime<Utc>>,
}

impl User {
    /// "First Last".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// A new user.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Lower-cased email.
    pub email: &'a str,
    /// Given name.
    pub first_name: &'a str,
    /// Family name.
    pub last_name: &'a str,
    /// Hash, or None while invited.
    pub password_hash: Option<&'a str>,
    /// Initial status.
    pub status: &'a str,
    /// Locale.
    pub locale: &'a str,
    /// Creator.
    pub created_by: Option<Uuid>,
    /// Set when created with a password.
    pub password_changed_at: Option<DateTime<Utc>>,
}

/// Fields an update may change.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Locale.
    pub locale: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Reason (outer None = unchanged).
    pub status_reason: Option<Option<String>>,
    /// New hash.
    pub password_hash: Option<Option<String>>,
    /// When the password changed.
    pub password_changed_at: Option<Option<DateTime<Utc>>>,
    /// Last sign-in.
    pub last_login_at: Option<Option<DateTime<Utc>>>,
    /// Failure counter.
    pub failed_login_count: Option<i32>,
    /// Lockout end.
    pub locked_until: Option<Option<DateTime<Utc>>>,
}

/// Inserts a user.
pub async fn insert(conn: &mut AsyncPgConnection, new: &NewUser<'_>) -> crate::Result<User> {
    diesel::insert_into(users::table)
        .values(new)
        .returning(User::as_returning())
        .prepared()
        .get_result(conn)
        .await
}

/// A live (not soft-deleted) user of the tenant by id.
pub async fn find(
    mut conn: &AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<User>> {
    users::table
        .filter(users::id.eq(id))
        .filter(users::tenant_id.eq(tenant_id))
        .filter(users::deleted_at.is_null())
        .select(User::as_select())
        .first(&mut conn)
        .await
        .optional()
}

/// The locale of each (not deleted) user of `ids`, as `(id, locale)`: one query for a batch.
pub async fn locales_by_id(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    ids: &[Uuid],
) -> crate::Result<Vec<(Uuid, Locale)>> {
    users::table
        .filter(users::tenant_id.eq(tenant_id))
        .filter(users::id.eq_any(ids.to_vec()))
        .filter(users::deleted_at.is_null())
        .select((users::id, users::locale))
        .load(conn)
        .await
}

/// Same, locking the row for the rest of the transaction.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<User>> {
    users::table
        .filter(users::id.eq(id))
        .filter(users::tenant_id.eq(tenant_id))
        .filter(users::deleted_at.is_null())
        .select(User::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// A live user by id in any tenant (token verification reads the tenant from the token and
/// compares it afterwards).
pub async fn find_any_tenant(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<User>> {
    users::table
        .filter(users::id.eq(id))
        .filter(users::deleted_at.is_null())
        .select(User::as_select())
        .first(conn)
        .await
        .optional()
}

/// A live user by normalised email.
pub async fn find_by_email(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    email: &str,
) -> crate::Result<Option<User>> {
    users::table
        .filter(users::tenant_id.eq(tenant_id))
        .filter(users::email.eq(email))
        .filter(users::deleted_at.is_null())
        .select(User::as_select())
        .first(conn)
        .await
        .optional()
}

/// Applies changes and bumps `updated_at`.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    changes: &UserChanges,
) -> crate::Result<User> {
    diesel::update(users::table.filter(users::id.eq(id)))
        .set((changes, users::updated_at.eq(diesel::dsl::now)))
        .returning(User::as_returning())
        .prepared()
        .get_result(conn)
        .await
}

/// Filters of the user list.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Only these ids (role filter resolved by the caller), when set.
    pub ids: Option<Vec<Uuid>>,
    /// Status.
    pub status: Option<String>,
    /// Name or email contains (case-insensitive).
    pub q: Option<String>,
}

/// One page of users ordered by email, plus the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &UserFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<User>, i64)> {
    let build = || {
        let mut query = users::table
            .filter(users::tenant_id.eq(tenant_id))
            .filter(users::deleted_at.is_null())
            .into_boxed();
        if let Some(ids) = &filter.ids {
            query = query.filter(users::id.eq_any(ids.clone()));
        }
        if let Some(status) = &filter.status {
            query = query.filter(users::status.eq(status.clone()));
        }
        if let Some(q) = &filter.q {
            let pattern = format!(
                "%{}%",
                q.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            query = query.filter(
                users::email
                    .ilike(pattern.clone())
                    .or(users::first_name.ilike(pattern.clone()))
                    .or(users::last_name.ilike(pattern)),
            );
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((users::email.asc(), users::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(User::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Every live user of the tenant ordered by email (access review).
pub async fn all(conn: &mut AsyncPgConnection, tenant_id: Uuid) -> crate::Result<Vec<User>> {
    users::table
        .filter(users::tenant_id.eq(tenant_id))
        .filter(users::deleted_at.is_null())
        .order(users::email.asc())
        .select(User::as_select())
        .load(conn)
        .await
}

/// Every active user of the tenant with its roles (fan-out of tenant-wide notices).
pub async fn active_with_roles(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
) -> crate::Result<Vec<(User, Vec<String>)>> {
    let rows = users::table
        .filter(users::tenant_id.eq(tenant_id))
        .filter(users::status.eq("active"))
        .filter(users::deleted_at.is_null())
        .order(users::email.asc())
        .select(User::as_select())
        .load(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|u| u.id).collect();
    let mut roles = crate::roles::roles_of_many(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|u| {
            let r = roles.remove(&u.id).unwrap_or_default();
            (u, r)
        })
        .collect())
}

/// Changes a user's sign-in e-mail (a rectified influencer e-mail).
pub async fn set_email(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    email: &str,
) -> crate::Result<()> {
    diesel::update(users::table.find(user_id))
        .set((
            users::email.eq(email),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// Turns the user into a `deleted`, anonymous account: names and e-mail replaced, password and
/// lockout removed. The row stays (audit rows and accounting point at it).
pub async fn anonymize(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    email: &str,
) -> crate::Result<()> {
    diesel::update(users::table.find(user_id))
        .set((
            users::email.eq(email),
            users::first_name.eq(crate::influencers::ANONYMIZED_NAME),
            users::last_name.eq(crate::influencers::ANONYMIZED_NAME),
            users::password_hash.eq(None::<String>),
            users::status.eq("deleted"),
            users::status_reason.eq("arco_deletion"),
            users::locked_until.eq(None::<DateTime<Utc>>),
            users::failed_login_count.eq(0),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}
