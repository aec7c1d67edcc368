//! Activating and deactivating a campaign membership (`PATCH /influencers/{id}/campaigns/
//! {campaignId}` with `status`) from the influencer's record or the campaign's member lists.
//! Deactivating makes the membership's codes inactive; activating derives them again.

use actix_web::{HttpResponse, web};
use afiliados_api_types::campaigns::UpdateMembershipRequest;
use uuid::Uuid;

use super::GESTOR;
use super::rows::refusal;
use crate::context::Ctx;
use crate::error::WebError;
use crate::forms::{FormData, local_path};

/// `POST /gestor/influencers/{id}/campanas/{campaign_id}/estado` with `status`
/// (`active|inactive`) and `back`.
pub(crate) async fn submit_membership_status(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let (id, campaign_id) = path.into_inner();
    let back = local_path(&form.get("back"), &format!("/gestor/influencers/{id}"));
    let status = form.get("status");
    let done = match status.as_str() {
        "active" => "memberships.activated",
        "inactive" => "memberships.deactivated",
        _ => {
            return Err(WebError::BadForm(anyhow::anyhow!(
                "unknown membership status"
            )));
        }
    };
    let request = UpdateMembershipRequest {
        status: Some(status),
        notes: None,
    };
    match ctx
        .call(async |api, token| {
            api.update_membership(token, id, campaign_id, &request)
                .await
        })
        .await
    {
        Ok(_) => ctx.done(&back, done),
        Err(error) => {
            let text = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &text)
        }
    }
}
