//! `serve` connects as the runtime role (ADR 0023): one that is no superuser and owns — or may
//! become the owner of — no table, so a compromised api cannot ALTER, DROP or DISABLE TRIGGER its
//! way around the append-only audit log. Outside development a `DATABASE_URL` of the owner (or of
//! a superuser) stops the start; in development it is only a warning, so a hand-made local
//! database still serves.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

#[derive(QueryableByName)]
struct Privileges {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    superuser: bool,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    owned: i64,
}

/// What is wrong with the role of `url` for serving, if anything.
pub async fn problem(url: &str) -> anyhow::Result<Option<String>> {
    let mut conn = AsyncPgConnection::establish(url).await?;
    let privileges: Privileges = diesel::sql_query(
        "SELECT r.rolsuper AS superuser, \
           (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
            WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owned \
         FROM pg_roles r WHERE r.rolname = current_user",
    )
    .get_result(&mut conn)
    .await?;
    Ok(if privileges.superuser {
        Some("DATABASE_URL connects as a superuser; serve with the runtime role (ADR 0023)".into())
    } else if privileges.owned > 0 {
        Some(format!(
            "DATABASE_URL connects as a role that owns {} objects of the schema; serve with the \
             runtime role and migrate with MIGRATION_DATABASE_URL (ADR 0023)",
            privileges.owned
        ))
    } else {
        None
    })
}

/// Fails outside development when the role of `url` is not a runtime role; warns in development.
pub async fn check(url: &str, development: bool) -> anyhow::Result<()> {
    match problem(url).await? {
        None => Ok(()),
        Some(message) if development => {
            tracing::warn!("{message}");
            Ok(())
        }
        Some(message) => Err(anyhow::anyhow!(message)),
    }
}
