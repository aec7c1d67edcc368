//! What authenticating a request reads, in one prepared statement (ADR 0075, ADR 0080): the user
//! row, whether the token's session is still live, the user's roles and, for admin_marca, its
//! brands. It runs on every authenticated request, so it is one round trip instead of four.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Array, Bool, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::prepared::Prepare;

/// The grants of a user as read for one request.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct RequestGrants {
    /// The session exists, belongs to the user, is not revoked and expires after `now` (false
    /// when no session was named).
    #[diesel(sql_type = Bool)]
    pub session_live: bool,
    /// Roles as stored, in order.
    #[diesel(sql_type = Array<Text>)]
    pub roles: Vec<String>,
    /// Brand ids, in order.
    #[diesel(sql_type = Array<SqlUuid>)]
    pub brand_ids: Vec<Uuid>,
}

#[derive(QueryableByName)]
struct UserAndGrants {
    #[diesel(embed)]
    user: crate::users::User,
    #[diesel(embed)]
    grants: RequestGrants,
}

/// The (not deleted) user `user_id` of the tenant with its grants and the state of `session_id`
/// at `now`, in one statement; `None` when there is no such user.
pub async fn read_with_user(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    session_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> crate::Result<Option<(crate::users::User, RequestGrants)>> {
    use diesel::OptionalExtension;
    let row: Option<UserAndGrants> = diesel::sql_query(
        "SELECT u.*,
                EXISTS (SELECT 1 FROM auth_sessions s
                         WHERE s.id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL
                           AND s.expires_at > $3) AS session_live,
                ARRAY(SELECT r.role FROM user_roles r WHERE r.user_id = u.id ORDER BY r.role)
                    AS roles,
                ARRAY(SELECT b.brand_id FROM user_brands b WHERE b.user_id = u.id
                       ORDER BY b.brand_id) AS brand_ids
           FROM users u
          WHERE u.id = $1 AND u.tenant_id = $4 AND u.deleted_at IS NULL",
    )
    .bind::<SqlUuid, _>(user_id)
    .bind::<Nullable<SqlUuid>, _>(session_id)
    .bind::<Timestamptz, _>(now)
    .bind::<SqlUuid, _>(tenant_id)
    .prepared()
    .get_result(conn)
    .await
    .optional()?;
    Ok(row.map(|row| (row.user, row.grants)))
}
