//! `TestDb`: a fresh PostgreSQL database per test, cloned from a template that holds every
//! migration. The template `afiliados_test_tpl_<hash of the migrations>` is built once, under an
//! advisory lock (nextest runs each test in its own process), and reused until a migration
//! changes. `Drop` removes the clone with `DROP DATABASE … WITH (FORCE)`.
//!
//! Least privilege as in production (ADR 0023): the template is migrated by the owner role and
//! owned by it; [`TestDb::url`] connects as the runtime role the api serves with, which owns
//! nothing and may only read and append on append-only tables; [`TestDb::owner_url`] is the
//! owner's, for what only a migration may do. [`roles`] creates both.
//!
//! [`fixtures`] inserts rows several suites build on (brand, campaign, influencer, code), and
//! [`users`] active users with roles.
//!
//! Reads `TEST_DATABASE_ADMIN_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`): a
//! role allowed to create databases and roles.

pub mod fixtures;
pub mod roles;
pub mod users;

use std::sync::atomic::{AtomicBool, Ordering};

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use sha2::{Digest, Sha256};

/// One test's database; dropped with the value.
#[derive(Debug)]
pub struct TestDb {
    name: String,
    url: String,
    owner_url: String,
    admin_url: String,
}

static SWEPT: AtomicBool = AtomicBool::new(false);

/// `TEST_DATABASE_ADMIN_URL`, or the local superuser.
pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_ADMIN_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn migrations_hash() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../afiliados-db/migrations");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut hasher = Sha256::new();
    // Templates built before the roles existed (owned by the admin) are never reused.
    hasher.update(b"owned-by:afiliados_owner");
    for path in files {
        hasher.update(path.to_string_lossy().as_bytes());
        hasher.update(std::fs::read(&path).unwrap_or_default());
    }
    hex::encode(&hasher.finalize()[..6])
}

fn collect(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect(&path, out);
            } else {
                out.push(path);
            }
        }
    }
}

impl TestDb {
    /// Creates a database for this test from the migrated template.
    pub async fn new() -> anyhow::Result<TestDb> {
        TestDb::new_on(&admin_url()).await
    }

    /// [`TestDb::new`] on the server `admin_url` names (a superuser's URL): a test's private
    /// cluster, which it may stop, gets its roles and migrated template the same way.
    pub async fn new_on(admin_url: &str) -> anyhow::Result<TestDb> {
        let admin_url = admin_url.to_owned();
        let template = format!("afiliados_test_tpl_{}", migrations_hash());
        let mut admin = AsyncPgConnection::establish(&admin_url).await?;
        // One process builds the template; the others wait on the lock and then find it.
        admin
            .batch_execute("SELECT pg_advisory_lock(727274)")
            .await?;
        let built = match roles::ensure(&mut admin).await {
            Ok(()) => ensure_template(&mut admin, &admin_url, &template).await,
            Err(error) => Err(error),
        };
        admin
            .batch_execute("SELECT pg_advisory_unlock(727274)")
            .await?;
        built?;
        if !SWEPT.swap(true, Ordering::SeqCst) {
            sweep_leftovers(&mut admin).await;
        }
        let name = format!("afiliados_test_{}", uuid::Uuid::new_v4().simple());
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {name} TEMPLATE {template} OWNER {}",
                roles::OWNER
            ))
            .await?;
        Ok(TestDb {
            url: roles::url_as(&admin_url, roles::APP, &name)?,
            owner_url: roles::url_as(&admin_url, roles::OWNER, &name)?,
            name,
            admin_url,
        })
    }

    /// The owner role's URL (the migrator's: it may ALTER, DROP and DISABLE TRIGGER).
    pub fn owner_url(&self) -> &str {
        &self.owner_url
    }

    /// The connection URL of this test's database, as the runtime role the api serves with.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

async fn ensure_template(
    admin: &mut AsyncPgConnection,
    admin_url: &str,
    template: &str,
) -> anyhow::Result<()> {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let found: Found =
        diesel::sql_query("SELECT count(*) AS n FROM pg_database WHERE datname = $1")
            .bind::<diesel::sql_types::Text, _>(template)
            .get_result(admin)
            .await?;
    if found.n > 0 {
        return Ok(());
    }
    let building = format!("{template}_building");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
        .await?;
    admin
        .batch_execute(&format!(
            "CREATE DATABASE {building} OWNER {}",
            roles::OWNER
        ))
        .await?;
    afiliados_db::run_migrations(&roles::url_as(admin_url, roles::OWNER, &building)?).await?;
    // Renaming last means a half-built template is never used; nothing stays connected to it.
    admin
        .batch_execute(&format!("ALTER DATABASE {building} RENAME TO {template}"))
        .await?;
    Ok(())
}

async fn sweep_leftovers(admin: &mut AsyncPgConnection) {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    // Clones older than an hour belong to crashed runs.
    let stale: Vec<Name> = diesel::sql_query(
        "SELECT d.datname FROM pg_database d WHERE d.datname LIKE 'afiliados\\_test\\_%' \
         AND d.datname NOT LIKE 'afiliados\\_test\\_tpl\\_%' \
         AND (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification < now() - interval '1 hour'",
    )
    .load(admin)
    .await
    .unwrap_or_default();
    for Name { datname } in stale {
        let _ = admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {datname} WITH (FORCE)"))
            .await;
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs outside async; a short-lived thread with its own runtime does the cleanup.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(mut admin) = AsyncPgConnection::establish(&admin_url).await {
                    let _ = admin
                        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                }
            });
        })
        .join();
    }
}
