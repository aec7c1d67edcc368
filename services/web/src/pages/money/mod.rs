//! The money pages (issue 10 §8): orders with their explanation, commissions with the hold,
//! release and revert acts, settlement runs with their preview and CSV report, the VTEX webhook
//! delivery log, and the ledger. The api scopes every read (AM: its brands; IN: its own; out of
//! scope is a 404); these pages only check the role first so nobody reaches an api 403, and offer
//! the acts only to the roles that may perform them (`api.md` §9, §10, §19; ADR 0040).

mod commission_acts;
mod commission_detail;
mod commissions_list;
mod deliveries;
mod delivery_detail;
mod ledger;
mod order_detail;
mod orders_list;
mod rows;
mod settlement_detail;
mod settlements;

use actix_web::web;
use afiliados_domain::Role;

use Role::{AdminDentsu as AD, AdminMarca as AM, Finance as FI};
use Role::{GestorAfiliados as GA, Influencer as IN};

/// `GET /orders`, `GET /orders/{id}` and its explanation.
const ORDER_READERS: &[Role] = &[AD, GA, FI, AM, IN];
/// `GET /commissions` and the summary.
const COMMISSION_READERS: &[Role] = &[AD, FI, AM, IN];
/// Hold, release, revert; settlement runs; the delivery log.
const FINANCE_STAFF: &[Role] = &[AD, FI];
/// `GET /ledger`.
const LEDGER_READERS: &[Role] = &[AD, FI, AM, IN];

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/pedidos", web::get().to(orders_list::list_orders))
        .route("/pedidos/{id}", web::get().to(order_detail::show_order))
        .route(
            "/comisiones",
            web::get().to(commissions_list::list_commissions),
        )
        .route(
            "/comisiones/{id}",
            web::get().to(commission_detail::show_commission),
        )
        .route(
            "/comisiones/{id}/{act}",
            web::post().to(commission_acts::submit_commission_act),
        )
        .route(
            "/liquidaciones",
            web::get().to(settlements::list_settlements),
        )
        .route(
            "/liquidaciones",
            web::post().to(settlements::submit_settlement_run),
        )
        .route(
            "/liquidaciones/{id}",
            web::get().to(settlement_detail::show_settlement),
        )
        .route(
            "/liquidaciones/{id}/reporte.csv",
            web::get().to(settlement_detail::download_report),
        )
        .route("/webhooks", web::get().to(deliveries::list_deliveries))
        .route(
            "/webhooks/reprocesar",
            web::post().to(deliveries::submit_reprocess_range),
        )
        .route(
            "/webhooks/{id}",
            web::get().to(delivery_detail::show_delivery),
        )
        .route(
            "/webhooks/{id}/reprocesar",
            web::post().to(delivery_detail::submit_reprocess),
        )
        .route("/libro-mayor", web::get().to(ledger::show_ledger));
}
