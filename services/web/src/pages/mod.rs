//! The route table. Each page lives in `pages/<area>/<page>.rs` with `show_<page>` for the GET and
//! `submit_<form>` for the POST; this module only registers them.

mod account;
mod admin;
mod auth;
mod landing;
mod ops;

use actix_web::web;

/// Registers every route of the web.
pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/health", web::get().to(ops::health))
        .route("/metrics", web::get().to(ops::metrics))
        .route("/static/{name}", web::get().to(crate::assets::serve_asset))
        .route("/", web::get().to(landing::show_home));
    auth::routes(cfg);
    account::routes(cfg);
    landing::routes(cfg);
    admin::routes(cfg);
    cfg.default_service(web::to(ops::not_found));
}
