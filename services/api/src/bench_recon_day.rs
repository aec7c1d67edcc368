//! `afiliados-api bench-recon-day --orders N --days-ago D --out FILE [--prefix P]
//! [--influencers K]`: the platform half of the reconciliation benchmark of `make bench`
//! (issue 12: a day of 100 000 orders, 1 % divergent; ADR 0071), and the description of the VTEX
//! half for the sandbox (`POST /_sandbox/orders/bulk-range`), written to `FILE`, so that the
//! divergence rule lives in one place.
//!
//! Order `i` of `N` (`{P}-{i:07}-01`) is placed in the Bogota day `D` days before today (the file
//! names it: the run is asked for that date), on bench code
//! `BENCH{(i mod K) + 1:06}`, 2 × 69 900.00 COP of Cetaphil, 19 % tax, no discount, invoiced —
//! exactly what the sandbox's checkout builds from [`order_template`], so an ingestion of the VTEX
//! document leaves the stored eligible total and commission (the deep check finds nothing). The
//! rows are written set-based by `bench-dataset`'s chunk statements (every invariant it keeps,
//! the dashboard rollups included: they are trigger-kept). One order in 100 diverges, the classes
//! in turn ([`divergence`]): A (VTEX only), B (VTEX says `canceled`), C (VTEX's price is
//! 76 900.00) and E (platform only).

use std::time::Instant;

use afiliados_config::ExposeSecret;
use afiliados_domain::{bogota_date, business_day_bounds};
use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Array, BigInt, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::bench_dataset::{CHUNK, CHUNK_STATEMENTS, ensure_influencers, prepare};
use crate::seed::CETAPHIL_CAMPAIGN_SLUG;
use crate::settings::Settings;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaySpec {
    /// Order indices of the day (both sides together).
    pub orders: i64,
    /// The orders are placed in the Bogota business date this many days before today.
    pub days_ago: i64,
    /// Order ids are `{prefix}-{i:07}-01`.
    pub prefix: String,
    /// Bench influencers whose codes the orders cycle through.
    pub influencers: i64,
    /// Where the sandbox's request and the expected counts are written.
    pub out: String,
}

/// Parses the command's options.
pub fn parse_args(args: &[&str]) -> Result<DaySpec, String> {
    let (mut orders, mut days_ago, mut prefix, mut influencers, mut out) =
        (100_000, 3, "RECON".to_owned(), 200, None);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<i64>()
                .map_err(|_| format!("{flag} needs a whole number"))
        };
        match *flag {
            "--orders" => orders = number()?,
            "--influencers" => influencers = number()?,
            "--days-ago" => days_ago = number()?,
            "--prefix" => prefix = (*value).to_owned(),
            "--out" => out = Some((*value).to_owned()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if !(1..=200_000).contains(&orders)
        || !(1..=1_000_000).contains(&influencers)
        || !(1..=30).contains(&days_ago)
    {
        return Err(
            "--orders must be 1–200000, --influencers 1–1000000 and --days-ago 1–30".into(),
        );
    }
    if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err("--prefix must be letters and digits".into());
    }
    Ok(DaySpec {
        orders,
        days_ago,
        prefix,
        influencers,
        out: out.ok_or("--out is required")?,
    })
}

#[derive(QueryableByName)]
struct CampaignRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
}

/// How order `i` differs between the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Divergence {
    /// The same on both sides.
    None,
    /// Only VTEX has it (class A).
    VtexOnly,
    /// VTEX says `canceled`, the platform `invoiced` (class B).
    Status,
    /// VTEX's unit price is 76 900.00, the platform's 69 900.00 (class C).
    Amount,
    /// Only the platform has it (class E).
    PlatformOnly,
}

/// One order in 100 diverges (index ≡ 37 mod 100), the four classes in turn.
pub fn divergence(index: i64) -> Divergence {
    if index % 100 != 37 {
        return Divergence::None;
    }
    match (index / 100) % 4 {
        0 => Divergence::VtexOnly,
        1 => Divergence::Status,
        2 => Divergence::Amount,
        _ => Divergence::PlatformOnly,
    }
}

/// The discrepancies a run over the day must find.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Expected {
    /// Class A.
    pub a: i64,
    /// Class B.
    pub b: i64,
    /// Class C.
    pub c: i64,
    /// Class E.
    pub e: i64,
    /// Orders VTEX lists.
    pub vtex_orders: i64,
    /// Orders the platform stores for the day.
    pub platform_orders: i64,
}

/// Counts the classes of `orders` indices.
pub fn expected(orders: i64) -> Expected {
    let mut counts = Expected::default();
    for index in 0..orders {
        match divergence(index) {
            Divergence::None => {}
            Divergence::VtexOnly => counts.a += 1,
            Divergence::Status => counts.b += 1,
            Divergence::Amount => counts.c += 1,
            Divergence::PlatformOnly => counts.e += 1,
        }
    }
    counts.vtex_orders = orders - counts.e;
    counts.platform_orders = orders - counts.a;
    counts
}

/// One line of the order both sides describe: price in cents, as VTEX writes it.
fn line(price_cents: i64) -> Value {
    json!({"skuId": "2001", "name": "Cetaphil Limpiador Facial 473 ml", "brandId": "2000050",
           "brandName": "Cetaphil", "categoriesIds": "/3/45/", "quantity": 2,
           "price": price_cents})
}

/// The sandbox's checkout spec of every order (its coupon, id and instant come from the range).
pub fn order_template() -> Value {
    json!({
        "forceCoupon": true, "status": "invoiced",
        "customer": {"email": "cliente.conciliacion@example.com", "document": "52876543"},
        "lines": [line(6_990_000)],
    })
}

/// `POST /_sandbox/orders/bulk-range`'s body for the VTEX side of the day.
pub fn sandbox_request(spec: &DaySpec, day: NaiveDate) -> Value {
    let (from, to) = business_day_bounds(day);
    let mut omit = Vec::new();
    let mut overrides = serde_json::Map::new();
    for index in 0..spec.orders {
        match divergence(index) {
            Divergence::PlatformOnly => omit.push(index),
            Divergence::Status => {
                overrides.insert(index.to_string(), json!({"status": "canceled"}));
            }
            Divergence::Amount => {
                overrides.insert(index.to_string(), json!({"lines": [line(7_690_000)]}));
            }
            Divergence::None | Divergence::VtexOnly => {}
        }
    }
    let coupons: Vec<String> = (1..=spec.influencers)
        .map(|k| format!("BENCH{k:06}"))
        .collect();
    json!({
        "count": spec.orders, "orderIdPrefix": spec.prefix, "from": from, "to": to,
        "coupons": coupons, "order": order_template(), "omit": omit, "overrides": overrides,
        // The platform's rows were ingested at that version (`vtex_last_change` = placed + 1 min).
        "lastChangeAfterSeconds": 60,
    })
}

/// Generates the day described by `spec` in the database of `DATABASE_URL` and writes the
/// sandbox's request and the expected counts to `spec.out`.
pub async fn run(spec: DaySpec) -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    anyhow::ensure!(
        settings.app_env.is_development(),
        "bench-recon-day runs only with APP_ENV=development or test"
    );
    let url = settings.database.url.expose_secret().to_owned();
    let pool = afiliados_db::pool::build(&url, 1, 60_000)?;
    let mut conn = pool.get().await.context("connecting to PostgreSQL")?;
    let tenant = afiliados_db::tenants::find_by_slug(&mut conn, &settings.tenant_slug)
        .await?
        .context("no tenant: run `afiliados-api seed dev` first")?;
    let day = bogota_date(Utc::now()) - chrono::Days::new(spec.days_ago.unsigned_abs());
    let counts = generate(
        &mut conn,
        tenant.id,
        CETAPHIL_CAMPAIGN_SLUG,
        &spec,
        day,
        CHUNK,
    )
    .await?;
    let plan = json!({"day": day, "sandbox": sandbox_request(&spec, day), "expected": counts});
    std::fs::write(&spec.out, serde_json::to_vec(&plan)?)
        .with_context(|| format!("writing {}", spec.out))?;
    println!(
        "sandbox request and expected counts written to {}",
        spec.out
    );
    Ok(())
}

/// Writes the platform's orders of the day (every index but the VTEX-only ones) on the bench
/// codes of the campaign, in transactions of `chunk`; returns what a run must find.
pub async fn generate(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    campaign_slug: &str,
    spec: &DaySpec,
    day: NaiveDate,
    chunk: i64,
) -> anyhow::Result<Expected> {
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
    ensure_influencers(conn, tenant_id, &campaign, spec.influencers).await?;
    prepare(conn, tenant_id, &campaign).await?;
    // Only the bench codes, numbered as the sandbox's coupon list: they existed 90 days before
    // the day, so attribution (and the deep check's re-ingestion) accepts every order.
    conn.batch_execute(
        "DROP TABLE IF EXISTS recon_codes;
         CREATE TEMP TABLE recon_codes AS
         SELECT (row_number() OVER (ORDER BY code) - 1)::INT AS k, code_id, influencer_id,
                brand_id, campaign_id, code, window_start
           FROM bench_codes WHERE code LIKE 'BENCH%';
         TRUNCATE bench_codes;
         INSERT INTO bench_codes SELECT * FROM recon_codes;",
    )
    .await?;
    let vtex_only: Vec<i64> = (0..spec.orders)
        .filter(|index| divergence(*index) == Divergence::VtexOnly)
        .collect();
    let (from, to) = business_day_bounds(day);
    let mut start = 0;
    while start < spec.orders {
        let end = (start + chunk.max(1)).min(spec.orders);
        add_chunk(conn, spec, from, to, &vtex_only, start, end).await?;
        start = end;
        println!(
            "  {end:>7} of {} order indices  {:>6.1} s",
            spec.orders,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(expected(spec.orders))
}

/// Indices `start..end` of the day, one transaction.
async fn add_chunk(
    conn: &mut AsyncPgConnection,
    spec: &DaySpec,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    vtex_only: &[i64],
    start: i64,
    end: i64,
) -> anyhow::Result<()> {
    conn.batch_execute("BEGIN; TRUNCATE bench_chunk").await?;
    // Placed at the sandbox's creation instant to the microsecond (`from + span × g / N`, whole
    // microseconds, as `bulk-range` computes it), so the version both sides name (`lastChange`
    // a minute later) is the same one. 2 × 69 900.00, no discount; tax 19 % of the net (what the checkout's per-unit tax sums
    // to); the commission the frozen rate on the pre-tax net, as `bench-dataset`'s.
    diesel::sql_query(
        "INSERT INTO bench_chunk
         SELECT g, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), c.code_id,
                c.influencer_id, c.brand_id, c.campaign_id, c.code,
                $3 || '-' || lpad(g::TEXT, 7, '0') || '-01',
                $4 + ((EXTRACT(EPOCH FROM $5 - $4) * 1000000)::BIGINT * g / $6)
                     * interval '1 microsecond',
                2, 69900.00, 139800.00, 0.00, 139800.00, round(139800.00 * 0.19, 2),
                round(139800.00 * p.rate / 100, 2)
           FROM generate_series($1::BIGINT, $2::BIGINT - 1) g
           CROSS JOIN bench_params p
           JOIN bench_codes c ON c.k = g % (SELECT count(*) FROM bench_codes)
          WHERE g <> ALL($7)",
    )
    .bind::<BigInt, _>(start)
    .bind::<BigInt, _>(end)
    .bind::<Text, _>(&spec.prefix)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<BigInt, _>(spec.orders)
    .bind::<Array<BigInt>, _>(vtex_only)
    .execute(conn)
    .await?;
    conn.batch_execute(CHUNK_STATEMENTS).await?;
    conn.batch_execute("COMMIT").await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_in_a_hundred_diverges_in_four_equal_classes() {
        let counts = expected(100_000);
        assert_eq!(
            (counts.a, counts.b, counts.c, counts.e),
            (250, 250, 250, 250)
        );
        assert_eq!(counts.vtex_orders, 99_750);
        assert_eq!(counts.platform_orders, 99_750);
        assert_eq!(divergence(36), Divergence::None);
        assert_eq!(divergence(37), Divergence::VtexOnly);
        assert_eq!(divergence(137), Divergence::Status);
        assert_eq!(divergence(237), Divergence::Amount);
        assert_eq!(divergence(337), Divergence::PlatformOnly);
    }

    #[test]
    fn options() {
        let spec = parse_args(&["--orders", "20000", "--out", "/tmp/x"])
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(spec.orders, 20_000);
        assert_eq!(spec.days_ago, 3);
        assert_eq!(spec.prefix, "RECON");
        assert_eq!(spec.influencers, 200);
        assert_eq!(spec.out, "/tmp/x");
        assert!(
            parse_args(&["--orders", "10"]).is_err(),
            "--out is required"
        );
        assert!(parse_args(&["--orders", "0", "--out", "x"]).is_err());
        assert!(parse_args(&["--days-ago", "0", "--out", "x"]).is_err());
        assert!(parse_args(&["--prefix", "A-B", "--out", "x"]).is_err());
    }

    #[test]
    fn the_sandbox_request_omits_and_overrides_the_divergent_indices() {
        let spec =
            parse_args(&["--orders", "400", "--out", "x"]).unwrap_or_else(|err| panic!("{err}"));
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let request = sandbox_request(&spec, day);
        assert_eq!(request["omit"], json!([337]));
        assert_eq!(request["overrides"]["137"]["status"], "canceled");
        assert_eq!(request["overrides"]["237"]["lines"][0]["price"], 7_690_000);
        assert_eq!(request["from"], "2026-12-01T05:00:00Z");
        assert_eq!(request["coupons"].as_array().map(Vec::len), Some(200));
        assert_eq!(request["coupons"][0], "BENCH000001");
    }
}
