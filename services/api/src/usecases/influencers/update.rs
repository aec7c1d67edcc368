//! `PATCH /influencers/{id}`: role field rules (a field the role may not edit is 403), the
//! registration rules and uniqueness for what is sent, the sign-in email following the
//! influencer's, and a bank account change re-sealed, audited masked and confirmed by e-mail.

use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::influencers::{InfluencerResponse, UpdateInfluencerRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_domain::BankAccount;
use afiliados_email_messages::BankAccountChanged;
use serde_json::json;
use uuid::Uuid;

use super::access::{self, Allowed, View};
use super::changes::{self, FINANCE_FIELDS, OWN_FIELDS, Planned};
use super::{bank, representation};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::emails::{QueuedEmail, queue};

const ALLOWED: Allowed = Allowed {
    staff: true,
    brand: false,
    finance: true,
    own: true,
};

/// 403 unless every field sent is one the caller's view may edit.
fn check_fields(view: &View, body: &UpdateInfluencerRequest) -> Result<(), ApiError> {
    let editable: &[&str] = match view {
        View::Staff => return Ok(()),
        View::Finance => &FINANCE_FIELDS,
        View::Own => &OWN_FIELDS,
        View::Brand(_) => &[],
    };
    if changes::present(body).iter().all(|f| editable.contains(f)) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

async fn check_unique(
    tx: &mut AsyncPgConnection,
    tenant_id: Uuid,
    current: &Influencer,
    planned: &Planned,
) -> Result<(), ApiError> {
    use afiliados_db::influencer_registry::{document_in_use, email_in_use};
    if let Some(email) = &planned.new_email
        && email_in_use(tx, tenant_id, email, Some(current.id), current.user_id).await?
    {
        return Err(ApiError::conflict(ApiErrorCode::EmailAlreadyRegistered));
    }
    if let Some((kind, number)) = &planned.new_document
        && document_in_use(tx, tenant_id, kind, number, Some(current.id)).await?
    {
        return Err(ApiError::conflict(ApiErrorCode::DocumentAlreadyRegistered));
    }
    Ok(())
}

/// Applies the edit inside the caller's transaction.
pub async fn update(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
    body: &UpdateInfluencerRequest,
) -> Result<InfluencerResponse, ApiError> {
    // The view is the widest among the caller's roles (a finance user who is also a gestor
    // edits as a gestor), and it decides the editable fields.
    let (current, view) = access::load(tx, state, user, id, ALLOWED, true).await?;
    check_fields(&view, body)?;
    let mut planned = changes::plan(tx, state.tenant_id, &current, body).await?;
    check_unique(tx, state.tenant_id, &current, &planned).await?;
    if let Some(account) = &planned.bank_account {
        let sealed = account
            .as_ref()
            .map(|a| bank::seal(state, current.id, a))
            .transpose()?;
        let c = &mut planned.changes;
        c.bank_account_last4 = Some(sealed.as_ref().map(|s| s.last4.clone()));
        c.bank_account_type = Some(sealed.as_ref().map(|s| s.account_type.clone()));
        c.bank_name = Some(sealed.as_ref().map(|s| s.bank_name.clone()));
        c.bank_account_ciphertext = Some(sealed.map(|s| s.ciphertext));
    }
    let updated =
        afiliados_db::influencer_registry::update(tx, current.id, &planned.changes).await?;
    if let Some(user_id) = updated.user_id {
        sync_user(tx, user_id, &planned).await?;
    }
    let actor = AuditActor::User(user);
    let other_fields = changes::present(body).iter().any(|f| *f != "bankAccount");
    if other_fields {
        let event = AuditEvent::new("influencer.updated", "influencer", updated.id).changes(
            Some(representation::audit_snapshot(&current)),
            Some(representation::audit_snapshot(&updated)),
        );
        audit::record(tx, state.tenant_id, &actor, event).await?;
    }
    if let Some(account) = &planned.bank_account {
        bank_changed(tx, state, &actor, &current, &updated, account.as_ref()).await?;
    }
    representation::detail(tx, state, updated, &view).await
}

/// The account carries the influencer's names and email, so edits by staff follow there.
async fn sync_user(
    tx: &mut AsyncPgConnection,
    user_id: Uuid,
    planned: &Planned,
) -> Result<(), ApiError> {
    if let Some(email) = &planned.new_email {
        afiliados_db::influencer_registry::set_user_email(tx, user_id, email).await?;
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

/// Audit (masked), e-mail and in-app notice of a bank account change.
async fn bank_changed(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    actor: &AuditActor<'_>,
    before: &Influencer,
    after: &Influencer,
    account: Option<&BankAccount>,
) -> Result<(), ApiError> {
    let event = AuditEvent::new("influencer.bank_account_changed", "influencer", after.id).changes(
        Some(json!({ "bankAccount": bank::audit_view(before) })),
        Some(json!({ "bankAccount": bank::audit_view(after) })),
    );
    audit::record(tx, state.tenant_id, actor, event).await?;
    let Some(user_id) = after.user_id else {
        return Ok(());
    };
    let locale = afiliados_db::users::find(tx, state.tenant_id, user_id)
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
        state.tenant_id,
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
        state.tenant_id,
        user_id,
        "influencer.bank_account_changed",
        "info",
        &json!({ "influencerId": after.id, "accountNumberMasked": masked }),
    )
    .await?;
    Ok(())
}
