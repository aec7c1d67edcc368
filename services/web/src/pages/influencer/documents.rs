//! `/influencer/documentos`: the influencer's stored documents (metadata only) and the upload
//! form (PDF, JPEG or PNG, at most 10 MiB; the api checks the file's real type).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use afiliados_api_types::influencers::DocumentResponse;
use afiliados_domain::InfluencerDocumentKind;
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::format::{size, stamp};
use crate::i18n::I18n;
use crate::layout::{Layout, render};
use crate::multipart::MultipartData;

/// Kinds an influencer may upload (`api.md` §6).
pub(crate) const DOCUMENT_KINDS: [&str; 5] = InfluencerDocumentKind::SPELLINGS;

/// One stored document.
pub(crate) struct DocumentRow {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) filename: String,
    pub(crate) size: String,
    pub(crate) uploaded_at: String,
    pub(crate) uploaded_by: String,
    pub(crate) notes: String,
    pub(crate) downloadable: bool,
}

impl DocumentRow {
    pub(crate) fn new(i18n: I18n, document: DocumentResponse) -> DocumentRow {
        DocumentRow {
            id: document.id.to_string(),
            kind: i18n.label("document_kind", document.kind),
            size: size(document.size_bytes),
            uploaded_at: stamp(Some(document.uploaded_at)),
            uploaded_by: document.uploaded_by,
            notes: document.notes.unwrap_or_default(),
            downloadable: document.download_url.is_some(),
            filename: document.filename,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/influencer/documents.html")]
pub(crate) struct DocumentsPage {
    l: Layout,
    rows: Vec<DocumentRow>,
    kinds: Vec<(&'static str, String)>,
    kind: String,
    notes: String,
    message: Option<String>,
    fields: FieldErrors,
}

async fn page(ctx: &Ctx, id: Uuid, kind: String, notes: String) -> Result<DocumentsPage, WebError> {
    let documents = ctx
        .call(async |api, token| api.list_influencer_documents(token, id).await)
        .await?;
    Ok(DocumentsPage {
        rows: documents
            .items
            .into_iter()
            .map(|document| DocumentRow::new(ctx.i18n, document))
            .collect(),
        kinds: DOCUMENT_KINDS
            .iter()
            .map(|kind| (*kind, ctx.i18n.label("document_kind", kind)))
            .collect(),
        l: ctx.layout().await?,
        kind,
        notes,
        message: None,
        fields: FieldErrors::default(),
    })
}

/// `GET /influencer/documentos`.
pub(crate) async fn show_documents(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let (_, id) = ctx.require_influencer().await?;
    let page = page(&ctx, id, "id_document".to_owned(), String::new()).await?;
    render(&page, StatusCode::OK)
}

/// `POST /influencer/documentos` (multipart).
pub(crate) async fn submit_document(
    ctx: Ctx,
    mut form: MultipartData,
) -> Result<HttpResponse, WebError> {
    let (_, id) = ctx.require_influencer().await?;
    let kind = form.fields.get("kind");
    let notes = form.fields.get("notes");
    let too_large = form.file_too_large("file");
    let Some(file) = form.take_file("file").filter(|_| !too_large) else {
        let mut page = page(&ctx, id, kind, notes).await?;
        let code = if too_large {
            "file_too_large"
        } else {
            "required"
        };
        page.fields.add(
            "file",
            ctx.i18n.t(&format!("field_error.{code}")).to_owned(),
        );
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let upload = file.into_upload();
    let notes_sent = Some(notes.clone()).filter(|n| !n.is_empty());
    match ctx
        .call(async |api, token| {
            api.upload_influencer_document(token, id, &kind, notes_sent.as_deref(), upload.clone())
                .await
        })
        .await
    {
        Ok(_) => ctx.done("/influencer/documentos", "documents.uploaded_done"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut page = page(&ctx, id, kind, notes).await?;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}
