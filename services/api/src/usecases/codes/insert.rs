//! Inserting a code's row under its final string: a custom code after checking other brands'
//! prefixes and taken codes, or a generated `PREFIX-HANDLESUFFIX` with a CSPRNG suffix, each
//! attempt in a savepoint, up to `MAX_GENERATION_ATTEMPTS` times on the unique index.

use afiliados_api_types::ErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::brands::Brand;
use afiliados_db::discount_codes::DiscountCode;
use afiliados_db::discount_codes::NewDiscountCode;
use afiliados_db::influencers::Influencer;
use afiliados_domain::coupon_code::MAX_GENERATION_ATTEMPTS;
use afiliados_domain::{CouponCode, CouponPrefix};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::AsyncConnection;
use rand::RngCore;

use crate::usecases::UseCaseError;

/// Inserts `row` under the custom code: 409 `code_prefix_reserved` when it starts with another
/// brand's prefix, `code_taken` when it exists.
pub async fn insert_custom(
    tx: &mut AsyncPgConnection,
    brand: &Brand,
    custom: &CouponCode,
    mut row: NewDiscountCode,
) -> Result<DiscountCode, UseCaseError> {
    for other in afiliados_db::brands::all(tx, row.tenant_id).await? {
        if other.id == brand.id {
            continue;
        }
        if let Ok(prefix) = CouponPrefix::parse(&other.coupon_prefix)
            && custom.uses_prefix(&prefix)
        {
            return Err(UseCaseError::conflict(ErrorCode::CodePrefixReserved));
        }
    }
    if afiliados_db::discount_codes::code_exists(tx, row.tenant_id, custom.as_str()).await? {
        return Err(UseCaseError::conflict(ErrorCode::CodeTaken));
    }
    row.code = custom.as_str().to_owned();
    Ok(afiliados_db::discount_codes::insert(tx, &row).await?)
}

/// Four suffix bytes from the thread CSPRNG (ChaCha, seeded by the OS).
pub fn random_suffix() -> [u8; 4] {
    let mut bytes = [0u8; 4];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// Inserts `row` under a generated code, drawing suffix bytes from `draw` (the CSPRNG in
/// production; a test passes its own to force collisions) until the database accepts one, at most
/// [`MAX_GENERATION_ATTEMPTS`] times; then 409 `code_generation_exhausted`. The unique index is
/// the arbiter, so two concurrent generations can never both win the same code.
pub async fn insert_generated(
    tx: &mut AsyncPgConnection,
    brand: &Brand,
    influencer: &Influencer,
    mut row: NewDiscountCode,
    mut draw: impl FnMut() -> [u8; 4],
) -> Result<DiscountCode, UseCaseError> {
    let prefix = CouponPrefix::parse(&brand.coupon_prefix)
        .map_err(|_| UseCaseError::internal(format!("brand {} has a bad prefix", brand.id)))?;
    for _ in 0..MAX_GENERATION_ATTEMPTS {
        let code = CouponCode::generate(
            &prefix,
            &influencer.first_name,
            &influencer.last_name,
            draw(),
        );
        row.code = code.as_str().to_owned();
        // A savepoint per attempt: a unique violation rolls back only the attempt, not the
        // caller's transaction.
        let attempt = tx
            .transaction::<_, DieselError, _>(async |savepoint| {
                afiliados_db::discount_codes::insert(savepoint, &row).await
            })
            .await;
        match attempt {
            Ok(created) => return Ok(created),
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info))
                if info.constraint_name() == Some("discount_codes_tenant_code_key") =>
            {
                tracing::info!(brand.id = %brand.id, "generated code collided; drawing again");
            }
            Err(other) => return Err(other.into()),
        }
    }
    Err(UseCaseError::conflict(ErrorCode::CodeGenerationExhausted))
}
