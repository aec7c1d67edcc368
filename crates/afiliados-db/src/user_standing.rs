//! What acting for an influencer asks of its user, in one statement: the policy versions it has
//! not accepted (the re-acceptance rule of `domain.md` §2.3, spelled only here;
//! [`crate::consents::pending_version_ids_for_user`] answers its part) and the locale of its
//! e-mails. A withdrawal request reads both under the balance lock; one statement instead of two
//! keeps that hot path short.

use diesel::QueryableByName;
use diesel::sql_types::{Array, Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::prepared::Prepare;

/// The user's standing.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct UserStanding {
    /// Active policy versions of the tenant the user's live influencer profile has no live
    /// consent to, by policy type (none when the user has no live influencer profile).
    #[diesel(sql_type = Array<SqlUuid>)]
    pub pending_policy_version_ids: Vec<Uuid>,
    /// The user's locale; `None` when there is no such (not deleted) user of the tenant.
    #[diesel(sql_type = Nullable<Text>)]
    pub locale: Option<String>,
}

/// The standing of user `user_id` of the tenant.
pub async fn of_user(
    mut conn: &AsyncPgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> crate::Result<UserStanding> {
    diesel::sql_query(
        "WITH own AS (
           SELECT i.id FROM influencers i
            WHERE i.user_id = $2 AND i.deleted_at IS NULL AND i.anonymized_at IS NULL)
         SELECT ARRAY(
                  SELECT pv.id FROM policy_versions pv
                   WHERE pv.tenant_id = $1 AND pv.is_active
                     AND EXISTS (SELECT 1 FROM own)
                     AND pv.id <> ALL (SELECT c.policy_version_id FROM consents c
                                        WHERE c.influencer_id IN (SELECT id FROM own)
                                          AND c.revoked_at IS NULL)
                   ORDER BY pv.policy_type) AS pending_policy_version_ids,
                (SELECT u.locale FROM users u
                  WHERE u.id = $2 AND u.tenant_id = $1 AND u.deleted_at IS NULL) AS locale",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<SqlUuid, _>(user_id)
    .prepared()
    .get_result(&mut conn)
    .await
}
