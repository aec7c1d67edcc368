//! `user_totp`: one encrypted TOTP secret per user, `pending` until confirmed.

use afiliados_domain::TotpStatus;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::user_totp;

/// A TOTP row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = user_totp, check_for_backend(diesel::pg::Pg))]
pub struct UserTotp {
    /// Owner (the key).
    pub user_id: Uuid,
    /// Secret sealed with the data key ring.
    pub secret_ciphertext: Vec<u8>,
    /// Key id used to seal it.
    pub key_id: String,
    /// `pending|enabled`.
    pub status: TotpStatus,
    /// When enabled.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Highest accepted step (replay guard).
    pub last_used_step: Option<i64>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// The user's TOTP row, locked for the transaction (sign-in and confirmation update the step).
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> crate::Result<Option<UserTotp>> {
    user_totp::table
        .find(user_id)
        .select(UserTotp::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// The user's TOTP row.
pub async fn find(conn: &mut AsyncPgConnection, user_id: Uuid) -> crate::Result<Option<UserTotp>> {
    user_totp::table
        .find(user_id)
        .select(UserTotp::as_select())
        .first(conn)
        .await
        .optional()
}

/// Which of `ids` have 2FA enabled.
pub async fn enabled_among(conn: &mut AsyncPgConnection, ids: &[Uuid]) -> crate::Result<Vec<Uuid>> {
    user_totp::table
        .filter(user_totp::user_id.eq_any(ids))
        .filter(user_totp::status.eq("enabled"))
        .select(user_totp::user_id)
        .load(conn)
        .await
}

/// Stores a pending secret, replacing any previous (unconfirmed) one.
pub async fn upsert_pending(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    ciphertext: &[u8],
    key_id: &str,
) -> crate::Result<()> {
    diesel::insert_into(user_totp::table)
        .values((
            user_totp::user_id.eq(user_id),
            user_totp::secret_ciphertext.eq(ciphertext),
            user_totp::key_id.eq(key_id),
            user_totp::status.eq("pending"),
        ))
        .on_conflict(user_totp::user_id)
        .do_update()
        .set((
            user_totp::secret_ciphertext.eq(ciphertext),
            user_totp::key_id.eq(key_id),
            user_totp::status.eq("pending"),
            user_totp::confirmed_at.eq(None::<DateTime<Utc>>),
            user_totp::last_used_step.eq(None::<i64>),
            user_totp::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Stores an enabled secret directly (seeds with a known secret).
pub async fn upsert_enabled(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    ciphertext: &[u8],
    key_id: &str,
) -> crate::Result<()> {
    upsert_pending(conn, user_id, ciphertext, key_id).await?;
    enable(conn, user_id, None).await
}

/// Enables 2FA, remembering the step used to confirm.
pub async fn enable(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    step: Option<i64>,
) -> crate::Result<()> {
    diesel::update(user_totp::table.find(user_id))
        .set((
            user_totp::status.eq("enabled"),
            user_totp::confirmed_at.eq(diesel::dsl::now),
            user_totp::last_used_step.eq(step),
            user_totp::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Records the step of an accepted code.
pub async fn set_last_step(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    step: i64,
) -> crate::Result<()> {
    diesel::update(user_totp::table.find(user_id))
        .set((
            user_totp::last_used_step.eq(step),
            user_totp::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Removes the secret (disable, admin reset); returns whether one existed.
pub async fn delete(conn: &mut AsyncPgConnection, user_id: Uuid) -> crate::Result<bool> {
    Ok(diesel::delete(user_totp::table.find(user_id))
        .execute(conn)
        .await?
        > 0)
}
