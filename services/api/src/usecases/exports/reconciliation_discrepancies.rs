//! `GET /exports/reconciliation-discrepancies.csv` (AD, FI, AU — `api.md` §17): the discrepancies
//! of `GET /vtex/reconciliations/discrepancies`'s filters across runs, in the reconciliation CSV
//! columns (`domain.md` §5.16.3), oldest detection first; `run_id` is each row's last run.

use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::reconciliation_requests::ListDiscrepanciesQuery;
use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_queries::discrepancies_page;
use afiliados_domain::{Actor, Role};

use super::writer::CsvWriter;
use super::{CsvFile, HeaderLanguage, audited, check_size, page_rows, pages};
use crate::usecases::reconciliation::list::discrepancy_filter;
use crate::usecases::reconciliation::report::{COLUMNS, Names, write_rows};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Who may download it (no gestor: `api.md` §17).
const EXPORTERS: [Role; 3] = [Role::AdminDentsu, Role::Finance, Role::Auditor];

/// The discrepancies CSV, audited.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn export(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListDiscrepanciesQuery,
    locale: &ExportLocaleQuery,
) -> Result<CsvFile, UseCaseError> {
    actor.require_any(&EXPORTERS)?;
    let filter = discrepancy_filter(query)?;
    let language = HeaderLanguage::of(locale);
    let mut writer = CsvWriter::new(language.header(&COLUMNS))?;
    let (first, total) = discrepancies_page(tx, ctx.tenant_id, &filter, 0, page_rows()).await?;
    check_size(total)?;
    let names = Names::of(tx, &first).await?;
    write_rows(&mut writer, &names, None, &first)?;
    for offset in pages(total).skip(1) {
        let (rows, _) = discrepancies_page(tx, ctx.tenant_id, &filter, offset, page_rows()).await?;
        let names = Names::of(tx, &rows).await?;
        write_rows(&mut writer, &names, None, &rows)?;
    }
    let rows = writer.rows();
    audited(
        tx,
        ctx,
        actor,
        "reconciliation-discrepancies",
        query,
        rows,
        writer.finish()?,
    )
    .await
}
