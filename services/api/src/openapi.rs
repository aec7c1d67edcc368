//! The OpenAPI 3.1 document, collected from the real handlers by utoipa-actix-web; internal
//! endpoints are never registered through it, so they stay out of the public document. The error
//! answers every operation shares are added by [`shared_errors`].

mod shared_errors;

use std::sync::OnceLock;

use actix_web::App;
use utoipa::Modify;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi};
use utoipa_actix_web::AppExt;

/// Builds the document.
pub fn document() -> OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .configure(crate::routes::public)
        .split_for_parts();
    api.info = InfoBuilder::new()
        .title("marketing-afiliados API")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some("Medipiel influencer affiliate platform. Errors use the envelope {error, message, details}."))
        .build();
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .build(),
        ),
    );
    // Every stable error code appears in the schema even before an endpoint uses it.
    components
        .schemas
        .entry("ApiErrorCode".into())
        .or_insert_with(<afiliados_api_types::ApiErrorCode as utoipa::PartialSchema>::schema);
    // Query-only enumerations are referenced by their parameters but collected from no body.
    components
        .schemas
        .entry("DocumentFormat".into())
        .or_insert_with(
            <afiliados_api_types::statements::DocumentFormat as utoipa::PartialSchema>::schema,
        );
    // Every status an operation can answer, shared rather than repeated on each handler.
    shared_errors::SharedErrors.modify(&mut api);
    api
}

/// The document as pretty JSON, built once.
pub fn json() -> String {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| document().to_pretty_json().unwrap_or_else(|_| "{}".into()))
        .clone()
}
