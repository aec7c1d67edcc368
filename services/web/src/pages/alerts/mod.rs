//! `/alertas`: the operational alert queue (`api.md` §14 `GET /notifications/pending`; ADR 0058,
//! 0067) for admin_dentsu and gestor_afiliados — the alerts nobody acknowledged yet, newest
//! first, filtered by type, severity and raise date, each with its acknowledge button.

mod acknowledge;
mod queue;

use actix_web::web;
use afiliados_domain::Role;

/// Who reads and acknowledges the queue (`GET /notifications/pending`: AD, GA).
const OPERATORS: &[Role] = &[Role::AdminDentsu, Role::GestorAfiliados];

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/alertas", web::get().to(queue::list_alerts))
        .route(
            "/alertas/{id}/reconocer",
            web::post().to(acknowledge::submit_acknowledge),
        );
}
