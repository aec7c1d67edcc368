//! `POST /brands`: a brand, its withdrawal policy and its owners.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::brands::{BrandResponse, CreateBrandRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::brands::NewBrand;
use afiliados_domain::brand::BRAND_SLUG_MAX;
use afiliados_domain::{Actor, FieldCode, Role};
use afiliados_domain::{CouponPrefix, Slug, WithdrawalPolicy, bounded_text, optional_text};

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The request's values, checked.
#[derive(Debug, Clone)]
pub struct ValidBrand {
    name: String,
    slug: Slug,
    prefix: CouponPrefix,
    vtex_brand_id: Option<String>,
    description: Option<String>,
    policy: WithdrawalPolicy,
}

/// Checks a VTEX brand id (1–40 characters once trimmed; blank means none).
pub fn check_vtex_brand_id(raw: Option<&str>, problems: &mut Problems) -> Option<String> {
    let value = raw.map(str::trim).filter(|v| !v.is_empty())?;
    if value.chars().count() > 40 {
        problems.push("vtexBrandId", FieldCode::TooLong);
    }
    Some(value.to_owned())
}

/// Validates the body (every problem at once).
pub fn validate(request: &CreateBrandRequest) -> Result<ValidBrand, UseCaseError> {
    let mut problems = Problems::default();
    let name = problems.check("name", bounded_text(&request.name, 2, 80));
    let slug = problems.check("slug", Slug::parse(&request.slug, BRAND_SLUG_MAX));
    let prefix = problems.check("couponPrefix", CouponPrefix::parse(&request.coupon_prefix));
    let vtex_brand_id = check_vtex_brand_id(request.vtex_brand_id.as_deref(), &mut problems);
    let description = problems.check(
        "description",
        optional_text(request.description.as_deref(), 1000),
    );
    let policy = request
        .withdrawal_policy
        .as_ref()
        .map_or_else(default_policy, |input| WithdrawalPolicy {
            minimum_amount: input.minimum_amount,
            currency: input.currency.trim().to_owned(),
            hold_days: input.hold_days,
        });
    if let Err(errors) = policy.validate() {
        for error in errors {
            problems.push(format!("withdrawalPolicy.{}", error.field), error.code);
        }
    }
    match (name, slug, prefix, description) {
        (Some(name), Some(slug), Some(prefix), Some(description)) if problems.is_empty() => {
            Ok(ValidBrand {
                name,
                slug,
                prefix,
                vtex_brand_id,
                description,
                policy,
            })
        }
        _ => Err(UseCaseError::Invalid(problems)),
    }
}

fn default_policy() -> WithdrawalPolicy {
    WithdrawalPolicy {
        minimum_amount: afiliados_domain::Money::ZERO,
        currency: "COP".into(),
        hold_days: 0,
    }
}

/// 409 for the first unique value another live brand holds.
pub async fn check_unique(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    except: Option<uuid::Uuid>,
    slug: Option<&str>,
    prefix: Option<&str>,
    vtex_brand_id: Option<&str>,
) -> Result<(), UseCaseError> {
    let (slug, prefix, vtex) =
        afiliados_db::brands::taken(tx, ctx.tenant_id, except, slug, prefix, vtex_brand_id).await?;
    if slug {
        return Err(UseCaseError::conflict(ErrorCode::SlugTaken));
    }
    if prefix {
        return Err(UseCaseError::conflict(ErrorCode::CouponPrefixTaken));
    }
    if vtex {
        return Err(UseCaseError::conflict(ErrorCode::VtexBrandIdTaken));
    }
    Ok(())
}

/// Creates the brand inside the caller's transaction (admin_dentsu).
#[tracing::instrument(skip_all, fields(actor.id = %admin.user_id, brand.id = tracing::field::Empty))]
pub async fn create(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    admin: &Actor,
    request: &CreateBrandRequest,
) -> Result<BrandResponse, UseCaseError> {
    admin.require_any(&[Role::AdminDentsu])?;
    let valid = validate(request)?;
    check_unique(
        tx,
        ctx,
        None,
        Some(valid.slug.as_str()),
        Some(valid.prefix.as_str()),
        valid.vtex_brand_id.as_deref(),
    )
    .await?;
    super::check_owners(
        tx,
        ctx.tenant_id,
        &afiliados_domain::ids::uuids(&request.owner_user_ids),
    )
    .await?;
    let brand = afiliados_db::brands::insert(
        tx,
        &NewBrand {
            id: afiliados_db::new_id(),
            tenant_id: ctx.tenant_id,
            name: &valid.name,
            slug: valid.slug.as_str(),
            coupon_prefix: valid.prefix.as_str(),
            vtex_brand_id: valid.vtex_brand_id.as_deref(),
            description: valid.description.as_deref(),
        },
    )
    .await?;
    afiliados_db::brand_withdrawal_policies::upsert(
        tx,
        brand.id,
        valid.policy.minimum_amount.amount(),
        &valid.policy.currency,
        valid.policy.hold_days,
        Some(admin.user_id),
    )
    .await?;
    afiliados_db::brands::set_owners(
        tx,
        brand.id,
        &afiliados_domain::ids::uuids(&request.owner_user_ids),
        Some(admin.user_id),
    )
    .await?;
    tracing::Span::current().record("brand.id", tracing::field::display(brand.id));
    let response = super::representation::one(tx, brand, true).await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(admin),
        AuditEvent::new("brand.created", "brand", response.id)
            .changes(None, serde_json::to_value(&response).ok()),
    )
    .await?;
    Ok(response)
}
