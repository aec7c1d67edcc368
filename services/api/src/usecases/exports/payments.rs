//! `GET /exports/payments.csv` (AD, FI; IN its own — `api.md` §17): the payments of
//! `GET /payments`'s filters (`influencerId`, `brandId`, `batchId`, `method`, `from`/`to` on
//! `paymentDate`, `sort`), with gross, rate, withheld and net. No bank data.

use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::payments::ListPaymentsQuery;
use afiliados_db::AsyncPgConnection;
use afiliados_db::payments::PaymentRow;
use afiliados_domain::{Actor, Role};
use uuid::Uuid;

use super::writer::{CsvWriter, amount};
use super::{CsvFile, HeaderLanguage, audited, check_size, page_rows, pages};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::fields::{money, percent};
use crate::usecases::payments::read::parse;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Who may download every payment (an influencer gets its own).
const EXPORTERS: [Role; 2] = [Role::AdminDentsu, Role::Finance];

/// `(english, spanish)` headers, in `api.md` §17's order.
const COLUMNS: [(&str, &str); 12] = [
    ("id", "id"),
    ("withdrawal_id", "retiro_id"),
    ("influencer", "influenciador"),
    ("brand", "marca"),
    ("payment_date", "fecha_pago"),
    ("gross", "bruto"),
    ("withholding_rate", "tasa_retencion"),
    ("tax_withheld", "retencion"),
    ("net", "neto"),
    ("method", "metodo"),
    ("reference", "referencia"),
    ("paid_by", "pagado_por"),
];

async fn write_page(
    tx: &mut AsyncPgConnection,
    writer: &mut CsvWriter,
    rows: &[PaymentRow],
) -> Result<(), UseCaseError> {
    let mut influencer_ids: Vec<Uuid> = rows.iter().map(|row| row.influencer_id).collect();
    influencer_ids.sort_unstable();
    influencer_ids.dedup();
    let mut brand_ids: Vec<Uuid> = rows.iter().map(|row| row.brand_id).collect();
    brand_ids.sort_unstable();
    brand_ids.dedup();
    let mut user_ids: Vec<Uuid> = rows.iter().map(|row| row.paid_by).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let influencers = afiliados_db::export_names::influencers(tx, &influencer_ids).await?;
    let brands = afiliados_db::export_names::brands(tx, &brand_ids).await?;
    let users = afiliados_db::money_out_exports::user_emails(tx, &user_ids).await?;
    for row in rows {
        writer.row([
            row.id.to_string(),
            row.withdrawal_id.to_string(),
            influencers
                .get(&row.influencer_id)
                .cloned()
                .unwrap_or_default(),
            brands.get(&row.brand_id).cloned().unwrap_or_default(),
            row.payment_date.format("%Y-%m-%d").to_string(),
            amount(money(row.gross_amount)),
            format!("{:.2}", percent(row.withholding_rate).value()),
            amount(money(row.tax_withheld)),
            amount(money(row.net_amount)),
            row.method.clone(),
            row.reference.clone(),
            users.get(&row.paid_by).cloned().unwrap_or_default(),
        ])?;
    }
    Ok(())
}

/// The payments CSV for the caller's scope, audited.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn export(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListPaymentsQuery,
    locale: &ExportLocaleQuery,
) -> Result<CsvFile, UseCaseError> {
    let language = HeaderLanguage::of(locale);
    // The list's own parser: one place decides what a filter means (ADR 0053).
    let (mut filter, ascending) = parse(query)?;
    match resolve(tx, actor, &EXPORTERS, false, true).await? {
        Scope::Influencer(own) => filter.influencer_id = Some(own),
        Scope::All | Scope::Brands(_) => {}
    }
    let mut writer = CsvWriter::new(language.header(&COLUMNS))?;
    let tenant = ctx.tenant_id;
    let (first, total) =
        afiliados_db::payment_queries::page(tx, tenant, &filter, ascending, 0, page_rows()).await?;
    check_size(total)?;
    write_page(tx, &mut writer, &first).await?;
    for offset in pages(total).skip(1) {
        let (rows, _) = afiliados_db::payment_queries::page(
            tx,
            tenant,
            &filter,
            ascending,
            offset,
            page_rows(),
        )
        .await?;
        write_page(tx, &mut writer, &rows).await?;
    }
    let rows = writer.rows();
    audited(tx, ctx, actor, "payments", query, rows, writer.finish()?).await
}
