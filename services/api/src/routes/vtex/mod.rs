//! `/vtex/*` handlers: the VTEX order webhook, the delivery log and reconciliation.

use utoipa_actix_web::service_config::ServiceConfig;

mod deliveries;
mod discrepancies;
mod reconciliations;
pub mod webhook;

/// Registers the handlers. Literal segments (`…/deliveries/reprocess`,
/// `…/reconciliations/discrepancies`, `…/reconciliations/run`) come before `…/{id}`.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(webhook::receive_order_notification)
        .service(deliveries::list_deliveries)
        .service(deliveries::reprocess_deliveries)
        .service(deliveries::get_delivery)
        .service(deliveries::reprocess_delivery)
        .service(discrepancies::list_discrepancies)
        .service(discrepancies::reprocess_discrepancy)
        .service(discrepancies::accept_discrepancy)
        .service(reconciliations::record_reconciliation)
        .service(reconciliations::run_reconciliation)
        .service(reconciliations::list_reconciliations)
        .service(reconciliations::get_reconciliation)
        .service(reconciliations::report_json)
        .service(reconciliations::report_csv)
        .service(discrepancies::run_discrepancies);
}
