//! Embedded migrations. The api is the only migrator (`afiliados-api migrate`).

use diesel::migration::MigrationVersion;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// Every migration under `crates/afiliados-db/migrations`, compiled in.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

type SyncConnection = AsyncConnectionWrapper<AsyncPgConnection>;

// The harness is synchronous; run it on a blocking thread so it never stalls the async runtime and
// works under current-thread runtimes too (architecture.md §5).
async fn with_harness<T: Send + 'static>(
    url: &str,
    work: impl FnOnce(&mut SyncConnection) -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    use diesel::Connection;
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = SyncConnection::establish(&url)?;
        work(&mut conn)
    })
    .await?
}

/// Applies every pending migration and returns the versions applied, in order.
pub async fn run_migrations(url: &str) -> anyhow::Result<Vec<String>> {
    with_harness(url, |conn| {
        let applied = conn
            .run_pending_migrations(MIGRATIONS)
            .map_err(|e| anyhow::anyhow!(e))?;
        Ok(applied.iter().map(MigrationVersion::to_string).collect())
    })
    .await
}

/// Reverts every applied migration, newest first (used by the up/down/up test).
pub async fn revert_all(url: &str) -> anyhow::Result<Vec<String>> {
    with_harness(url, |conn| {
        let reverted = conn
            .revert_all_migrations(MIGRATIONS)
            .map_err(|e| anyhow::anyhow!(e))?;
        Ok(reverted.iter().map(MigrationVersion::to_string).collect())
    })
    .await
}

/// Versions not applied yet; `serve` refuses to start while this is non-empty.
///
/// Read-only on purpose: the runtime role (ADR 0023) may not create diesel's bookkeeping table,
/// which diesel's own harness tries first, so this compares the embedded list with a plain
/// SELECT instead (a database without the table has every migration pending).
pub async fn pending_migrations(url: &str) -> anyhow::Result<Vec<String>> {
    use diesel::migration::MigrationSource;
    use diesel::pg::Pg;
    use diesel::prelude::*;
    use diesel_async::{AsyncConnection, RunQueryDsl};

    #[derive(QueryableByName)]
    struct Applied {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        version: Option<String>,
    }
    let embedded =
        MigrationSource::<Pg>::migrations(&MIGRATIONS).map_err(|e| anyhow::anyhow!(e))?;
    let mut conn = AsyncPgConnection::establish(url).await?;
    let exists: Vec<Applied> =
        diesel::sql_query("SELECT to_regclass('__diesel_schema_migrations')::text AS version")
            .load(&mut conn)
            .await?;
    let applied: Vec<String> = if exists.iter().any(|row| row.version.is_some()) {
        diesel::sql_query("SELECT version::text AS version FROM __diesel_schema_migrations")
            .load::<Applied>(&mut conn)
            .await?
            .into_iter()
            .filter_map(|row| row.version)
            .collect()
    } else {
        Vec::new()
    };
    Ok(embedded
        .iter()
        .map(|m| m.name().version().to_string())
        .filter(|version| !applied.contains(version))
        .collect())
}
