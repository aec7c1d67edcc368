//! `POST /comisiones/{id}/{retener|liberar|revertir}` (finance, admin dentsu): hold with a reason
//! and notes, release with notes, revert with a reason. Notes and reasons are 3–500 characters,
//! as the api requires; a refusal (`commission_not_holdable`, `commission_not_on_hold`,
//! `commission_already_reverted`, a field error) comes back as the flash message.

use actix_web::{HttpResponse, web};
use afiliados_api_types::commissions::{
    HoldCommissionRequest, ReleaseCommissionRequest, RevertCommissionRequest,
};
use uuid::Uuid;

use super::FINANCE_STAFF;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::refusal;
use crate::forms::FormData;

/// A note or reason of 3–500 characters.
fn text_ok(text: &str) -> bool {
    (3..=500).contains(&text.chars().count())
}

/// `POST /comisiones/{id}/{act}`.
pub(crate) async fn submit_commission_act(
    ctx: Ctx,
    path: web::Path<(Uuid, String)>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE_STAFF)?;
    let (id, act) = path.into_inner();
    let back = format!("/comisiones/{id}");
    let text = match act.as_str() {
        "retener" | "liberar" => form.get("notes"),
        "revertir" => form.get("reason"),
        _ => return Err(WebError::NotFound),
    };
    if !text_ok(&text) {
        return ctx.failed(&back, ctx.i18n.t("commissions.text_needed"));
    }
    let outcome = match act.as_str() {
        "retener" => {
            let request = HoldCommissionRequest {
                reason: form.opt("reason"),
                notes: Some(text),
            };
            ctx.call(async |api, token| api.hold_commission(token, id, &request).await)
                .await
                .map(|_| "commissions.held")
        }
        "liberar" => {
            let request = ReleaseCommissionRequest { notes: Some(text) };
            ctx.call(async |api, token| api.release_commission(token, id, &request).await)
                .await
                .map(|_| "commissions.released")
        }
        _ => {
            let request = RevertCommissionRequest { reason: Some(text) };
            ctx.call(async |api, token| api.revert_commission(token, id, &request).await)
                .await
                .map(|_| "commissions.reverted_done")
        }
    };
    match outcome {
        Ok(key) => ctx.done(&back, key),
        Err(error) => {
            let message = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::text_ok;

    #[test]
    fn notes_are_three_to_five_hundred_characters() {
        assert!(!text_ok("ab"));
        assert!(text_ok("abc"));
        assert!(text_ok(&"ñ".repeat(500)));
        assert!(!text_ok(&"x".repeat(501)));
    }
}
