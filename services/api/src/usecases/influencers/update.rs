//! `PATCH /influencers/{id}`: role field rules (a field the role may not edit is 403), the
//! registration rules and uniqueness for what is sent, the sign-in email following the
//! influencer's (the previous address told, links and sessions ended), and a bank account
//! change: the influencer's own (password re-entered) re-sealed, audited masked and confirmed by
//! e-mail; staff's stored for a second user's confirmation (ADR 0018).

use afiliados_api_types::ErrorCode;
use afiliados_api_types::influencers::{InfluencerResponse, UpdateInfluencerRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_domain::{AccessDenied, Actor, BankAccount, FieldCode};
use afiliados_email_messages::{BankAccountChanged, EmailChanged};
use serde_json::json;
use uuid::Uuid;

use super::access::{self, Allowed, View};
use super::changes::{self, FINANCE_FIELDS, OWN_FIELDS, Planned};
use super::{bank, bank_change, representation};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::auth::verify_password;
use crate::usecases::emails::{QueuedEmail, queue};
use crate::usecases::{UseCaseContext, UseCaseError};

const ALLOWED: Allowed = Allowed {
    staff: true,
    brand: false,
    finance: true,
    own: true,
};

/// 403 unless every field sent is one the caller's view may edit.
fn check_fields(view: &View, body: &UpdateInfluencerRequest) -> Result<(), UseCaseError> {
    let editable: &[&str] = match view {
        View::Staff => return Ok(()),
        View::Finance => &FINANCE_FIELDS,
        View::Own => &OWN_FIELDS,
        View::Brand(_) => &[],
    };
    if changes::present(body).iter().all(|f| editable.contains(f)) {
        Ok(())
    } else {
        Err(AccessDenied.into())
    }
}

async fn check_unique(
    tx: &mut AsyncPgConnection,
    tenant_id: Uuid,
    current: &Influencer,
    planned: &Planned,
) -> Result<(), UseCaseError> {
    use afiliados_db::influencers::write::{document_in_use, email_in_use};
    if let Some(email) = &planned.new_email
        && email_in_use(tx, tenant_id, email, Some(current.id), current.user_id).await?
    {
        return Err(UseCaseError::conflict(ErrorCode::EmailAlreadyRegistered));
    }
    if let Some((kind, number)) = &planned.new_document
        && document_in_use(tx, tenant_id, kind, number, Some(current.id)).await?
    {
        return Err(UseCaseError::conflict(ErrorCode::DocumentAlreadyRegistered));
    }
    Ok(())
}

/// `PATCH /influencers/{id}`: staff edit everything, finance the tax profile, the influencer its
/// own contact data and bank account. A bank account change by staff waits for a second user's
/// confirmation; the influencer's own needs its password; an e-mail change is told to the
/// previous address and ends the account's reset links and sessions (ADR 0018).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, influencer.id = %id))]
pub async fn update(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    body: &UpdateInfluencerRequest,
) -> Result<InfluencerResponse, UseCaseError> {
    // The view is the widest among the caller's roles (a finance user who is also a gestor
    // edits as a gestor), and it decides the editable fields.
    let (current, view) = access::load(tx, ctx, actor, id, ALLOWED, true).await?;
    check_fields(&view, body)?;
    let mut planned = changes::plan(tx, ctx.tenant_id, &current, body).await?;
    check_unique(tx, ctx.tenant_id, &current, &planned).await?;
    // Staff's bank changes wait for dual control; only the influencer's own applies here.
    let staff_bank_change = if view == View::Staff {
        planned.bank_account.take()
    } else {
        None
    };
    if let Some(account) = &planned.bank_account {
        check_password(tx, ctx, actor, body.current_password.as_deref()).await?;
        let sealed = account
            .as_ref()
            .map(|a| bank::seal(ctx.data_keys, current.id, a))
            .transpose()?;
        let c = &mut planned.changes;
        c.bank_account_last4 = Some(sealed.as_ref().map(|s| s.last4.clone()));
        c.bank_account_type = Some(sealed.as_ref().map(|s| s.account_type.clone()));
        c.bank_name = Some(sealed.as_ref().map(|s| s.bank_name.clone()));
        c.bank_account_ciphertext = Some(sealed.map(|s| s.ciphertext));
    }
    let updated =
        afiliados_db::influencers::write::update(tx, current.id, &planned.changes).await?;
    if let Some(user_id) = updated.user_id {
        sync_user(tx, user_id, &planned).await?;
    }
    let audit_actor = AuditActor::User(actor);
    let other_fields = changes::present(body).iter().any(|f| *f != "bankAccount");
    if other_fields {
        let event = AuditEvent::new("influencer.updated", "influencer", updated.id).changes(
            Some(representation::audit_snapshot(&current)),
            Some(representation::audit_snapshot(&updated)),
        );
        audit::record(tx, ctx.tenant_id, &audit_actor, event).await?;
    }
    if planned.new_email.is_some() {
        email_changed(tx, ctx, actor, &current, &updated).await?;
    }
    if let Some(account) = &staff_bank_change {
        bank_change::request(tx, ctx, actor, &updated, account.as_ref()).await?;
    }
    if let Some(account) = &planned.bank_account {
        bank_change::superseded_by_own_change(tx, ctx, updated.id).await?;
        bank_changed(tx, ctx, &audit_actor, &current, &updated, account.as_ref()).await?;
    }
    representation::detail(tx, ctx, updated, &view).await
}

/// The influencer's own bank change needs its password re-entered: a stolen access token alone
/// must not redirect payouts. Missing is 422 `currentPassword`, wrong is 401
/// `invalid_credentials` (as for a password change).
async fn check_password(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    password: Option<&str>,
) -> Result<(), UseCaseError> {
    let Some(password) = password.filter(|p| !p.is_empty()) else {
        return Err(UseCaseError::invalid(
            "currentPassword",
            FieldCode::Required,
        ));
    };
    let user = afiliados_db::users::find(tx, ctx.tenant_id, actor.user_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    if verify_password(ctx.passwords, password, user.password_hash).await? {
        Ok(())
    } else {
        Err(UseCaseError::unauthenticated(ErrorCode::InvalidCredentials))
    }
}

/// The previous address hears of the change (the new one might be someone else's), and links
/// and sessions issued to whoever held the old address end.
async fn email_changed(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    before: &Influencer,
    after: &Influencer,
) -> Result<(), UseCaseError> {
    let Some(user_id) = after.user_id else {
        return Ok(());
    };
    afiliados_db::password_tokens::invalidate_all(tx, user_id).await?;
    let keep = (actor.user_id == user_id)
        .then_some(actor.session_id)
        .flatten();
    afiliados_db::sessions::revoke_all_sessions(tx, user_id, keep, "admin").await?;
    let locale = afiliados_db::users::find(tx, ctx.tenant_id, user_id)
        .await?
        .map(|u| u.locale.as_str().to_owned())
        .unwrap_or_else(|| "es".into());
    let message = EmailChanged {
        first_name: after.first_name.clone(),
        new_email_masked: mask_email(&after.email),
        changed_at: ctx.now(),
    };
    queue(
        tx,
        ctx.tenant_id,
        QueuedEmail {
            recipient: &before.email,
            recipient_user_id: Some(user_id),
            locale: &locale,
            message: message.into(),
        },
    )
    .await?;
    Ok(())
}

/// `laura@example.com` → `l•••@example.com`.
fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".to_owned(),
    }
}

/// The account carries the influencer's names and email, so edits by staff follow there.
async fn sync_user(
    tx: &mut AsyncPgConnection,
    user_id: Uuid,
    planned: &Planned,
) -> Result<(), UseCaseError> {
    if let Some(email) = &planned.new_email {
        afiliados_db::influencers::write::set_user_email(tx, user_id, email).await?;
    }
    let c = &planned.changes;
    if c.first_name.is_some() || c.last_name.is_some() {
        let names = afiliados_db::users::UserChanges {
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            ..Default::default()
        };
        afiliados_db::users::update(tx, user_id, &names).await?;
    }
    Ok(())
}

/// Audit (masked), e-mail and in-app notice of a bank account change that applied (the
/// influencer's own, or a confirmed staff change).
pub(super) async fn bank_changed(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &AuditActor<'_>,
    before: &Influencer,
    after: &Influencer,
    account: Option<&BankAccount>,
) -> Result<(), UseCaseError> {
    let event = AuditEvent::new("influencer.bank_account_changed", "influencer", after.id).changes(
        Some(json!({ "bankAccount": bank::audit_view(before) })),
        Some(json!({ "bankAccount": bank::audit_view(after) })),
    );
    audit::record(tx, ctx.tenant_id, actor, event).await?;
    let Some(user_id) = after.user_id else {
        return Ok(());
    };
    let locale = afiliados_db::users::find(tx, ctx.tenant_id, user_id)
        .await?
        .map(|u| u.locale.as_str().to_owned())
        .unwrap_or_else(|| "es".into());
    let masked = account.map(|a| a.masked().account_number_masked);
    let message = BankAccountChanged {
        first_name: after.first_name.clone(),
        account_number_masked: masked.clone(),
        changed_at: after.updated_at,
    };
    queue(
        tx,
        ctx.tenant_id,
        QueuedEmail {
            recipient: &after.email,
            recipient_user_id: Some(user_id),
            locale: &locale,
            message: message.into(),
        },
    )
    .await?;
    afiliados_db::notifications::insert(
        tx,
        ctx.tenant_id,
        user_id,
        "influencer.bank_account_changed",
        "info",
        &json!({ "influencerId": after.id, "accountNumberMasked": masked }),
    )
    .await?;
    Ok(())
}
