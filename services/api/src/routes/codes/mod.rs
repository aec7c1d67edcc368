//! `/codes/*` and `/vtex/codes/{id}/sync` (`api.md` §8).

use afiliados_domain::Role;
use utoipa_actix_web::service_config::ServiceConfig;

mod read;
mod write;

/// Roles that reach every code.
pub(crate) const STAFF: [Role; 2] = [Role::AdminDentsu, Role::GestorAfiliados];

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(read::list_codes)
        .service(read::get_code)
        .service(write::create_code)
        .service(write::update_code)
        .service(write::sync_code)
        .service(write::sync_vtex_code);
}
