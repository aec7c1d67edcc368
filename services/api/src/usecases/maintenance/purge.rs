//! Step 4: rows that only mattered until a deadline — expired password reset and invitation
//! tokens (idempotency keys join here once their table exists).

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
