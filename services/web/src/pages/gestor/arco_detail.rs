//! `/gestor/arco/{id}`: one ARCO request for staff — the person (linked for admin dentsu and the
//! gestor), what was asked, the legal deadline, the resolution and the access export — with
//! "Iniciar" for a received request and the resolution form while it is open (`arco_resolve`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::arco::ArcoRequestResponse;
use askama::Template;
use askama_web::WebTemplate;
use chrono::Utc;
use uuid::Uuid;

use super::arco_fields::{detail_pairs, due_state, is_open};
use super::arco_resolve::ResolveForm;
use super::rows::refusal;
use super::{ARCO_READERS, ARCO_STAFF};
use crate::context::Ctx;
use crate::download::file_response;
use crate::error::WebError;
use crate::format::stamp;
use crate::forms::{FormData, local_path};
use crate::layout::{Layout, render};
use crate::session::SessionUser;

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/arco_detail.html")]
pub(crate) struct ArcoDetailPage {
    l: Layout,
    r: ArcoRequestResponse,
    kind_label: String,
    status_label: String,
    channel_label: String,
    influencer_name: Option<String>,
    created: String,
    due: String,
    due_state: &'static str,
    started: String,
    resolved: String,
    details: Vec<(String, String)>,
    staff: bool,
    can_start: bool,
    back: String,
    /// The resolution form, while the request is open and the user may resolve it.
    resolve: Option<ResolveForm>,
    /// Why a resolution was refused when the form is no longer shown.
    message: Option<String>,
}

/// The path of a request's page.
pub(super) fn detail_path(id: Uuid) -> String {
    format!("/gestor/arco/{id}")
}

/// Reads the request and builds its page; `form` keeps a refused resolution's input.
pub(super) async fn detail_page(
    ctx: &Ctx,
    user: &SessionUser,
    id: Uuid,
    form: Option<ResolveForm>,
) -> Result<ArcoDetailPage, WebError> {
    let r = ctx
        .call(async |api, token| api.get_arco_request(token, id).await)
        .await?;
    let staff = user.has_any(ARCO_STAFF);
    let influencer_id = r.influencer_id;
    // The auditor may not read influencers; staff see the name next to the link.
    let influencer_name = if staff {
        ctx.try_call(async |api, token| api.get_influencer(token, influencer_id.into()).await)
            .await
            .map(|i| format!("{} {}", i.first_name, i.last_name))
    } else {
        None
    };
    let i18n = ctx.i18n;
    // A refusal that arrives once the request is closed (resolved meanwhile) still says why.
    let (resolve, message) = match (staff && is_open(r.status.as_str()), form) {
        (true, form) => (
            Some(form.unwrap_or_else(|| ResolveForm::blank(i18n, &r))),
            None,
        ),
        (false, form) => (None, form.and_then(|form| form.message)),
    };
    Ok(ArcoDetailPage {
        kind_label: i18n.label("arco_type", r.kind),
        status_label: i18n.label("arco_status", r.status),
        channel_label: i18n.label("channel", r.channel),
        influencer_name,
        created: stamp(Some(r.created_at)),
        due: stamp(Some(r.due_at)),
        due_state: due_state(&r, Utc::now()),
        started: stamp(r.started_at),
        resolved: stamp(r.resolved_at),
        details: detail_pairs(i18n, &r.details),
        can_start: staff && r.status == afiliados_domain::ArcoStatus::Received,
        back: detail_path(id),
        staff,
        resolve,
        message,
        l: ctx.layout().await?,
        r,
    })
}

/// `GET /gestor/arco/{id}` (AD, GA, AU).
pub(crate) async fn show_arco_request(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(ARCO_READERS)?;
    let page = detail_page(&ctx, &user, id.into_inner(), None).await?;
    render(&page, StatusCode::OK)
}

/// `POST /gestor/arco/{id}/iniciar` (AD, GA) with `back`: `received` → `in_progress`.
pub(crate) async fn submit_start_arco(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(ARCO_STAFF)?;
    let id = id.into_inner();
    let back = local_path(&form.get("back"), &detail_path(id));
    match ctx
        .call(async |api, token| api.start_arco_request(token, id).await)
        .await
    {
        Ok(_) => ctx.done(&back, "arco_staff.started"),
        Err(error) => {
            let text = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &text)
        }
    }
}

/// `GET /gestor/arco/{id}/exportacion` (AD, GA, AU): the access export, as an attachment.
pub(crate) async fn download_arco_export(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require(ARCO_READERS)?;
    let id = id.into_inner();
    let file = ctx
        .call(async |api, token| api.download_arco_export(token, id).await)
        .await?;
    Ok(file_response(file, &format!("arco-{id}.json")))
}
