//! The campaign's VTEX promotions (`vtex.md` §5.1): one per discount percent, created with the
//! first code of that percent, re-synced whenever the campaign's status or a discount-relevant
//! field changes.

use afiliados_db::AsyncPgConnection;
use afiliados_jobs::{Job, SyncPromotion};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::usecases::UseCaseError;

/// `<slug>-<percent>`: the percent without trailing zeros and with `p` for the decimal point
/// (`cetaphil-lanzamiento-10`, `cetaphil-lanzamiento-12p5`).
pub fn utm_campaign(slug: &str, discount_percent: Decimal) -> String {
    afiliados_domain::promotion::promotion_utm_campaign(slug, discount_percent)
}

/// The percent as the job carries it: two decimals (`"15.00"`).
pub fn percent_text(discount_percent: Decimal) -> String {
    afiliados_domain::round_money(discount_percent).to_string()
}

/// Writes one `SyncPromotion` job.
pub async fn queue(
    tx: &mut AsyncPgConnection,
    campaign_id: Uuid,
    discount_percent: Decimal,
) -> Result<(), UseCaseError> {
    let job = SyncPromotion {
        campaign_id,
        discount_percent: percent_text(discount_percent),
    };
    let payload =
        serde_json::to_value(job).map_err(|error| UseCaseError::Internal(error.into()))?;
    afiliados_db::job_outbox::insert(tx, SyncPromotion::NAME, &payload).await?;
    Ok(())
}

/// Creates the promotion of a percent when it is the first code of that percent and queues its
/// first sync; `true` when created.
pub async fn ensure(
    tx: &mut AsyncPgConnection,
    campaign_id: Uuid,
    slug: &str,
    discount_percent: Decimal,
) -> Result<bool, UseCaseError> {
    let percent = afiliados_domain::round_money(discount_percent);
    let created = afiliados_db::campaign_promotions::create_if_missing(
        tx,
        campaign_id,
        percent,
        &utm_campaign(slug, percent),
    )
    .await?;
    if created {
        queue(tx, campaign_id, percent).await?;
    }
    Ok(created)
}

/// Bumps every promotion of the campaign and queues one `SyncPromotion` each.
pub async fn resync(tx: &mut AsyncPgConnection, campaign_id: Uuid) -> Result<usize, UseCaseError> {
    let percents = afiliados_db::campaign_promotions::bump_campaign(tx, campaign_id).await?;
    for percent in &percents {
        queue(tx, campaign_id, *percent).await?;
    }
    Ok(percents.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utm_campaign_drops_trailing_zeros() {
        let dec = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        assert_eq!(
            utm_campaign("cetaphil-lanzamiento", dec("10.00")),
            "cetaphil-lanzamiento-10"
        );
        assert_eq!(
            utm_campaign("cetaphil-lanzamiento", dec("12.50")),
            "cetaphil-lanzamiento-12p5"
        );
        assert_eq!(utm_campaign("x", dec("12.25")), "x-12p25");
        assert_eq!(utm_campaign("x", dec("100.00")), "x-100");
        assert_eq!(percent_text(dec("15")), "15.00");
    }
}
