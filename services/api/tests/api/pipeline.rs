//! Statements pipelined on one connection (ADR 0082), against the real server: every value comes
//! back in the group's order, and when one statement fails the error answered is that one, not
//! the "current transaction is aborted" refusals PostgreSQL gives the statements after it.

use afiliados_api::usecases::UseCaseError;
use afiliados_api::usecases::pipeline::is_follow_up;
use afiliados_db::AsyncPgConnection;
use diesel::QueryableByName;
use diesel::sql_types::Integer;
use diesel_async::{AsyncConnection, RunQueryDsl};

use crate::helpers::*;

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = Integer)]
    n: i32,
}

async fn number(conn: &AsyncPgConnection, sql: &'static str) -> Result<i32, UseCaseError> {
    let mut conn = conn;
    let row: Number = diesel::sql_query(sql).get_result(&mut conn).await?;
    Ok(row.n)
}

fn is_division_by_zero(error: &UseCaseError) -> bool {
    matches!(
        error,
        UseCaseError::Database(diesel::result::Error::DatabaseError(_, info))
            if info.message().contains("division by zero")
    )
}

#[tokio::test]
async fn a_group_answers_every_value_in_its_order() {
    let app = spawn_app().await;
    let mut conn = app.conn().await;
    let values = conn
        .transaction::<_, UseCaseError, _>(async |tx| {
            let conn: &AsyncPgConnection = tx;
            afiliados_api::pipelined!(
                number(conn, "SELECT 1 AS n"),
                number(conn, "SELECT 2 AS n"),
                number(conn, "SELECT 3 AS n"),
            )
        })
        .await;
    assert!(matches!(values, Ok((1, 2, 3))));
}

#[tokio::test]
async fn the_failing_statement_is_answered_not_the_ones_it_aborted() {
    let app = spawn_app().await;
    let mut conn = app.conn().await;
    // The failure first: PostgreSQL refuses the two statements after it in the transaction.
    let first = conn
        .transaction::<_, UseCaseError, _>(async |tx| {
            let conn: &AsyncPgConnection = tx;
            afiliados_api::pipelined!(
                number(conn, "SELECT 1 / 0 AS n"),
                number(conn, "SELECT 2 AS n"),
                number(conn, "SELECT 3 AS n"),
            )
        })
        .await;
    match first {
        Err(error) => assert!(is_division_by_zero(&error), "answered {error:?}"),
        Ok(values) => panic!("a division by zero answered {values:?}"),
    }
    // What PostgreSQL answers the statements after a failure is recognised as such (the
    // message `pipelined!` tells apart from a cause).
    let raw = conn
        .transaction::<_, UseCaseError, _>(async |tx| {
            let conn: &AsyncPgConnection = tx;
            let (failed, refused) = afiliados_api::usecases::pipeline::join!(
                number(conn, "SELECT 1 / 0 AS n"),
                number(conn, "SELECT 2 AS n"),
            );
            Ok((failed, refused))
        })
        .await;
    let Ok((failed, refused)) = raw else {
        panic!("the transaction itself failed: {raw:?}");
    };
    let failed = failed.expect_err("a division by zero");
    let refused = refused.expect_err("refused after the failure");
    assert!(
        !is_follow_up(&failed),
        "the cause taken for a follow-up: {failed:?}"
    );
    assert!(
        is_follow_up(&refused),
        "not recognised as a follow-up: {refused:?}"
    );
    // The failure last: the statements before it answered, the group is still refused.
    let last = conn
        .transaction::<_, UseCaseError, _>(async |tx| {
            let conn: &AsyncPgConnection = tx;
            afiliados_api::pipelined!(
                number(conn, "SELECT 1 AS n"),
                number(conn, "SELECT 2 / 0 AS n"),
            )
        })
        .await;
    match last {
        Err(error) => assert!(is_division_by_zero(&error), "answered {error:?}"),
        Ok(values) => panic!("a division by zero answered {values:?}"),
    }
    // The connection is usable afterwards: the transaction was rolled back.
    let after = conn
        .transaction::<_, UseCaseError, _>(async |tx| number(tx, "SELECT 4 AS n").await)
        .await;
    assert!(matches!(after, Ok(4)));
}
