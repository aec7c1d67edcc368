//! `Prepare::prepared` (ADR 0075): a raw query so marked is prepared once per connection and
//! then only executed, with its binds still applied per call; an unmarked one never stays
//! prepared.

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

#[tokio::test]
async fn a_prepared_query_is_prepared_once_and_binds_every_call() {
    let db = TestDb::new().await.expect("test database");
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
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
