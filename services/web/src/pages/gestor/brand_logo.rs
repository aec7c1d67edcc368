//! `POST /gestor/marcas/{id}/logo`: replaces a brand's logo (admin dentsu; admin marca for its
//! brand) with a PNG, JPEG or SVG of at most 1 MiB. The web checks type and size first so the
//! person hears why next to the file input; the api checks the real bytes again.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_domain::Role;
use uuid::Uuid;

use super::brand_form::page;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::layout::render;
use crate::multipart::{MultipartData, UploadedFile};

/// The api's logo limit.
const LOGO_LIMIT: usize = 1024 * 1024;
/// Accepted types and the file name endings that go with them.
const LOGO_TYPES: [(&str, &[&str]); 3] = [
    ("image/png", &[".png"]),
    ("image/jpeg", &[".jpg", ".jpeg"]),
    ("image/svg+xml", &[".svg"]),
];

/// Whether `content_type` is one a logo may have (the public proxy serves only these).
pub(crate) fn is_logo_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    LOGO_TYPES
        .iter()
        .any(|(kind, _)| kind.eq_ignore_ascii_case(essence))
}

/// The field code for a file that cannot be a logo, or `None` when it may be one. A browser
/// that sends no useful type is judged by the name's ending.
fn refusal_code(file: &UploadedFile) -> Option<&'static str> {
    let name = file.filename.to_ascii_lowercase();
    let typed = is_logo_type(&file.content_type);
    let named = LOGO_TYPES
        .iter()
        .any(|(_, endings)| endings.iter().any(|ending| name.ends_with(ending)));
    if !typed && !named {
        Some("file_type_not_allowed")
    } else if file.bytes.len() > LOGO_LIMIT {
        Some("file_too_large")
    } else {
        None
    }
}

/// `POST /gestor/marcas/{id}/logo` (multipart `file`).
pub(crate) async fn submit_brand_logo(
    ctx: Ctx,
    id: web::Path<Uuid>,
    mut form: MultipartData,
) -> Result<HttpResponse, WebError> {
    ctx.require(&[Role::AdminDentsu, Role::AdminMarca])?;
    let id = id.into_inner();
    let too_large = form.file_too_large("file");
    let file = form.take_file("file");
    let code = match (&file, too_large) {
        (_, true) => Some("file_too_large"),
        (None, false) => Some("required"),
        (Some(file), false) => refusal_code(file),
    };
    let (message, fields, status) = match (file, code) {
        (Some(file), None) => {
            let upload = file.into_upload();
            match ctx
                .call(async |api, token| api.upload_brand_logo(token, id, upload.clone()).await)
                .await
            {
                Ok(_) => return ctx.done(&format!("/gestor/marcas/{id}"), "brands.logo_updated"),
                Err(error) => {
                    let feedback = form_feedback(error, ctx.i18n)?;
                    (feedback.message, feedback.fields, feedback.status)
                }
            }
        }
        (_, code) => {
            let mut fields = FieldErrors::default();
            let code = code.unwrap_or("required");
            fields.add(
                "file",
                ctx.i18n.t(&format!("field_error.{code}")).to_owned(),
            );
            (None, fields, StatusCode::UNPROCESSABLE_ENTITY)
        }
    };
    let brand = ctx
        .call(async |api, token| api.get_brand(token, id).await)
        .await?;
    let mut page = page(&ctx, Some(brand), None).await?;
    page.message = message;
    page.fields = fields;
    render(&page, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, content_type: &str, size: usize) -> UploadedFile {
        UploadedFile {
            field: "file".into(),
            filename: name.into(),
            content_type: content_type.into(),
            bytes: vec![0; size],
        }
    }

    #[test]
    fn only_small_images_pass() {
        assert_eq!(refusal_code(&file("logo.png", "image/png", 10)), None);
        assert_eq!(
            refusal_code(&file("logo.SVG", "application/octet-stream", 10)),
            None
        );
        assert_eq!(
            refusal_code(&file("logo.gif", "image/gif", 10)),
            Some("file_type_not_allowed")
        );
        assert_eq!(
            refusal_code(&file("logo.jpg", "image/jpeg", LOGO_LIMIT + 1)),
            Some("file_too_large")
        );
        assert!(is_logo_type("image/svg+xml; charset=utf-8") && !is_logo_type("text/html"));
    }
}
