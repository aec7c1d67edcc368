//! `/commissions/*` (`api.md` §10). The fixed paths (`summary`, `audit`, `settlements`, `tiers`) are
//! registered before `/commissions/{id}`, which would otherwise take them as an id.

use utoipa_actix_web::service_config::ServiceConfig;

mod acts;
mod read;
mod settlements;
mod tiers;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(tiers::evaluate_tiers)
        .service(tiers::tier_history)
        .service(settlements::run_settlement)
        .service(settlements::list_settlements)
        .service(settlements::get_settlement)
        .service(settlements::get_settlement_report)
        .service(read::commission_summary)
        .service(read::commission_audit)
        .service(read::list_commissions)
        .service(read::get_commission)
        .service(read::explain_commission)
        .service(acts::hold_commission)
        .service(acts::release_commission)
        .service(acts::revert_commission);
}
