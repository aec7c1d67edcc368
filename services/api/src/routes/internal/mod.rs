//! `/internal/v1`: small resources the worker reads and reports to, behind the service token
//! (checked for the whole scope by `crate::service_token::guard`).

use actix_web::web;

mod alerts;
mod backups;
mod coupons;
mod deliveries;
mod discrepancies;
mod emails;
mod feed;
mod jobs;
mod maintenance;
mod orders;
mod promotions;
mod reconciliations;
mod settlements;
mod tiers;

/// Declares the internal routes once: [`routes`] registers them and [`ROUTES`] lists them, so the
/// scope guard's test (which calls every route without the token) covers a new route unasked.
macro_rules! internal_routes {
    ($($method:ident $path:literal => $handler:path),+ $(,)?) => {
        /// Registers the handlers (inside the guarded `/internal/v1` scope).
        pub fn routes(cfg: &mut web::ServiceConfig) {
            $(cfg.route($path, web::$method().to($handler));)+
        }

        /// Every internal route as `(method, path)` relative to `/internal/v1`.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),+];
    };
}

internal_routes! {
    get "/ping" => ping,
    post "/alerts" => alerts::raise_alert,
    post "/alerts/evaluate" => alerts::evaluate_alerts,
    post "/retention/run" => alerts::run_retention,
    get "/emails/{id}" => emails::get_email,
    post "/emails/{id}/claim" => emails::claim_email,
    post "/emails/{id}/delivery" => emails::report_email_delivery,
    get "/codes/{id}/coupon" => coupons::get_coupon,
    post "/codes/{id}/sync-result" => coupons::report_sync_result,
    get "/campaigns/{id}/promotions" => promotions::get_promotions,
    post "/campaigns/{id}/promotions/sync-result" => promotions::report_sync_result,
    post "/jobs/runs" => jobs::start_job_run,
    patch "/jobs/runs/{id}" => jobs::finish_job_run,
    post "/maintenance/daily" => maintenance::run_daily,
    post "/orders/ingest" => orders::ingest_order,
    post "/orders/not-found" => orders::order_not_found,
    get "/webhook-deliveries/{id}" => deliveries::get_delivery,
    post "/webhook-deliveries/{id}/claim" => deliveries::claim_delivery,
    post "/webhook-deliveries/{id}/result" => deliveries::report_delivery,
    post "/settlements/run" => settlements::run_scheduled,
    post "/tiers/evaluate-due" => tiers::evaluate_due,
    post "/reconciliations" => reconciliations::start_scheduled,
    get "/reconciliations/{id}" => reconciliations::get_run,
    post "/reconciliations/{id}/vtex-orders" => reconciliations::stage_vtex_orders,
    post "/reconciliations/{id}/compare" => reconciliations::compare_run,
    post "/reconciliations/{id}/deep-check" => reconciliations::deep_check_run,
    post "/reconciliations/{id}/finish" => reconciliations::finish_run,
    post "/reconciliations/{id}/fail" => reconciliations::fail_run,
    post "/backups" => backups::record_backup,
    get "/backups" => backups::list_backups,
    get "/backups/latest" => backups::get_latest_backup,
    post "/backups/{id}/pruned" => backups::mark_backup_pruned,
    post "/discrepancies/escalate" => discrepancies::escalate,
    post "/feed/events" => feed::receive_feed_events,
}

async fn ping(_caller: crate::extract::ServiceCaller) -> actix_web::HttpResponse {
    actix_web::HttpResponse::NoContent().finish()
}
