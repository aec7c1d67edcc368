//! Creating a discount code (`domain.md` §5.5): generated `PREFIX-HANDLESUFFIX` with a CSPRNG
//! suffix (each attempt in a savepoint, up to 5 on the unique index) or a custom code; the
//! membership is created first when missing; the status is derived; `SyncCoupon` and, for a new
//! discount percent, `SyncPromotion` are queued.

use afiliados_api_types::ApiErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::brands::Brand;
use afiliados_db::campaigns::Campaign;
use afiliados_db::discount_codes::{CodeSelection, DiscountCode};
use afiliados_db::discount_codes_write::NewDiscountCode;
use afiliados_db::influencers::Influencer;
use afiliados_db::status_history::StatusChange;
use afiliados_domain::coupon_code::MAX_GENERATION_ATTEMPTS;
use afiliados_domain::{
    CouponCode, CouponPrefix, FieldCode, Percent, check_code_dates, check_code_discount,
};
use chrono::NaiveDate;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::AsyncConnection;
use rand::RngCore;

use super::recompute::{queue_sync, status_of};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::Problems;
use crate::usecases::fields::percent;

/// What a new code is made of.
#[derive(Debug, Clone, Default)]
pub struct CodeInput {
    /// Custom code; generated when absent.
    pub custom: Option<String>,
    /// Discount; default the campaign's maximum.
    pub discount_percent: Option<Percent>,
    /// First date.
    pub starts_on: Option<NaiveDate>,
    /// Last date.
    pub ends_on: Option<NaiveDate>,
    /// Use limit.
    pub max_uses: Option<i32>,
    /// Per-customer limit.
    pub max_uses_per_customer: Option<i32>,
    /// A second enabled code for the pair.
    pub additional: bool,
}

/// The checked conditions of a code.
#[derive(Debug, Clone)]
pub struct Conditions {
    /// Custom code.
    pub custom: Option<CouponCode>,
    /// Discount.
    pub discount: Percent,
}

/// Validates the input against the campaign (422 with every problem).
pub fn validate(campaign: &Campaign, input: &CodeInput) -> Result<Conditions, ApiError> {
    let mut problems = Problems::default();
    let custom = match &input.custom {
        Some(raw) => problems.check("code", CouponCode::parse_custom(raw)),
        None => None,
    };
    let discount = problems.check(
        "discountPercent",
        check_code_discount(
            input.discount_percent,
            percent(campaign.max_discount_percent),
        ),
    );
    problems.take(check_code_dates(
        input.starts_on,
        input.ends_on,
        campaign.start_date,
        campaign.end_date,
    ));
    if input.max_uses.is_some_and(|max| max < 1) {
        problems.push("maxUses", FieldCode::OutOfRange);
    }
    if input.max_uses_per_customer.is_some_and(|max| max < 1) {
        problems.push("maxUsesPerCustomer", FieldCode::OutOfRange);
    }
    problems.finish()?;
    Ok(Conditions {
        custom,
        discount: discount.unwrap_or_default(),
    })
}

/// The first refusal a campaign and brand give to a new code or membership.
pub fn check_open(campaign: &Campaign, brand: &Brand) -> Result<(), ApiError> {
    if campaign.status == "ended" {
        return Err(ApiError::Conflict(
            ApiErrorCode::InvalidTransition,
            vec![serde_json::json!({ "campaignStatus": "ended" })],
        ));
    }
    if brand.status != "active" {
        return Err(ApiError::conflict(ApiErrorCode::BrandInactive));
    }
    Ok(())
}

/// The campaign, its brand and the influencer a code is for.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Campaign.
    pub campaign: &'a Campaign,
    /// Its brand.
    pub brand: &'a Brand,
    /// The influencer.
    pub influencer: &'a Influencer,
}

/// Creates the code inside the caller's transaction (the membership must exist already, see
/// [`crate::usecases::memberships::assign::ensure`]); returns the stored row.
pub async fn create(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    user: &CurrentUser,
    target: Target<'_>,
    input: &CodeInput,
    conditions: &Conditions,
) -> Result<DiscountCode, ApiError> {
    let Target {
        campaign,
        brand,
        influencer,
    } = target;
    if !input.additional
        && afiliados_db::discount_codes_write::enabled_exists_for_pair(
            tx,
            campaign.id,
            influencer.id,
        )
        .await?
    {
        return Err(ApiError::conflict(ApiErrorCode::CodeExistsForPair));
    }
    let template = NewDiscountCode {
        id: afiliados_db::new_id(),
        tenant_id: state.tenant_id,
        campaign_id: campaign.id,
        influencer_id: influencer.id,
        brand_id: brand.id,
        code: String::new(),
        custom: conditions.custom.is_some(),
        discount_percent: conditions.discount.value(),
        starts_on: input.starts_on,
        ends_on: input.ends_on,
        max_uses: input.max_uses,
        max_uses_per_customer: input.max_uses_per_customer,
        created_by: user.id().to_string(),
    };
    let code = match &conditions.custom {
        Some(custom) => insert_custom(tx, state, brand, custom, template).await?,
        None => insert_generated(tx, brand, influencer, template, random_suffix).await?,
    };
    let today = state.clock.today();
    let rows = afiliados_db::discount_codes::with_context(
        tx,
        state.tenant_id,
        CodeSelection::Code(code.id),
    )
    .await?;
    let status = rows
        .first()
        .map(|row| status_of(row, today))
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("new code not found")))?;
    afiliados_db::discount_codes_write::set_status(tx, code.id, status.as_str()).await?;
    let actor = user.user.email.clone();
    afiliados_db::status_history::record(
        tx,
        StatusChange {
            tenant_id: state.tenant_id,
            entity_type: "discount_code",
            entity_id: code.id,
            from: None,
            to: status.as_str(),
            reason: None,
            actor: &actor,
        },
    )
    .await?;
    queue_sync(tx, code.id).await?;
    crate::usecases::campaigns::promotions::ensure(
        tx,
        campaign.id,
        &campaign.slug,
        conditions.discount.value(),
    )
    .await?;
    let response = super::representation::code_response(tx, state.tenant_id, code.id).await?;
    let event = AuditEvent::new("code.created", "discount_code", code.id)
        .changes(None, serde_json::to_value(&response).ok());
    audit::record(tx, state.tenant_id, &AuditActor::User(user), event).await?;
    afiliados_db::discount_codes::find(tx, state.tenant_id, code.id)
        .await?
        .ok_or(ApiError::NotFound)
}

async fn insert_custom(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    brand: &Brand,
    custom: &CouponCode,
    mut row: NewDiscountCode,
) -> Result<DiscountCode, ApiError> {
    for other in afiliados_db::brands::all(tx, state.tenant_id).await? {
        if other.id == brand.id {
            continue;
        }
        if let Ok(prefix) = CouponPrefix::parse(&other.coupon_prefix)
            && custom.uses_prefix(&prefix)
        {
            return Err(ApiError::conflict(ApiErrorCode::CodePrefixReserved));
        }
    }
    if afiliados_db::discount_codes_write::code_exists(tx, state.tenant_id, custom.as_str()).await?
    {
        return Err(ApiError::conflict(ApiErrorCode::CodeTaken));
    }
    row.code = custom.as_str().to_owned();
    Ok(afiliados_db::discount_codes_write::insert(tx, &row).await?)
}

/// Four suffix bytes from the thread CSPRNG (ChaCha, seeded by the OS).
fn random_suffix() -> [u8; 4] {
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
) -> Result<DiscountCode, ApiError> {
    let prefix = CouponPrefix::parse(&brand.coupon_prefix)
        .map_err(|_| ApiError::Internal(anyhow::anyhow!("brand {} has a bad prefix", brand.id)))?;
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
                afiliados_db::discount_codes_write::insert(savepoint, &row).await
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
    Err(ApiError::conflict(ApiErrorCode::CodeGenerationExhausted))
}
