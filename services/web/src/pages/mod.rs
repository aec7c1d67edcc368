//! The route table. Each page lives in `pages/<area>/<page>.rs` with `show_<page>` for the GET and
//! `submit_<form>` for the POST; this module only registers them.

mod account;
mod admin;
mod admin_dashboard;
mod alerts;
mod auth;
mod gestor;
mod influencer;
pub(crate) mod landing;
mod money;
mod notifications;
mod ops;
mod payouts;
mod public;
mod reconciliation;
mod status;
mod surveys;

use actix_web::web;

/// Registers every route of the web.
pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/health", web::get().to(ops::health))
        .route("/metrics", web::get().to(ops::metrics))
        .route("/static/{name}", web::get().to(crate::assets::serve_asset))
        .route("/", web::get().to(public::show_home));
    public::routes(cfg);
    auth::routes(cfg);
    account::routes(cfg);
    landing::routes(cfg);
    admin::routes(cfg);
    gestor::routes(cfg);
    influencer::routes(cfg);
    money::routes(cfg);
    payouts::routes(cfg);
    notifications::routes(cfg);
    surveys::routes(cfg);
    status::routes(cfg);
    reconciliation::routes(cfg);
    alerts::routes(cfg);
    cfg.default_service(web::to(ops::not_found));
}
