//! The two database roles of ADR 0023, as `make dev` creates them too: `afiliados_owner` runs
//! the migrations and owns every object; `afiliados_app` (a member of the NOLOGIN group
//! `afiliados_runtime` that the migrations grant to) is what the api serves with, and owns
//! nothing. Their passwords are development-only values (the local server trusts loopback; a
//! server that checks passwords accepts these).

use diesel_async::{AsyncPgConnection, SimpleAsyncConnection};

/// Runs the migrations; owns every table.
pub const OWNER: &str = "afiliados_owner";
/// The group role the migrations grant to.
pub const RUNTIME_GROUP: &str = "afiliados_runtime";
/// The api's login role: a member of [`RUNTIME_GROUP`].
pub const APP: &str = "afiliados_app";

/// Creates the three roles when missing (roles are cluster-wide; call under the harness lock).
pub async fn ensure(admin: &mut AsyncPgConnection) -> anyhow::Result<()> {
    admin
        .batch_execute(&format!(
            "DO $$ BEGIN \
               IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OWNER}') THEN \
                 CREATE ROLE {OWNER} LOGIN PASSWORD '{OWNER}'; END IF; \
               IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{RUNTIME_GROUP}') THEN \
                 CREATE ROLE {RUNTIME_GROUP} NOLOGIN; END IF; \
               IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP}') THEN \
                 CREATE ROLE {APP} LOGIN PASSWORD '{APP}'; END IF; \
             END $$; \
             GRANT {RUNTIME_GROUP} TO {APP};"
        ))
        .await?;
    Ok(())
}

/// `admin_url` with `role` (and its password) as the user and `database` as the database.
pub fn url_as(admin_url: &str, role: &str, database: &str) -> anyhow::Result<String> {
    let mut url = url::Url::parse(admin_url)?;
    url.set_username(role)
        .map_err(|()| anyhow::anyhow!("cannot set the user of the admin URL"))?;
    url.set_password(Some(role))
        .map_err(|()| anyhow::anyhow!("cannot set the password of the admin URL"))?;
    url.set_path(&format!("/{database}"));
    Ok(url.to_string())
}
