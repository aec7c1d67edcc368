//! Who is told about a commission's money events, in-app and by e-mail (`domain.md` §5.17), in
//! the caller's transaction (the outbox): one place for every path that reverts or holds, so a
//! VTEX cancellation or return, a reconciliation re-ingestion, the settlement sweep and a staff
//! act tell the same people the same thing.
//!
//! - a reversal (whole or partial, ADR 0044): `commission.reverted` → the influencer and every
//!   gestor; `reversal_alert` → the influencer;
//! - a clawback that leaves the brand balance owing (§5.13.3): `balance.negative` → the
//!   influencer and every finance user; `negative_balance` → the influencer;
//! - a hold (self-referral at ingestion, or staff): `commission.on_hold` → every finance user and
//!   gestor; `alert_commission_on_hold` → the finance alert group.
//!
//! [`after_posting`] is called by `orders::ledger::write`, which every reversal goes through, so
//! no path can post a reversal without its notices.

use afiliados_db::AsyncPgConnection;
use afiliados_db::commissions::Commission;
use afiliados_db::influencers::Influencer;
use afiliados_domain::commission::{CommissionState, HoldReason, LedgerEntryType, Posting};
use afiliados_domain::{AlertGroup, Role};
use afiliados_email_messages::{
    AlertCommissionOnHold, EmailMessage, NegativeBalance, ReversalAlert,
};
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

use crate::usecases::emails::{QueuedEmail, queue, queue_alert};
use crate::usecases::orders::ledger::{BalanceKey, EntryRefs};
use crate::usecases::{UseCaseContext, UseCaseError};

/// The notices of a posting just written: none unless it reverted something.
pub async fn after_posting(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    key: BalanceKey<'_>,
    refs: EntryRefs<'_>,
    posting: &Posting,
) -> Result<(), UseCaseError> {
    let reverted = total(posting, LedgerEntryType::CommissionReverted);
    if reverted.is_zero() {
        return Ok(());
    }
    let reason = refs
        .reversal
        .ok_or_else(|| UseCaseError::internal("a reversal was posted without its reason"))?;
    // Every path stores the commission before posting: this is the state after the reversal.
    let (row, _, vtex_order_id) =
        afiliados_db::commissions::with_order(tx, refs.commission_id).await?;
    let influencer = afiliados_db::influencers::find(tx, ctx.tenant_id, key.influencer_id).await?;
    let brand_name = brand_name(tx, ctx, key.brand_id).await?;
    let fully_reverted = row.state == CommissionState::Reverted.as_str();
    let payload = json!({
        "commissionId": row.id,
        "orderId": row.order_id,
        "vtexOrderId": vtex_order_id,
        "influencerId": key.influencer_id,
        "brandId": key.brand_id,
        "amount": reverted,
        "reason": reason.as_str(),
        "fullyReverted": fully_reverted,
    });
    let mut users = staff(tx, ctx, &[Role::GestorAfiliados]).await?;
    users.extend(influencer.as_ref().and_then(|person| person.user_id));
    notify(tx, ctx, &users, "commission.reverted", "warning", &payload).await?;
    let link = commissions_link(ctx);
    if let Some(person) = &influencer {
        let message = ReversalAlert {
            first_name: person.first_name.clone(),
            brand_name: brand_name.clone(),
            vtex_order_id: vtex_order_id.clone(),
            reason,
            amount: reverted,
            remaining: row.commission_amount - row.reverted_amount,
            fully_reverted,
            link: link.clone(),
        };
        email_influencer(tx, ctx, person, message.into()).await?;
    }
    if posting.opens_clawback {
        let debt = total(posting, LedgerEntryType::AdjustmentOpened);
        let available = posting.after.available().amount();
        let payload = json!({
            "influencerId": key.influencer_id,
            "brandId": key.brand_id,
            "commissionId": row.id,
            "vtexOrderId": vtex_order_id,
            "debt": debt,
            "available": available,
        });
        let mut users = staff(tx, ctx, &[Role::Finance]).await?;
        users.extend(influencer.as_ref().and_then(|person| person.user_id));
        notify(tx, ctx, &users, "balance.negative", "critical", &payload).await?;
        if let Some(person) = &influencer {
            let message = NegativeBalance {
                first_name: person.first_name.clone(),
                brand_name,
                vtex_order_id,
                debt,
                available,
                link,
            };
            email_influencer(tx, ctx, person, message.into()).await?;
        }
    }
    Ok(())
}

/// The notices of a hold just placed on `row` (of the order `vtex_order_id`).
pub async fn held(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    row: &Commission,
    vtex_order_id: &str,
    reason: HoldReason,
) -> Result<(), UseCaseError> {
    let payload = json!({
        "commissionId": row.id,
        "orderId": row.order_id,
        "vtexOrderId": vtex_order_id,
        "influencerId": row.influencer_id,
        "reason": reason.as_str(),
    });
    let users = staff(tx, ctx, &[Role::Finance, Role::GestorAfiliados]).await?;
    notify(tx, ctx, &users, "commission.on_hold", "warning", &payload).await?;
    let influencer_name = afiliados_db::influencers::find(tx, ctx.tenant_id, row.influencer_id)
        .await?
        .map(|person| format!("{} {}", person.first_name, person.last_name))
        .unwrap_or_default();
    let message = AlertCommissionOnHold {
        influencer_name,
        brand_name: brand_name(tx, ctx, row.brand_id).await?,
        vtex_order_id: vtex_order_id.to_owned(),
        amount: row.commission_amount - row.reverted_amount,
        reason,
        link: commissions_link(ctx),
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

/// Σ of the posting's entries of `kind`.
fn total(posting: &Posting, kind: LedgerEntryType) -> Decimal {
    posting
        .entries
        .iter()
        .filter(|entry| entry.entry_type == kind)
        .map(|entry| entry.amount.amount())
        .sum()
}

/// Every active, live user of the tenant holding one of `roles`, once each.
async fn staff(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    roles: &[Role],
) -> Result<Vec<Uuid>, UseCaseError> {
    let roles: Vec<&str> = roles.iter().map(|role| role.as_str()).collect();
    Ok(afiliados_db::roles::active_holders(tx, ctx.tenant_id, &roles).await?)
}

/// One in-app notification per user (a user listed twice is told once).
async fn notify(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    users: &[Uuid],
    kind: &str,
    severity: &str,
    payload: &serde_json::Value,
) -> Result<(), UseCaseError> {
    let mut told: Vec<Uuid> = Vec::new();
    for user in users {
        if told.contains(user) {
            continue;
        }
        afiliados_db::notifications::insert(tx, ctx.tenant_id, *user, kind, severity, payload)
            .await?;
        told.push(*user);
    }
    Ok(())
}

async fn brand_name(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    brand_id: Uuid,
) -> Result<String, UseCaseError> {
    Ok(afiliados_db::brands::find(tx, ctx.tenant_id, brand_id)
        .await?
        .map(|brand| brand.name)
        .unwrap_or_default())
}

fn commissions_link(ctx: &UseCaseContext<'_>) -> String {
    format!(
        "{}/commissions",
        ctx.settings.web_public_url.trim_end_matches('/')
    )
}

/// Queues `message` to the influencer's address, in their user's locale (Spanish without one).
async fn email_influencer(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    person: &Influencer,
    message: EmailMessage,
) -> Result<(), UseCaseError> {
    let locale = match person.user_id {
        Some(user_id) => afiliados_db::users::find(tx, ctx.tenant_id, user_id)
            .await?
            .map(|user| user.locale.as_str().to_owned()),
        None => None,
    }
    .unwrap_or_else(|| "es".to_owned());
    queue(
        tx,
        ctx.tenant_id,
        QueuedEmail {
            recipient: &person.email,
            recipient_user_id: person.user_id,
            locale: &locale,
            message,
        },
    )
    .await?;
    Ok(())
}
