//! Public pages: the programme's landing page, the registration form and its success page, the
//! text of each policy version (registration links to it) and the brands' logos.

mod brand_logo;
mod home;
mod policy_document;
mod register;
mod register_form;
mod register_upload;

use actix_web::web;

pub(crate) use home::show_home;
pub(crate) use register_form::policy_href;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/registro", web::get().to(register::show_register))
        .route("/registro", web::post().to(register::submit_register))
        .route(
            "/registro/listo",
            web::get().to(register::show_register_done),
        )
        .route(
            "/marcas/{id}/logo",
            web::get().to(brand_logo::show_brand_logo),
        )
        .route(
            "/politicas/{policy_type}/{version}",
            web::get().to(policy_document::show_policy_document),
        );
}
