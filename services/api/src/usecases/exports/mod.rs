//! CSV exports (`api.md` §17, §0.7; ADR 0039): each takes the filters of its list endpoint
//! (parsed by the list's own `parse`), is scoped like the export's row of the matrix, refuses
//! more than [`EXPORT_MAX_ROWS`] rows with 422 `export_too_large`, reads the rows a page at a
//! time into the CSV bytes (never the whole row set as records) and is audited
//! `export.downloaded` with its filters.

pub mod adjustments;
pub mod commissions;
pub mod ledger;
pub mod orders;
pub mod payments;
pub mod reconciliation_discrepancies;
pub mod withdrawals;
pub mod writer;

use afiliados_api_types::ErrorCode;
use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::{Actor, Locale};
use serde::Serialize;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// `EXPORT_MAX_ROWS` (`api.md` §0.7).
pub const EXPORT_MAX_ROWS: i64 = 100_000;
/// Rows read per query while writing.
const PAGE_ROWS: i64 = 1_000;

/// A finished export.
#[derive(Debug, Clone)]
pub struct CsvFile {
    /// `orders-2026-12-06.csv` (Bogota date).
    pub filename: String,
    /// UTF-8 with BOM.
    pub body: Vec<u8>,
}

/// The header language: Spanish unless `locale=en`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderLanguage {
    /// Default.
    Spanish,
    /// `locale=en`.
    English,
}

impl HeaderLanguage {
    /// From the query (an unknown locale never deserialises: 400 `invalid_query`).
    pub fn of(query: &ExportLocaleQuery) -> HeaderLanguage {
        match query.locale {
            Some(Locale::En) => HeaderLanguage::English,
            Some(Locale::Es) | None => HeaderLanguage::Spanish,
        }
    }

    /// The header row from `(english, spanish)` pairs.
    pub fn header(self, columns: &[(&'static str, &'static str)]) -> Vec<&'static str> {
        columns
            .iter()
            .map(|(english, spanish)| match self {
                HeaderLanguage::English => *english,
                HeaderLanguage::Spanish => *spanish,
            })
            .collect()
    }
}

/// 422 `export_too_large` above the limit.
pub fn check_size(total: i64) -> Result<(), UseCaseError> {
    if total > EXPORT_MAX_ROWS {
        return Err(UseCaseError::Unprocessable(ErrorCode::ExportTooLarge));
    }
    Ok(())
}

/// The offsets of the pages that cover `total` rows.
pub fn pages(total: i64) -> impl Iterator<Item = i64> {
    (0..total.max(0)).step_by(usize::try_from(PAGE_ROWS).unwrap_or(1_000))
}

/// Rows per page.
pub fn page_rows() -> i64 {
    PAGE_ROWS
}

/// Audits the download (`export.downloaded`, resource and filters) and names the file.
pub async fn audited<F: Serialize>(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    resource: &str,
    filters: &F,
    rows: usize,
    body: Vec<u8>,
) -> Result<CsvFile, UseCaseError> {
    let filename = format!("{resource}-{}.csv", ctx.today().format("%Y-%m-%d"));
    let filters = serde_json::to_value(filters).map_err(UseCaseError::internal)?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("export.downloaded", "export", format!("{resource}.csv")).changes(
            None,
            Some(serde_json::json!({"resource": resource, "filters": filters, "rows": rows})),
        ),
    )
    .await?;
    Ok(CsvFile { filename, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_every_row_once() {
        assert_eq!(pages(0).count(), 0);
        assert_eq!(pages(1).collect::<Vec<_>>(), vec![0]);
        assert_eq!(pages(2_001).collect::<Vec<_>>(), vec![0, 1_000, 2_000]);
    }

    #[test]
    fn the_limit_is_inclusive() {
        assert!(check_size(EXPORT_MAX_ROWS).is_ok());
        assert!(matches!(
            check_size(EXPORT_MAX_ROWS + 1),
            Err(UseCaseError::Unprocessable(ErrorCode::ExportTooLarge))
        ));
    }

    #[test]
    fn headers_are_spanish_unless_english_is_asked() {
        let columns = [("brand", "marca")];
        let spanish = HeaderLanguage::of(&ExportLocaleQuery::default());
        assert_eq!(spanish.header(&columns), vec!["marca"]);
        let english = HeaderLanguage::of(&ExportLocaleQuery {
            locale: Some(Locale::En),
        });
        assert_eq!(english.header(&columns), vec!["brand"]);
    }
}
