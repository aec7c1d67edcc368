//! `/auth/*` handlers.

use utoipa_actix_web::service_config::ServiceConfig;

mod password;
mod profile;
mod session;
mod two_factor;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(session::login)
        .service(session::login_two_factor)
        .service(session::refresh)
        .service(session::logout)
        .service(profile::get_profile)
        .service(profile::update_profile)
        .service(password::change_password)
        .service(password::forgot_password)
        .service(password::reset_password)
        .service(two_factor::enroll_two_factor)
        .service(two_factor::confirm_two_factor)
        .service(two_factor::regenerate_recovery_codes)
        .service(two_factor::disable_two_factor);
}
