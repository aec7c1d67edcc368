//! What `GET /exports/withdrawals.csv` and `GET /exports/payments.csv` (`api.md` §17) read beyond
//! their lists' own queries (`withdrawal_list::list`, `payment_queries::page`, ADR 0053): the
//! e-mails of the users the rows name (who asked, decided, paid).

use std::collections::HashMap;

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::users;

/// `users.email` by id.
pub async fn user_emails(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, String>> {
    let rows: Vec<(Uuid, String)> = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::email))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}
