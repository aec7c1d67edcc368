//! `user_recovery_codes`: ten single-use codes per enrolment, stored hashed.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::user_recovery_codes;

/// Replaces the user's codes with these hashes.
pub async fn replace(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    hashes: &[Vec<u8>],
) -> crate::Result<()> {
    delete_all(conn, user_id).await?;
    let rows: Vec<_> = hashes
        .iter()
        .map(|hash| {
            (
                user_recovery_codes::id.eq(crate::new_id()),
                user_recovery_codes::user_id.eq(user_id),
                user_recovery_codes::code_hash.eq(hash),
            )
        })
        .collect();
    diesel::insert_into(user_recovery_codes::table)
        .values(rows)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Consumes an unused code with this hash; returns whether one was found.
pub async fn consume(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    hash: &[u8],
) -> crate::Result<bool> {
    let changed = diesel::update(
        user_recovery_codes::table
            .filter(user_recovery_codes::user_id.eq(user_id))
            .filter(user_recovery_codes::code_hash.eq(hash))
            .filter(user_recovery_codes::used_at.is_null()),
    )
    .set((
        user_recovery_codes::used_at.eq(diesel::dsl::now),
        user_recovery_codes::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await?;
    Ok(changed > 0)
}

/// Deletes every code of the user.
pub async fn delete_all(conn: &mut AsyncPgConnection, user_id: Uuid) -> crate::Result<()> {
    diesel::delete(user_recovery_codes::table.filter(user_recovery_codes::user_id.eq(user_id)))
        .execute(conn)
        .await
        .map(|_| ())
}
