//! `GET /internal/v1/codes/{id}/coupon`: a code's current desired VTEX coupon, with its
//! promotion (created here, idempotently, when the campaign has none for the code's percent).

use afiliados_api_types::internal_vtex::{CouponDesiredState, CouponPromotionRef, DesiredCoupon};
use afiliados_db::AsyncPgConnection;
use afiliados_db::coupon_sync;
use afiliados_domain::{CodeStatus, Percent, promotion_utm_campaign};
use uuid::Uuid;

use crate::usecases::{UseCaseContext, UseCaseError};

/// VTEX's "no minimum interval between uses".
pub const NO_INTERVAL: &str = "00:00:00";

/// The desired coupon of code `id`; 404 when the tenant has no such code. The `utm_source` is
/// the onboarding setting `VTEX_COUPON_UTM_SOURCE`.
#[tracing::instrument(skip_all, fields(code.id = %id))]
pub async fn desired_coupon(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
) -> Result<DesiredCoupon, UseCaseError> {
    let utm_source = ctx.settings.onboarding.coupon_utm_source.as_str();
    let source = coupon_sync::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let code = source.code;
    let utm_campaign = promotion_utm_campaign(&source.campaign_slug, code.discount_percent);
    let promotion = afiliados_db::campaign_promotions::ensure(
        tx,
        code.campaign_id,
        code.discount_percent,
        &utm_campaign,
    )
    .await?;
    let discount_percent = Percent::from_decimal(code.discount_percent)
        .map_err(|_| UseCaseError::internal("stored discount percent out of range"))?;
    let desired_state = if code.status == CodeStatus::Active {
        CouponDesiredState::Active
    } else {
        CouponDesiredState::Archived
    };
    Ok(DesiredCoupon {
        code_id: code.id,
        code: code.code,
        sync_revision: code.sync_revision,
        desired_state,
        utm_source: utm_source.to_owned(),
        // The stored name wins: it is what the promotion at VTEX was created with.
        utm_campaign: promotion.utm_campaign.clone(),
        max_usage: code.max_uses.unwrap_or(0),
        max_items_per_client: code.max_uses_per_customer.unwrap_or(0),
        expiration_interval_per_use: NO_INTERVAL.to_owned(),
        promotion: CouponPromotionRef {
            campaign_id: code.campaign_id,
            discount_percent,
            synced: promotion.is_synced(),
            vtex_promotion_id: promotion.vtex_promotion_id,
        },
    })
}
