//! Step 4: rows that only mattered until a deadline — expired password reset and invitation
//! tokens and expired `Idempotency-Key` answers.

use afiliados_db::AsyncPgConnection;

use crate::usecases::{UseCaseContext, UseCaseError};

/// Deletes the password tokens expired at the context's now; returns how many.
#[tracing::instrument(skip_all)]
pub async fn expired_tokens(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
) -> Result<u64, UseCaseError> {
    let deleted = afiliados_db::password_tokens::delete_expired(tx, ctx.now()).await?;
    Ok(super::count(deleted))
}

/// Deletes the `Idempotency-Key` answers expired at the context's now (24 h after their first
/// use, ADR 0047); returns how many. A request that meets an expired key deletes it itself, so
/// this only keeps the table small.
#[tracing::instrument(skip_all)]
pub async fn expired_idempotency_keys(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
) -> Result<u64, UseCaseError> {
    let deleted = afiliados_db::idempotency_keys::delete_expired(tx, ctx.now()).await?;
    Ok(super::count(deleted))
}
