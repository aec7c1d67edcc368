//! Suspend and reactivate (the user machine of domain.md §4.1).

use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::users::UserResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::UserChanges;
use afiliados_domain::UserStatus;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;

/// `POST /users/{id}/suspend`: sessions revoked, sign-in refused.
pub async fn suspend(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    admin: &CurrentUser,
    id: Uuid,
    reason: &str,
) -> Result<UserResponse, ApiError> {
    let length = reason.trim().chars().count();
    if !(3..=500).contains(&length) {
        return Err(ApiError::field(
            "reason",
            if length < 3 { "too_short" } else { "too_long" },
        ));
    }
    let user = afiliados_db::users::find_for_update(tx, state.tenant_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let from = user.status;
    if !from.can_become(UserStatus::Suspended) {
        return Err(ApiError::Conflict(
            ApiErrorCode::InvalidTransition,
            vec![json!({ "from": user.status, "to": "suspended" })],
        ));
    }
    let is_admin = afiliados_db::roles::roles_of(tx, id)
        .await?
        .iter()
        .any(|r| r == "admin_dentsu");
    if is_admin && afiliados_db::roles::count_other_active_admins(tx, id).await? == 0 {
        return Err(ApiError::conflict(ApiErrorCode::LastAdmin));
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
            tenant_id: state.tenant_id,
            entity_type: "user",
            entity_id: id,
            from: Some(user.status.as_str()),
            to: "suspended",
            reason: Some(reason.trim()),
            actor: &admin.user.email,
        },
    )
    .await?;
    let event = AuditEvent::new("user.suspended", "user", id).changes(
        Some(json!({ "status": user.status })),
        Some(json!({ "status": "suspended", "reason": reason.trim() })),
    );
    audit::record(tx, state.tenant_id, &AuditActor::User(admin), event).await?;
    Ok(super::representation::detail(tx, updated, state.now()).await?)
}

/// `POST /users/{id}/reactivate`.
pub async fn reactivate(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    admin: &CurrentUser,
    id: Uuid,
) -> Result<UserResponse, ApiError> {
    let user = afiliados_db::users::find_for_update(tx, state.tenant_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if user.status != afiliados_domain::UserStatus::Suspended {
        return Err(ApiError::conflict(ApiErrorCode::UserNotSuspended));
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
            tenant_id: state.tenant_id,
            entity_type: "user",
            entity_id: id,
            from: Some("suspended"),
            to: "active",
            reason: None,
            actor: &admin.user.email,
        },
    )
    .await?;
    let event = AuditEvent::new("user.reactivated", "user", id).changes(
        Some(json!({ "status": "suspended" })),
        Some(json!({ "status": "active" })),
    );
    audit::record(tx, state.tenant_id, &AuditActor::User(admin), event).await?;
    Ok(super::representation::detail(tx, updated, state.now()).await?)
}
