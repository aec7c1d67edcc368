//! Dual control of a staff bank account change (ADR 0018): the page shows the change waiting
//! for confirmation next to the current account; a second user with a confirming role (admin
//! dentsu, finance) confirms it, any of admin dentsu, gestor and finance rejects it. The api
//! refuses the requester's own confirmation; the page does not even offer it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::influencers::{BankAccountResponse, PendingBankAccountChange};
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::rows::refusal;
use super::{BANK_CHANGE_CONFIRMERS, BANK_CHANGE_DECIDERS};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/bank_change.html")]
pub(crate) struct BankChangePage {
    l: Layout,
    influencer_id: String,
    influencer: String,
    current: Option<BankAccountResponse>,
    change: PendingBankAccountChange,
    requested_at: String,
    /// The signed-in user may confirm (a confirming role, and not the requester).
    can_confirm: bool,
    /// The signed-in user asked for the change itself.
    own_request: bool,
}

/// `GET /gestor/influencers/{id}/cuenta-bancaria`: the pending change, or 404 when none waits.
pub(crate) async fn show_bank_change(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(BANK_CHANGE_DECIDERS)?;
    let id = id.into_inner();
    let influencer = ctx
        .call(async |api, token| api.get_influencer(token, id).await)
        .await?;
    let change = influencer
        .pending_bank_account_change
        .ok_or(WebError::NotFound)?;
    let own_request = change.requested_by == user.id;
    let page = BankChangePage {
        influencer_id: id.to_string(),
        influencer: format!("{} {}", influencer.first_name, influencer.last_name),
        current: influencer.bank_account,
        requested_at: change.requested_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        change,
        can_confirm: !own_request && user.has_any(BANK_CHANGE_CONFIRMERS),
        own_request,
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}

/// `POST /gestor/influencers/{id}/cuenta-bancaria/confirmar`.
pub(crate) async fn submit_confirm_bank_change(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require(BANK_CHANGE_CONFIRMERS)?;
    let id = id.into_inner();
    let back = format!("/gestor/influencers/{id}");
    match ctx
        .call(async |api, token| api.confirm_bank_account_change(token, id).await)
        .await
    {
        Ok(_) => ctx.done(&back, "bank_change.confirmed"),
        Err(error) => {
            let text = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &text)
        }
    }
}

/// `POST /gestor/influencers/{id}/cuenta-bancaria/rechazar`.
pub(crate) async fn submit_reject_bank_change(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require(BANK_CHANGE_DECIDERS)?;
    let id = id.into_inner();
    let back = format!("/gestor/influencers/{id}");
    match ctx
        .call(async |api, token| api.reject_bank_account_change(token, id).await)
        .await
    {
        Ok(_) => ctx.done(&back, "bank_change.rejected"),
        Err(error) => {
            let text = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &text)
        }
    }
}
