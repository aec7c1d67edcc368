//! The money-out pages (issue 11 §6): the influencer's wallet with its withdrawal request form,
//! withdrawals with their decision log and documents, payments with gross/withheld/net and their
//! vouchers, Finance's queue (approve, reject, pay), payout batches (create, CSV, pay, cancel),
//! adjustments (create, resolve) and the finance dashboard. The api scopes every read; these
//! pages check the role first so nobody reaches an api 403, and offer each act only to the roles
//! of its endpoint in `api.md` §11 (ADR 0051).

mod adjustments;
mod batch_detail;
mod batches;
mod documents;
mod finance_dashboard;
mod payments;
mod shared;
mod wallet;
mod withdrawal_acts;
mod withdrawal_detail;
mod withdrawals_list;

use actix_web::web;
use afiliados_domain::Role;

use Role::{AdminDentsu as AD, AdminMarca as AM, Finance as FI};
use Role::{GestorAfiliados as GA, Influencer as IN};

/// `GET /payments/withdrawals` and `/payments/adjustments`.
const WITHDRAWAL_READERS: &[Role] = &[AD, GA, FI, AM, IN];
/// `GET /payments`: no gestor, no brand admin.
const PAYMENT_READERS: &[Role] = &[AD, FI, IN];
/// Decide, pay, batches, manual adjustments and their resolution, the finance dashboard.
const FINANCE: &[Role] = &[AD, FI];

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/influencer/billetera", web::get().to(wallet::show_wallet))
        .route(
            "/influencer/billetera/retiros",
            web::post().to(wallet::submit_withdrawal),
        )
        .route(
            "/retiros",
            web::get().to(withdrawals_list::list_withdrawals),
        )
        .route(
            "/retiros/{id}",
            web::get().to(withdrawal_detail::show_withdrawal),
        )
        .route(
            "/retiros/{id}/decision",
            web::post().to(withdrawal_acts::submit_decision),
        )
        .route(
            "/retiros/{id}/pagar",
            web::post().to(withdrawal_acts::submit_payment),
        )
        .route(
            "/retiros/{id}/documentos/{document_id}",
            web::get().to(withdrawal_detail::download_document),
        )
        .route(
            "/retiros/{id}/documentos",
            web::post().to(documents::submit_withdrawal_document),
        )
        .route(
            "/pagos/{id}/documentos",
            web::post().to(documents::submit_payment_document),
        )
        .route("/pagos", web::get().to(payments::list_payments))
        .route("/pagos/{id}", web::get().to(payments::show_payment))
        .route(
            "/pagos/{id}/documentos/{document_id}",
            web::get().to(payments::download_document),
        )
        .route("/lotes", web::get().to(batches::list_batches))
        .route("/lotes", web::post().to(batches::submit_batch))
        .route("/lotes/{id}", web::get().to(batch_detail::show_batch))
        .route(
            "/lotes/{id}/pagos.csv",
            web::get().to(batch_detail::download_csv),
        )
        .route(
            "/lotes/{id}/pagar",
            web::post().to(batch_detail::submit_pay),
        )
        .route(
            "/lotes/{id}/cancelar",
            web::post().to(batch_detail::submit_cancel),
        )
        .route("/ajustes", web::get().to(adjustments::list_adjustments))
        .route("/ajustes", web::post().to(adjustments::submit_adjustment))
        .route(
            "/ajustes/{id}/resolver",
            web::post().to(adjustments::submit_resolution),
        )
        .route(
            "/finanzas/tablero",
            web::get().to(finance_dashboard::show_finance_dashboard),
        );
}
