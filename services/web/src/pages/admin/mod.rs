//! The admin area: user administration (admin_dentsu), the audit log and the e-mail outbox
//! (admin_dentsu, auditor).

mod audit;
mod emails;
mod user_actions;
mod user_detail;
mod user_form;
mod user_new;
mod users_list;

use actix_web::web;
use afiliados_domain::Role;

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
        .route("/admin/correos", web::get().to(emails::list_emails));
}

/// "previous"/"next" links of a list page, keeping its filters.
pub(crate) struct Pager {
    pub(crate) previous: Option<String>,
    pub(crate) next: Option<String>,
    pub(crate) summary: String,
}

impl Pager {
    pub(crate) fn new(base: &str, filters: &str, page: u32, page_size: u32, total: u64) -> Pager {
        let link = |page: u32| format!("{base}?page={page}{filters}");
        let last = total.div_ceil(u64::from(page_size.max(1))).max(1);
        Pager {
            previous: (page > 1).then(|| link(page - 1)),
            next: (u64::from(page) < last).then(|| link(page + 1)),
            summary: format!("{page} / {last} · {total}"),
        }
    }
}

/// `&name=value` pairs for the filters that are set, URL-encoded.
pub(crate) fn filter_query(pairs: &[(&str, Option<&str>)]) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        if let Some(value) = value.filter(|value| !value.is_empty()) {
            out.append_pair(name, value);
        }
    }
    let encoded = out.finish();
    if encoded.is_empty() {
        encoded
    } else {
        format!("&{encoded}")
    }
}
