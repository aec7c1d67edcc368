//! The route table: public `/api/v1` (documented in OpenAPI), internal `/internal/v1` (worker
//! only, undocumented), and system routes.

use actix_web::{HttpRequest, HttpResponse, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;

pub mod adjustments;
pub mod arco;
pub mod audit;
pub mod auth;
pub mod batches;
pub mod brands;
pub mod campaigns;
pub mod codes;
pub mod commissions;
pub mod dashboards;
pub mod exports;
pub mod influencers;
pub mod internal;
pub mod ledger;
pub mod memberships;
pub mod notifications;
pub mod orders;
pub mod payments;
pub mod policies;
pub mod statements;
pub mod stored_files;
pub mod surveys;
pub mod system;
pub mod tax_profiles;
pub mod users;
pub mod vtex;
pub mod withdrawals;

/// Public routes under `/api/v1`.
pub fn public(cfg: &mut ServiceConfig<'_>) {
    cfg.service(
        utoipa_actix_web::scope("/api/v1")
            .configure(auth::routes)
            .configure(users::routes)
            .configure(influencers::routes)
            .configure(audit::routes)
            .configure(notifications::routes)
            .configure(policies::routes)
            .configure(arco::routes)
            .configure(brands::routes)
            .configure(tax_profiles::routes)
            .configure(campaigns::routes)
            .configure(codes::routes)
            .configure(memberships::routes)
            .configure(vtex::routes)
            .configure(orders::routes)
            .configure(ledger::routes)
            // Before any `/payments/{id}` route: fixed paths first.
            .configure(statements::routes)
            .configure(adjustments::routes)
            .configure(commissions::routes)
            .configure(withdrawals::routes)
            .configure(dashboards::routes)
            .configure(surveys::routes)
            .configure(exports::routes)
            // Every fixed `/payments/<segment>` path before `/payments/{id}` (actix matches in
            // registration order).
            .configure(batches::routes)
            .configure(payments::routes)
            .configure(payments::id_routes)
            .configure(system::documented),
    );
}

/// `/internal/v1` for the worker; the service token is checked for the whole scope.
pub fn internal(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/internal/v1")
            .wrap(actix_web::middleware::from_fn(crate::service_token::guard))
            .configure(internal::routes),
    );
}

/// Metrics and the OpenAPI document (outside the generated document).
pub fn system(cfg: &mut web::ServiceConfig) {
    system::undocumented(cfg);
}

/// Unknown routes answer the envelope, not actix's empty 404.
pub async fn not_found(_req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}
