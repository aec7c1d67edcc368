//! Suspend and reactivate (the user machine of domain.md §4.1).

use afiliados_api_types::ErrorCode;
use afiliados_api_types::users::UserResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::UserChanges;
use afiliados_domain::{Actor, FieldCode, Role, UserStatus};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// `POST /users/{id}/suspend` (admin_dentsu, never on itself): sessions revoked, sign-in
/// refused.
#[tracing::instrument(skip_all, fields(actor.id = %admin.user_id, user.id = %id))]
pub async fn suspend(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    admin: &Actor,
    id: Uuid,
    reason: &str,
) -> Result<UserResponse, UseCaseError> {
    admin.require_any(&[Role::AdminDentsu])?;
    if id == admin.user_id {
        return Err(UseCaseError::invalid("id", FieldCode::NotAllowed));
    }
    let length = reason.trim().chars().count();
    if !(3..=500).contains(&length) {
        return Err(UseCaseError::invalid(
            "reason",
            if length < 3 {
                FieldCode::TooShort
            } else {
                FieldCode::TooLong
            },
        ));
    }
    let user = afiliados_db::users::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let from = user.status;
    if !from.can_become(UserStatus::Suspended) {
        return Err(UseCaseError::conflict_with(
            ErrorCode::InvalidTransition,
            json!({ "from": user.status, "to": "suspended" }),
        ));
    }
    let is_admin = afiliados_db::roles::roles_of(tx, id)
        .await?
        .iter()
        .any(|r| r == "admin_dentsu");
    if is_admin && afiliados_db::roles::count_other_active_admins(tx, id).await? == 0 {
        return Err(UseCaseError::conflict(ErrorCode::LastAdmin));
    }
    let changes = UserChanges {
        status: Some("suspended".into()),
        status_reason: Some(Some(reason.trim().to_owned())),
        ..UserChanges::default()
    };
    let updated = afiliados_db::users::update(tx, id, &changes).await?;
    afiliados_db::sessions::revoke_all_sessions(tx, id, None, "suspended").await?;
    afiliados_db::status_history::record(
        tx,
        afiliados_db::status_history::StatusChange {
            tenant_id: ctx.tenant_id,
            entity_type: "user",
            entity_id: id,
            from: Some(user.status.as_str()),
            to: "suspended",
            reason: Some(reason.trim()),
            actor: &admin.email,
        },
    )
    .await?;
    let event = AuditEvent::new("user.suspended", "user", id).changes(
        Some(json!({ "status": user.status })),
        Some(json!({ "status": "suspended", "reason": reason.trim() })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(admin), event).await?;
    Ok(super::representation::detail(tx, updated, ctx.now()).await?)
}

/// `POST /users/{id}/reactivate` (admin_dentsu).
#[tracing::instrument(skip_all, fields(actor.id = %admin.user_id, user.id = %id))]
pub async fn reactivate(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    admin: &Actor,
    id: Uuid,
) -> Result<UserResponse, UseCaseError> {
    admin.require_any(&[Role::AdminDentsu])?;
    let user = afiliados_db::users::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    if user.status != UserStatus::Suspended {
        return Err(UseCaseError::conflict(ErrorCode::UserNotSuspended));
    }
    let changes = UserChanges {
        status: Some("active".into()),
        status_reason: Some(None),
        ..UserChanges::default()
    };
    let updated = afiliados_db::users::update(tx, id, &changes).await?;
    afiliados_db::status_history::record(
        tx,
        afiliados_db::status_history::StatusChange {
            tenant_id: ctx.tenant_id,
            entity_type: "user",
            entity_id: id,
            from: Some("suspended"),
            to: "active",
            reason: None,
            actor: &admin.email,
        },
    )
    .await?;
    let event = AuditEvent::new("user.reactivated", "user", id).changes(
        Some(json!({ "status": "suspended" })),
        Some(json!({ "status": "active" })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(admin), event).await?;
    Ok(super::representation::detail(tx, updated, ctx.now()).await?)
}
