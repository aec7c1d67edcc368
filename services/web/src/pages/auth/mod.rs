//! Sign-in, the 2FA step, sign-out and the public password forms.

mod forgot;
mod login;
mod logout;
mod reset;
mod two_factor;

use actix_web::web;

pub(crate) use login::finish_sign_in;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/login", web::get().to(login::show_login))
        .route("/login", web::post().to(login::submit_login))
        .route("/login/2fa", web::get().to(two_factor::show_two_factor))
        .route("/login/2fa", web::post().to(two_factor::submit_two_factor))
        .route("/logout", web::post().to(logout::submit_logout))
        .route(
            "/recuperar-clave",
            web::get().to(forgot::show_forgot_password),
        )
        .route(
            "/recuperar-clave",
            web::post().to(forgot::submit_forgot_password),
        )
        .route(
            "/restablecer-clave",
            web::get().to(reset::show_reset_password),
        )
        .route(
            "/restablecer-clave",
            web::post().to(reset::submit_reset_password),
        )
        // The influencer's set-password e-mail links here (COMMON e-mail contract).
        .route("/reset-password", web::get().to(reset::show_reset_password))
        .route(
            "/reset-password",
            web::post().to(reset::submit_reset_password),
        );
}
