//! The signed-in user's own account: password change and two-factor authentication.

mod password;
mod recovery_codes;
mod two_factor;

use actix_web::web;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/cuenta/clave",
        web::get().to(password::show_change_password),
    )
    .route(
        "/cuenta/clave",
        web::post().to(password::submit_change_password),
    )
    .route(
        "/cuenta/2fa",
        web::get().to(two_factor::show_two_factor_settings),
    )
    .route(
        "/cuenta/2fa/confirmar",
        web::post().to(two_factor::submit_confirm_two_factor),
    )
    .route(
        "/cuenta/2fa/desactivar",
        web::post().to(two_factor::submit_disable_two_factor),
    )
    .route(
        "/cuenta/2fa/codigos",
        web::get().to(recovery_codes::show_recovery_codes),
    )
    .route(
        "/cuenta/2fa/codigos",
        web::post().to(recovery_codes::submit_regenerate_recovery_codes),
    );
}
