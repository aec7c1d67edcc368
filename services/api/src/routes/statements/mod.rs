//! `GET /payments/statements` and `GET /payments/withholding-certificates/{year}` (ADR 0050): the
//! monthly statement of an influencer in a brand and its withholding certificate for a tax year,
//! as JSON (default), PDF (`format=pdf`) or CSV (`format=csv`), Spanish unless `locale=en`. Each
//! download is audited in the request's transaction.
//!
//! Registered before any `/payments/{id}` route, so the fixed paths win (actix matches resources
//! in registration order).

use actix_web::{HttpResponse, get, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::statements::{
    DocumentFormat, Statement, StatementQuery, WithholdingCertificate, WithholdingCertificateQuery,
};
use afiliados_domain::{Locale, Role};
use sha2::{Digest, Sha256};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::certificates::{statement_pdf, withholding_pdf};
use crate::error::{ApiError, ApiResult};
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::exports::HeaderLanguage;
use crate::usecases::statements::words::short;
use crate::usecases::statements::{csv, statement, withholding};

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(get_statement)
        .service(get_withholding_certificate);
}

fn language(locale: Locale) -> HeaderLanguage {
    match locale {
        Locale::En => HeaderLanguage::English,
        Locale::Es => HeaderLanguage::Spanish,
    }
}

/// A file answer: its type, name and `X-Content-SHA256`.
fn attachment(content_type: &str, filename: &str, body: Vec<u8>) -> HttpResponse {
    let digest = format!("{:x}", Sha256::digest(&body));
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header(("X-Content-SHA256", digest))
        .body(body)
}

/// The monthly statement of an influencer in a brand (IN its own; AD, FI, AU any; AM its
/// brands): opening available, every ledger movement of the Bogota month with its order,
/// withdrawal, payment or adjustment, closing available and buckets. `format=pdf|csv` answers
/// `application/pdf` / `text/csv` attachments instead of JSON.
#[utoipa::path(tag = "payments", params(StatementQuery), responses(
    (status = 200, body = Statement, description = "The statement (JSON; `format=pdf` answers `application/pdf`, `format=csv` answers `text/csv`, with `X-Content-SHA256`)"),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments/statements")]
async fn get_statement(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<StatementQuery>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let found = transaction::run(&state, async |tx| {
        statement::statement(tx, &ctx, &user, &query).await
    })
    .await?;
    let locale = query.locale.unwrap_or_default();
    let stem = match locale {
        Locale::Es => "extracto",
        Locale::En => "statement",
    };
    let name = format!(
        "{stem}-{}-{}-{}",
        found.month,
        short(found.influencer_id.into()),
        short(found.brand_id.into())
    );
    Ok(match query.format.unwrap_or_default() {
        DocumentFormat::Json => HttpResponse::Ok().json(found),
        DocumentFormat::Pdf => attachment(
            "application/pdf",
            &format!("{name}.pdf"),
            statement_pdf::render(&found, locale),
        ),
        DocumentFormat::Csv => attachment(
            "text/csv; charset=utf-8",
            &format!("{name}.csv"),
            csv::statement(&found, language(locale))?,
        ),
    })
}

/// The withholding certificate of an influencer for a tax year (IN its own; AD, FI any): gross,
/// rate, withheld and net per brand and month, the year's totals, payee and payer. A year without
/// payments is a certificate with zeros; a year to come is 422 `in_future`. `format=pdf|csv`
/// answers `application/pdf` / `text/csv` attachments instead of JSON. Until `PAYER_LEGAL_NAME`
/// and `PAYER_NIT` are configured a reader gets 503 `payer_not_configured` (ADR 0053).
#[utoipa::path(tag = "payments", params(
    ("year" = String, Path, description = "The tax year, `YYYY`"), WithholdingCertificateQuery), responses(
    (status = 200, body = WithholdingCertificate, description = "The certificate (JSON; `format=pdf` answers `application/pdf`, `format=csv` answers `text/csv`, with `X-Content-SHA256`)"),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody),
    (status = 503, body = ApiErrorBody, description = "`payer_not_configured`: `PAYER_LEGAL_NAME` or `PAYER_NIT` is empty")),
    security(("bearer" = [])))]
#[get("/payments/withholding-certificates/{year}")]
async fn get_withholding_certificate(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    query: web::Query<WithholdingCertificateQuery>,
) -> ApiResult<HttpResponse> {
    // Only for a caller who may read certificates (the others keep their 403), and before the
    // transaction, so no download is audited that was never served.
    let reader =
        user.has_any(&withholding::CERTIFICATE_READERS) || user.has_any(&[Role::Influencer]);
    if reader && !state.settings.payer.missing().is_empty() {
        return Err(ApiError::Unconfigured(ApiErrorCode::PayerNotConfigured));
    }
    let ctx = state.use_case_context();
    let year = path.into_inner();
    let found = transaction::run(&state, async |tx| {
        withholding::certificate(tx, &ctx, &user, &year, &query).await
    })
    .await?;
    let locale = query.locale.unwrap_or_default();
    let stem = match locale {
        Locale::Es => "certificado-retencion",
        Locale::En => "withholding-certificate",
    };
    let name = format!(
        "{stem}-{}-{}",
        found.year,
        short(found.payee.influencer_id.into())
    );
    Ok(match query.format.unwrap_or_default() {
        DocumentFormat::Json => HttpResponse::Ok().json(found),
        DocumentFormat::Pdf => attachment(
            "application/pdf",
            &format!("{name}.pdf"),
            withholding_pdf::render(&found, locale),
        ),
        DocumentFormat::Csv => attachment(
            "text/csv; charset=utf-8",
            &format!("{name}.csv"),
            csv::certificate(&found, language(locale))?,
        ),
    })
}
