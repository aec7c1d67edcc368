//! The gestor area (gestor_afiliados, admin_marca in its brands, admin_dentsu): the approval
//! queue, influencers with their status actions, memberships, documents, consents and codes,
//! brands with their logo and withdrawal policy, campaigns with tiers, promotions and members,
//! discount codes with their VTEX sync, and the ARCO queue (the auditor reads it). Finance opens
//! brands (withdrawal policy) and influencer records (tax profile) too.

mod arco_detail;
mod arco_fields;
mod arco_queue;
mod arco_resolve;
mod bank_change;
mod brand_form;
mod brand_logo;
mod brand_policy;
mod brands;
mod campaign_detail;
mod campaign_edit;
mod campaign_form;
mod campaign_members;
mod campaigns_list;
mod code_detail;
mod code_new;
mod codes_list;
mod document_delete;
mod gestor_summary;
mod influencer_actions;
mod influencer_assign;
mod influencer_detail;
mod influencer_forms;
mod influencer_sections;
mod influencers_list;
mod membership_status;
mod queue;
mod rows;

use actix_web::web;
use afiliados_domain::Role;

use Role::GestorAfiliados as GA;
use Role::{AdminDentsu as AD, AdminMarca as AM, Auditor as AU, Finance as FI};

pub(crate) use brand_logo::is_logo_type;

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
/// Who deletes KYC documents.
const DOCUMENT_ADMINS: &[Role] = &[AD, GA];
/// Who reads consents and downloads their certificates.
const CONSENT_READERS: &[Role] = &[AD, GA, AU];
/// Who changes an influencer's tax profile (finance: that field only).
const TAX_EDITORS: &[Role] = &[AD, GA, FI];
/// Who confirms a staff bank account change (never the requester; ADR 0018).
const BANK_CHANGE_CONFIRMERS: &[Role] = &[AD, FI];
/// Who opens a pending bank account change and may reject it.
const BANK_CHANGE_DECIDERS: &[Role] = &[AD, GA, FI];
/// Who reads the ARCO queue and requests.
const ARCO_READERS: &[Role] = &[AD, GA, AU];
/// Who files ARCO requests on a person's behalf, starts and resolves them.
const ARCO_STAFF: &[Role] = &[AD, GA];

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
            "/gestor/influencers/{id}/campanas/{campaign_id}/estado",
            web::post().to(membership_status::submit_membership_status),
        )
        .route(
            "/gestor/influencers/{id}/documentos/{document_id}",
            web::get().to(influencer_actions::download_document),
        )
        .route(
            "/gestor/influencers/{id}/documentos/{document_id}/eliminar",
            web::get().to(document_delete::show_delete_document),
        )
        .route(
            "/gestor/influencers/{id}/documentos/{document_id}/eliminar",
            web::post().to(document_delete::submit_delete_document),
        )
        .route(
            "/gestor/influencers/{id}/consentimientos/{version_id}/certificado.json",
            web::get().to(influencer_actions::download_certificate),
        )
        .route(
            "/gestor/influencers/{id}/consentimientos/{version_id}/certificado.pdf",
            web::get().to(influencer_actions::download_certificate_pdf),
        )
        .route(
            "/gestor/influencers/{id}/perfil-tributario",
            web::post().to(influencer_forms::submit_tax_profile),
        )
        .route(
            "/gestor/influencers/{id}/arco",
            web::post().to(influencer_forms::submit_arco_on_behalf),
        )
        .route(
            "/gestor/influencers/{id}/cuenta-bancaria",
            web::get().to(bank_change::show_bank_change),
        )
        .route(
            "/gestor/influencers/{id}/cuenta-bancaria/confirmar",
            web::post().to(bank_change::submit_confirm_bank_change),
        )
        .route(
            "/gestor/influencers/{id}/cuenta-bancaria/rechazar",
            web::post().to(bank_change::submit_reject_bank_change),
        )
        .route("/gestor/arco", web::get().to(arco_queue::show_arco_queue))
        .route(
            "/gestor/arco/{id}",
            web::get().to(arco_detail::show_arco_request),
        )
        .route(
            "/gestor/arco/{id}/iniciar",
            web::post().to(arco_detail::submit_start_arco),
        )
        .route(
            "/gestor/arco/{id}/resolver",
            web::post().to(arco_resolve::submit_resolve_arco),
        )
        .route(
            "/gestor/arco/{id}/exportacion",
            web::get().to(arco_detail::download_arco_export),
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
            "/gestor/marcas/{id}/logo",
            web::post().to(brand_logo::submit_brand_logo),
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
            "/gestor/campanas/{id}/miembros",
            web::get().to(campaign_members::list_campaign_members),
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
