//! Running use cases in a transaction, the one way handlers do it: [`run`] for writes, [`read`]
//! for reads. Both check out a connection (an exhausted pool is 503 `service_unavailable`), run
//! the closure inside one database transaction and map a [`UseCaseError`] to the api's error
//! once. [`run`] commits when the closure answers `Ok` and then, when the use case wrote jobs,
//! wakes the outbox relay, so they leave for Redis at once; any `Err` rolls everything back. [`read`]
//! runs a read-only transaction (a write in it fails) and wakes nothing.
//!
//! ```ignore
//! let ctx = state.use_case_context();
//! let code = transaction::run(&state, async |tx| {
//!     codes::update::update(tx, &ctx, &user, *id, &body).await
//! })
//! .await?;
//! ```

use afiliados_db::AsyncPgConnection;
use diesel_async::AsyncConnection;

use crate::error::ApiError;
use crate::state::AppState;
use crate::usecases::UseCaseError;

/// The work of one transaction: an async closure over the transaction's connection.
///
/// diesel-async needs the closure's future to be `Send` and, for every lifetime of the
/// connection, nameable; this trait states exactly that (it mirrors diesel-async's own private
/// `AsyncFunc`) and is implemented for every such closure, so callers never name it.
pub trait TransactionWork<'r, T>:
    AsyncFnOnce(&'r mut AsyncPgConnection) -> Result<T, UseCaseError>
    + FnOnce(&'r mut AsyncPgConnection) -> <Self as TransactionWork<'r, T>>::Fut
{
    /// The closure's future.
    type Fut: Future<Output = Result<T, UseCaseError>> + Send;
}

impl<'r, T, F, Fut> TransactionWork<'r, T> for F
where
    F: AsyncFnOnce(&'r mut AsyncPgConnection) -> Result<T, UseCaseError>
        + FnOnce(&'r mut AsyncPgConnection) -> Fut,
    Fut: Future<Output = Result<T, UseCaseError>> + Send,
{
    type Fut = Fut;
}

/// Runs `work` in a read-write transaction; after a commit that wrote jobs, wakes the outbox
/// relay.
pub async fn run<T, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    for<'r> F: TransactionWork<'r, T> + Send,
    T: Send,
{
    let mut pooled = state.db.get().await?;
    let conn: &mut AsyncPgConnection = &mut pooled;
    // Boxed: the work's future is as large as the use case's, and every handler awaits this one.
    let (value, wrote_jobs) = Box::pin(crate::jobs::tracking_writes(conn.transaction(work))).await;
    let value = value?;
    if wrote_jobs {
        state.wake_relay();
    }
    Ok(value)
}

/// Runs `work` in a read-only transaction: one consistent connection for a read use case.
pub async fn read<T, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    for<'r> F: TransactionWork<'r, T> + Send,
    T: Send,
{
    let mut pooled = state.db.get().await?;
    let conn: &mut AsyncPgConnection = &mut pooled;
    Ok(conn.build_transaction().read_only().run(work).await?)
}

/// Like [`read`], in a `REPEATABLE READ` transaction: every statement sees the snapshot taken at
/// the first one (the admin dashboard keys its reusable answers by that snapshot, ADR 0076).
pub async fn read_repeatable<T, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    for<'r> F: TransactionWork<'r, T> + Send,
    T: Send,
{
    let mut pooled = state.db.get().await?;
    let conn: &mut AsyncPgConnection = &mut pooled;
    Ok(conn
        .build_transaction()
        .repeatable_read()
        .read_only()
        .run(work)
        .await?)
}

/// Like [`run`], for a caller that must answer within a deadline whatever the database does
/// (the VTEX webhook, `vtex.md` §2.4): the connection checkout waits at most `checkout`, and
/// every database failure — no connection, a lost connection, a statement cancelled by
/// [`statement_timeout`] — is 503 `service_unavailable`, so the sender retries later. Refusals
/// of the work itself map as usual.
pub async fn run_bounded<T, F>(
    state: &AppState,
    checkout: std::time::Duration,
    work: F,
) -> Result<T, ApiError>
where
    for<'r> F: TransactionWork<'r, T> + Send,
    T: Send,
{
    let mut pooled = match tokio::time::timeout(checkout, state.db.get()).await {
        Ok(pooled) => pooled?,
        Err(_) => {
            return Err(ApiError::Unavailable(
                "database pool: no connection within the deadline".into(),
            ));
        }
    };
    let conn: &mut AsyncPgConnection = &mut pooled;
    let (value, wrote_jobs) = Box::pin(crate::jobs::tracking_writes(conn.transaction(work))).await;
    let value = value.map_err(|error| match error {
        UseCaseError::Database(error) => ApiError::Unavailable(format!("database: {error}")),
        other => ApiError::from(other),
    })?;
    if wrote_jobs {
        state.wake_relay();
    }
    Ok(value)
}

/// Bounds every later statement of the current transaction (`SET LOCAL statement_timeout`).
pub async fn statement_timeout(
    tx: &mut AsyncPgConnection,
    milliseconds: u32,
) -> Result<(), UseCaseError> {
    use diesel_async::SimpleAsyncConnection;
    tx.batch_execute(&format!("SET LOCAL statement_timeout = {milliseconds}"))
        .await?;
    Ok(())
}
