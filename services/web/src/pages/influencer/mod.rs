//! The influencer's own area: the panel, profile and bank account, codes, documents, consents
//! with their certificates, ARCO requests, and the re-acceptance of new policy versions, which
//! every other page yields to (`domain.md` §2.3, §5.3.4).

mod accept;
mod arco;
mod codes;
mod consents;
mod dashboard;
mod dashboard_money;
mod documents;
mod profile;

use actix_web::web;

pub(crate) use documents::DocumentRow;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/influencer", web::get().to(dashboard::show_dashboard))
        .route("/influencer/perfil", web::get().to(profile::show_profile))
        .route(
            "/influencer/perfil",
            web::post().to(profile::submit_profile),
        )
        .route(
            "/influencer/perfil/cuenta-bancaria",
            web::post().to(profile::submit_bank_account),
        )
        .route("/influencer/codigos", web::get().to(codes::list_own_codes))
        .route(
            "/influencer/documentos",
            web::get().to(documents::show_documents),
        )
        .route(
            "/influencer/documentos",
            web::post().to(documents::submit_document),
        )
        .route(
            "/influencer/consentimientos",
            web::get().to(consents::list_own_consents),
        )
        .route(
            "/influencer/consentimientos/{version_id}/certificado.json",
            web::get().to(consents::download_certificate),
        )
        .route(
            "/influencer/consentimientos/{version_id}/certificado.pdf",
            web::get().to(consents::download_certificate_pdf),
        )
        .route("/influencer/arco", web::get().to(arco::show_arco))
        .route("/influencer/arco", web::post().to(arco::submit_arco))
        .route(
            "/influencer/arco/{id}/exportacion",
            web::get().to(arco::download_export),
        )
        .route(
            "/influencer/aceptar-politicas",
            web::get().to(accept::show_accept_policies),
        )
        .route(
            "/influencer/aceptar-politicas",
            web::post().to(accept::submit_accept_policies),
        );
}
