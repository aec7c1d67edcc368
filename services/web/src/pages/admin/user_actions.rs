//! The one-click actions on a user (suspend, reactivate, unlock, reset 2FA, revoke sessions,
//! resend invitation). Each answers 303 back to the detail page with a flash message; a refusal
//! becomes an error flash so the detail page stays the single place that renders the user.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use afiliados_api_types::users::SuspendUserRequest;
use uuid::Uuid;

use super::USER_ADMINS;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::form_feedback;

/// `POST /admin/usuarios/{id}/{action}`.
pub(crate) async fn submit_user_action(
    ctx: Ctx,
    path: web::Path<(Uuid, String)>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    ctx.require(USER_ADMINS)?;
    let (id, action) = path.into_inner();
    let back = format!("/admin/usuarios/{id}");
    let outcome = match action.as_str() {
        "suspender" => {
            let reason = form
                .get("reason")
                .map(|reason| reason.trim().to_owned())
                .unwrap_or_default();
            let request = SuspendUserRequest { reason };
            ctx.call(async |api, token| api.suspend_user(token, id, &request).await.map(|_| ()))
                .await
        }
        "reactivar" => {
            ctx.call(async |api, token| api.reactivate_user(token, id).await.map(|_| ()))
                .await
        }
        "desbloquear" => {
            ctx.call(async |api, token| api.unlock_user(token, id).await)
                .await
        }
        "2fa/restablecer" => {
            ctx.call(async |api, token| api.reset_user_two_factor(token, id).await)
                .await
        }
        "sesiones/revocar" => {
            ctx.call(async |api, token| api.revoke_user_sessions(token, id).await)
                .await
        }
        "reenviar-invitacion" => {
            ctx.call(async |api, token| api.resend_invitation(token, id).await)
                .await
        }
        _ => return Err(WebError::NotFound),
    };
    match outcome {
        Ok(()) => ctx.done(&back, &format!("users.done.{}", action.replace('/', "_"))),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let details: Vec<&str> = ["reason"]
                .iter()
                .flat_map(|field| feedback.fields.of(field))
                .collect();
            let message = feedback.message.unwrap_or_else(|| details.join(" "));
            ctx.failed(&back, &message)
        }
    }
}
