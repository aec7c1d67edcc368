//! `GET /exports/adjustments.csv` (AD, FI only — `api.md` §17): the adjustments of
//! `GET /payments/adjustments`'s filters, newest first.

use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::payments::ListAdjustmentsQuery;
use afiliados_db::AsyncPgConnection;
use afiliados_db::adjustments::AdjustmentRow;
use afiliados_domain::{Actor, Role};

use super::writer::{CsvWriter, amount, instant};
use super::{CsvFile, HeaderLanguage, audited, check_size, page_rows, pages};
use crate::usecases::adjustments::read::{parse, scoped};
use crate::usecases::adjustments::representation::Names;
use crate::usecases::brand_scope::resolve;
use crate::usecases::fields::money;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Who may download it (narrower than the list: no gestor, no admin_marca, no influencer).
const EXPORTERS: [Role; 2] = [Role::AdminDentsu, Role::Finance];

/// `(english, spanish)` headers, in `api.md` §17's order.
const COLUMNS: [(&str, &str); 11] = [
    ("id", "id"),
    ("influencer", "influenciador"),
    ("brand", "marca"),
    ("kind", "tipo"),
    ("amount", "monto"),
    ("status", "estado"),
    ("resolution_type", "resolucion"),
    ("recovery_method", "metodo_recuperacion"),
    ("reason", "motivo"),
    ("created_at", "creado_en"),
    ("resolved_at", "resuelto_en"),
];

async fn write_page(
    tx: &mut AsyncPgConnection,
    writer: &mut CsvWriter,
    rows: &[AdjustmentRow],
) -> Result<(), UseCaseError> {
    let names = Names::of(tx, rows).await?;
    for row in rows {
        writer.row([
            row.id.to_string(),
            names.influencer(row.influencer_id),
            names.brand(row.brand_id),
            row.kind.clone(),
            amount(money(row.amount)),
            row.status.clone(),
            row.resolution_type.clone().unwrap_or_default(),
            row.recovery_method.clone().unwrap_or_default(),
            row.reason.clone(),
            instant(Some(row.created_at)),
            instant(row.resolved_at),
        ])?;
    }
    Ok(())
}

/// The adjustments CSV, audited.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn export(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListAdjustmentsQuery,
    locale: &ExportLocaleQuery,
) -> Result<CsvFile, UseCaseError> {
    let language = HeaderLanguage::of(locale);
    let mut filter = parse(query)?;
    let scope = resolve(tx, actor, &EXPORTERS, false, false).await?;
    scoped(&mut filter, scope);
    let mut writer = CsvWriter::new(language.header(&COLUMNS))?;
    let (first, total) =
        afiliados_db::adjustment_list::list(tx, ctx.tenant_id, &filter, 0, page_rows()).await?;
    check_size(total)?;
    write_page(tx, &mut writer, &first).await?;
    for offset in pages(total).skip(1) {
        let (rows, _) =
            afiliados_db::adjustment_list::list(tx, ctx.tenant_id, &filter, offset, page_rows())
                .await?;
        write_page(tx, &mut writer, &rows).await?;
    }
    let rows = writer.rows();
    audited(tx, ctx, actor, "adjustments", query, rows, writer.finish()?).await
}
