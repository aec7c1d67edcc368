//! Files the web passes through from the api (KYC documents, consent certificates, ARCO
//! exports): the api's bytes and content type, always as an attachment so the browser never
//! renders a user's file as one of our pages.

use actix_web::HttpResponse;
use actix_web::http::header;
use afiliados_api_client::Download;

/// Keeps letters, digits and `.-_ `; anything else becomes `_`, so the name cannot break the
/// header or point at a path.
fn safe_filename(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c| c == '.' || c == ' ');
    if trimmed.is_empty() {
        "archivo".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// The response for a file from the api; `fallback` names it when the api gave no name.
pub(crate) fn file_response(download: Download, fallback: &str) -> HttpResponse {
    let name = safe_filename(download.filename.as_deref().unwrap_or(fallback));
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, download.content_type))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(download.bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames_cannot_break_the_header() {
        assert_eq!(safe_filename("cédula ana.pdf"), "cédula ana.pdf");
        assert_eq!(safe_filename("../../etc\"; x=.pdf"), "_.._etc__ x_.pdf");
        assert_eq!(safe_filename(".."), "archivo");
    }
}
