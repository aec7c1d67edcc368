//! The ledger reads of a monthly statement (ADR 0050): the last entry before a period (its
//! opening), the entries of the period by `seq`, the buckets at the period's end (Σ deltas), and
//! the VTEX order ids of the commissions the entries moved. A period is `[from, to)` on
//! `created_at`, the instant each entry was posted.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::ledger::LedgerRow;
use crate::schema::{commissions, ledger_entries, orders};

/// The balance's last entry posted before `before` (the highest `seq`), if any.
pub async fn last_before(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
    before: DateTime<Utc>,
) -> crate::Result<Option<LedgerRow>> {
    ledger_entries::table
        .filter(ledger_entries::influencer_id.eq(influencer_id))
        .filter(ledger_entries::brand_id.eq(brand_id))
        .filter(ledger_entries::created_at.lt(before))
        .order(ledger_entries::seq.desc())
        .select(LedgerRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// The balance's entries posted in `[from, to)`, by `seq`.
pub async fn between(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> crate::Result<Vec<LedgerRow>> {
    ledger_entries::table
        .filter(ledger_entries::influencer_id.eq(influencer_id))
        .filter(ledger_entries::brand_id.eq(brand_id))
        .filter(ledger_entries::created_at.ge(from))
        .filter(ledger_entries::created_at.lt(to))
        .order(ledger_entries::seq.asc())
        .select(LedgerRow::as_select())
        .load(conn)
        .await
}

#[derive(Queryable)]
struct Sums {
    estimated: Option<Decimal>,
    confirmed: Option<Decimal>,
    reverted: Option<Decimal>,
    pending_withdrawal: Option<Decimal>,
    withdrawn: Option<Decimal>,
    pending_adjustments: Option<Decimal>,
}

/// The six buckets as they stood at `before`: Σ deltas of the entries posted earlier
/// (estimated, confirmed, reverted, pending withdrawal, withdrawn, pending adjustments).
pub async fn buckets_before(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
    before: DateTime<Utc>,
) -> crate::Result<[Decimal; 6]> {
    use diesel::dsl::sum;
    let row: Sums = ledger_entries::table
        .filter(ledger_entries::influencer_id.eq(influencer_id))
        .filter(ledger_entries::brand_id.eq(brand_id))
        .filter(ledger_entries::created_at.lt(before))
        .select((
            sum(ledger_entries::d_estimated),
            sum(ledger_entries::d_confirmed),
            sum(ledger_entries::d_reverted),
            sum(ledger_entries::d_pending_withdrawal),
            sum(ledger_entries::d_withdrawn),
            sum(ledger_entries::d_pending_adjustments),
        ))
        .get_result(conn)
        .await?;
    let or_zero = |value: Option<Decimal>| value.unwrap_or_default();
    Ok([
        or_zero(row.estimated),
        or_zero(row.confirmed),
        or_zero(row.reverted),
        or_zero(row.pending_withdrawal),
        or_zero(row.withdrawn),
        or_zero(row.pending_adjustments),
    ])
}

/// The VTEX order id of each listed commission.
pub async fn order_ids_of_commissions(
    conn: &mut AsyncPgConnection,
    commission_ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, String>> {
    if commission_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, String)> = commissions::table
        .inner_join(orders::table)
        .filter(commissions::id.eq_any(commission_ids))
        .select((commissions::id, orders::vtex_order_id))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The currency of the influencer's balance in the brand; `None` when there is no balance row
/// (the influencer never joined a campaign of the brand: it has no statement there).
pub async fn balance_currency(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
) -> crate::Result<Option<String>> {
    use crate::schema::influencer_balance;
    influencer_balance::table
        .filter(influencer_balance::influencer_id.eq(influencer_id))
        .filter(influencer_balance::brand_id.eq(brand_id))
        .select(influencer_balance::currency)
        .first(conn)
        .await
        .optional()
}
