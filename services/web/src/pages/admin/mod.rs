//! The admin area: user administration (admin_dentsu), the audit log and the e-mail outbox
//! (admin_dentsu, auditor), policy versions (read by admin dentsu, gestor and auditor; published
//! by admin dentsu), consent certificate verification (admin dentsu, gestor, auditor) and tax
//! profiles (finance, admin dentsu).

mod audit;
mod certificate_verify;
mod emails;
mod policies;
mod tax_profiles;
mod user_actions;
mod user_detail;
mod user_form;
mod user_new;
mod users_list;

use actix_web::web;
use afiliados_domain::Role;

pub(crate) use crate::pager::{Pager, filter_query};

/// Who may administer users.
const USER_ADMINS: &[Role] = &[Role::AdminDentsu];
/// Who may read the audit log and the outbox.
const READERS: &[Role] = &[Role::AdminDentsu, Role::Auditor];

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/usuarios", web::get().to(users_list::list_users))
        .route(
            "/admin/usuarios/nuevo",
            web::get().to(user_new::show_new_user),
        )
        .route(
            "/admin/usuarios/nuevo",
            web::post().to(user_new::submit_new_user),
        )
        .route(
            "/admin/usuarios/{id}",
            web::get().to(user_detail::show_user),
        )
        .route(
            "/admin/usuarios/{id}",
            web::post().to(user_detail::submit_update_user),
        )
        .route(
            "/admin/usuarios/{id}/{action:.+}",
            web::post().to(user_actions::submit_user_action),
        )
        .route("/admin/auditoria", web::get().to(audit::list_audit_logs))
        .route("/admin/correos", web::get().to(emails::list_emails))
        .route("/admin/politicas", web::get().to(policies::list_policies))
        .route(
            "/admin/politicas",
            web::post().to(policies::submit_publish_policy),
        )
        .route(
            "/admin/certificados/verificar",
            web::get().to(certificate_verify::show_verify_certificate),
        )
        .route(
            "/admin/certificados/verificar",
            web::post().to(certificate_verify::submit_verify_certificate),
        )
        .route(
            "/admin/perfiles-tributarios",
            web::get().to(tax_profiles::list_tax_profiles),
        )
        .route(
            "/admin/perfiles-tributarios",
            web::post().to(tax_profiles::submit_new_tax_profile),
        )
        .route(
            "/admin/perfiles-tributarios/{id}",
            web::get().to(tax_profiles::show_tax_profile),
        )
        .route(
            "/admin/perfiles-tributarios/{id}",
            web::post().to(tax_profiles::submit_update_tax_profile),
        );
}
