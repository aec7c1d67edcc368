//! `afiliados-api bench-payouts --withdrawals N`: the payout dataset of `make bench` (issue 11:
//! create and pay a batch of 10 000 approved withdrawals). Set-based: `N` bench influencers of
//! the seed's Cetaphil brand, each with its own bank account sealed for it (the payout CSV opens
//! every one), a confirmed 50 000.00, a 20 000.00 withdrawal reserved on the ledger and approved
//! by `admin@medipiel.co` (so `finance@medipiel.co` may pay it without dual control), payable
//! now. One statement per table, one transaction; the ledger and balance rows agree (balance =
//! Σ deltas, `available` identity). Development and test environments only.

use afiliados_config::ExposeSecret;
use afiliados_domain::{BankAccount, BankAccountInput};
use anyhow::Context;
use diesel::sql_types::{Array, Bytea, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use uuid::Uuid;

use crate::settings::Settings;

/// Parses `--withdrawals N` (default 10 000).
pub fn parse_args(args: &[&str]) -> Result<i64, String> {
    match args {
        [] => Ok(10_000),
        ["--withdrawals", value] => match value.parse::<i64>() {
            Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
            _ => Err(format!("--withdrawals {value} must be 1–1000000")),
        },
        other => Err(format!("unknown options {other:?}")),
    }
}

/// Generates `count` approved, payable withdrawals in the database of `DATABASE_URL`.
pub async fn run(count: i64) -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    anyhow::ensure!(
        settings.app_env.is_development(),
        "bench-payouts runs only with APP_ENV=development or test"
    );
    let keys = afiliados_crypto::KeyRing::parse(settings.data_encryption_key.expose_secret())?;
    let url = settings.database.url.expose_secret().to_owned();
    let pool = afiliados_db::pool::build(&url, 1, 60_000)?;
    let mut pooled = pool.get().await.context("connecting to PostgreSQL")?;
    let conn: &mut AsyncPgConnection = &mut pooled;
    let tenant = afiliados_db::tenants::find_by_slug(conn, &settings.tenant_slug)
        .await?
        .context("no tenant: run `afiliados-api seed dev` first")?;
    let brand = afiliados_db::brands::all(conn, tenant.id)
        .await?
        .into_iter()
        .find(|b| b.slug == "cetaphil")
        .context("no Cetaphil brand: run `afiliados-api seed dev` first")?;
    let admin = afiliados_db::users::find_by_email(conn, tenant.id, "admin@medipiel.co")
        .await?
        .context("no admin@medipiel.co: run `afiliados-api seed dev` first")?;
    let started = std::time::Instant::now();
    generate(
        conn,
        &keys,
        Dataset {
            tenant_id: tenant.id,
            brand_id: brand.id,
            approver_id: admin.id,
            now: chrono::Utc::now(),
            count,
        },
    )
    .await?;
    println!(
        "bench-payouts: {count} approved withdrawals of 20000.00 in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// What [`generate`] makes.
#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    /// The tenant.
    pub tenant_id: Uuid,
    /// The brand of every balance and withdrawal.
    pub brand_id: Uuid,
    /// The staff user who requested and approved the withdrawals.
    pub approver_id: Uuid,
    /// "Now": confirmed two hours before, requested and payable one hour before.
    pub now: chrono::DateTime<chrono::Utc>,
    /// How many influencers, each with one approved withdrawal.
    pub count: i64,
}

/// Writes the dataset in one transaction (also used by the api's tests of large batches).
pub async fn generate(
    conn: &mut AsyncPgConnection,
    keys: &afiliados_crypto::KeyRing,
    dataset: Dataset,
) -> anyhow::Result<()> {
    let Dataset {
        tenant_id,
        brand_id,
        approver_id,
        now,
        count,
    } = dataset;
    let now = now.to_rfc3339();
    let ids: Vec<Uuid> = (0..count).map(|_| afiliados_db::new_id()).collect();
    let mut sealed = Vec::with_capacity(ids.len());
    let mut numbers = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let number = format!("{:010}", 1_000_000_000 + i);
        let account = BankAccount::parse(&BankAccountInput {
            account_holder: format!("Bench Payee {i}"),
            bank_name: "Bancolombia".into(),
            account_type: "ahorros".into(),
            account_number: number.clone(),
        })
        .map_err(|e| anyhow::anyhow!("bench account: {e:?}"))?;
        let one = crate::usecases::influencers::bank::seal(keys, *id, &account)
            .map_err(|e| anyhow::anyhow!("sealing: {e}"))?;
        sealed.push(one.ciphertext);
        numbers.push(number[number.len() - 4..].to_owned());
    }
    // One transaction: a failed run leaves nothing behind.
    conn.batch_execute("SET statement_timeout = 0; BEGIN")
        .await?;
    diesel::sql_query(
        "INSERT INTO influencers (id, tenant_id, first_name, last_name, document_type,
                   document_number, email, status, bank_account_ciphertext, bank_account_last4,
                   bank_account_type, bank_name)
                 SELECT u.id, $1, 'Bench', 'Payee ' || u.n, 'CC', (3000000000 + u.n)::text,
                   'bench.payee.' || u.n || '@example.com', 'approved', u.sealed, u.last4,
                   'ahorros', 'Bancolombia'
                 FROM UNNEST($2, $3, $4) WITH ORDINALITY AS u(id, sealed, last4, n)",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Array<SqlUuid>, _>(&ids)
    .bind::<Array<Bytea>, _>(&sealed)
    .bind::<Array<Text>, _>(&numbers)
    .execute(conn)
    .await?;
    // Confirmed 50 000.00, then 20 000.00 reserved; the withdrawal approved by the
    // admin, payable since the request (an hour ago).
    conn.batch_execute(&format!(
                "CREATE TEMP TABLE bench_payout ON COMMIT DROP AS
                   SELECT i.id AS influencer_id, b.id AS brand_id, gen_random_uuid() AS withdrawal_id,
                          '{approver_id}'::uuid AS admin_id, '{now}'::timestamptz AS at
                   FROM influencers i, brands b
                   WHERE i.tenant_id = '{tenant_id}' AND i.first_name = 'Bench'
                     AND i.email LIKE 'bench.payee.%' AND b.tenant_id = '{tenant_id}' AND b.id = '{brand_id}'
                     AND NOT EXISTS (SELECT 1 FROM withdrawal_requests w WHERE w.influencer_id = i.id);
                 INSERT INTO withdrawal_requests (id, tenant_id, influencer_id, brand_id, amount, status,
                   requested_by, requested_at, decided_by, decided_at, payable_from, created_at, updated_at)
                 SELECT withdrawal_id, '{tenant_id}', influencer_id, brand_id, 20000.00, 'approved',
                   admin_id, at - interval '1 hour', admin_id, at - interval '30 minutes',
                   at - interval '1 hour', at, at
                 FROM bench_payout;
                 INSERT INTO ledger_entries (id, tenant_id, influencer_id, brand_id, entry_type, amount,
                   d_confirmed, available_after, description, created_by, created_at)
                 SELECT gen_random_uuid(), '{tenant_id}', influencer_id, brand_id, 'commission_confirmed',
                   50000.00, 50000.00, 50000.00, 'bench confirmation', 'bench', at - interval '2 hours'
                 FROM bench_payout ORDER BY influencer_id;
                 INSERT INTO ledger_entries (id, tenant_id, influencer_id, brand_id, entry_type, amount,
                   d_pending_withdrawal, available_after, withdrawal_id, description, created_by, created_at)
                 SELECT gen_random_uuid(), '{tenant_id}', influencer_id, brand_id, 'withdrawal_reserved',
                   20000.00, 20000.00, 30000.00, withdrawal_id, 'bench withdrawal', 'bench',
                   at - interval '1 hour'
                 FROM bench_payout ORDER BY influencer_id;
                 INSERT INTO influencer_balance (id, tenant_id, influencer_id, brand_id, currency, confirmed,
                   pending_withdrawal, available, last_entry_seq, created_at, updated_at)
                 SELECT gen_random_uuid(), '{tenant_id}', p.influencer_id, p.brand_id, 'COP', 50000.00,
                   20000.00, 30000.00,
                   (SELECT max(seq) FROM ledger_entries l WHERE l.influencer_id = p.influencer_id
                      AND l.brand_id = p.brand_id), p.at, p.at
                 FROM bench_payout p;
                 COMMIT;"
            ))
            .await?;
    Ok(())
}
