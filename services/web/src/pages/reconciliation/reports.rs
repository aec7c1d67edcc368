//! Downloads through the web (the browser never holds the api token): a run's live report as
//! JSON or CSV (`/conciliaciones/{id}/reporte.{json,csv}`; CSV headers in the page's language)
//! and the discrepancies across runs as CSV with the list's filters
//! (`/conciliaciones/discrepancias.csv`, AD, FI, AU). The api audits every download.

use actix_web::{HttpResponse, web};
use afiliados_api_client::ReportFormat;
use afiliados_api_types::exports::ExportLocaleQuery;
use uuid::Uuid;

use super::discrepancies_list::{Filters, query_of};
use super::{EXPORTERS, READERS};
use crate::context::Ctx;
use crate::download::file_response;
use crate::error::WebError;

/// `GET /conciliaciones/{id}/reporte.{json|csv}`; another extension is the 404 page.
pub(crate) async fn download_report(
    ctx: Ctx,
    path: web::Path<(Uuid, String)>,
) -> Result<HttpResponse, WebError> {
    ctx.require(READERS)?;
    let (id, extension) = path.into_inner();
    let format = match extension.as_str() {
        "json" => ReportFormat::Json,
        "csv" => ReportFormat::Csv,
        _ => return Err(WebError::NotFound),
    };
    let locale = ExportLocaleQuery {
        locale: Some(ctx.i18n.locale),
    };
    let file = ctx
        .call(async |api, token| {
            api.download_reconciliation_report(token, id, format, &locale)
                .await
        })
        .await?;
    Ok(file_response(
        file,
        &format!("conciliacion-{id}.{extension}"),
    ))
}

/// `GET /conciliaciones/discrepancias.csv?class=&status=&brandId=&escalated=`.
pub(crate) async fn download_discrepancies(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(EXPORTERS)?;
    let (query, _) = query_of(&filters.into_inner());
    let locale = ExportLocaleQuery {
        locale: Some(ctx.i18n.locale),
    };
    let file = ctx
        .call(async |api, token| api.export_discrepancies(token, &query, &locale).await)
        .await?;
    Ok(file_response(file, "discrepancias.csv"))
}
