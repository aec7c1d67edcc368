//! `/commissions/*` (`api.md` §10): settlement runs.

use utoipa_actix_web::service_config::ServiceConfig;

mod settlements;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(settlements::run_settlement)
        .service(settlements::list_settlements)
        .service(settlements::get_settlement)
        .service(settlements::get_settlement_report);
}
