//! The gestor area (gestor_afiliados, admin_marca in its brands, admin_dentsu): the approval
//! queue, influencers with their status actions, memberships, documents and codes, brands with
//! their withdrawal policy, campaigns with tiers and promotions, and discount codes with their
//! VTEX sync. Finance opens brands (withdrawal policy) and influencer records too.

mod brand_form;
mod brand_policy;
mod brands;
mod campaign_detail;
mod campaign_edit;
mod campaign_form;
mod campaigns_list;
mod code_detail;
mod code_new;
mod codes_list;
mod influencer_actions;
mod influencer_assign;
mod influencer_detail;
mod influencers_list;
mod queue;
mod rows;

use actix_web::web;
use afiliados_domain::Role;

use Role::{AdminDentsu as AD, AdminMarca as AM, Finance as FI, GestorAfiliados as GA};

/// The area's pages: influencers, campaigns and codes (AM within its brands).
const GESTOR: &[Role] = &[AD, GA, AM];
/// Who may open an influencer's record (AM and FI get the reduced view).
const INFLUENCER_READERS: &[Role] = &[AD, GA, AM, FI];
/// Who may list and download KYC documents.
const DOCUMENT_READERS: &[Role] = &[AD, GA, FI];
/// Who sees brands.
const BRAND_READERS: &[Role] = &[AD, GA, AM, FI];
/// Who creates brands and edits every field.
const BRAND_ADMINS: &[Role] = &[AD];
/// Who edits withdrawal policies.
const WITHDRAWAL_EDITORS: &[Role] = &[AD, FI];

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/gestor", web::get().to(queue::show_queue))
        .route(
            "/gestor/influencers",
            web::get().to(influencers_list::list_influencers),
        )
        .route(
            "/gestor/influencers/{id}",
            web::get().to(influencer_detail::show_influencer),
        )
        .route(
            "/gestor/influencers/{id}/estado",
            web::post().to(influencer_actions::submit_influencer_status),
        )
        .route(
            "/gestor/influencers/{id}/campanas",
            web::post().to(influencer_assign::submit_assign_campaign),
        )
        .route(
            "/gestor/influencers/{id}/documentos/{document_id}",
            web::get().to(influencer_actions::download_document),
        )
        .route("/gestor/marcas", web::get().to(brands::list_brands))
        .route(
            "/gestor/marcas/nueva",
            web::get().to(brand_form::show_new_brand),
        )
        .route(
            "/gestor/marcas/nueva",
            web::post().to(brand_form::submit_new_brand),
        )
        .route("/gestor/marcas/{id}", web::get().to(brand_form::show_brand))
        .route(
            "/gestor/marcas/{id}",
            web::post().to(brand_form::submit_update_brand),
        )
        .route(
            "/gestor/marcas/{id}/politica-retiro",
            web::post().to(brand_policy::submit_withdrawal_policy),
        )
        .route(
            "/gestor/campanas",
            web::get().to(campaigns_list::list_campaigns),
        )
        .route(
            "/gestor/campanas/nueva",
            web::get().to(campaign_edit::show_new_campaign),
        )
        .route(
            "/gestor/campanas/nueva",
            web::post().to(campaign_edit::submit_new_campaign),
        )
        .route(
            "/gestor/campanas/{id}",
            web::get().to(campaign_detail::show_campaign),
        )
        .route(
            "/gestor/campanas/{id}/editar",
            web::get().to(campaign_edit::show_edit_campaign),
        )
        .route(
            "/gestor/campanas/{id}/editar",
            web::post().to(campaign_edit::submit_edit_campaign),
        )
        .route(
            "/gestor/campanas/{id}/estado",
            web::post().to(campaign_detail::submit_campaign_status),
        )
        .route(
            "/gestor/campanas/{id}/eliminar",
            web::post().to(campaign_detail::submit_delete_campaign),
        )
        .route("/gestor/codigos", web::get().to(codes_list::list_codes))
        .route(
            "/gestor/codigos/nuevo",
            web::get().to(code_new::show_new_code),
        )
        .route(
            "/gestor/codigos/nuevo",
            web::post().to(code_new::submit_new_code),
        )
        .route(
            "/gestor/codigos/{id}",
            web::get().to(code_detail::show_code),
        )
        .route(
            "/gestor/codigos/{id}",
            web::post().to(code_detail::submit_update_code),
        )
        .route(
            "/gestor/codigos/{id}/activacion",
            web::post().to(code_detail::submit_code_enabled),
        )
        .route(
            "/gestor/codigos/{id}/sincronizar",
            web::post().to(code_detail::submit_sync_code),
        );
}
