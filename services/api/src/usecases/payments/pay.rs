//! `POST /payments/withdrawals/{id}/pay` (FI, AD; `api.md` §11, `domain.md` §5.14.3): one
//! approved, payable withdrawal paid for its exact approved amount, with the withholding of the
//! influencer's tax profile. Lock order: the brand balance row, then the withdrawal row.

use afiliados_api_types::payments::{PayWithdrawalRequest, PaymentResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_domain::Actor;
use serde_json::json;
use uuid::Uuid;

use super::profiles::ProfileBook;
use super::record::{self, PayAct, Payee, PaymentToWrite};
use super::rules::{self, Refusal, Situation};
use super::{PAYERS, actor_label, representation};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::orders::ledger::{BalanceKey, lock};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Pays withdrawal `id`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, withdrawal.id = %id))]
pub async fn pay(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &PayWithdrawalRequest,
) -> Result<PaymentResponse, UseCaseError> {
    actor.require_any(&PAYERS)?;
    let mut problems = Problems::new();
    let terms = rules::terms(
        request.payment_date,
        &request.method,
        &request.reference,
        request.notes.as_deref(),
        ctx.today(),
        &mut problems,
    );
    problems.finish()?;
    let terms = terms.ok_or_else(|| UseCaseError::internal("validated pay terms missing"))?;
    // Read once for the balance key, lock the balance, then lock and re-read the request.
    let unlocked = afiliados_db::withdrawal_requests::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let key = BalanceKey {
        influencer_id: unlocked.influencer_id,
        brand_id: unlocked.brand_id,
        currency: &unlocked.currency,
    };
    let balance = lock(tx, ctx, key).await?;
    let row = afiliados_db::withdrawal_requests::lock(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let now = ctx.now();
    let situation = Situation {
        payer: actor,
        balance: &balance,
        threshold: ctx.settings.payments.dual_control_threshold,
        now,
        batch_id: None,
    };
    rules::check(&row, Some(request.amount), &terms, situation)?.map_err(Refusal::into_error)?;
    let influencer = afiliados_db::payout_batch_queries::influencers_by_id(
        tx,
        ctx.tenant_id,
        &[row.influencer_id],
    )
    .await?
    .pop()
    .ok_or_else(|| UseCaseError::internal("withdrawal without its influencer"))?;
    let brand_name = afiliados_db::brands::find(tx, ctx.tenant_id, row.brand_id)
        .await?
        .map(|brand| brand.name)
        .unwrap_or_default();
    let book = ProfileBook::load(tx, ctx).await?;
    let profile = book.profile_of(influencer.tax_profile_id).cloned();
    let withholding = book.withholding(record::approved_amount(&row)?, influencer.tax_profile_id);
    let payee = Payee::load(tx, ctx, &influencer).await?;
    let label = actor_label(actor);
    let act = PayAct {
        terms: &terms,
        batch_id: None,
        actor_label: &label,
        paid_by: actor.user_id,
        now,
    };
    let payment_id = record::write(
        tx,
        ctx,
        &act,
        PaymentToWrite {
            row: &row,
            balance: &balance,
            reference: &terms.reference,
            withholding,
            profile_code: profile.as_ref().map(|p| p.code.as_str()),
            brand_name: &brand_name,
            payee: &payee,
        },
    )
    .await?;
    let after = json!({
        "paymentId": payment_id,
        "gross": withholding.gross.amount(),
        "withholdingRate": withholding.rate.value(),
        "taxWithheld": withholding.withheld.amount(),
        "net": withholding.net.amount(),
        "taxProfileCode": profile.as_ref().map(|p| p.code.as_str()),
        "method": terms.method.as_str(),
        "reference": terms.reference,
        "paymentDate": terms.payment_date,
    });
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("withdrawal.paid", "withdrawal", row.id)
            .changes(Some(json!({"status": "approved"})), Some(after)),
    )
    .await?;
    let stored = afiliados_db::payments::find(tx, ctx.tenant_id, payment_id)
        .await?
        .ok_or_else(|| UseCaseError::internal("payment just written is missing"))?;
    representation::fresh(stored)
}
