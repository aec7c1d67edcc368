//! `Prepare::prepared` (ADR 0075): a raw query so marked is prepared once per connection and
//! then only executed, with its binds still applied per call; an unmarked one never stays
//! prepared.

use afiliados_db::audit::NewAuditRow;
use afiliados_db::prepared::Prepare;
use afiliados_db_test::TestDb;
use diesel::QueryableByName;
use diesel::sql_types::{Int4, Int8, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

#[derive(QueryableByName, Debug)]
struct Doubled {
    #[diesel(sql_type = Int4)]
    doubled: i32,
}

#[derive(QueryableByName, Debug)]
struct Count {
    #[diesel(sql_type = Int8)]
    count: i64,
}

const DOUBLE: &str = "SELECT $1::int4 * 2 AS doubled";
const TRIPLE: &str = "SELECT $1::int4 * 3 AS doubled";

/// How many statements of this session are prepared with exactly `sql`.
async fn prepared_with(conn: &mut AsyncPgConnection, sql: &str) -> diesel::QueryResult<i64> {
    let row: Count = diesel::sql_query(
        "SELECT count(*) AS count FROM pg_prepared_statements WHERE statement = $1",
    )
    .bind::<Text, _>(sql)
    .get_result(conn)
    .await?;
    Ok(row.count)
}

/// A fresh test database and one connection of its own to it (the database lives as long as
/// the returned guard).
async fn connect() -> Result<(TestDb, AsyncPgConnection), Box<dyn std::error::Error>> {
    let db = TestDb::new().await?;
    let conn = AsyncPgConnection::establish(db.url()).await?;
    Ok((db, conn))
}

#[tokio::test]
async fn a_prepared_query_is_prepared_once_and_binds_every_call() {
    let (_db, mut conn) = connect().await.expect("test database");
    for value in [1, 2, 21] {
        let row: Doubled = diesel::sql_query(DOUBLE)
            .bind::<Int4, _>(value)
            .prepared()
            .get_result(&mut conn)
            .await
            .expect("prepared query");
        assert_eq!(row.doubled, value * 2);
    }
    assert_eq!(prepared_with(&mut conn, DOUBLE).await.unwrap(), 1);

    for value in [1, 2] {
        let row: Doubled = diesel::sql_query(TRIPLE)
            .bind::<Int4, _>(value)
            .get_result(&mut conn)
            .await
            .expect("raw query");
        assert_eq!(row.doubled, value * 3);
    }
    assert_eq!(prepared_with(&mut conn, TRIPLE).await.unwrap(), 0);
}

/// How many statements of this session are prepared with a text starting with `prefix`.
async fn prepared_starting(conn: &mut AsyncPgConnection, prefix: &str) -> diesel::QueryResult<i64> {
    let row: Count = diesel::sql_query(
        "SELECT count(*) AS count FROM pg_prepared_statements WHERE starts_with(statement, $1)",
    )
    .bind::<Text, _>(prefix)
    .get_result(conn)
    .await?;
    Ok(row.count)
}

fn audit_row(tenant_id: uuid::Uuid, index: i32, with_request: bool) -> NewAuditRow {
    NewAuditRow {
        id: afiliados_db::new_id(),
        tenant_id,
        actor_type: "system".to_owned(),
        actor_user_id: None,
        actor_label: "system:test".to_owned(),
        actor_roles: Vec::new(),
        action: format!("test.action{index}"),
        entity_type: Some("test".to_owned()),
        entity_id: None,
        before: None,
        after: with_request.then(|| serde_json::json!({ "index": index })),
        ip: None,
        user_agent: with_request.then(|| "agent".to_owned()),
        request_id: with_request.then(|| format!("request-{index}")),
        trace_id: None,
    }
}

/// ADR 0085: diesel marks every `UPDATE` and every `INSERT` of an `Insertable` unsafe to cache, so
/// unmarked they are parsed and planned on every call; marked, one statement serves every call,
/// with each call's values.
#[tokio::test]
async fn a_prepared_write_is_prepared_once_and_writes_every_call() {
    use afiliados_db::schema::{audit_log, tenants};
    use diesel::{ExpressionMethods, QueryDsl};

    let (_db, mut conn) = connect().await.expect("test database");
    let tenant = afiliados_db::tenants::ensure(&mut conn, "prepared-writes", "Prepared")
        .await
        .expect("tenant");

    // The audit row: absent fields are NULL, so rows with and without them share one statement.
    for index in 0..4 {
        afiliados_db::audit::insert(&conn, &audit_row(tenant.id, index, index % 2 == 0))
            .await
            .expect("audit row");
    }
    assert_eq!(
        prepared_starting(&mut conn, r#"INSERT INTO "audit_log""#)
            .await
            .unwrap(),
        1
    );
    let written: Vec<(String, Option<String>)> = audit_log::table
        .filter(audit_log::tenant_id.eq(tenant.id))
        .order(audit_log::action.asc())
        .select((audit_log::action, audit_log::request_id))
        .load(&mut conn)
        .await
        .expect("audit rows");
    assert_eq!(
        written,
        vec![
            ("test.action0".to_owned(), Some("request-0".to_owned())),
            ("test.action1".to_owned(), None),
            ("test.action2".to_owned(), Some("request-2".to_owned())),
            ("test.action3".to_owned(), None),
        ]
    );

    // diesel's own update, unmarked, is never kept prepared …
    for name in ["First", "Second"] {
        diesel::update(tenants::table.find(tenant.id))
            .set(tenants::name.eq(name))
            .execute(&mut conn)
            .await
            .expect("update");
    }
    assert_eq!(
        prepared_starting(&mut conn, r#"UPDATE "tenants""#)
            .await
            .unwrap(),
        0
    );
    // … and marked, it is prepared once and still writes each call's value.
    for name in ["Third", "Fourth"] {
        diesel::update(tenants::table.find(tenant.id))
            .set(tenants::name.eq(name))
            .prepared()
            .execute(&mut conn)
            .await
            .expect("prepared update");
    }
    assert_eq!(
        prepared_starting(&mut conn, r#"UPDATE "tenants""#)
            .await
            .unwrap(),
        1
    );
    let name: String = tenants::table
        .find(tenant.id)
        .select(tenants::name)
        .first(&mut conn)
        .await
        .expect("tenant name");
    assert_eq!(name, "Fourth");
}

/// `prepared_rows`: a multi-row write is kept up to `PREPARED_ROWS_MAX` rows; beyond, diesel's
/// own judgement (parse every call) stands, so row counts never pile up statements.
#[tokio::test]
async fn a_multi_row_write_is_kept_only_up_to_the_row_bound() {
    use afiliados_db::prepared::PREPARED_ROWS_MAX;
    use afiliados_db::schema::tenants;
    use diesel::ExpressionMethods;

    let (_db, mut conn) = connect().await.expect("test database");
    for (batch, rows) in [(0, 2), (1, PREPARED_ROWS_MAX + 1)] {
        let values: Vec<_> = (0..rows)
            .map(|row| {
                (
                    tenants::id.eq(afiliados_db::new_id()),
                    tenants::slug.eq(format!("rows-{batch}-{row}")),
                    tenants::name.eq("Rows"),
                )
            })
            .collect();
        let written = diesel::insert_into(tenants::table)
            .values(&values)
            .prepared_rows(rows)
            .execute(&mut conn)
            .await
            .expect("multi-row insert");
        assert_eq!(written, rows);
    }
    // Only the two-row text is kept.
    assert_eq!(
        prepared_starting(&mut conn, r#"INSERT INTO "tenants""#)
            .await
            .unwrap(),
        1
    );
}
