//! The deadpool pool of async PostgreSQL connections.

use std::time::Duration;

use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use futures::FutureExt;

/// The pool the api shares between handlers and the outbox relay.
pub type DbPool = Pool<AsyncPgConnection>;

/// One checked-out connection.
pub type PooledConnection = Object<AsyncPgConnection>;

/// Builds the pool. Every new connection gets `statement_timeout` and `TimeZone=UTC`, so a runaway
/// query cannot hold a connection forever and timestamps never depend on the server's zone.
pub fn build(url: &str, max_size: usize, statement_timeout_ms: u64) -> anyhow::Result<DbPool> {
    let mut config = ManagerConfig::<AsyncPgConnection>::default();
    // No `SELECT 1` round trip on every checkout (two per authenticated request): a connection
    // the server closed (restart, idle timeout) is already seen as broken by the recycle check
    // (`is_closed`) and replaced; only a half-open socket would surface, as an error on first
    // use, which the caller's retry or the client's retry absorbs (ADR 0080).
    config.recycling_method = RecyclingMethod::Fast;
    config.custom_setup = Box::new(move |url| {
        let url = url.to_owned();
        async move {
            use diesel_async::{AsyncConnection, SimpleAsyncConnection};
            let mut conn = AsyncPgConnection::establish(&url).await?;
            conn.batch_execute(&format!(
                "SET statement_timeout = {statement_timeout_ms}; SET TIME ZONE 'UTC';"
            ))
            .await
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(conn)
        }
        .boxed()
    });
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(url, config);
    let pool = Pool::builder(manager)
        .max_size(max_size)
        .wait_timeout(Some(Duration::from_secs(5)))
        .create_timeout(Some(Duration::from_secs(5)))
        .recycle_timeout(Some(Duration::from_secs(5)))
        .runtime(deadpool::Runtime::Tokio1)
        .build()?;
    Ok(pool)
}
