//! `/internal/v1`: small resources the worker reads and reports to, behind the service token.

use actix_web::web;

mod coupons;
mod emails;
mod jobs;
mod maintenance;
mod promotions;

/// Registers the handlers.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/ping", web::get().to(ping))
        .route("/emails/{id}", web::get().to(emails::get_email))
        .route("/emails/{id}/claim", web::post().to(emails::claim_email))
        .route(
            "/emails/{id}/delivery",
            web::post().to(emails::report_email_delivery),
        )
        .route("/codes/{id}/coupon", web::get().to(coupons::get_coupon))
        .route(
            "/codes/{id}/sync-result",
            web::post().to(coupons::report_sync_result),
        )
        .route(
            "/campaigns/{id}/promotions",
            web::get().to(promotions::get_promotions),
        )
        .route(
            "/campaigns/{id}/promotions/sync-result",
            web::post().to(promotions::report_sync_result),
        )
        .route("/jobs/runs", web::post().to(jobs::start_job_run))
        .route("/jobs/runs/{id}", web::patch().to(jobs::finish_job_run))
        .route("/maintenance/daily", web::post().to(maintenance::run_daily));
}

async fn ping(_caller: crate::extract::ServiceCaller) -> actix_web::HttpResponse {
    actix_web::HttpResponse::NoContent().finish()
}
