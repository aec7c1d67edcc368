//! `/retiros/{id}`: one withdrawal with its decision log and documents (downloaded through the
//! web), and for finance and admin dentsu the acts its status allows: approve or reject a
//! pending request, pay an approved one (amount prefilled, date, method, reference; gross, rate,
//! withheld and net from the api's `withholdingPreview` when it sends one). The person who asked
//! is named next to the decision, because the api refuses their own approval
//! (`segregation_of_duties`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::payments::WithdrawalResponse;
use afiliados_domain::WithdrawalStatus;
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::shared::{
    DocumentLink, WithdrawalRow, bogota_today, document_links, fresh_key, method_options,
};
use super::{FINANCE, WITHDRAWAL_READERS};
use crate::context::Ctx;
use crate::download::file_response;
use crate::error::WebError;
use crate::error_messages::FieldErrors;
use crate::format::{money, stamp};
use crate::layout::{Layout, render};

/// A row of the decision log.
pub(crate) struct EventRow {
    action: String,
    actor: String,
    notes: String,
    occurred_at: String,
}

/// The withholding the api previewed.
pub(crate) struct Preview {
    gross: String,
    rate: String,
    withheld: String,
    net: String,
    profile: String,
}

/// The acts' forms as typed.
#[derive(Default)]
pub(crate) struct ActValues {
    pub(crate) decision_notes: String,
    pub(crate) rejection_reason: String,
    pub(crate) amount: String,
    pub(crate) payment_date: String,
    pub(crate) method: String,
    pub(crate) reference: String,
    pub(crate) pay_notes: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/payouts/withdrawal_detail.html")]
pub(crate) struct WithdrawalPage {
    l: Layout,
    w: WithdrawalRow,
    notes: String,
    decided_at: String,
    decision_notes: String,
    rejection_reason: String,
    paid_at: String,
    batch_id: String,
    /// The signed-in user asked for it: another person must approve.
    own_request: bool,
    events: Vec<EventRow>,
    documents: Vec<DocumentLink>,
    /// The attach form: FI, AD, and the influencer on its own request (the api scopes it).
    can_upload: bool,
    upload_action: String,
    upload_kinds: Vec<(&'static str, String)>,
    can_decide: bool,
    can_pay: bool,
    preview: Option<Preview>,
    methods: Vec<(&'static str, String)>,
    idempotency_key: String,
    pub(crate) form: ActValues,
    pub(crate) message: Option<String>,
    pub(crate) fields: FieldErrors,
}

/// The page for `w`, the acts' forms holding `form` (prefilled when empty).
pub(crate) async fn page(
    ctx: &Ctx,
    w: &WithdrawalResponse,
    mut form: ActValues,
) -> Result<WithdrawalPage, WebError> {
    let user = ctx.require(WITHDRAWAL_READERS)?;
    let i18n = ctx.i18n;
    let finance = user.has_any(FINANCE);
    if form.amount.is_empty() {
        // The pay form proposes the approved amount in the api's own notation.
        form.amount = w.amount.to_string();
    }
    if form.payment_date.is_empty() {
        form.payment_date = bogota_today().format("%Y-%m-%d").to_string();
    }
    if form.method.is_empty() {
        form.method = "bank_transfer".to_owned();
    }
    let base = format!("/retiros/{}", w.id);
    Ok(WithdrawalPage {
        w: WithdrawalRow::new(i18n, w),
        notes: w.notes.clone().unwrap_or_default(),
        decided_at: stamp(w.decided_at),
        decision_notes: w.decision_notes.clone().unwrap_or_default(),
        rejection_reason: w.rejection_reason.clone().unwrap_or_default(),
        paid_at: stamp(w.paid_at),
        batch_id: w.batch_id.map(|b| b.to_string()).unwrap_or_default(),
        own_request: Uuid::from(w.requested_by.id) == user.id,
        events: w
            .events
            .iter()
            .map(|e| EventRow {
                action: i18n.label("withdrawal_event", e.action),
                actor: e.actor.clone(),
                notes: e.notes.clone().unwrap_or_default(),
                occurred_at: stamp(Some(e.occurred_at)),
            })
            .collect(),
        documents: document_links(i18n, &base, &w.documents),
        can_upload: finance || user.has_any(&[afiliados_domain::Role::Influencer]),
        upload_action: format!("{base}/documentos"),
        upload_kinds: super::documents::WITHDRAWAL_DOCUMENT_KINDS
            .iter()
            .map(|k| (*k, i18n.label("document_kind", k)))
            .collect(),
        can_decide: finance && w.status == WithdrawalStatus::Pending,
        can_pay: finance && w.status == WithdrawalStatus::Approved,
        preview: w.withholding_preview.as_ref().map(|p| Preview {
            gross: money(i18n.locale, p.gross),
            rate: format!("{} %", p.rate),
            withheld: money(i18n.locale, p.withheld),
            net: money(i18n.locale, p.net),
            profile: p
                .tax_profile_code
                .clone()
                .unwrap_or_else(|| i18n.t("payouts.default_profile").to_owned()),
        }),
        methods: method_options(i18n),
        idempotency_key: fresh_key(),
        form,
        message: None,
        fields: FieldErrors::default(),
        l: ctx.layout().await?,
    })
}

/// `GET /retiros/{id}`.
pub(crate) async fn show_withdrawal(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require(WITHDRAWAL_READERS)?;
    let id = id.into_inner();
    let w = ctx
        .call(async |api, token| api.get_withdrawal(token, id).await)
        .await?;
    let shown = page(&ctx, &w, ActValues::default()).await?;
    render(&shown, StatusCode::OK)
}

/// `GET /retiros/{id}/documentos/{document_id}`: the file through the web (the api audits it).
pub(crate) async fn download_document(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, WebError> {
    // The download endpoint is FI, AD and the influencer's own (`api.md` §11).
    ctx.require(&[
        afiliados_domain::Role::AdminDentsu,
        afiliados_domain::Role::Finance,
        afiliados_domain::Role::Influencer,
    ])?;
    let (id, document_id) = path.into_inner();
    let file = ctx
        .call(async |api, token| {
            api.download_withdrawal_document(token, id, document_id)
                .await
        })
        .await?;
    Ok(file_response(file, &format!("retiro-{document_id}")))
}
