//! The identity document chosen on the registration form. Registration has no token, so the web
//! signs in with the password just given, uploads the file as the new influencer
//! (`POST /influencers/{id}/documents`, kind `id_document`) and signs that session out again.
//! A failure here never undoes the registration: the success page says what happened.

use afiliados_api_types::auth::{LoginRequest, LogoutRequest};
use uuid::Uuid;

use crate::context::Ctx;
use crate::error_messages::form_feedback;
use crate::multipart::UploadedFile;

/// `(Some(true), None)` when stored, else `(Some(false), Some(why))`.
pub(crate) async fn upload_document(
    ctx: &Ctx,
    email: &str,
    password: &str,
    influencer_id: Uuid,
    file: UploadedFile,
) -> (Option<bool>, Option<String>) {
    let later = || {
        (
            Some(false),
            Some(ctx.i18n.t("register.document_later").to_owned()),
        )
    };
    let login = LoginRequest {
        email: email.to_owned(),
        password: password.to_owned(),
        two_factor_code: None,
        recovery_code: None,
    };
    let pair = match ctx.api().login("", &login).await {
        Ok(pair) => pair,
        Err(error) => {
            tracing::warn!(influencer.id = %influencer_id, error = %error, "sign-in after registration failed; document not uploaded");
            return later();
        }
    };
    let token = pair.access_token;
    let uploaded = ctx
        .api()
        .upload_influencer_document(
            &token,
            influencer_id,
            "id_document",
            None,
            file.into_upload(),
        )
        .await;
    if let Err(error) = ctx.api().logout(&token, &LogoutRequest::default()).await {
        tracing::warn!(influencer.id = %influencer_id, error = %error, "could not close the upload session");
    }
    match uploaded {
        Ok(_) => (Some(true), None),
        Err(error) => {
            tracing::info!(influencer.id = %influencer_id, error = %error, "registration document refused");
            let why = match form_feedback(error.into(), ctx.i18n) {
                Ok(feedback) => {
                    let mut parts: Vec<String> = feedback
                        .fields
                        .of("file")
                        .into_iter()
                        .map(str::to_owned)
                        .collect();
                    parts.extend(feedback.message);
                    parts.push(ctx.i18n.t("register.document_later").to_owned());
                    parts.join(" ")
                }
                Err(_) => ctx.i18n.t("register.document_later").to_owned(),
            };
            (Some(false), Some(why))
        }
    }
}
