//! `/brands/*`, `/payments/policies` and the public logo (`api.md` §3, §5).

use utoipa_actix_web::service_config::ServiceConfig;

mod logo;
mod read;
mod write;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(read::list_brands)
        .service(read::get_brand)
        .service(read::get_withdrawal_policy)
        .service(read::list_payment_policies)
        .service(write::create_brand)
        .service(write::update_brand)
        .service(write::put_withdrawal_policy)
        .service(logo::put_logo)
        .service(logo::get_public_logo);
}
