//! `/commissions/*` except tiers and settlements (`api.md` §10). The fixed paths (`summary`,
//! `balances`, `audit`) are registered before `/commissions/{id}`.

use utoipa_actix_web::service_config::ServiceConfig;

mod acts;
mod read;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(read::commission_summary)
        .service(read::commission_audit)
        .service(read::list_commissions)
        .service(read::get_commission)
        .service(read::explain_commission)
        .service(acts::hold_commission)
        .service(acts::release_commission)
        .service(acts::revert_commission);
}
