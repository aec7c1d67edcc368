//! `/admin/certificados/verificar` (admin dentsu, gestor, auditor): a consent certificate JSON,
//! pasted or uploaded, checked by the api — is its checksum intact, is it the stored one, does
//! the consent hash recompute — with a green or red badge for each answer. A verification
//! changes nothing, so the answer is shown on the POST itself (re-sending it is harmless).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use afiliados_domain::Role;
use askama::Template;
use askama_web::WebTemplate;
use serde_json::Value;

use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::i18n::I18n;
use crate::layout::{Layout, render};
use crate::multipart::MultipartData;

/// Who may verify certificates.
const VERIFIERS: &[Role] = &[Role::AdminDentsu, Role::GestorAfiliados, Role::Auditor];
/// A certificate is a few kilobytes; anything far larger is not one.
const CERTIFICATE_LIMIT: usize = 256 * 1024;

/// The api's three answers.
pub(crate) struct Verdict {
    checksum: bool,
    stored: bool,
    hash: bool,
    certificate_id: String,
}

impl Verdict {
    fn all(&self) -> bool {
        self.checksum && self.stored && self.hash
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/admin/certificate_verify.html")]
pub(crate) struct VerifyPage {
    l: Layout,
    certificate: String,
    verdict: Option<Verdict>,
    message: Option<String>,
    fields: FieldErrors,
}

async fn page(ctx: &Ctx, certificate: String) -> Result<VerifyPage, WebError> {
    Ok(VerifyPage {
        l: ctx.layout().await?,
        certificate,
        verdict: None,
        message: None,
        fields: FieldErrors::default(),
    })
}

/// `GET /admin/certificados/verificar`.
pub(crate) async fn show_verify_certificate(ctx: Ctx) -> Result<HttpResponse, WebError> {
    ctx.require(VERIFIERS)?;
    render(&page(&ctx, String::new()).await?, StatusCode::OK)
}

/// The certificate text: the uploaded file when there is one, else the pasted text.
fn submitted_text(form: &mut MultipartData, i18n: I18n) -> Result<String, String> {
    if form.file_too_large("file") {
        return Err(i18n.t("field_error.file_too_large").to_owned());
    }
    match form.take_file("file") {
        Some(file) if file.bytes.len() > CERTIFICATE_LIMIT => {
            Err(i18n.t("field_error.file_too_large").to_owned())
        }
        Some(file) => {
            String::from_utf8(file.bytes).map_err(|_| i18n.t("verify.not_json").to_owned())
        }
        None => Ok(form.fields.get("certificate")),
    }
}

/// The text as a JSON object, or the message to show next to the input.
fn parse(text: &str, i18n: I18n) -> Result<Value, String> {
    if text.trim().is_empty() {
        return Err(i18n.t("field_error.required").to_owned());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(_) | Err(_) => Err(i18n.t("verify.not_json").to_owned()),
    }
}

/// `POST /admin/certificados/verificar` (multipart: `certificate` text or `file`).
pub(crate) async fn submit_verify_certificate(
    ctx: Ctx,
    mut form: MultipartData,
) -> Result<HttpResponse, WebError> {
    ctx.require(VERIFIERS)?;
    let text = match submitted_text(&mut form, ctx.i18n) {
        Ok(text) => text,
        Err(message) => {
            let mut page = page(&ctx, form.fields.get("certificate")).await?;
            page.fields.add("certificate", message);
            return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let certificate = match parse(&text, ctx.i18n) {
        Ok(certificate) => certificate,
        Err(message) => {
            let mut page = page(&ctx, text).await?;
            page.fields.add("certificate", message);
            return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    match ctx
        .call(async |api, token| api.verify_certificate(token, &certificate).await)
        .await
    {
        Ok(answer) => {
            let mut page = page(&ctx, text).await?;
            page.verdict = Some(Verdict {
                checksum: answer.checksum_valid,
                stored: answer.matches_stored_certificate,
                hash: answer.consent_hash_valid,
                certificate_id: answer
                    .certificate_id
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
            });
            render(&page, StatusCode::OK)
        }
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut page = page(&ctx, text).await?;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}

#[cfg(test)]
mod tests {
    use afiliados_domain::Locale;

    use super::*;

    #[test]
    fn only_a_json_object_is_sent() {
        let i18n = I18n::new(Locale::Es);
        assert!(parse("{\"certificateId\": \"x\"}", i18n).is_ok());
        assert!(parse("[1, 2]", i18n).is_err());
        assert!(parse("no es json", i18n).is_err());
        assert!(parse("   ", i18n).is_err());
    }
}
