//! Creating a discount code (`domain.md` §5.5): `POST /codes` ([`create_code`]) and the code an
//! assignment generates ([`create`]). The membership is created first when missing; the code is
//! generated `PREFIX-HANDLESUFFIX` or custom (see [`super::insert`]); its status is derived;
//! `SyncCoupon` and, for a new discount percent, `SyncPromotion` are queued.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::codes::{CreateCodeRequest, DiscountCodeResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::brands::Brand;
use afiliados_db::campaigns::Campaign;
use afiliados_db::discount_codes::NewDiscountCode;
use afiliados_db::discount_codes::{CodeSelection, DiscountCode};
use afiliados_db::influencers::Influencer;
use afiliados_db::status_history::StatusChange;
use afiliados_domain::{
    Actor, CouponCode, FieldCode, Percent, check_code_dates, check_code_discount,
};
use chrono::NaiveDate;

use super::STAFF;
use super::insert::{insert_custom, insert_generated, random_suffix};
use super::recompute::{queue_sync, status_of};
use super::representation::code_response;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::brand_scope::resolve;
use crate::usecases::fields::percent;
use crate::usecases::memberships::assign::ensure;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

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

impl From<&CreateCodeRequest> for CodeInput {
    fn from(request: &CreateCodeRequest) -> CodeInput {
        CodeInput {
            custom: request.code.clone(),
            discount_percent: request.discount_percent,
            starts_on: request.starts_on,
            ends_on: request.ends_on,
            max_uses: request.max_uses,
            max_uses_per_customer: request.max_uses_per_customer,
            additional: request.additional,
        }
    }
}

/// The checked conditions of a code.
#[derive(Debug, Clone)]
pub struct Conditions {
    /// Custom code.
    pub custom: Option<CouponCode>,
    /// Discount.
    pub discount: Percent,
}

/// `POST /codes`: a code for an influencer in a campaign the actor manages (staff, or
/// admin_marca for its brands), making the influencer a member first when needed.
#[tracing::instrument(skip_all, fields(
    actor.id = %actor.user_id,
    campaign.id = %request.campaign_id,
    influencer.id = %request.influencer_id,
    code.id = tracing::field::Empty,
))]
pub async fn create_code(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    request: &CreateCodeRequest,
) -> Result<DiscountCodeResponse, UseCaseError> {
    let scope = resolve(tx, actor, &STAFF, true, false).await?;
    let campaign = crate::usecases::campaigns::visible(
        tx,
        ctx.tenant_id,
        &scope,
        request.campaign_id.into(),
        true,
    )
    .await?;
    let influencer =
        afiliados_db::influencers::find(tx, ctx.tenant_id, request.influencer_id.into())
            .await?
            .ok_or(UseCaseError::NotFound)?;
    crate::usecases::memberships::require_visible_influencer(tx, &scope, influencer.id).await?;
    let brand = afiliados_db::brands::find(tx, ctx.tenant_id, campaign.brand_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let input = CodeInput::from(request);
    let conditions = validate(&campaign, &input)?;
    check_open(&campaign, &brand)?;
    ensure(tx, ctx, actor, &campaign, &influencer, None).await?;
    let target = Target {
        campaign: &campaign,
        brand: &brand,
        influencer: &influencer,
    };
    let code = create(tx, ctx, actor, target, &input, &conditions).await?;
    tracing::Span::current().record("code.id", tracing::field::display(code.id));
    Ok(code_response(tx, ctx.tenant_id, code.id).await?)
}

/// Validates the input against the campaign (every problem at once).
pub fn validate(campaign: &Campaign, input: &CodeInput) -> Result<Conditions, UseCaseError> {
    let mut problems = Problems::new();
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
pub fn check_open(campaign: &Campaign, brand: &Brand) -> Result<(), UseCaseError> {
    if campaign.status == afiliados_domain::CampaignStatus::Ended {
        return Err(UseCaseError::conflict_with(
            ErrorCode::InvalidTransition,
            serde_json::json!({ "campaignStatus": "ended" }),
        ));
    }
    if brand.status != afiliados_domain::BrandStatus::Active {
        return Err(UseCaseError::conflict(ErrorCode::BrandInactive));
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

/// Creates the code (the membership must exist already, see
/// [`crate::usecases::memberships::assign::ensure`]); returns the stored row.
pub async fn create(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    target: Target<'_>,
    input: &CodeInput,
    conditions: &Conditions,
) -> Result<DiscountCode, UseCaseError> {
    let Target {
        campaign,
        brand,
        influencer,
    } = target;
    if !input.additional
        && afiliados_db::discount_codes::enabled_exists_for_pair(tx, campaign.id, influencer.id)
            .await?
    {
        return Err(UseCaseError::conflict(ErrorCode::CodeExistsForPair));
    }
    let template = NewDiscountCode {
        id: afiliados_db::new_id(),
        tenant_id: ctx.tenant_id,
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
        created_by: actor.user_id.to_string(),
    };
    let code = match &conditions.custom {
        Some(custom) => insert_custom(tx, brand, custom, template).await?,
        None => insert_generated(tx, brand, influencer, template, random_suffix).await?,
    };
    let rows =
        afiliados_db::discount_codes::with_context(tx, ctx.tenant_id, CodeSelection::Code(code.id))
            .await?;
    let status = rows
        .first()
        .map(|row| status_of(row, ctx.today()))
        .ok_or_else(|| UseCaseError::internal("new code not found"))?;
    afiliados_db::discount_codes::set_status(tx, code.id, status.as_str()).await?;
    afiliados_db::status_history::record(
        tx,
        StatusChange {
            tenant_id: ctx.tenant_id,
            entity_type: "discount_code",
            entity_id: code.id,
            from: None,
            to: status.as_str(),
            reason: None,
            actor: &actor.email,
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
    let response = code_response(tx, ctx.tenant_id, code.id).await?;
    let event = AuditEvent::new("code.created", "discount_code", code.id)
        .changes(None, serde_json::to_value(&response).ok());
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    afiliados_db::discount_codes::find(tx, ctx.tenant_id, code.id)
        .await?
        .ok_or(UseCaseError::NotFound)
}
