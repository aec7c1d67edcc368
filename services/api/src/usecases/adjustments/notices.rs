//! Who is told about an adjustment (`domain.md` §5.15, §5.17): the influencer in-app when one is
//! recorded (`adjustment.created`) and when it is resolved (`adjustment.resolved`), in the
//! caller's transaction. An influencer without a user account (or anonymised) has no feed, so
//! it is told nothing in-app; the debt still shows on its dashboard once it signs in. A manual
//! debt is also e-mailed to the finance alert group (`MAIL_ALERT_FINANCE`).

use afiliados_db::AsyncPgConnection;
use afiliados_db::adjustments::AdjustmentRow;
use afiliados_domain::AlertGroup;
use afiliados_email_messages::AlertAdjustmentRecorded;
use serde_json::json;

use crate::usecases::emails::queue_alert;
use crate::usecases::{UseCaseContext, UseCaseError};

/// The payload both notices share.
fn payload(row: &AdjustmentRow, brand_name: &str) -> serde_json::Value {
    json!({
        "adjustmentId": row.id,
        "influencerId": row.influencer_id,
        "brandId": row.brand_id,
        "brandName": brand_name,
        "kind": row.kind,
        "amount": row.amount,
        "reason": row.reason,
    })
}

async fn tell_influencer(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    row: &AdjustmentRow,
    kind: &str,
    payload: &serde_json::Value,
) -> Result<(), UseCaseError> {
    let user = afiliados_db::influencers::find(tx, ctx.tenant_id, row.influencer_id)
        .await?
        .and_then(|person| person.user_id);
    if let Some(user) = user {
        afiliados_db::notifications::insert(tx, ctx.tenant_id, user, kind, "warning", payload)
            .await?;
    }
    Ok(())
}

/// `adjustment.created` → the influencer.
pub async fn created(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    row: &AdjustmentRow,
    brand_name: &str,
) -> Result<(), UseCaseError> {
    let payload = payload(row, brand_name);
    tell_influencer(tx, ctx, row, "adjustment.created", &payload).await
}

/// `adjustment.resolved` → the influencer, with how and the available amount after it.
pub async fn resolved(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    row: &AdjustmentRow,
    brand_name: &str,
    available_after: rust_decimal::Decimal,
) -> Result<(), UseCaseError> {
    let mut payload = payload(row, brand_name);
    payload["resolutionType"] = json!(row.resolution_type);
    payload["recoveryMethod"] = json!(row.recovery_method);
    payload["available"] = json!(available_after);
    tell_influencer(tx, ctx, row, "adjustment.resolved", &payload).await
}

/// `alert_adjustment_recorded` → the finance alert group (`operations.md` §6 "Manual
/// reversals"): a debt recorded by hand is seen by the whole group, not only by its author.
pub async fn alert_finance(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    row: &AdjustmentRow,
    influencer: &afiliados_db::influencers::Influencer,
    brand_name: &str,
    recorded_by: &str,
    available_after: rust_decimal::Decimal,
) -> Result<(), UseCaseError> {
    let message = AlertAdjustmentRecorded {
        influencer_name: format!("{} {}", influencer.first_name, influencer.last_name),
        brand_name: brand_name.to_owned(),
        amount: row.amount,
        reason: row.reason.clone(),
        available: available_after,
        recorded_by: recorded_by.to_owned(),
        link: format!(
            "{}/payments/adjustments",
            ctx.settings.web_public_url.trim_end_matches('/')
        ),
    };
    queue_alert(
        tx,
        ctx.tenant_id,
        &ctx.settings.alert_recipients,
        AlertGroup::Finance,
        message.into(),
    )
    .await?;
    Ok(())
}
