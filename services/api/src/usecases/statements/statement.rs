//! `GET /payments/statements` (ADR 0050): the monthly statement of one influencer in one brand.
//! Readers: AD, FI and AU every balance, AM its brands, IN its own (GA is refused, as on
//! `GET /ledger`). A balance the influencer does not have (never joined a campaign of the brand)
//! or one outside the caller's scope is 404.
//!
//! Opening available is `available_after` of the last entry posted before the month (0 when
//! none); the movements are the entries posted in the month, by `seq`; closing available is the
//! last one's `available_after` (the opening when none); the closing buckets are the Σ deltas of
//! every entry posted before the month's end — the balance row as it stood at that instant.

use afiliados_api_types::statements::{
    Statement, StatementBuckets, StatementMovement, StatementQuery,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::ledger::LedgerRow;
use afiliados_domain::commission::LedgerEntryType;
use afiliados_domain::{Actor, FieldCode, Locale, Money, Role};
use serde_json::json;
use uuid::Uuid;

use super::period::{self, Month};
use super::words;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::fields::money;
use crate::usecases::list_query::stored;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Roles that read every influencer's statements (AM reads its brands', IN its own).
pub const STATEMENT_READERS: [Role; 3] = [Role::AdminDentsu, Role::Finance, Role::Auditor];

/// What the statement is about, once checked.
struct Subject {
    influencer: afiliados_db::influencers::Influencer,
    brand_id: Uuid,
    brand_name: String,
    currency: String,
    month: Month,
}

/// The influencer a scope reads: its own for an influencer, else the query's (required).
fn influencer_of(scope: &Scope, requested: Option<Uuid>, problems: &mut Problems) -> Option<Uuid> {
    match scope {
        Scope::Influencer(own) => Some(*own),
        Scope::All | Scope::Brands(_) => {
            if requested.is_none() {
                problems.push("influencerId", FieldCode::Required);
            }
            requested
        }
    }
}

async fn subject(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &StatementQuery,
) -> Result<Subject, UseCaseError> {
    let scope = resolve(tx, actor, &STATEMENT_READERS, true, true).await?;
    let mut problems = Problems::new();
    let influencer_id = influencer_of(&scope, query.influencer_id.map(Into::into), &mut problems);
    let brand_id: Option<Uuid> = query.brand_id.map(Into::into);
    if brand_id.is_none() {
        problems.push("brandId", FieldCode::Required);
    }
    let month = period::month(query.month.as_deref(), ctx.today(), &mut problems);
    problems.finish()?;
    let (Some(influencer_id), Some(brand_id), Some(month)) = (influencer_id, brand_id, month)
    else {
        return Err(UseCaseError::internal("checked parameters missing"));
    };
    if let Scope::Brands(_) = scope {
        scope.require_brand(brand_id)?;
    }
    let influencer = afiliados_db::influencers::find(tx, ctx.tenant_id, influencer_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let brand = afiliados_db::brands::find(tx, ctx.tenant_id, brand_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let currency = afiliados_db::statement_entries::balance_currency(tx, influencer.id, brand_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    Ok(Subject {
        influencer,
        brand_id,
        brand_name: brand.name,
        currency: currency.trim().to_owned(),
        month,
    })
}

/// Σ of an entry's deltas on `available` (`confirmed − withdrawn − pending withdrawal − pending
/// adjustments`, `domain.md` §5.13.2).
fn effect_on_available(row: &LedgerRow) -> Money {
    money(row.d_confirmed - row.d_withdrawn - row.d_pending_withdrawal - row.d_pending_adjustments)
}

fn movement(
    row: LedgerRow,
    entry_type: LedgerEntryType,
    order_vtex_id: Option<String>,
    locale: Locale,
) -> StatementMovement {
    let reference = if let Some(vtex) = &order_vtex_id {
        words::order(locale, vtex)
    } else if let Some(id) = row.withdrawal_id {
        words::withdrawal(locale, id)
    } else if let Some(id) = row.adjustment_id {
        words::adjustment(locale, id)
    } else {
        row.description.clone()
    };
    StatementMovement {
        seq: row.seq,
        created_at: row.created_at,
        entry_type,
        entry_type_text: words::entry_type(locale, entry_type).to_owned(),
        amount: money(row.amount),
        effect_on_available: effect_on_available(&row),
        available_after: money(row.available_after),
        reference,
        order_vtex_id,
        withdrawal_id: row.withdrawal_id.map(Into::into),
        payment_id: row.payment_id.map(Into::into),
        adjustment_id: row.adjustment_id.map(Into::into),
    }
}

async fn compute(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    subject: &Subject,
    locale: Locale,
) -> Result<Statement, UseCaseError> {
    let (influencer_id, brand_id) = (subject.influencer.id, subject.brand_id);
    let month = subject.month;
    let opening =
        afiliados_db::statement_entries::last_before(tx, influencer_id, brand_id, month.start())
            .await?
            .map_or(Money::ZERO, |row| money(row.available_after));
    // No entry is posted after "now", so the month's end bounds the running month too.
    let rows = afiliados_db::statement_entries::between(
        tx,
        influencer_id,
        brand_id,
        month.start(),
        month.end(),
    )
    .await?;
    let mut commission_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.commission_id).collect();
    commission_ids.sort_unstable();
    commission_ids.dedup();
    let orders =
        afiliados_db::statement_entries::order_ids_of_commissions(tx, &commission_ids).await?;
    let closing = rows
        .last()
        .map_or(opening, |row| money(row.available_after));
    let mut movements = Vec::with_capacity(rows.len());
    for row in rows {
        let entry_type = stored(&row.entry_type, LedgerEntryType::parse)?;
        let order = row.commission_id.and_then(|id| orders.get(&id).cloned());
        movements.push(movement(row, entry_type, order, locale));
    }
    let [
        estimated,
        confirmed,
        reverted,
        pending_withdrawal,
        withdrawn,
        pending_adjustments,
    ] = afiliados_db::statement_entries::buckets_before(tx, influencer_id, brand_id, month.end())
        .await?;
    let now = ctx.now();
    Ok(Statement {
        influencer_id: influencer_id.into(),
        influencer_name: subject.influencer.full_name(),
        brand_id: brand_id.into(),
        brand_name: subject.brand_name.clone(),
        currency: subject.currency.clone(),
        month: month.label(),
        period_start: month.start(),
        period_end: if month.to_date { now } else { month.end() },
        to_date: month.to_date,
        generated_at: now,
        opening_available: opening,
        movements,
        closing_available: closing,
        closing_buckets: StatementBuckets {
            estimated: money(estimated),
            confirmed: money(confirmed),
            reverted: money(reverted),
            pending_withdrawal: money(pending_withdrawal),
            withdrawn: money(withdrawn),
            pending_adjustments: money(pending_adjustments),
            available: money(confirmed - withdrawn - pending_withdrawal - pending_adjustments),
        },
    })
}

/// The statement the query names, in the caller's scope, audited `statement.downloaded`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn statement(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &StatementQuery,
) -> Result<Statement, UseCaseError> {
    let subject = subject(tx, ctx, actor, query).await?;
    let locale = query.locale.unwrap_or_default();
    let statement = compute(tx, ctx, &subject, locale).await?;
    let format = query.format.unwrap_or_default();
    let event = AuditEvent::new(
        "statement.downloaded",
        "statement",
        format!(
            "{}/{}/{}",
            statement.influencer_id, statement.brand_id, statement.month
        ),
    )
    .changes(
        None,
        Some(json!({
            "influencerId": statement.influencer_id,
            "brandId": statement.brand_id,
            "month": statement.month,
            "format": format.as_str(),
            "movements": statement.movements.len(),
            "closingAvailable": statement.closing_available,
        })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(statement)
}
