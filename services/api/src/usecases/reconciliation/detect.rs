//! Recording what a run found (`domain.md` §4.9, §5.16.2): one live discrepancy per order and
//! class (a later run moves it: `last_run_id`, `occurrences + 1`), and a new auto-resolvable one
//! (A, B, C) goes straight to `resolving` with its re-fetch queued.

use afiliados_api_types::reconciliation::DiscrepancyDetails;
use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_discrepancies::{DiscrepancyRow, NewDiscrepancy, record};
use afiliados_domain::{DiscrepancyClass, DiscrepancyStatus, difference_ratio_percent};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::resolution;
use crate::usecases::{UseCaseContext, UseCaseError};

/// One difference found for one order.
#[derive(Debug, Clone)]
pub struct Finding {
    /// `A|B|C|D|E`.
    pub class: DiscrepancyClass,
    /// The VTEX order.
    pub vtex_order_id: String,
    /// The platform order, when stored.
    pub order_id: Option<Uuid>,
    /// Brand.
    pub brand_id: Option<Uuid>,
    /// Influencer.
    pub influencer_id: Option<Uuid>,
    /// What differs.
    pub details: DiscrepancyDetails,
    /// Whether the platform may resolve it by itself.
    pub auto_resolvable: bool,
}

/// The details of an amount difference (`platform − vtex`, ratio with 2 decimals).
pub fn amount_details(field: &str, platform: Decimal, vtex: Decimal) -> DiscrepancyDetails {
    DiscrepancyDetails {
        field: field.to_owned(),
        platform: Some(platform.round_dp(2).to_string()),
        vtex: Some(vtex.round_dp(2).to_string()),
        difference: Some((platform - vtex).round_dp(2).to_string()),
        ratio_percent: difference_ratio_percent(platform, vtex).map(|ratio| ratio.to_string()),
    }
}

/// The details of a value that is not an amount (status, presence, coupon).
pub fn value_details(
    field: &str,
    platform: Option<String>,
    vtex: Option<String>,
) -> DiscrepancyDetails {
    DiscrepancyDetails {
        field: field.to_owned(),
        platform,
        vtex,
        difference: None,
        ratio_percent: None,
    }
}

/// Records `finding` for run `run_id`; a new auto-resolvable discrepancy starts its resolution.
/// Returns the row and whether it is new.
pub async fn detect(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
    finding: Finding,
) -> Result<(DiscrepancyRow, bool), UseCaseError> {
    let now = ctx.now();
    let auto = finding.auto_resolvable
        && matches!(
            finding.class,
            DiscrepancyClass::A | DiscrepancyClass::B | DiscrepancyClass::C
        );
    let details = serde_json::to_value(&finding.details)
        .map_err(|error| UseCaseError::internal(format!("discrepancy details: {error}")))?;
    let (row, inserted) = record(
        tx,
        &NewDiscrepancy {
            id: afiliados_db::new_id(),
            tenant_id: ctx.tenant_id,
            vtex_order_id: finding.vtex_order_id,
            order_id: finding.order_id,
            class: finding.class.as_str().to_owned(),
            first_run_id: run_id,
            last_run_id: run_id,
            first_detected_at: now,
            details,
            brand_id: finding.brand_id,
            influencer_id: finding.influencer_id,
            // Inserted `open`; `resolution::start` moves it to `resolving` with its first attempt.
            status: DiscrepancyStatus::Open.as_str().to_owned(),
            auto_resolvable: auto,
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    if inserted && auto {
        let row = resolution::start(tx, ctx, &row).await?;
        return Ok((row, true));
    }
    Ok((row, inserted))
}
