//! `/arco/requests*`: data-subject requests (`api.md` §13).

use utoipa_actix_web::service_config::ServiceConfig;

mod create;
mod export;
mod read;
mod resolve;
mod start;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(create::create_arco_request)
        .service(read::list_arco_requests)
        .service(read::get_arco_request)
        .service(start::start_arco_request)
        .service(resolve::resolve_arco_request)
        .service(export::download_arco_export);
}
