//! `GET /ledger` (AD, FI; AM its brands; IN its own): entries by `seq`, newest first by default.

use afiliados_api_types::Page;
use afiliados_api_types::ledger::{LedgerDeltas, LedgerEntryResponse, ListLedgerQuery};
use afiliados_db::AsyncPgConnection;
use afiliados_db::ledger::{LedgerFilter, LedgerRow};
use afiliados_domain::commission::LedgerEntryType;
use afiliados_domain::{Actor, FieldCode, Role};

use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::fields::money;
use crate::usecases::list_query::{enum_list, instant, stored};
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Roles that read every entry.
pub const LEDGER_READERS: [Role; 2] = [Role::AdminDentsu, Role::Finance];

/// A stored entry as the api shows it.
pub fn entry(row: LedgerRow) -> Result<LedgerEntryResponse, UseCaseError> {
    Ok(LedgerEntryResponse {
        id: row.id,
        seq: row.seq,
        influencer_id: row.influencer_id.into(),
        brand_id: row.brand_id.into(),
        entry_type: stored(&row.entry_type, LedgerEntryType::parse)?,
        amount: money(row.amount),
        deltas: LedgerDeltas {
            estimated: money(row.d_estimated),
            confirmed: money(row.d_confirmed),
            reverted: money(row.d_reverted),
            pending_withdrawal: money(row.d_pending_withdrawal),
            withdrawn: money(row.d_withdrawn),
            pending_adjustments: money(row.d_pending_adjustments),
        },
        available_after: money(row.available_after),
        commission_id: row.commission_id,
        withdrawal_id: row.withdrawal_id,
        payment_id: row.payment_id,
        adjustment_id: row.adjustment_id,
        settlement_run_id: row.settlement_run_id,
        reconciliation_id: row.reconciliation_id,
        description: row.description,
        created_by: row.created_by,
        created_at: row.created_at,
    })
}

/// The filter and direction (`true`: newest first) of a `GET /ledger` query (also
/// `GET /exports/ledger.csv`), before scoping; unknown values are 422.
pub fn parse(query: &ListLedgerQuery) -> Result<(LedgerFilter, bool), UseCaseError> {
    let mut problems = Problems::new();
    let entry_types = enum_list(
        query.entry_type.as_deref(),
        "entryType",
        LedgerEntryType::parse,
        &mut problems,
    );
    let from = instant("from", query.from.as_deref(), &mut problems);
    let to = instant("to", query.to.as_deref(), &mut problems);
    let descending = match query.sort.as_deref().unwrap_or("-seq") {
        "-seq" => true,
        "seq" => false,
        _ => {
            problems.push("sort", FieldCode::InvalidEnum);
            true
        }
    };
    problems.finish()?;
    let filter = LedgerFilter {
        influencer_id: query.influencer_id.map(Into::into),
        brand_id: query.brand_id.map(Into::into),
        entry_types: entry_types.iter().map(|t| t.as_str().to_owned()).collect(),
        commission_id: query.commission_id,
        withdrawal_id: query.withdrawal_id,
        adjustment_id: query.adjustment_id,
        from,
        to,
        ..Default::default()
    };
    Ok((filter, descending))
}

/// Narrows a filter to the caller's scope (an influencer's own id replaces any `influencerId`).
pub fn scoped(filter: &mut LedgerFilter, scope: Scope) {
    match scope {
        Scope::All => {}
        Scope::Brands(ids) => filter.brand_ids = Some(ids),
        Scope::Influencer(own) => filter.influencer_id = Some(own),
    }
}

/// One page of the entries in scope matching the query.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListLedgerQuery,
) -> Result<Page<LedgerEntryResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let (mut filter, descending) = parse(query)?;
    let scope = resolve(tx, actor, &LEDGER_READERS, true, true).await?;
    scoped(&mut filter, scope);
    let (rows, total) = afiliados_db::ledger::list(
        tx,
        ctx.tenant_id,
        &filter,
        descending,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = rows.into_iter().map(entry).collect::<Result<Vec<_>, _>>()?;
    Ok(paging.page(items, total))
}
