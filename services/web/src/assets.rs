//! Static files from `static/`, embedded in the binary. Pages link them under a content-hashed
//! name (`/static/app.1a2b3c4d.css`) that is cached for a year; the plain name also works but is
//! revalidated every time.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpResponse, web};
use rust_embed::RustEmbed;

use crate::error::WebError;

#[derive(RustEmbed)]
#[folder = "static/"]
struct Assets;

fn short_hash(name: &str) -> Option<String> {
    Assets::get(name).map(|file| hex::encode(&file.metadata.sha256_hash()[..4]))
}

/// The hashed URL of an embedded file (`app.css` → `/static/app.1a2b3c4d.css`).
pub(crate) fn asset_url(name: &str) -> String {
    match (short_hash(name), name.rsplit_once('.')) {
        (Some(hash), Some((stem, ext))) => format!("/static/{stem}.{hash}.{ext}"),
        _ => format!("/static/{name}"),
    }
}

/// `app.1a2b3c4d.css` → (`app.css`, true) when the hash is current; any other name as is.
fn resolve(requested: &str) -> (String, bool) {
    let parts: Vec<&str> = requested.rsplitn(3, '.').collect();
    if let [ext, hash, stem] = parts.as_slice() {
        let plain = format!("{stem}.{ext}");
        if short_hash(&plain).as_deref() == Some(*hash) {
            return (plain, true);
        }
    }
    (requested.to_owned(), false)
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /static/{name}`.
pub(crate) async fn serve_asset(name: web::Path<String>) -> Result<HttpResponse, WebError> {
    let (plain, hashed) = resolve(&name);
    let file = Assets::get(&plain).ok_or(WebError::NotFound)?;
    let cache = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, content_type(&plain)))
        .insert_header((CACHE_CONTROL, cache))
        .body(file.data.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_resolve_to_the_file() {
        let url = asset_url("app.css");
        let requested = url.trim_start_matches("/static/");
        assert_ne!(requested, "app.css");
        assert_eq!(resolve(requested), ("app.css".to_owned(), true));
        assert_eq!(resolve("app.css"), ("app.css".to_owned(), false));
        assert!(!resolve("app.00000000.css").1);
    }
}
