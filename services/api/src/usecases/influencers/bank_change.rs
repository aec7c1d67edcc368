//! Dual control of bank account changes made by staff (ADR 0018, issue 9 finding 7): a gestor's
//! or admin's change is stored pending ([`request`]) and applies only when a second, different
//! user with a confirming role confirms it ([`confirm`]); anyone of the staff may [`reject`] it.
//! The influencer's own change applies at once (with its password re-entered, see
//! [`super::update`]) and supersedes a pending one.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::influencers::{InfluencerResponse, PendingBankAccountChange};
use afiliados_db::AsyncPgConnection;
use afiliados_db::bank_account_changes::{BankAccountChange, NewBankAccountChange};
use afiliados_db::influencers::Influencer;
use afiliados_db::influencers::write::InfluencerChanges;
use afiliados_domain::{Actor, BankAccount, BankAccountChangeStatus, Role};
use serde_json::json;
use uuid::Uuid;

use super::access::{self, Allowed};
use super::{bank, representation, update};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Roles whose confirmation applies a pending change: the people accountable for payouts
/// (finance) and the tenant's administrators — never the requester itself.
pub const CONFIRMERS: [Role; 2] = [Role::AdminDentsu, Role::Finance];
/// Roles that may reject a pending change (rejecting moves no money).
pub const REJECTERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Finance];

const DECIDERS: Allowed = Allowed {
    staff: true,
    brand: false,
    finance: true,
    own: false,
};

/// What an audit row keeps of a change: the visible columns only.
fn audit_view(change: &BankAccountChange) -> serde_json::Value {
    match &change.bank_account_last4 {
        Some(last4) => json!({
            "bankName": change.bank_name,
            "accountType": change.bank_account_type,
            "accountNumberMasked": format!("****{last4}"),
            "last4": last4,
        }),
        None => serde_json::Value::Null,
    }
}

/// Stores a staff change of `influencer`'s account as pending (`None` removes the account),
/// superseding an older pending one, and tells the confirmers.
pub async fn request(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    influencer: &Influencer,
    account: Option<&BankAccount>,
) -> Result<(), UseCaseError> {
    afiliados_db::bank_account_changes::supersede(tx, influencer.id, ctx.now()).await?;
    let sealed = account
        .map(|a| bank::seal(ctx.data_keys, influencer.id, a))
        .transpose()?;
    let change = afiliados_db::bank_account_changes::insert(
        tx,
        &NewBankAccountChange {
            id: afiliados_db::new_id(),
            tenant_id: ctx.tenant_id,
            influencer_id: influencer.id,
            requested_by: actor.user_id,
            requested_by_email: actor.email.clone(),
            requested_at: ctx.now(),
            removes_account: sealed.is_none(),
            bank_account_last4: sealed.as_ref().map(|s| s.last4.clone()),
            bank_account_type: sealed.as_ref().map(|s| s.account_type.clone()),
            bank_name: sealed.as_ref().map(|s| s.bank_name.clone()),
            bank_account_ciphertext: sealed.map(|s| s.ciphertext),
        },
    )
    .await?;
    let event = AuditEvent::new(
        "influencer.bank_account_change_requested",
        "influencer",
        influencer.id,
    )
    .changes(
        Some(json!({ "bankAccount": bank::audit_view(influencer) })),
        Some(json!({ "bankAccount": audit_view(&change), "changeId": change.id })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    let notice = json!({
        "influencerId": influencer.id,
        "name": influencer.full_name(),
        "changeId": change.id,
    });
    let roles: Vec<&str> = CONFIRMERS.iter().map(|role| role.as_str()).collect();
    let confirmers = afiliados_db::roles::active_holders(tx, ctx.tenant_id, &roles).await?;
    for user_id in confirmers.into_iter().filter(|id| *id != actor.user_id) {
        afiliados_db::notifications::insert(
            tx,
            ctx.tenant_id,
            user_id,
            "influencer.bank_account_change_pending",
            "warning",
            &notice,
        )
        .await?;
    }
    Ok(())
}

/// `POST /influencers/{id}/bank-account-change/confirm`: a confirmer other than the requester
/// applies the pending change; the influencer is told as for any change.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, influencer.id = %id))]
pub async fn confirm(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<InfluencerResponse, UseCaseError> {
    actor.require_any(&CONFIRMERS)?;
    let (current, view) = access::load(tx, ctx, actor, id, DECIDERS, true).await?;
    let change = afiliados_db::bank_account_changes::pending(tx, ctx.tenant_id, current.id, true)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    if change.requested_by == actor.user_id {
        return Err(UseCaseError::forbidden(ErrorCode::SecondApproverRequired));
    }
    let account = change
        .bank_account_ciphertext
        .as_deref()
        .map(|sealed| bank::open_sealed(ctx.data_keys, current.id, sealed))
        .transpose()?;
    let changes = InfluencerChanges {
        bank_account_last4: Some(change.bank_account_last4.clone()),
        bank_account_type: Some(change.bank_account_type.map(|t| t.as_str().to_owned())),
        bank_name: Some(change.bank_name.clone()),
        bank_account_ciphertext: Some(change.bank_account_ciphertext.clone()),
        ..InfluencerChanges::default()
    };
    let updated = afiliados_db::influencers::write::update(tx, current.id, &changes).await?;
    afiliados_db::bank_account_changes::decide(
        tx,
        change.id,
        BankAccountChangeStatus::Confirmed,
        actor.user_id,
        ctx.now(),
    )
    .await?;
    let event = AuditEvent::new(
        "influencer.bank_account_change_confirmed",
        "influencer",
        current.id,
    )
    .changes(
        None,
        Some(json!({
            "changeId": change.id,
            "requestedBy": change.requested_by_email,
            "bankAccount": audit_view(&change),
        })),
    );
    let audit_actor = AuditActor::User(actor);
    audit::record(tx, ctx.tenant_id, &audit_actor, event).await?;
    update::bank_changed(tx, ctx, &audit_actor, &current, &updated, account.as_ref()).await?;
    representation::detail(tx, ctx, updated, &view).await
}

/// `POST /influencers/{id}/bank-account-change/reject`: the pending change is dropped unapplied.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, influencer.id = %id))]
pub async fn reject(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<InfluencerResponse, UseCaseError> {
    actor.require_any(&REJECTERS)?;
    let (current, view) = access::load(tx, ctx, actor, id, DECIDERS, true).await?;
    let change = afiliados_db::bank_account_changes::pending(tx, ctx.tenant_id, current.id, true)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    afiliados_db::bank_account_changes::decide(
        tx,
        change.id,
        BankAccountChangeStatus::Rejected,
        actor.user_id,
        ctx.now(),
    )
    .await?;
    let event = AuditEvent::new(
        "influencer.bank_account_change_rejected",
        "influencer",
        current.id,
    )
    .changes(
        None,
        Some(json!({
            "changeId": change.id,
            "requestedBy": change.requested_by_email,
            "bankAccount": audit_view(&change),
        })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    representation::detail(tx, ctx, current, &view).await
}

/// The pending change shown on the record (staff and finance views), masked.
pub async fn pending_response(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    influencer_id: Uuid,
) -> Result<Option<PendingBankAccountChange>, UseCaseError> {
    let Some(change) =
        afiliados_db::bank_account_changes::pending(conn, ctx.tenant_id, influencer_id, false)
            .await?
    else {
        return Ok(None);
    };
    let bank_account = change
        .bank_account_ciphertext
        .as_deref()
        .map(|sealed| bank::open_sealed(ctx.data_keys, influencer_id, sealed))
        .transpose()?
        .map(|account| bank::response(&account));
    Ok(Some(PendingBankAccountChange {
        id: change.id,
        requested_by: change.requested_by.into(),
        requested_by_email: change.requested_by_email,
        requested_at: change.requested_at,
        bank_account,
    }))
}

/// An own change supersedes whatever staff asked for.
pub async fn superseded_by_own_change(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    influencer_id: Uuid,
) -> Result<(), UseCaseError> {
    afiliados_db::bank_account_changes::supersede(tx, influencer_id, ctx.now()).await?;
    Ok(())
}
