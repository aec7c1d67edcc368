//! `/codes/*` and `/vtex/codes/{id}/sync` (`api.md` §8). Each handler extracts, runs one use case
//! of `crate::usecases::codes` through `crate::transaction` and answers its DTO; permissions,
//! scopes and rules live in the use cases.

use utoipa_actix_web::service_config::ServiceConfig;

mod read;
mod write;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(read::list_codes)
        .service(read::get_code)
        .service(write::create_code)
        .service(write::update_code)
        .service(write::sync_code)
        .service(write::sync_vtex_code);
}
