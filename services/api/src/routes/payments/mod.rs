//! `/payments/*` of paying withdrawals (`api.md` §11): pay one withdrawal, the payments list and
//! record, and the files of withdrawals and payments. [`routes`] holds the paths under a fixed
//! segment (`/payments/withdrawals/{id}/…`, the `/payments` list); [`id_routes`] holds
//! `/payments/{id}…`, which must be registered after every fixed `/payments/<segment>` path
//! (withdrawals, batches, adjustments), or actix would take the segment as an id.

use utoipa_actix_web::service_config::ServiceConfig;

mod documents;
mod pay;
mod read;

/// The fixed-prefix handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(pay::pay_withdrawal)
        .service(documents::upload_withdrawal_document)
        .service(documents::download_withdrawal_document)
        .service(read::list_payments);
}

/// `/payments/{id}…` (register last among `/payments` routes).
pub fn id_routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(read::get_payment)
        .service(documents::upload_payment_document)
        .service(documents::download_payment_document);
}
