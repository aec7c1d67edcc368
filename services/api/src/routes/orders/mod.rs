//! `/orders/*` and `/vtex/orders/*` (`api.md` §9). Each handler extracts, runs one use case of
//! `crate::usecases::orders` through `crate::transaction` and answers its DTO.

use utoipa_actix_web::service_config::ServiceConfig;

mod read;
mod vtex;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(read::list_orders)
        .service(read::explain_order)
        .service(read::get_order)
        .service(vtex::list_vtex_orders)
        .service(vtex::refetch_order);
}
