//! `/campaigns/*` (`api.md` §7).

use utoipa_actix_web::service_config::ServiceConfig;

mod read;
mod write;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(read::list_campaigns)
        .service(read::get_campaign)
        .service(read::list_campaign_influencers)
        .service(read::get_campaign_status_history)
        .service(write::create_campaign)
        .service(write::update_campaign)
        .service(write::delete_campaign);
}
