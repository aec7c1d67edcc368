//! `/influencer/arco`: the influencer's data-subject requests (access, rectification, revocation,
//! deletion) and the form that files one; for a rectification the person lists the fields and
//! their new values. A completed access request offers its export.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::arco::{CreateArcoRequest, ListArcoRequestsQuery};
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use crate::context::Ctx;
use crate::download::file_response;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::format::stamp;
use crate::forms::FormData;
use crate::i18n::I18n;
use crate::layout::{Layout, render};

/// Request types, in the form's order.
const TYPES: [&str; 4] = afiliados_domain::ArcoType::SPELLINGS;
/// Fields a rectification may name with a text value (the api validates the values as at
/// registration and refuses any field outside its list, `domain.md` §5.3.5).
const RECTIFIABLE: [(&str, &str); 8] = [
    ("firstName", "field.first_name"),
    ("lastName", "field.last_name"),
    ("email", "field.email"),
    ("phone", "field.phone"),
    ("address", "field.address"),
    ("city", "field.city"),
    ("department", "field.department"),
    ("documentNumber", "field.document_number"),
];
/// Rectification rows on the form.
const ROWS: usize = 3;

/// One request.
pub(crate) struct ArcoRow {
    id: String,
    kind: String,
    status: String,
    status_label: String,
    created: String,
    due: String,
    resolved: String,
    notes: String,
    export: bool,
}

/// One rectification row of the form.
#[derive(Clone, Default)]
pub(crate) struct RectifyRow {
    field: String,
    value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/influencer/arco.html")]
pub(crate) struct ArcoPage {
    l: Layout,
    rows: Vec<ArcoRow>,
    types: Options,
    rectifiable: Options,
    kind: String,
    rectify: Vec<RectifyRow>,
    message: Option<String>,
    fields: FieldErrors,
}

/// Option values with their labels.
type Options = Vec<(&'static str, String)>;

fn labels(i18n: I18n) -> (Options, Options) {
    (
        TYPES
            .iter()
            .map(|kind| (*kind, i18n.label("arco_type", kind)))
            .collect(),
        RECTIFIABLE
            .iter()
            .map(|(field, key)| (*field, i18n.t(key).to_owned()))
            .collect(),
    )
}

async fn page(ctx: &Ctx, kind: String, rectify: Vec<RectifyRow>) -> Result<ArcoPage, WebError> {
    let query = ListArcoRequestsQuery {
        page_size: Some(50),
        ..ListArcoRequestsQuery::default()
    };
    // Filing a request stays open while new policy versions wait (`domain.md` §2.3), so the
    // person can revoke instead of accepting; only the list is refused then.
    let items = match ctx
        .call(async |api, token| api.list_arco_requests(token, &query).await)
        .await
    {
        Ok(list) => list.items,
        Err(WebError::Api(error)) if error.code() == Some(ApiErrorCode::ConsentRequired) => {
            Vec::new()
        }
        Err(error) => return Err(error),
    };
    let (types, rectifiable) = labels(ctx.i18n);
    Ok(ArcoPage {
        rows: items
            .into_iter()
            .map(|request| ArcoRow {
                id: request.id.to_string(),
                kind: ctx.i18n.label("arco_type", request.kind),
                status_label: ctx.i18n.label("arco_status", request.status),
                status: request.status.to_string(),
                created: stamp(Some(request.created_at)),
                due: stamp(Some(request.due_at)),
                resolved: stamp(request.resolved_at),
                notes: request.resolution_notes.unwrap_or_default(),
                export: request.export_available,
            })
            .collect(),
        l: ctx.layout().await?,
        types,
        rectifiable,
        kind,
        rectify,
        message: None,
        fields: FieldErrors::default(),
    })
}

/// `GET /influencer/arco`.
pub(crate) async fn show_arco(ctx: Ctx) -> Result<HttpResponse, WebError> {
    ctx.require_influencer().await?;
    let page = page(&ctx, "access".to_owned(), vec![RectifyRow::default(); ROWS]).await?;
    render(&page, StatusCode::OK)
}

fn read_rows(form: &FormData) -> Vec<RectifyRow> {
    (0..ROWS)
        .map(|i| RectifyRow {
            field: form.get(&format!("rectify_field_{i}")),
            value: form.get(&format!("rectify_value_{i}")),
        })
        .collect()
}

/// `POST /influencer/arco`.
pub(crate) async fn submit_arco(ctx: Ctx, form: FormData) -> Result<HttpResponse, WebError> {
    ctx.require_influencer().await?;
    let kind = form.get("type");
    let rectify = read_rows(&form);
    let mut details = serde_json::Map::new();
    for row in &rectify {
        let known = RECTIFIABLE.iter().any(|(field, _)| *field == row.field);
        if known && !row.value.is_empty() {
            details.insert(
                row.field.clone(),
                serde_json::Value::String(row.value.clone()),
            );
        }
    }
    if kind == "rectify" && details.is_empty() {
        let mut page = page(&ctx, kind, rectify).await?;
        page.fields
            .add("details", ctx.i18n.t("arco.rectify_required").to_owned());
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request = CreateArcoRequest {
        details: (kind == "rectify").then_some(serde_json::Value::Object(details)),
        kind: kind.clone(),
        channel: None,
        influencer_id: None,
    };
    match ctx
        .call(async |api, token| api.create_arco_request(token, &request).await)
        .await
    {
        Ok(_) => ctx.done("/influencer/arco", "arco.created_done"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut page = page(&ctx, kind, rectify).await?;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}

/// `GET /influencer/arco/{id}/exportacion`: the JSON export of a completed access request.
pub(crate) async fn download_export(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require_influencer().await?;
    let id = id.into_inner();
    let file = ctx
        .call(async |api, token| api.download_arco_export(token, id).await)
        .await?;
    Ok(file_response(file, &format!("mis-datos-{id}.json")))
}
