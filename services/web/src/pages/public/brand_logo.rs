//! `GET /marcas/{id}/logo`: a brand's public logo, fetched from the api and served from this
//! origin so pages keep `default-src 'self'`. Only image types pass, with a day of caching and a
//! sandboxing policy of their own (an SVG opened directly must not run as one of our pages).

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::WebError;
use crate::pages::gestor::is_logo_type;

/// `GET /marcas/{id}/logo` (public).
pub(crate) async fn show_brand_logo(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    let logo = ctx.api().public_brand_logo(id.into_inner()).await?;
    if !is_logo_type(&logo.content_type) {
        return Err(WebError::NotFound);
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, logo.content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        ))
        .body(logo.bytes))
}
