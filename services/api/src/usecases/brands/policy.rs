//! `PUT /brands/{id}/withdrawal-policy` (finance, admin_dentsu): audited with before and after.

use afiliados_api_types::brands::{UpdateWithdrawalPolicyRequest, WithdrawalPolicyResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_domain::{Actor, Role, WithdrawalPolicy};
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Replaces the policy inside the caller's transaction (finance, admin_dentsu).
#[tracing::instrument(skip_all, fields(actor.id = %user.user_id, brand.id = %brand_id))]
pub async fn replace(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &Actor,
    brand_id: Uuid,
    request: &UpdateWithdrawalPolicyRequest,
) -> Result<WithdrawalPolicyResponse, UseCaseError> {
    user.require_any(&[Role::AdminDentsu, Role::Finance])?;
    let policy = WithdrawalPolicy {
        minimum_amount: request.minimum_amount,
        currency: request.currency.trim().to_owned(),
        hold_days: request.hold_days,
    };
    let mut problems = Problems::default();
    problems.take(policy.validate());
    problems.finish()?;
    let brand = afiliados_db::brands::find_for_update(tx, ctx.tenant_id, brand_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let rows = afiliados_db::brand_withdrawal_policies::of_brands(tx, &[brand.id]).await?;
    let before = super::representation::policy(&brand, rows.get(&brand.id));
    let row = afiliados_db::brand_withdrawal_policies::upsert(
        tx,
        brand.id,
        policy.minimum_amount.amount(),
        &policy.currency,
        policy.hold_days,
        Some(user.user_id),
    )
    .await?;
    let after = super::representation::policy(&brand, Some(&row));
    let event = AuditEvent::new("brand.withdrawal_policy_updated", "brand", brand.id).changes(
        serde_json::to_value(&before).ok(),
        serde_json::to_value(&after).ok(),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(user), event).await?;
    Ok(after)
}
