//! `GET /exports/commissions.csv` (AD, FI; AM its brands; IN its own): the commissions of
//! `GET /commissions`'s filters.

use afiliados_api_types::commissions::ListCommissionsQuery;
use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_db::AsyncPgConnection;
use afiliados_db::commissions::NamedCommission;
use afiliados_domain::Actor;

use super::writer::{CsvWriter, amount, flag, instant};
use super::{CsvFile, HeaderLanguage, audited, check_size, page_rows, pages};
use crate::usecases::brand_scope::resolve;
use crate::usecases::commissions::COMMISSION_READERS;
use crate::usecases::commissions::read::{parse, scoped};
use crate::usecases::commissions::representation::commission_response;
use crate::usecases::{UseCaseContext, UseCaseError};

/// `(english, spanish)` headers, in `api.md` §17's order.
const COLUMNS: [(&str, &str); 17] = [
    ("id", "id"),
    ("vtex_order_id", "pedido_vtex"),
    ("influencer", "influenciador"),
    ("campaign", "campaña"),
    ("brand", "marca"),
    ("state", "estado"),
    ("commission_rate", "tasa_comision"),
    ("tier", "nivel"),
    ("eligible_amount", "monto_elegible"),
    ("commission_amount", "monto_comision"),
    ("reverted_amount", "monto_revertido"),
    ("net_amount", "monto_neto"),
    ("on_hold", "retenida"),
    ("estimated_at", "estimada_en"),
    ("confirmation_due_at", "confirmacion_prevista"),
    ("confirmed_at", "confirmada_en"),
    ("reverted_at", "revertida_en"),
];

fn write_page(writer: &mut CsvWriter, rows: Vec<NamedCommission>) -> Result<(), UseCaseError> {
    for row in rows {
        let c = commission_response(row)?;
        writer.row([
            c.id.to_string(),
            c.vtex_order_id,
            c.influencer_name,
            c.campaign_name,
            c.brand_name,
            c.state.as_str().to_owned(),
            c.commission_rate.value().to_string(),
            c.tier.name,
            amount(c.eligible_amount),
            amount(c.commission_amount),
            amount(c.reverted_amount),
            amount(c.net_amount),
            flag(c.on_hold).to_owned(),
            instant(Some(c.estimated_at)),
            instant(c.confirmation_due_at),
            instant(c.confirmed_at),
            instant(c.reverted_at),
        ])?;
    }
    Ok(())
}

/// The commissions CSV for the caller's scope, audited.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn export(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListCommissionsQuery,
    locale: &ExportLocaleQuery,
) -> Result<CsvFile, UseCaseError> {
    let language = HeaderLanguage::of(locale)?;
    let (mut filter, sort) = parse(query)?;
    let scope = resolve(tx, actor, &COMMISSION_READERS, true, true).await?;
    scoped(&mut filter, scope);
    let mut writer = CsvWriter::new(language.header(&COLUMNS))?;
    let (first, total) =
        afiliados_db::commissions::list(tx, ctx.tenant_id, &filter, sort, 0, page_rows()).await?;
    check_size(total)?;
    write_page(&mut writer, first)?;
    for offset in pages(total).skip(1) {
        let (rows, _) =
            afiliados_db::commissions::list(tx, ctx.tenant_id, &filter, sort, offset, page_rows())
                .await?;
        write_page(&mut writer, rows)?;
    }
    let rows = writer.rows();
    audited(tx, ctx, actor, "commissions", query, rows, writer.finish()?).await
}
