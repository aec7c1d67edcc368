//! `/public/influencers` and `/influencers/*` handlers (`api.md` §3, §6), except the campaign
//! membership endpoints.

use utoipa_actix_web::service_config::ServiceConfig;

pub(crate) mod documents;
mod read;
mod register;
mod write;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(register::register_influencer)
        .service(read::list_influencers)
        .service(read::get_influencer)
        .service(read::get_status_history)
        .service(write::update_influencer)
        .service(write::change_influencer_status)
        .service(write::confirm_bank_account_change)
        .service(write::reject_bank_account_change)
        .service(documents::list_documents)
        .service(documents::upload_document)
        .service(documents::download_document)
        .service(documents::delete_document);
}
