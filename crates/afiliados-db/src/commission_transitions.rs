//! `commission_transitions`: the commission's append-only audit trail (`domain.md` §4.6); the
//! database refuses UPDATE and DELETE.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::commission_transitions;

/// One transition to append.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = commission_transitions)]
pub struct NewTransition<'a> {
    /// Id.
    pub id: Uuid,
    /// Commission.
    pub commission_id: Uuid,
    /// State before (none at creation).
    pub from_state: Option<&'a str>,
    /// State after.
    pub to_state: &'a str,
    /// The amount that moved.
    pub amount: Decimal,
    /// `created|recalculated|confirmed|reverted|partially_reverted|hold_placed|hold_released`.
    pub kind: &'a str,
    /// Why.
    pub reason: Option<&'a str>,
    /// Who or what (`system:ingest`, a user e-mail).
    pub triggered_by: &'a str,
    /// Facts (order, source, delivery).
    pub context: serde_json::Value,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// Appends transitions in order.
pub async fn append(conn: &mut AsyncPgConnection, rows: &[NewTransition<'_>]) -> crate::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    diesel::insert_into(commission_transitions::table)
        .values(rows)
        .prepared_rows(rows.len())
        .execute(conn)
        .await
        .map(|_| ())
}

/// (from, to, amount, kind, reason) of a commission, oldest first.
pub async fn of_commission(
    conn: &mut AsyncPgConnection,
    commission_id: Uuid,
) -> crate::Result<Vec<(Option<String>, String, Decimal, String, Option<String>)>> {
    commission_transitions::table
        .filter(commission_transitions::commission_id.eq(commission_id))
        .order((
            commission_transitions::occurred_at.asc(),
            commission_transitions::id.asc(),
        ))
        .select((
            commission_transitions::from_state,
            commission_transitions::to_state,
            commission_transitions::amount,
            commission_transitions::kind,
            commission_transitions::reason,
        ))
        .load(conn)
        .await
}

/// A transition row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = commission_transitions, check_for_backend(diesel::pg::Pg))]
pub struct TransitionRow {
    /// Id.
    pub id: Uuid,
    /// Commission.
    pub commission_id: Uuid,
    /// Before.
    pub from_state: Option<String>,
    /// After.
    pub to_state: String,
    /// Amount moved.
    pub amount: Decimal,
    /// Kind.
    pub kind: String,
    /// Reason.
    pub reason: Option<String>,
    /// Who.
    pub triggered_by: String,
    /// Facts.
    pub context: serde_json::Value,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// The full trail of a commission, oldest first.
pub async fn rows_of_commission(
    conn: &mut AsyncPgConnection,
    commission_id: Uuid,
) -> crate::Result<Vec<TransitionRow>> {
    commission_transitions::table
        .filter(commission_transitions::commission_id.eq(commission_id))
        .order((
            commission_transitions::occurred_at.asc(),
            commission_transitions::id.asc(),
        ))
        .select(TransitionRow::as_select())
        .load(conn)
        .await
}

/// Filters of the commission audit trail.
#[derive(Debug, Clone, Default)]
pub struct TransitionFilter {
    /// Commission.
    pub commission_id: Option<Uuid>,
    /// The commission's influencer.
    pub influencer_id: Option<Uuid>,
    /// Kinds.
    pub kinds: Vec<String>,
    /// Target states.
    pub to_states: Vec<String>,
    /// `occurred_at` ≥.
    pub from: Option<DateTime<Utc>>,
    /// `occurred_at` <.
    pub to: Option<DateTime<Utc>>,
}

/// One page of the tenant's transitions, newest first, with the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &TransitionFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<TransitionRow>, i64)> {
    use crate::schema::commissions;
    let build = || {
        let mut query = commission_transitions::table
            .inner_join(commissions::table)
            .filter(commissions::tenant_id.eq(tenant_id))
            .into_boxed();
        if let Some(id) = filter.commission_id {
            query = query.filter(commission_transitions::commission_id.eq(id));
        }
        if let Some(id) = filter.influencer_id {
            query = query.filter(commissions::influencer_id.eq(id));
        }
        if !filter.kinds.is_empty() {
            query = query.filter(commission_transitions::kind.eq_any(filter.kinds.clone()));
        }
        if !filter.to_states.is_empty() {
            query = query.filter(commission_transitions::to_state.eq_any(filter.to_states.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(commission_transitions::occurred_at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(commission_transitions::occurred_at.lt(to));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((
            commission_transitions::occurred_at.desc(),
            commission_transitions::id.asc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(TransitionRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Settlement: the `confirmed` transition of every commission a run confirmed, in one statement
/// (the run id in `context`). Returns how many were written.
pub async fn append_confirmed(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
    triggered_by: &str,
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    use diesel::sql_types::{Text, Timestamptz, Uuid as SqlUuid};
    diesel::sql_query(
        "INSERT INTO commission_transitions (id, commission_id, from_state, to_state, amount, kind,
             reason, triggered_by, context, occurred_at)
         SELECT gen_random_uuid(), i.commission_id, 'estimated', 'confirmed', i.amount, 'confirmed',
                NULL, $2, jsonb_build_object('settlementRunId', $1::UUID), $3
           FROM settlement_run_items i
          WHERE i.run_id = $1 AND i.list = 'confirmed'
          ORDER BY i.commission_id",
    )
    .bind::<SqlUuid, _>(run_id)
    .bind::<Text, _>(triggered_by)
    .bind::<Timestamptz, _>(now)
    .prepared()
    .execute(conn)
    .await
}
