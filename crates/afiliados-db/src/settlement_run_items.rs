//! `settlement_run_items`: the commissions a settlement run listed as confirmed, reverted or
//! pending (`domain.md` §5.12). [`classify`] decides every candidate of the tenant in one
//! `INSERT … SELECT` (the decision of `afiliados_domain::commission::settle`, in SQL, so a run
//! over a million commissions is a few statements, not a million round trips); the rest reads
//! the stored lists back for the report, the CSV and the e-mails.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{
    BigInt, Bool, Integer, Nullable, Numeric, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

/// What a run classifies.
#[derive(Debug, Clone, Copy)]
pub struct Classify {
    /// The run the items belong to.
    pub run_id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// `E`.
    pub evaluation_at: DateTime<Utc>,
    /// `waitingPeriodDays`, replacing every snapshot window.
    pub waiting_period_days: Option<i32>,
    /// Lock the listed commissions (`FOR UPDATE`) because the run will change them; a dry run
    /// only reads.
    pub lock: bool,
}

/// The decision, in the order of `settle`: a final order status reverts (estimated or
/// confirmed); otherwise an estimated commission is pending on hold, on an unmapped status,
/// awaiting payment or with its window open, else confirmed. `E` is `$3`, the override `$4`.
const DECIDED: &str = "
    SELECT c.id, c.state, c.net_amount, c.influencer_id, c.brand_id, c.campaign_id,
           o.vtex_order_id, o.status AS order_status, c.on_hold, o.status_unmapped,
           COALESCE(o.invoiced_at, o.paid_at) AS anchor,
           COALESCE($4, (c.rule_snapshot ->> 'confirmationWindowDays')::INT) AS window_days
      FROM commissions c
      JOIN orders o ON o.id = c.order_id
     WHERE c.tenant_id = $2
       AND (c.state = 'estimated'
            OR (c.state = 'confirmed' AND o.status IN ('canceled', 'returned')))";

const CLASSIFY: &str = "
    INSERT INTO settlement_run_items (run_id, list, commission_id, vtex_order_id, influencer_id,
        brand_id, campaign_id, previous_state, next_state, amount, effective_at, reason, due_at)
    SELECT $1, d.list, d.id, d.vtex_order_id, d.influencer_id, d.brand_id, d.campaign_id,
           d.state,
           CASE d.list WHEN 'pending' THEN d.state ELSE d.list END,
           d.net_amount,
           CASE WHEN d.list = 'pending' THEN NULL ELSE $3 END,
           d.reason,
           d.due_at
      FROM (
        SELECT k.*,
               CASE WHEN k.order_status IN ('canceled', 'returned') THEN 'reverted'
                    WHEN k.reason IS NULL THEN 'confirmed'
                    ELSE 'pending' END AS list
          FROM (
            SELECT x.*,
                   CASE WHEN x.order_status = 'canceled' THEN 'order_canceled'
                        WHEN x.order_status = 'returned' THEN 'order_returned'
                        WHEN x.on_hold THEN 'on_hold'
                        WHEN x.status_unmapped THEN 'status_unmapped'
                        WHEN x.order_status NOT IN ('paid', 'invoiced', 'shipped')
                             OR x.anchor IS NULL THEN 'awaiting_payment'
                        WHEN (x.anchor + make_interval(days => x.window_days) <= $3) IS NOT TRUE
                             THEN 'window_open'
                   END AS reason,
                   CASE WHEN x.order_status IN ('paid', 'invoiced', 'shipped')
                        THEN x.anchor + make_interval(days => x.window_days) END AS due_at
              FROM (DECIDED) x
          ) k
      ) d";

/// Writes the items of every candidate of the tenant; returns how many.
pub async fn classify(conn: &mut AsyncPgConnection, input: Classify) -> crate::Result<usize> {
    let decided = if input.lock {
        format!("{DECIDED} FOR UPDATE OF c")
    } else {
        DECIDED.to_owned()
    };
    let sql = CLASSIFY.replace("DECIDED", &decided);
    diesel::sql_query(sql)
        .bind::<SqlUuid, _>(input.run_id)
        .bind::<SqlUuid, _>(input.tenant_id)
        .bind::<Timestamptz, _>(input.evaluation_at)
        .bind::<Nullable<Integer>, _>(input.waiting_period_days)
        .execute(conn)
        .await
}

/// Count and amount of one list, in one grouping (`None` for the whole run).
#[derive(Debug, Clone, QueryableByName)]
pub struct ListTotal {
    /// `confirmed|reverted|pending`.
    #[diesel(sql_type = Text)]
    pub list: String,
    /// The brand or campaign (nil for the run's totals).
    #[diesel(sql_type = SqlUuid)]
    pub group_id: Uuid,
    /// Its name (empty for the run's totals).
    #[diesel(sql_type = Text)]
    pub group_name: String,
    /// Items.
    #[diesel(sql_type = BigInt)]
    pub count: i64,
    /// Σ amounts.
    #[diesel(sql_type = Numeric)]
    pub amount: Decimal,
}

/// How a run's totals are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// One row per list.
    Run,
    /// Per list and brand.
    Brand,
    /// Per list and campaign.
    Campaign,
}

/// Counts and amounts of a run's lists, grouped.
pub async fn totals(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
    grouping: Grouping,
) -> crate::Result<Vec<ListTotal>> {
    let sql = match grouping {
        Grouping::Run => {
            "SELECT i.list, '00000000-0000-0000-0000-000000000000'::UUID AS group_id,
                    '' AS group_name, count(*) AS count, COALESCE(sum(i.amount), 0) AS amount
               FROM settlement_run_items i WHERE i.run_id = $1 GROUP BY i.list"
        }
        Grouping::Brand => {
            "SELECT i.list, b.id AS group_id, b.name AS group_name, count(*) AS count,
                    COALESCE(sum(i.amount), 0) AS amount
               FROM settlement_run_items i JOIN brands b ON b.id = i.brand_id
              WHERE i.run_id = $1 GROUP BY i.list, b.id, b.name ORDER BY b.name, b.id"
        }
        Grouping::Campaign => {
            "SELECT i.list, c.id AS group_id, c.name AS group_name, count(*) AS count,
                    COALESCE(sum(i.amount), 0) AS amount
               FROM settlement_run_items i JOIN campaigns c ON c.id = i.campaign_id
              WHERE i.run_id = $1 GROUP BY i.list, c.id, c.name ORDER BY c.name, c.id"
        }
    };
    diesel::sql_query(sql)
        .bind::<SqlUuid, _>(run_id)
        .load(conn)
        .await
}

/// One item with the names the report shows.
#[derive(Debug, Clone, QueryableByName)]
pub struct Item {
    /// `confirmed|reverted|pending`.
    #[diesel(sql_type = Text)]
    pub list: String,
    /// Commission.
    #[diesel(sql_type = SqlUuid)]
    pub commission_id: Uuid,
    /// VTEX order id.
    #[diesel(sql_type = Text)]
    pub vtex_order_id: String,
    /// Influencer.
    #[diesel(sql_type = SqlUuid)]
    pub influencer_id: Uuid,
    /// "First Last".
    #[diesel(sql_type = Text)]
    pub influencer_name: String,
    /// Brand.
    #[diesel(sql_type = SqlUuid)]
    pub brand_id: Uuid,
    /// Brand name.
    #[diesel(sql_type = Text)]
    pub brand_name: String,
    /// Campaign.
    #[diesel(sql_type = SqlUuid)]
    pub campaign_id: Uuid,
    /// Campaign name.
    #[diesel(sql_type = Text)]
    pub campaign_name: String,
    /// State before the run.
    #[diesel(sql_type = Text)]
    pub previous_state: String,
    /// State after it.
    #[diesel(sql_type = Text)]
    pub next_state: String,
    /// Net amount (confirmed or pending) or the amount reverted.
    #[diesel(sql_type = Numeric)]
    pub amount: Decimal,
    /// `E` for confirmations and reversals.
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub effective_at: Option<DateTime<Utc>>,
    /// Pending or reversal reason.
    #[diesel(sql_type = Nullable<Text>)]
    pub reason: Option<String>,
    /// `anchor + window` once paid.
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub due_at: Option<DateTime<Utc>>,
}

const ITEMS: &str = "
    SELECT i.list, i.commission_id, i.vtex_order_id, i.influencer_id,
           inf.first_name || ' ' || inf.last_name AS influencer_name,
           i.brand_id, b.name AS brand_name, i.campaign_id, c.name AS campaign_name,
           i.previous_state, i.next_state, i.amount, i.effective_at, i.reason, i.due_at
      FROM settlement_run_items i
      JOIN influencers inf ON inf.id = i.influencer_id
      JOIN brands b ON b.id = i.brand_id
      JOIN campaigns c ON c.id = i.campaign_id
     WHERE i.run_id = $1";

/// The first `limit` items of one list, in commission order.
pub async fn of_list(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
    list: &str,
    limit: i64,
) -> crate::Result<Vec<Item>> {
    diesel::sql_query(format!(
        "{ITEMS} AND i.list = $2 ORDER BY i.commission_id LIMIT $3"
    ))
    .bind::<SqlUuid, _>(run_id)
    .bind::<Text, _>(list)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}

/// Every item of the run: confirmed, reverted, pending, each in commission order (the CSV).
pub async fn all(conn: &mut AsyncPgConnection, run_id: Uuid) -> crate::Result<Vec<Item>> {
    diesel::sql_query(format!(
        "{ITEMS} ORDER BY array_position(ARRAY['confirmed', 'reverted', 'pending'], i.list),
                 i.commission_id"
    ))
    .bind::<SqlUuid, _>(run_id)
    .load(conn)
    .await
}

/// What one influencer had confirmed in one brand by a run (its `settlement_summary`).
#[derive(Debug, Clone, QueryableByName)]
pub struct Confirmations {
    /// Influencer.
    #[diesel(sql_type = SqlUuid)]
    pub influencer_id: Uuid,
    /// Brand name.
    #[diesel(sql_type = Text)]
    pub brand_name: String,
    /// Confirmed commissions.
    #[diesel(sql_type = BigInt)]
    pub count: i64,
    /// Σ their net amounts.
    #[diesel(sql_type = Numeric)]
    pub amount: Decimal,
}

/// Confirmations per influencer and brand, by influencer then brand name.
pub async fn confirmations(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
) -> crate::Result<Vec<Confirmations>> {
    diesel::sql_query(
        "SELECT i.influencer_id, b.name AS brand_name, count(*) AS count, sum(i.amount) AS amount
           FROM settlement_run_items i JOIN brands b ON b.id = i.brand_id
          WHERE i.run_id = $1 AND i.list = 'confirmed'
          GROUP BY i.influencer_id, b.id, b.name
          ORDER BY i.influencer_id, b.name",
    )
    .bind::<SqlUuid, _>(run_id)
    .load(conn)
    .await
}

/// Whether any item of the run is on `list` (cheap guard before the set-based writes).
pub async fn any_on(conn: &mut AsyncPgConnection, run_id: Uuid, list: &str) -> crate::Result<bool> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = Bool)]
        found: bool,
    }
    let row: Found = diesel::sql_query(
        "SELECT EXISTS (SELECT 1 FROM settlement_run_items WHERE run_id = $1 AND list = $2) AS found",
    )
    .bind::<SqlUuid, _>(run_id)
    .bind::<Text, _>(list)
    .get_result(conn)
    .await?;
    Ok(row.found)
}
