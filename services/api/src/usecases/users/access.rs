//! Admin acts on a user's access: resend invitation, unlock, reset 2FA, revoke sessions.

use afiliados_api_types::ErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::UserChanges;
use afiliados_domain::{Actor, Role};
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// The admin act to perform.
#[derive(Debug, Clone, Copy)]
pub enum AccessAct {
    /// New invitation token and e-mail.
    ResendInvitation,
    /// Clear the lockout.
    Unlock,
    /// Remove the TOTP secret and recovery codes, and revoke every session.
    DisableTwoFactor,
    /// Revoke every session.
    RevokeSessions,
}

/// Performs the act (admin_dentsu only).
#[tracing::instrument(skip_all, fields(actor.id = %admin.user_id, user.id = %id, act = ?act))]
pub async fn perform(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    admin: &Actor,
    id: Uuid,
    act: AccessAct,
) -> Result<(), UseCaseError> {
    admin.require_any(&[Role::AdminDentsu])?;
    let user = afiliados_db::users::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let action = match act {
        AccessAct::ResendInvitation => {
            if user.status != afiliados_domain::UserStatus::Invited {
                return Err(UseCaseError::conflict(ErrorCode::UserNotInvited));
            }
            super::create::invite(tx, ctx, &user).await?;
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
            // A reset is what an admin does when a second factor is lost or stolen: sessions
            // opened with it must not outlive it, so the user signs in (and enrols) again.
            afiliados_db::sessions::revoke_all_sessions(tx, id, None, "admin").await?;
            "auth.two_factor_disabled"
        }
        AccessAct::RevokeSessions => {
            afiliados_db::sessions::revoke_all_sessions(tx, id, None, "admin").await?;
            "user.sessions_revoked"
        }
    };
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(admin),
        AuditEvent::new(action, "user", id),
    )
    .await?;
    Ok(())
}
