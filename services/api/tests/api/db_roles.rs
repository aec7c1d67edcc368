//! Least privilege in the database (ADR 0023): the api serves as a runtime role that owns
//! nothing and may only read and append on append-only tables; migrations run as the owner;
//! `migrate --revert-all` is refused outside development.

use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use diesel_async::RunQueryDsl;
use serde_json::json;

use crate::helpers::*;

/// The error text of one statement run on `conn` (empty when it succeeded).
async fn refusal(conn: &mut afiliados_db::AsyncPgConnection, sql: &str) -> String {
    match diesel::sql_query(sql).execute(conn).await {
        Ok(_) => String::new(),
        Err(error) => error.to_string(),
    }
}

#[tokio::test]
async fn the_runtime_role_can_neither_rewrite_nor_disarm_nor_drop_the_append_only_tables() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    assert!(!app.audit_actions("auth.login_succeeded").await.is_empty());
    let mut conn = app.conn().await;
    for table in ["audit_log", "status_history"] {
        for (sql, expected) in [
            (
                format!("UPDATE {table} SET created_at = now()"),
                "permission denied",
            ),
            (format!("DELETE FROM {table}"), "permission denied"),
            (format!("TRUNCATE {table}"), "permission denied"),
            (
                format!("ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"),
                "must be owner",
            ),
            (
                format!("ALTER TABLE {table} DISABLE TRIGGER ALL"),
                "must be owner",
            ),
            (
                format!("ALTER TABLE {table} OWNER TO afiliados_app"),
                "must be owner",
            ),
            (
                format!("DROP TRIGGER {table}_append_only ON {table}"),
                "must be owner",
            ),
            (format!("DROP TABLE {table}"), "must be owner"),
        ] {
            let error = refusal(&mut conn, &sql).await;
            assert!(error.contains(expected), "{sql}: {error:?}");
        }
    }
    // Nor can it make a table of its own, or drop the trigger function.
    assert!(
        refusal(&mut conn, "CREATE TABLE shadow (id INT)")
            .await
            .contains("permission denied")
    );
    assert!(
        refusal(
            &mut conn,
            "DROP FUNCTION reject_append_only_change() CASCADE"
        )
        .await
        .contains("must be owner")
    );
    drop(conn);
    // Rows survive and the api still works through the same role.
    assert!(!app.audit_actions("auth.login_succeeded").await.is_empty());
    let created = app
        .post(
            "/api/v1/users",
            &admin,
            json!({ "email": "roles@medipiel.co", "firstName": "Rol", "lastName": "Runtime", "roles": ["finance"] }),
        )
        .await;
    assert_eq!(created.status(), 201);
    assert!(!app.audit_actions("user.created").await.is_empty());
}

#[derive(QueryableByName, Debug)]
struct Grant {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Bool)]
    append_only: bool,
    #[diesel(sql_type = Bool)]
    can_select: bool,
    #[diesel(sql_type = Bool)]
    can_insert: bool,
    #[diesel(sql_type = Bool)]
    can_update: bool,
    #[diesel(sql_type = Bool)]
    can_delete: bool,
    #[diesel(sql_type = Bool)]
    owns: bool,
}

async fn grants(conn: &mut afiliados_db::AsyncPgConnection) -> Vec<Grant> {
    diesel::sql_query(
        "SELECT c.relname::text AS table_name, \
           EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = c.oid \
                   AND tg.tgfoid = 'reject_append_only_change'::regproc) AS append_only, \
           has_table_privilege('afiliados_app', c.oid, 'SELECT') AS can_select, \
           has_table_privilege('afiliados_app', c.oid, 'INSERT') AS can_insert, \
           has_table_privilege('afiliados_app', c.oid, 'UPDATE') AS can_update, \
           has_table_privilege('afiliados_app', c.oid, 'DELETE') AS can_delete, \
           pg_has_role('afiliados_app', c.relowner, 'MEMBER') AS owns \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1",
    )
    .load(conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn every_append_only_table_is_read_and_append_for_the_runtime_role_and_the_rest_is_dml() {
    let app = spawn_app().await;
    let mut owner = app.owner_conn().await;
    let all = grants(&mut owner).await;
    let append_only: Vec<&str> = all
        .iter()
        .filter(|g| g.append_only)
        .map(|g| g.table_name.as_str())
        .collect();
    assert!(append_only.contains(&"audit_log"), "{append_only:?}");
    assert!(append_only.contains(&"status_history"), "{append_only:?}");
    for grant in &all {
        assert!(!grant.owns, "the runtime role owns {}", grant.table_name);
        assert!(grant.can_select, "{grant:?}");
        if grant.append_only {
            assert!(
                grant.can_insert && !grant.can_update && !grant.can_delete,
                "{grant:?}"
            );
        } else if grant.table_name == "__diesel_schema_migrations" {
            assert!(!grant.can_insert && !grant.can_update, "{grant:?}");
        } else {
            assert!(
                grant.can_insert && grant.can_update && grant.can_delete,
                "{grant:?}"
            );
        }
    }

    // The mechanism later migrations use for ledger entries, commission transitions, withdrawal
    // events: a new table is plain DML by default, append-only after one call.
    diesel::sql_query(
        "CREATE TABLE ledger_probe (id UUID PRIMARY KEY, amount NUMERIC(14, 2) NOT NULL)",
    )
    .execute(&mut owner)
    .await
    .unwrap();
    let probe = |grants: Vec<Grant>| grants.into_iter().find(|g| g.table_name == "ledger_probe");
    let before = probe(grants(&mut owner).await).unwrap();
    assert!(before.can_update && !before.append_only, "{before:?}");
    diesel::sql_query("SELECT afiliados_append_only('ledger_probe')")
        .execute(&mut owner)
        .await
        .unwrap();
    let after = probe(grants(&mut owner).await).unwrap();
    assert!(after.append_only && after.can_insert && !after.can_update && !after.can_delete);
    let mut conn = app.conn().await;
    diesel::sql_query("INSERT INTO ledger_probe VALUES (gen_random_uuid(), 10.50)")
        .execute(&mut conn)
        .await
        .unwrap();
    assert!(
        refusal(&mut conn, "UPDATE ledger_probe SET amount = 0")
            .await
            .contains("permission denied")
    );
    assert!(
        refusal(&mut owner, "DELETE FROM ledger_probe")
            .await
            .contains("append-only")
    );
    // Only the owner may call it.
    assert!(
        refusal(&mut conn, "SELECT afiliados_grant_runtime()")
            .await
            .contains("permission denied")
    );
}

#[tokio::test]
async fn serving_as_the_owner_is_refused_outside_development() {
    let app = spawn_app().await;
    let owner = afiliados_api::db_role::problem(app.db.owner_url())
        .await
        .unwrap();
    assert!(owner.is_some_and(|p| p.contains("MIGRATION_DATABASE_URL")));
    assert!(
        afiliados_api::db_role::check(app.db.owner_url(), false)
            .await
            .is_err()
    );
    assert!(
        afiliados_api::db_role::check(app.db.owner_url(), true)
            .await
            .is_ok(),
        "development only warns"
    );
    assert_eq!(
        afiliados_api::db_role::problem(app.db.url()).await.unwrap(),
        None
    );
}

fn api_binary(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_afiliados-api"));
    command.args(args).env_clear();
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

#[tokio::test]
async fn migrate_revert_all_is_refused_outside_development_and_migrate_needs_the_owner_url() {
    let app = spawn_app().await;
    let owner_url = app.db.owner_url().to_owned();
    let (out, check_url) = (owner_url.clone(), app.db.url().to_owned());
    let output = tokio::task::spawn_blocking(move || {
        api_binary(
            &["migrate", "--revert-all"],
            &[("APP_ENV", "production"), ("MIGRATION_DATABASE_URL", &out)],
        )
    })
    .await
    .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("migrate --revert-all runs only with APP_ENV=development or test"),
        "{stderr}"
    );
    // Nothing was reverted: the api's role still sees every migration applied.
    assert!(
        afiliados_db::pending_migrations(&check_url)
            .await
            .unwrap()
            .is_empty()
    );

    let output = tokio::task::spawn_blocking(move || {
        api_binary(
            &["migrate"],
            &[("APP_ENV", "production"), ("DATABASE_URL", &owner_url)],
        )
    })
    .await
    .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("MIGRATION_DATABASE_URL is missing"));
}
