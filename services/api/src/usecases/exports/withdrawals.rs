//! `GET /exports/withdrawals.csv` (AD, FI; AM its brands — `api.md` §17): the withdrawal
//! requests of `GET /payments/withdrawals`'s filters (`status`, `influencerId`, `brandId`,
//! `batchId`, `payable`, `from`/`to` on `requestedAt`, `sort`). No bank data: the payout CSV of a
//! batch is the only output with account numbers (`domain.md` §2.5).

use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::payments::ListWithdrawalsQuery;
use afiliados_db::AsyncPgConnection;
use afiliados_db::withdrawal_requests::WithdrawalRow;
use afiliados_domain::{Actor, Role};
use uuid::Uuid;

use super::writer::{CsvWriter, amount, instant};
use super::{CsvFile, HeaderLanguage, audited, check_size, page_rows, pages};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::fields::money;
use crate::usecases::withdrawals::read::parse;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Who may download it with every brand (admin_marca gets its brands).
const EXPORTERS: [Role; 2] = [Role::AdminDentsu, Role::Finance];

/// `(english, spanish)` headers, in `api.md` §17's order.
const COLUMNS: [(&str, &str); 11] = [
    ("id", "id"),
    ("influencer", "influenciador"),
    ("brand", "marca"),
    ("amount", "monto"),
    ("status", "estado"),
    ("requested_at", "solicitado_en"),
    ("requested_by", "solicitado_por"),
    ("decided_by", "decidido_por"),
    ("decided_at", "decidido_en"),
    ("payable_from", "pagable_desde"),
    ("paid_at", "pagado_en"),
];

async fn write_page(
    tx: &mut AsyncPgConnection,
    writer: &mut CsvWriter,
    rows: &[WithdrawalRow],
) -> Result<(), UseCaseError> {
    let mut influencer_ids: Vec<Uuid> = rows.iter().map(|row| row.influencer_id).collect();
    influencer_ids.sort_unstable();
    influencer_ids.dedup();
    let mut brand_ids: Vec<Uuid> = rows.iter().map(|row| row.brand_id).collect();
    brand_ids.sort_unstable();
    brand_ids.dedup();
    let mut user_ids: Vec<Uuid> = rows
        .iter()
        .flat_map(|row| [Some(row.requested_by), row.decided_by])
        .flatten()
        .collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let influencers = afiliados_db::export_names::influencers(tx, &influencer_ids).await?;
    let brands = afiliados_db::export_names::brands(tx, &brand_ids).await?;
    let users = afiliados_db::money_out_exports::user_emails(tx, &user_ids).await?;
    let email = |id: Option<Uuid>| {
        id.and_then(|id| users.get(&id).cloned())
            .unwrap_or_default()
    };
    for row in rows {
        writer.row([
            row.id.to_string(),
            influencers
                .get(&row.influencer_id)
                .cloned()
                .unwrap_or_default(),
            brands.get(&row.brand_id).cloned().unwrap_or_default(),
            amount(money(row.amount)),
            row.status.clone(),
            instant(Some(row.requested_at)),
            email(Some(row.requested_by)),
            email(row.decided_by),
            instant(row.decided_at),
            instant(row.payable_from),
            instant(row.paid_at),
        ])?;
    }
    Ok(())
}

/// The withdrawals CSV for the caller's scope, audited.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn export(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListWithdrawalsQuery,
    locale: &ExportLocaleQuery,
) -> Result<CsvFile, UseCaseError> {
    let language = HeaderLanguage::of(locale);
    // The list's own parser: one place decides what a filter means (ADR 0053).
    let (mut filter, sort) = parse(ctx, query)?;
    match resolve(tx, actor, &EXPORTERS, true, false).await? {
        Scope::Brands(ids) => filter.brand_ids = Some(ids),
        Scope::All | Scope::Influencer(_) => {}
    }
    let mut writer = CsvWriter::new(language.header(&COLUMNS))?;
    let tenant = ctx.tenant_id;
    let (first, total) =
        afiliados_db::withdrawal_list::list(tx, tenant, &filter, sort, 0, page_rows()).await?;
    check_size(total)?;
    write_page(tx, &mut writer, &first).await?;
    for offset in pages(total).skip(1) {
        let (rows, _) =
            afiliados_db::withdrawal_list::list(tx, tenant, &filter, sort, offset, page_rows())
                .await?;
        write_page(tx, &mut writer, &rows).await?;
    }
    let rows = writer.rows();
    audited(tx, ctx, actor, "withdrawals", query, rows, writer.finish()?).await
}
