//! `/vtex/*` handlers: the VTEX order webhook and the delivery log.

use utoipa_actix_web::service_config::ServiceConfig;

mod deliveries;
pub mod webhook;

/// Registers the handlers. The literal `…/deliveries/reprocess` comes before `…/{id}`.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(webhook::receive_order_notification)
        .service(deliveries::list_deliveries)
        .service(deliveries::reprocess_deliveries)
        .service(deliveries::get_delivery)
        .service(deliveries::reprocess_delivery);
}
