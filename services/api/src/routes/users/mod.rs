//! `/users/*` (admin_dentsu only) handlers.

use utoipa_actix_web::service_config::ServiceConfig;

mod access;
mod read;
mod write;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(read::list_users)
        .service(read::get_user)
        .service(write::create_user)
        .service(write::update_user)
        .service(write::suspend_user)
        .service(write::reactivate_user)
        .service(access::resend_invitation)
        .service(access::unlock_user)
        .service(access::disable_user_two_factor)
        .service(access::revoke_user_sessions);
}
