//! Admin acts on a user's access: resend invitation, unlock, reset 2FA, revoke sessions.

use afiliados_api_types::ApiErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::UserChanges;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;

/// The admin act to perform.
#[derive(Debug, Clone, Copy)]
pub enum AccessAct {
    /// New invitation token and e-mail.
    ResendInvitation,
    /// Clear the lockout.
    Unlock,
    /// Remove the TOTP secret and recovery codes.
    DisableTwoFactor,
    /// Revoke every session.
    RevokeSessions,
}

/// Performs the act inside the caller's transaction.
pub async fn perform(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    admin: &CurrentUser,
    id: Uuid,
    act: AccessAct,
) -> Result<(), ApiError> {
    let user = afiliados_db::users::find_for_update(tx, state.tenant_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let action = match act {
        AccessAct::ResendInvitation => {
            if user.status != afiliados_domain::UserStatus::Invited {
                return Err(ApiError::conflict(ApiErrorCode::UserNotInvited));
            }
            super::create::invite(tx, state, &user).await?;
            "user.invitation_resent"
        }
        AccessAct::Unlock => {
            afiliados_db::login_attempts::clear(tx, &user.email).await?;
            let changes = UserChanges {
                failed_login_count: Some(0),
                locked_until: Some(None),
                ..UserChanges::default()
            };
            afiliados_db::users::update(tx, id, &changes).await?;
            "user.unlocked"
        }
        AccessAct::DisableTwoFactor => {
            afiliados_db::totp::delete(tx, id).await?;
            afiliados_db::recovery_codes::delete_all(tx, id).await?;
            "auth.two_factor_disabled"
        }
        AccessAct::RevokeSessions => {
            afiliados_db::sessions::revoke_all_sessions(tx, id, None, "admin").await?;
            "user.sessions_revoked"
        }
    };
    audit::record(
        tx,
        state.tenant_id,
        &AuditActor::User(admin),
        AuditEvent::new(action, "user", id),
    )
    .await?;
    Ok(())
}
