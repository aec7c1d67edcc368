//! Deleting a KYC document (admin dentsu, gestor): a confirmation page naming the file, then
//! `DELETE /influencers/{id}/documents/{documentId}` (a soft delete; the api purges the object
//! after 30 days) and back to the record.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::DOCUMENT_ADMINS;
use super::rows::refusal;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pages::influencer::DocumentRow;

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/document_delete.html")]
pub(crate) struct DocumentDeletePage {
    l: Layout,
    influencer_id: String,
    influencer: String,
    d: DocumentRow,
}

/// `GET /gestor/influencers/{id}/documentos/{document_id}/eliminar`: asks first.
pub(crate) async fn show_delete_document(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, WebError> {
    ctx.require(DOCUMENT_ADMINS)?;
    let (id, document_id) = path.into_inner();
    let influencer = ctx
        .call(async |api, token| api.get_influencer(token, id).await)
        .await?;
    let documents = ctx
        .call(async |api, token| api.list_influencer_documents(token, id).await)
        .await?;
    let document = documents
        .items
        .into_iter()
        .find(|document| document.id == document_id)
        .ok_or(WebError::NotFound)?;
    let page = DocumentDeletePage {
        influencer_id: id.to_string(),
        influencer: format!("{} {}", influencer.first_name, influencer.last_name),
        d: DocumentRow::new(ctx.i18n, document),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}

/// `POST /gestor/influencers/{id}/documentos/{document_id}/eliminar`.
pub(crate) async fn submit_delete_document(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, WebError> {
    ctx.require(DOCUMENT_ADMINS)?;
    let (id, document_id) = path.into_inner();
    let back = format!("/gestor/influencers/{id}");
    match ctx
        .call(async |api, token| api.delete_influencer_document(token, id, document_id).await)
        .await
    {
        Ok(()) => ctx.done(&back, "documents.deleted"),
        Err(error) => {
            let text = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &text)
        }
    }
}
