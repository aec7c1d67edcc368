//! `POST /logout`: revokes the api session, clears the cookie and returns to `/login`.

use actix_web::HttpResponse;
use afiliados_api_types::auth::LogoutRequest;

use crate::context::Ctx;
use crate::error::WebError;

/// `POST /logout` (CSRF-checked like every form).
pub(crate) async fn submit_logout(ctx: Ctx) -> Result<HttpResponse, WebError> {
    if let Some(tokens) = ctx.session.tokens() {
        let request = LogoutRequest {
            refresh_token: tokens.refresh.clone(),
            all_sessions: false,
        };
        // Best effort: an expired token means the session is already gone on the api side.
        if let Err(error) = ctx.api().logout(&tokens.access, &request).await {
            tracing::info!(error = %error, "api logout failed; clearing the web session anyway");
        }
    }
    ctx.session.0.purge();
    Ok(ctx.see_other("/login"))
}
