//! `afiliados-api bench-dataset --orders N --influencers K`: the large dataset `make bench` measures
//! settlement, balance verification and read latency on (issue 10, `docs/performance.md`).
//!
//! Set-based SQL, never a row at a time: `K` bench influencers (approved, members of the seed's
//! Cetaphil campaign, one enabled code each) are created with one `INSERT … SELECT
//! generate_series` per table; then orders are added in chunks of [`CHUNK`], each chunk one
//! transaction of one statement per table — the order, its line and status row, the estimated
//! commission with its line and `created` transition, the `commission_estimated` ledger entry,
//! and the `influencer_balance` rows moved by exactly the ledger's deltas — so every committed
//! chunk keeps the domain invariants the database and `POST /commissions/balances/verify` check
//! (append-only ledger, balance = Σ deltas, `available` identity). Orders go to the bench codes and
//! to the seed's own enabled codes of the campaign (so `influencer@medipiel.co` has orders too),
//! each placed after its code existed, paid and invoiced before now: a settlement with
//! `waitingPeriodDays` 0 confirms them all. The commission's rule snapshot is the one a real
//! ingest freezes for the campaign ([`crate::usecases::orders::attribution::freeze`]).
//!
//! Running it again adds orders after the existing `BENCH-…` ones (10 000 then 1 000 000 measures
//! the same reads at both sizes). Development and test environments only.

use std::time::Instant;

use afiliados_config::ExposeSecret;
use anyhow::Context;
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Integer, Jsonb, Nullable, Numeric, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::seed::CETAPHIL_CAMPAIGN_SLUG;
use crate::settings::Settings;

/// Orders per transaction: large enough that per-statement overhead vanishes, small enough that a
/// chunk's temporary rows stay in memory and progress is visible.
pub const CHUNK: i64 = 25_000;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatasetSpec {
    /// Orders to add.
    pub orders: i64,
    /// Bench influencers the campaign must have (created when missing).
    pub influencers: i64,
}

/// Parses `--orders N --influencers K` (both optional: 1 000 000 and 1 000).
pub fn parse_args(args: &[&str]) -> Result<DatasetSpec, String> {
    let mut spec = DatasetSpec {
        orders: 1_000_000,
        influencers: 1_000,
    };
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .ok_or_else(|| format!("{flag} needs a value"))?
            .parse::<i64>()
            .map_err(|_| format!("{flag} needs a whole number"))?;
        match *flag {
            "--orders" if (0..=50_000_000).contains(&value) => spec.orders = value,
            "--influencers" if (1..=1_000_000).contains(&value) => spec.influencers = value,
            "--orders" | "--influencers" => return Err(format!("{flag} {value} is out of range")),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(spec)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

#[derive(QueryableByName)]
struct CampaignRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
}

/// Generates the dataset described by `spec` in the database of `DATABASE_URL`, on the seed's
/// Cetaphil campaign.
pub async fn run(spec: DatasetSpec) -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    anyhow::ensure!(
        settings.app_env.is_development(),
        "bench-dataset runs only with APP_ENV=development or test"
    );
    let url = settings.database.url.expose_secret().to_owned();
    let pending = afiliados_db::pending_migrations(&url).await?;
    anyhow::ensure!(
        pending.is_empty(),
        "{} migrations are pending; run `afiliados-api migrate` first",
        pending.len()
    );
    let pool = afiliados_db::pool::build(&url, 1, 60_000)?;
    let mut conn = pool.get().await.context("connecting to PostgreSQL")?;
    let tenant = afiliados_db::tenants::find_by_slug(&mut conn, &settings.tenant_slug)
        .await?
        .context("no tenant: run `afiliados-api seed dev` first")?;
    generate(&mut conn, tenant.id, CETAPHIL_CAMPAIGN_SLUG, spec, CHUNK).await?;
    Ok(())
}

/// What [`generate`] added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    /// Bench influencers created (the others existed).
    pub influencers_created: i64,
    /// The first new order's number (`BENCH-{first:09}`).
    pub first_order: i64,
    /// Orders added.
    pub orders: i64,
}

/// Adds `spec.orders` orders (in transactions of `chunk`) on the campaign `campaign_slug` of the
/// tenant, after creating the bench influencers it lacks. Prints its progress.
pub async fn generate(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    campaign_slug: &str,
    spec: DatasetSpec,
    chunk: i64,
) -> anyhow::Result<Generated> {
    // Chunk statements touch tens of thousands of rows per table; the pool's per-statement bound
    // is for requests. A crash loses at most the chunk in flight (a rerun continues after the
    // committed ones), so commits need not wait for the WAL flush.
    conn.batch_execute("SET statement_timeout = 0; SET synchronous_commit = off")
        .await?;
    let campaign: CampaignRow = diesel::sql_query(
        "SELECT id FROM campaigns WHERE tenant_id = $1 AND slug = $2 AND deleted_at IS NULL",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Text, _>(campaign_slug)
    .get_result(conn)
    .await
    .with_context(|| format!("no campaign {campaign_slug}: run `afiliados-api seed dev` first"))?;
    let campaign = afiliados_db::campaigns::find(conn, tenant_id, campaign.id)
        .await?
        .context("campaign vanished")?;

    let started = Instant::now();
    let influencers_created =
        ensure_influencers(conn, tenant_id, &campaign, spec.influencers).await?;
    println!(
        "bench influencers: {influencers_created} created, {} in the campaign",
        spec.influencers
    );
    prepare(conn, tenant_id, &campaign).await?;
    let first: Count = diesel::sql_query(
        "SELECT count(*) AS count FROM orders WHERE tenant_id = $1 AND vtex_order_id LIKE 'BENCH-%'",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .get_result(conn)
    .await?;
    let (from, to) = (first.count, first.count + spec.orders);
    println!(
        "orders BENCH-{from:09} onwards: {} to add in transactions of {chunk}",
        spec.orders
    );
    let mut start = from;
    let mut last_percent = -1;
    while start < to {
        let end = (start + chunk.max(1)).min(to);
        add_chunk(conn, start, end).await?;
        start = end;
        let percent = (start - from) * 100 / spec.orders.max(1);
        if percent != last_percent {
            last_percent = percent;
            let elapsed = started.elapsed().as_secs_f64();
            let rate = (start - from) as f64 / elapsed.max(0.001);
            println!(
                "  {percent:>3} %  {:>9} orders  {elapsed:>6.1} s  {rate:>7.0} orders/s",
                start - from
            );
        }
    }
    // The runtime role cannot ANALYZE tables it does not own; scripts/bench.sh analyzes as the
    // owner before measuring (autovacuum would, later).
    println!(
        "done: {} orders in {:.1} s",
        spec.orders,
        started.elapsed().as_secs_f64()
    );
    Ok(Generated {
        influencers_created,
        first_order: from,
        orders: spec.orders,
    })
}

/// Creates bench influencers `1..=count` that are missing: approved 90 days ago (with the trail
/// row), members of the campaign with one enabled code `BENCH000001…` each (synced, as if VTEX
/// had it). Returns how many were created.
pub(crate) async fn ensure_influencers(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    campaign: &afiliados_db::campaigns::Campaign,
    count: i64,
) -> anyhow::Result<i64> {
    conn.batch_execute("BEGIN").await?;
    let created = diesel::sql_query(
        "INSERT INTO influencers (id, tenant_id, first_name, last_name, document_type,
                document_number, email, status, approved_at, created_at, updated_at)
         SELECT gen_random_uuid(), $1, 'Bench', 'Influencer ' || k, 'CC',
                '7' || lpad(k::text, 9, '0'), 'bench-' || k || '@bench.invalid', 'approved',
                now() - interval '90 days', now() - interval '90 days', now()
           FROM generate_series(1, $2::bigint) k
          WHERE NOT EXISTS (SELECT 1 FROM influencers i
                             WHERE i.tenant_id = $1 AND i.email = 'bench-' || k || '@bench.invalid')",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<BigInt, _>(count)
    .execute(conn)
    .await?;
    // Their approval in the status trail, which attribution (and its explanation) reads.
    diesel::sql_query(
        "INSERT INTO status_history (id, tenant_id, entity_type, entity_id, from_status, to_status,
                actor, occurred_at)
         SELECT gen_random_uuid(), $1, 'influencer', i.id, 'pending', 'approved',
                'system:bench-dataset', i.approved_at
           FROM influencers i
          WHERE i.tenant_id = $1 AND i.email LIKE 'bench-%@bench.invalid'
            AND NOT EXISTS (SELECT 1 FROM status_history h
                             WHERE h.entity_type = 'influencer' AND h.entity_id = i.id)",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .execute(conn)
    .await?;
    diesel::sql_query(
        "INSERT INTO campaign_influencers (id, tenant_id, campaign_id, influencer_id, status,
                assigned_at, created_at, updated_at)
         SELECT gen_random_uuid(), $1, $2, i.id, 'active', i.created_at, i.created_at, now()
           FROM influencers i
          WHERE i.tenant_id = $1 AND i.email LIKE 'bench-%@bench.invalid'
         ON CONFLICT (campaign_id, influencer_id) DO NOTHING",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<SqlUuid, _>(campaign.id)
    .execute(conn)
    .await?;
    diesel::sql_query(
        "INSERT INTO discount_codes (id, tenant_id, campaign_id, influencer_id, brand_id, code,
                discount_percent, status, sync_state, synced_revision, last_synced_at,
                created_by, created_at, updated_at)
         SELECT gen_random_uuid(), $1, $2, i.id, $3,
                'BENCH' || lpad(split_part(split_part(i.email, '@', 1), '-', 2), 6, '0'),
                10, 'active', 'synced', 1, i.created_at, 'bench-dataset', i.created_at, now()
           FROM influencers i
          WHERE i.tenant_id = $1 AND i.email LIKE 'bench-%@bench.invalid'
            AND NOT EXISTS (SELECT 1 FROM discount_codes d
                             WHERE d.campaign_id = $2 AND d.influencer_id = i.id)",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<SqlUuid, _>(campaign.id)
    .bind::<SqlUuid, _>(campaign.brand_id)
    .execute(conn)
    .await?;
    conn.batch_execute("COMMIT").await?;
    Ok(i64::try_from(created).unwrap_or_default())
}

/// The session's temporary tables: the frozen rule (`bench_params`), the codes orders cycle
/// through (`bench_codes`) and a chunk's generated rows (`bench_chunk`).
pub(crate) async fn prepare(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    campaign: &afiliados_db::campaigns::Campaign,
) -> anyhow::Result<()> {
    let some_member: CampaignRow = diesel::sql_query(
        "SELECT influencer_id AS id FROM discount_codes
          WHERE campaign_id = $1 AND code LIKE 'BENCH%' ORDER BY code LIMIT 1",
    )
    .bind::<SqlUuid, _>(campaign.id)
    .get_result(conn)
    .await?;
    let now = chrono::Utc::now();
    // Bench influencers have no tier history: the rate is the one every one of them gets.
    let (snapshot, tier_id) =
        crate::usecases::orders::attribution::freeze(conn, campaign, some_member.id, now)
            .await
            .map_err(|error| anyhow::anyhow!("freezing the campaign's rules: {error:?}"))?;
    let rate: Decimal = snapshot.rate.value();
    conn.batch_execute(
        "DROP TABLE IF EXISTS bench_params, bench_codes, bench_chunk;
         CREATE TEMP TABLE bench_params (
             tenant_id UUID, rate NUMERIC, snapshot JSONB, tier_id UUID, tier_level INT,
             tier_name TEXT, campaign_version INT, window_days INT, vtex_brand_id TEXT,
             generated_at TIMESTAMPTZ);
         CREATE TEMP TABLE bench_codes (
             k INT PRIMARY KEY, code_id UUID, influencer_id UUID, brand_id UUID,
             campaign_id UUID, code TEXT, window_start TIMESTAMPTZ);
         CREATE TEMP TABLE bench_chunk (
             g BIGINT, order_id UUID, line_id UUID, commission_id UUID, code_id UUID,
             influencer_id UUID, brand_id UUID, campaign_id UUID, code TEXT,
             vtex_order_id TEXT, placed_at TIMESTAMPTZ, quantity INT, unit_price NUMERIC(14, 2),
             gross NUMERIC(14, 2), discount NUMERIC(14, 2), net NUMERIC(14, 2),
             tax NUMERIC(14, 2), commission NUMERIC(14, 2));",
    )
    .await?;
    diesel::sql_query(
        "INSERT INTO bench_params VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Numeric, _>(rate)
    .bind::<Jsonb, _>(serde_json::to_value(&snapshot)?)
    .bind::<Nullable<SqlUuid>, _>(tier_id)
    .bind::<Integer, _>(i32::try_from(snapshot.tier_level).unwrap_or_default())
    .bind::<Text, _>(&snapshot.tier_name)
    .bind::<Integer, _>(snapshot.campaign_version)
    .bind::<Integer, _>(i32::try_from(snapshot.confirmation_window_days).unwrap_or_default())
    .bind::<Nullable<Text>, _>(snapshot.brand_vtex_id.as_deref())
    .execute(conn)
    .await?;
    // Every enabled code of the campaign whose influencer is approved (what attribution needs of
    // them); an order is placed inside the last 60 days and after its code existed.
    let codes = diesel::sql_query(
        "INSERT INTO bench_codes
         SELECT (row_number() OVER (ORDER BY d.code) - 1)::INT, d.id, d.influencer_id, d.brand_id,
                d.campaign_id, d.code,
                greatest(d.created_at, i.approved_at, now() - interval '60 days') + interval '1 second'
           FROM discount_codes d
           JOIN influencers i ON i.id = d.influencer_id AND i.status = 'approved'
          WHERE d.campaign_id = $1 AND d.enabled",
    )
    .bind::<SqlUuid, _>(campaign.id)
    .execute(conn)
    .await?;
    anyhow::ensure!(codes > 0, "the campaign has no enabled code");
    Ok(())
}

/// Adds orders `BENCH-{start}` … `BENCH-{end - 1}` with everything that follows from them, in one
/// transaction.
async fn add_chunk(conn: &mut AsyncPgConnection, start: i64, end: i64) -> anyhow::Result<()> {
    conn.batch_execute("BEGIN; TRUNCATE bench_chunk").await?;
    // Amounts vary per order (1–3 units of 40 000–89 000 COP, 10 % coupon discount, 19 % tax);
    // the commission is the frozen rate on the pre-tax net, rounded half-up to the peso cent.
    diesel::sql_query(
        "INSERT INTO bench_chunk
         SELECT a.g, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), a.code_id,
                a.influencer_id, a.brand_id, a.campaign_id, a.code, a.vtex_order_id, a.placed_at,
                a.quantity, a.unit_price, a.gross, a.discount, a.gross - a.discount,
                round((a.gross - a.discount) * 0.19, 2),
                round((a.gross - a.discount) * p.rate / 100, 2)
           FROM (
             SELECT s.*, s.unit_price * s.quantity AS gross,
                    round(s.unit_price * s.quantity * 0.10, 2) AS discount
               FROM (
                 SELECT g, c.code_id, c.influencer_id, c.brand_id, c.campaign_id, c.code,
                        'BENCH-' || lpad(g::TEXT, 9, '0') AS vtex_order_id,
                        c.window_start + (p.generated_at - interval '2 minutes' - c.window_start)
                            * (((g * 7919) % 10007)::FLOAT8 / 10007.0) AS placed_at,
                        (1 + g % 3)::INT AS quantity,
                        (40000 + (g % 50) * 1000)::NUMERIC(14, 2) AS unit_price
                   FROM generate_series($1::BIGINT, $2::BIGINT - 1) g
                   CROSS JOIN bench_params p
                   JOIN bench_codes c ON c.k = g % (SELECT count(*) FROM bench_codes)
               ) s
           ) a CROSS JOIN bench_params p",
    )
    .bind::<BigInt, _>(start)
    .bind::<BigInt, _>(end)
    .execute(conn)
    .await?;
    conn.batch_execute(CHUNK_STATEMENTS).await?;
    conn.batch_execute("COMMIT").await?;
    Ok(())
}

/// The rows a chunk of `bench_chunk` becomes: paid 30 s and invoiced 1 min after placement, one
/// line, the `created` status row, the estimated commission due `window` days after invoicing,
/// and the ledger entry whose deltas move the balance rows (created when missing, locked by the
/// upsert like the ingest's lock does).
pub(crate) const CHUNK_STATEMENTS: &str = "
INSERT INTO orders (id, tenant_id, vtex_order_id, sequence, status, vtex_status, placed_at,
        paid_at, invoiced_at, currency, items_total, discounts_total, shipping_total, tax_total,
        total_value, net_items_total, eligible_total, coupon_code, coupon_code_normalized,
        discount_code_id, brand_id, influencer_id, campaign_id, attributed, customer_email_hash,
        customer_document_hash, vtex_last_change, last_ingested_at, last_source, document_json,
        created_at, updated_at)
SELECT b.order_id, p.tenant_id, b.vtex_order_id, b.g::TEXT, 'invoiced', 'invoiced', b.placed_at,
       b.placed_at + interval '30 seconds', b.placed_at + interval '1 minute', 'COP', b.gross,
       b.discount, 0, b.tax, b.net + b.tax, b.net, b.net, b.code, b.code, b.code_id, b.brand_id,
       b.influencer_id, b.campaign_id, true,
       encode(sha256(convert_to('cliente-' || b.g || '@bench.invalid', 'UTF8')), 'hex'),
       encode(sha256(convert_to('CC:8' || lpad(b.g::TEXT, 9, '0'), 'UTF8')), 'hex'),
       b.placed_at + interval '1 minute', p.generated_at, 'hook',
       jsonb_build_object('orderId', b.vtex_order_id, 'status', 'invoiced',
                          'generatedBy', 'afiliados-api bench-dataset'),
       p.generated_at, p.generated_at
  FROM bench_chunk b CROSS JOIN bench_params p;

INSERT INTO order_lines (id, order_id, line_index, sku_id, product_id, ref_id, name, vtex_brand_id,
        brand_name, category_path, category_id, quantity, unit_price, list_price, selling_price,
        line_gross, line_discount, line_net, line_tax, eligible, eligible_amount, created_at,
        updated_at)
SELECT b.line_id, b.order_id, 0, '880' || (b.g % 50), '88' || (b.g % 50), NULL,
       'Cetaphil bench ' || (b.g % 50), p.vtex_brand_id, 'Cetaphil', ARRAY['1', '3'], '3',
       b.quantity, b.unit_price, b.unit_price, round(b.net / b.quantity, 2), b.gross, b.discount,
       b.net, b.tax, true, b.net, p.generated_at, p.generated_at
  FROM bench_chunk b CROSS JOIN bench_params p;

INSERT INTO order_status_history (id, order_id, from_status, to_status, vtex_status, changed_at,
        source, created_at)
SELECT gen_random_uuid(), b.order_id, NULL, 'invoiced', 'invoiced',
       b.placed_at + interval '1 minute', 'hook', p.generated_at
  FROM bench_chunk b CROSS JOIN bench_params p;

INSERT INTO commissions (id, tenant_id, order_id, influencer_id, campaign_id, brand_id,
        discount_code_id, state, commission_rate, tier_id, tier_level, tier_name,
        campaign_version, rule_snapshot, eligible_amount, commission_amount, estimated_at,
        confirmation_due_at, created_at, updated_at)
SELECT b.commission_id, p.tenant_id, b.order_id, b.influencer_id, b.campaign_id, b.brand_id,
       b.code_id, 'estimated', p.rate, p.tier_id, p.tier_level, p.tier_name, p.campaign_version,
       p.snapshot, b.net, b.commission, b.placed_at + interval '1 minute',
       b.placed_at + interval '1 minute' + make_interval(days => p.window_days),
       p.generated_at, p.generated_at
  FROM bench_chunk b CROSS JOIN bench_params p;

INSERT INTO commission_lines (id, commission_id, order_line_id, eligible_amount,
        commission_amount, created_at, updated_at)
SELECT gen_random_uuid(), b.commission_id, b.line_id, b.net, b.commission, p.generated_at,
       p.generated_at
  FROM bench_chunk b CROSS JOIN bench_params p;

INSERT INTO commission_transitions (id, commission_id, from_state, to_state, amount, kind,
        triggered_by, context, occurred_at)
SELECT gen_random_uuid(), b.commission_id, NULL, 'estimated', b.commission, 'created',
       'system:bench-dataset', '{}', b.placed_at + interval '1 minute'
  FROM bench_chunk b;

WITH posted AS (
    INSERT INTO ledger_entries (id, tenant_id, influencer_id, brand_id, entry_type, amount,
            d_estimated, available_after, commission_id, description, created_by, created_at)
    SELECT gen_random_uuid(), p.tenant_id, b.influencer_id, b.brand_id, 'commission_estimated',
           b.commission, b.commission, COALESCE(bal.available, 0), b.commission_id,
           'Comisión estimada del pedido ' || b.vtex_order_id, 'system:bench-dataset',
           p.generated_at
      FROM bench_chunk b CROSS JOIN bench_params p
      LEFT JOIN influencer_balance bal
             ON bal.influencer_id = b.influencer_id AND bal.brand_id = b.brand_id
     ORDER BY b.g
    RETURNING tenant_id, influencer_id, brand_id, d_estimated, seq
)
INSERT INTO influencer_balance AS ib (id, tenant_id, influencer_id, brand_id, estimated,
        last_entry_seq, created_at, updated_at)
SELECT gen_random_uuid(), tenant_id, influencer_id, brand_id, sum(d_estimated), max(seq), now(),
       now()
  FROM posted
 GROUP BY tenant_id, influencer_id, brand_id
ON CONFLICT (influencer_id, brand_id) DO UPDATE
   SET estimated = ib.estimated + excluded.estimated,
       last_entry_seq = greatest(ib.last_entry_seq, excluded.last_entry_seq),
       updated_at = excluded.updated_at;

UPDATE discount_codes d
   SET usage_count = d.usage_count + u.used
  FROM (SELECT code_id, count(*)::INT AS used FROM bench_chunk GROUP BY code_id) u
 WHERE d.id = u.code_id;
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_flags() {
        assert_eq!(
            parse_args(&[]),
            Ok(DatasetSpec {
                orders: 1_000_000,
                influencers: 1_000
            })
        );
        assert_eq!(
            parse_args(&["--orders", "10000", "--influencers", "50"]),
            Ok(DatasetSpec {
                orders: 10_000,
                influencers: 50
            })
        );
    }

    #[test]
    fn refuses_bad_flags() {
        assert!(parse_args(&["--orders"]).is_err());
        assert!(parse_args(&["--orders", "many"]).is_err());
        assert!(parse_args(&["--orders", "-1"]).is_err());
        assert!(parse_args(&["--influencers", "0"]).is_err());
        assert!(parse_args(&["--rows", "5"]).is_err());
    }
}
