//! `GET /exports/ledger.csv` (AD, FI; IN its own — not admin_marca, `api.md` §17): the entries
//! of `GET /ledger`'s filters with the six bucket deltas.

use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::ledger::ListLedgerQuery;
use afiliados_db::AsyncPgConnection;
use afiliados_db::ledger::LedgerRow;
use afiliados_domain::Actor;
use uuid::Uuid;

use super::writer::{CsvWriter, amount, instant};
use super::{CsvFile, HeaderLanguage, audited, check_size, page_rows, pages};
use crate::usecases::brand_scope::resolve;
use crate::usecases::fields::money;
use crate::usecases::ledger::entries::{LEDGER_READERS, parse, scoped};
use crate::usecases::{UseCaseContext, UseCaseError};

/// `(english, spanish)` headers, in `api.md` §17's order.
const COLUMNS: [(&str, &str); 14] = [
    ("seq", "secuencia"),
    ("created_at", "fecha"),
    ("influencer", "influenciador"),
    ("brand", "marca"),
    ("entry_type", "tipo"),
    ("amount", "monto"),
    ("d_estimated", "d_estimado"),
    ("d_confirmed", "d_confirmado"),
    ("d_reverted", "d_revertido"),
    ("d_pending_withdrawal", "d_retiro_pendiente"),
    ("d_withdrawn", "d_retirado"),
    ("d_pending_adjustments", "d_ajustes_pendientes"),
    ("available_after", "disponible_despues"),
    ("description", "descripcion"),
];

async fn write_page(
    tx: &mut AsyncPgConnection,
    writer: &mut CsvWriter,
    rows: &[LedgerRow],
) -> Result<(), UseCaseError> {
    let mut influencer_ids: Vec<Uuid> = rows.iter().map(|row| row.influencer_id).collect();
    influencer_ids.sort_unstable();
    influencer_ids.dedup();
    let mut brand_ids: Vec<Uuid> = rows.iter().map(|row| row.brand_id).collect();
    brand_ids.sort_unstable();
    brand_ids.dedup();
    let influencers = afiliados_db::export_names::influencers(tx, &influencer_ids).await?;
    let brands = afiliados_db::export_names::brands(tx, &brand_ids).await?;
    for row in rows {
        writer.row([
            row.seq.to_string(),
            instant(Some(row.created_at)),
            influencers
                .get(&row.influencer_id)
                .cloned()
                .unwrap_or_default(),
            brands.get(&row.brand_id).cloned().unwrap_or_default(),
            row.entry_type.clone(),
            amount(money(row.amount)),
            amount(money(row.d_estimated)),
            amount(money(row.d_confirmed)),
            amount(money(row.d_reverted)),
            amount(money(row.d_pending_withdrawal)),
            amount(money(row.d_withdrawn)),
            amount(money(row.d_pending_adjustments)),
            amount(money(row.available_after)),
            row.description.clone(),
        ])?;
    }
    Ok(())
}

/// The ledger CSV for the caller's scope, audited.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn export(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListLedgerQuery,
    locale: &ExportLocaleQuery,
) -> Result<CsvFile, UseCaseError> {
    let language = HeaderLanguage::of(locale)?;
    let (mut filter, descending) = parse(query)?;
    let scope = resolve(tx, actor, &LEDGER_READERS, false, true).await?;
    scoped(&mut filter, scope);
    let mut writer = CsvWriter::new(language.header(&COLUMNS))?;
    let (first, total) =
        afiliados_db::ledger::list(tx, ctx.tenant_id, &filter, descending, 0, page_rows()).await?;
    check_size(total)?;
    write_page(tx, &mut writer, &first).await?;
    for offset in pages(total).skip(1) {
        let (rows, _) =
            afiliados_db::ledger::list(tx, ctx.tenant_id, &filter, descending, offset, page_rows())
                .await?;
        write_page(tx, &mut writer, &rows).await?;
    }
    let rows = writer.rows();
    audited(tx, ctx, actor, "ledger", query, rows, writer.finish()?).await
}
