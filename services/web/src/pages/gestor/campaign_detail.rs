//! `/gestor/campanas/{id}`: a campaign's rules, tiers, VTEX promotions with their sync state,
//! its first members (activate/deactivate each; the full list is `campaign_members`) and status
//! history, and the status transitions of `domain.md` §4.3 as buttons (delete for a draft).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::campaigns::{
    CampaignResponse, ListMembershipsQuery, MembershipResponse, UpdateCampaignRequest,
};
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::GESTOR;
use super::rows::{HistoryRow, history, refusal};
use crate::context::Ctx;
use crate::error::WebError;
use crate::forms::FormData;
use crate::layout::{Layout, render};

/// A transition button: the target status, its label and element id.
pub(crate) struct Transition {
    pub(crate) to: &'static str,
    pub(crate) label_key: &'static str,
    pub(crate) id: &'static str,
    pub(crate) danger: bool,
}

/// The transitions from `status`.
pub(crate) fn transitions(status: &str) -> Vec<Transition> {
    let t = |to, label_key, id, danger| Transition {
        to,
        label_key,
        id,
        danger,
    };
    let activate = t(
        "active",
        "campaigns.action.activate",
        "campaign-activate",
        false,
    );
    let pause = t("paused", "campaigns.action.pause", "campaign-pause", false);
    let end = t("ended", "campaigns.action.end", "campaign-end", true);
    let resume = t(
        "active",
        "campaigns.action.resume",
        "campaign-resume",
        false,
    );
    match status {
        "draft" => vec![activate],
        "active" => vec![pause, end],
        "paused" => vec![resume, end],
        _ => Vec::new(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/campaign_detail.html")]
pub(crate) struct CampaignDetailPage {
    l: Layout,
    c: CampaignResponse,
    transitions: Vec<Transition>,
    members: Vec<MembershipResponse>,
    members_total: u64,
    history: Vec<HistoryRow>,
    back: String,
}

/// Members shown on the campaign's page; the rest are on the members page.
const FIRST_MEMBERS: u32 = 10;

/// `GET /gestor/campanas/{id}`.
pub(crate) async fn show_campaign(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let id = id.into_inner();
    let c = ctx
        .call(async |api, token| api.get_campaign(token, id).await)
        .await?;
    let query = ListMembershipsQuery {
        page_size: Some(FIRST_MEMBERS),
        ..ListMembershipsQuery::default()
    };
    let members = ctx
        .call(async |api, token| api.list_campaign_members(token, id, &query).await)
        .await?;
    let changes = ctx
        .call(async |api, token| api.campaign_status_history(token, id).await)
        .await?;
    let page = CampaignDetailPage {
        transitions: transitions(c.status.as_str()),
        members_total: members.total,
        members: members.items,
        history: history(ctx.i18n, "campaign_status", changes.items),
        back: format!("/gestor/campanas/{id}"),
        l: ctx.layout().await?,
        c,
    };
    render(&page, StatusCode::OK)
}

/// `POST /gestor/campanas/{id}/estado` with `status`.
pub(crate) async fn submit_campaign_status(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let id = id.into_inner();
    let back = format!("/gestor/campanas/{id}");
    let status = form.get("status");
    if !matches!(status.as_str(), "active" | "paused" | "ended") {
        return Err(WebError::BadForm(anyhow::anyhow!(
            "unknown campaign status"
        )));
    }
    let request = UpdateCampaignRequest {
        status: Some(status.clone()),
        ..UpdateCampaignRequest::default()
    };
    match ctx
        .call(async |api, token| api.update_campaign(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done(&back, &format!("campaigns.done.{status}")),
        Err(error) => {
            let text = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &text)
        }
    }
}

/// `POST /gestor/campanas/{id}/eliminar`: only a draft without used codes.
pub(crate) async fn submit_delete_campaign(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require(GESTOR)?;
    let id = id.into_inner();
    match ctx
        .call(async |api, token| api.delete_campaign(token, id).await)
        .await
    {
        Ok(()) => ctx.done("/gestor/campanas", "campaigns.deleted"),
        Err(error) => {
            let text = refusal(ctx.i18n, error)?;
            ctx.failed(&format!("/gestor/campanas/{id}"), &text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::transitions;

    #[test]
    fn buttons_follow_the_state_machine() {
        let to = |status| transitions(status).iter().map(|t| t.to).collect::<Vec<_>>();
        assert_eq!(to("draft"), vec!["active"]);
        assert_eq!(to("active"), vec!["paused", "ended"]);
        assert_eq!(to("paused"), vec!["active", "ended"]);
        assert!(to("ended").is_empty());
    }
}
