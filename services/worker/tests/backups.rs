//! Encrypted backups in-process against real PostgreSQL (through its client tools, as the worker
//! itself: no driver), real Redis and a stand-in for the api's backup endpoints:
//! - the cron replica's timer catches up at start-up (no earlier backup) and the `RunBackup` job
//!   dumps, seals, stores and reports; the stored bytes hold no plaintext; the metrics move;
//! - the restore brings back every table with identical row counts and per-table checksums;
//! - a tampered snapshot is refused (checksum, then the chunks' AEAD), by the library and by
//!   `afiliados-worker backup restore` with a non-zero exit, and the target stays empty;
//! - pruning deletes exactly the snapshots the api lists as expired, and marks them;
//! - a failed backup raises `backup_failure` and counts a failure.

mod backup_api;
mod stand_in;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use afiliados_config::SecretString;
use afiliados_testkit::eventually;
use afiliados_testkit::redis::{namespace, redis_url};
use afiliados_worker::backup::{self, BackupSettings, Backups};
use afiliados_worker::{Application, Settings};
use backup_api::{BackupApi, TOKEN};
use uuid::Uuid;

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// How long a backup of a small database may take through the queue.
const WAIT: Duration = Duration::from_secs(60);
const DATA_KEY: &str = "bk1:YmFja3VwLXRlc3Qta2V5LTAxMjM0NTY3ODlhYmNkZWY=";
const ADMIN: &str = "postgres://postgres@127.0.0.1:5432";

/// A scratch database, dropped at the end.
struct Db(String);

impl Db {
    fn create(prefix: &str) -> TestResult<Db> {
        let name = format!("{prefix}_{}", Uuid::new_v4().simple());
        psql("postgres", &format!("CREATE DATABASE {name}"))?;
        Ok(Db(name))
    }

    fn url(&self) -> String {
        format!("{ADMIN}/{}", self.0)
    }

    fn sql(&self, sql: &str) -> TestResult<String> {
        psql(&self.0, sql)
    }

    /// `table → (rows, md5 of the rows in order)` for every table of `public`.
    fn fingerprint(&self) -> TestResult<Vec<String>> {
        let tables = self.sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        )?;
        let mut out = Vec::new();
        for table in tables.lines().filter(|t| !t.is_empty()) {
            out.push(self.sql(&format!(
                "SELECT '{table}' || ' ' || count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') FROM {table} t"
            ))?);
        }
        Ok(out)
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let _ = psql(
            "postgres",
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.0),
        );
    }
}

fn psql(db: &str, sql: &str) -> TestResult<String> {
    let output = Command::new("psql")
        .args(["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1"])
        .arg(format!("--dbname={ADMIN}/{db}"))
        .arg("-c")
        .arg(sql)
        .output()?;
    if !output.status.success() {
        return Err(format!("psql: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Tables of several kinds, rows with awkward text, money, JSON, nulls and an empty table.
fn seed(db: &Db) -> TestResult {
    db.sql(
        "CREATE TABLE influencers (id uuid PRIMARY KEY, name text NOT NULL, balance numeric(14,2),
            meta jsonb, joined timestamptz);
         CREATE TABLE orders (id bigserial PRIMARY KEY, influencer uuid REFERENCES influencers(id),
            note text, total numeric(14,2) NOT NULL);
         CREATE TABLE empty_table (id int);
         CREATE VIEW order_totals AS SELECT influencer, sum(total) FROM orders GROUP BY influencer;
         INSERT INTO influencers
            SELECT md5(i::text)::uuid, 'Ñandú-marker ' || i || E' \"quoted\"\\n line', i * 1.25,
                   jsonb_build_object('i', i, 'tags', jsonb_build_array('a', i)),
                   '2026-01-01T00:00:00Z'::timestamptz + i * interval '1 hour'
            FROM generate_series(1, 1500) i;
         INSERT INTO orders (influencer, note, total)
            SELECT md5((i % 1500 + 1)::text)::uuid, CASE WHEN i % 7 = 0 THEN NULL ELSE repeat('x', i % 50) END,
                   (i % 997) + 0.01
            FROM generate_series(1, 20000) i;",
    )?;
    Ok(())
}

fn backup_settings(database_url: Option<String>, storage: &Path) -> BackupSettings {
    BackupSettings {
        database_url: database_url.map(SecretString::from),
        data_encryption_key: SecretString::from(DATA_KEY.to_owned()),
        storage: afiliados_storage::StorageConfig::local(storage),
    }
}

fn storage_dir() -> TestResult<PathBuf> {
    let dir = std::env::temp_dir().join(format!("afiliados-backups-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

async fn metrics(port: u16) -> TestResult<String> {
    Ok(reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
        .await?
        .text()
        .await?)
}

fn value_of(metrics: &str, series: &str) -> Option<f64> {
    metrics
        .lines()
        .find(|line| line.starts_with(series) && line[series.len()..].starts_with(' '))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_round_trips_and_a_tampered_one_is_refused() -> TestResult {
    let source = Db::create("bk_src")?;
    seed(&source)?;
    let storage = storage_dir()?;
    let api = BackupApi::default();
    let api_url = api.start()?;
    let started = chrono::Utc::now().timestamp();

    // The cron replica: no earlier backup, so the timer enqueues one at start-up.
    let mail = afiliados_mailer::MailConfig::local_sink(afiliados_testkit::smtp::SMTP_PORT);
    let mut settings = Settings::for_tests(&api_url, TOKEN, &redis_url(), &namespace(), mail);
    settings.enable_cron = true;
    settings.schedules.daily_maintenance = None;
    settings.schedules.settlement = None;
    settings.schedules.tier_evaluation = None;
    settings.backup_interval = Duration::from_secs(3600);
    settings.backup = backup_settings(Some(source.url()), &storage);
    let app = Application::build(settings).await?;
    let port = app.metrics_port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(app.run_until_stopped(async move {
        let _ = stopped.await;
    }));

    let recorded = eventually(WAIT, || async { api.recorded().into_iter().next() }).await?;
    let stored = storage.join(&recorded.storage_key);
    let bytes = std::fs::read(&stored)?;
    assert_eq!(recorded.size_bytes, i64::try_from(bytes.len())?);
    assert_eq!(recorded.sha256, afiliados_crypto::sha256_hex(&bytes));
    assert_eq!(recorded.encryption_key_id, "bk1");
    assert!(
        recorded
            .db_version
            .starts_with(|c: char| c.is_ascii_digit())
    );
    assert!(
        !bytes.windows(12).any(|w| w == "Ñandú-marker".as_bytes()),
        "the stored dump is encrypted"
    );
    assert!(api.alerts().is_empty());

    let text = metrics(port).await?;
    let runs = value_of(&text, "marketing_afiliados_worker_backup_runs_total");
    assert!(runs.is_some_and(|runs| runs >= 1.0), "{text}");
    let last = value_of(
        &text,
        "marketing_afiliados_worker_backup_last_success_timestamp_seconds",
    );
    assert!(last.is_some_and(|last| last >= started as f64), "{text}");
    let durations = value_of(
        &text,
        "marketing_afiliados_worker_backup_duration_seconds_count",
    );
    assert!(durations.is_some_and(|count| count >= 1.0), "{text}");
    assert!(text.contains("marketing_afiliados_worker_backup_failures_total"));
    let _ = stop.send(());
    worker.await??;

    // Restore into a fresh database: every table, the same rows.
    let settings = backup_settings(None, &storage);
    let store = afiliados_storage::ObjectStore::from_config(&settings.storage)?;
    let keyring = settings.keyring()?;
    let target = Db::create("bk_dst")?;
    let mut progress = Vec::new();
    let restored = backup::restore::restore(
        &store,
        &keyring,
        &recorded.storage_key,
        &SecretString::from(target.url()),
        &std::env::temp_dir(),
        |done, total| progress.push((done, total)),
    )
    .await?;
    assert!(restored.dump_bytes > 0);
    assert_eq!(progress.last().map(|p| p.0), Some(bytes.len() as u64));
    let fingerprint = source.fingerprint()?;
    assert_eq!(fingerprint.len(), 3, "{fingerprint:?}");
    assert!(fingerprint.iter().any(|t| t.starts_with("orders 20000 ")));
    assert_eq!(target.fingerprint()?, fingerprint);
    assert_eq!(
        target.sql("SELECT count(*) FROM order_totals")?,
        source.sql("SELECT count(*) FROM order_totals")?
    );
    assert_eq!(backup::restore::list(&store).await?.len(), 1);

    // One flipped byte: the checksum refuses it before the target is touched.
    let mut tampered = bytes.clone();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x40;
    std::fs::write(&stored, &tampered)?;
    let untouched = Db::create("bk_tmp")?;
    let error = backup::restore::restore(
        &store,
        &keyring,
        &recorded.storage_key,
        &SecretString::from(untouched.url()),
        &std::env::temp_dir(),
        |_, _| {},
    )
    .await
    .err()
    .map(|e| format!("{e:#}"))
    .unwrap_or_default();
    assert!(error.contains("checksum mismatch"), "{error}");

    // The same through the binary: a clear message and a non-zero exit.
    let output = Command::new(env!("CARGO_BIN_EXE_afiliados-worker"))
        .args(["backup", "restore", "--snapshot", &recorded.storage_key])
        .arg("--target-database-url")
        .arg(untouched.url())
        .env("APP_ENV", "test")
        .env("DATA_ENCRYPTION_KEY", DATA_KEY)
        .env("STORAGE_BACKEND", "local")
        .env("STORAGE_LOCAL_DIR", &storage)
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("checksum mismatch"), "{stderr}");

    // Tampered and its manifest rewritten to match: the chunks' AEAD refuses it.
    let manifest_key = format!("{}.manifest.json", recorded.storage_key);
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(storage.join(&manifest_key))?)?;
    manifest["sha256"] = serde_json::json!(afiliados_crypto::sha256_hex(&tampered));
    std::fs::write(storage.join(&manifest_key), serde_json::to_vec(&manifest)?)?;
    let error = backup::restore::restore(
        &store,
        &keyring,
        &recorded.storage_key,
        &SecretString::from(untouched.url()),
        &std::env::temp_dir(),
        |_, _| {},
    )
    .await
    .err()
    .map(|e| format!("{e:#}"))
    .unwrap_or_default();
    assert!(error.contains("altered"), "{error}");
    assert_eq!(
        untouched.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")?,
        "0",
        "nothing of a refused snapshot reaches the target"
    );
    let _ = std::fs::remove_dir_all(&storage);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pruning_deletes_exactly_the_expired_snapshots() -> TestResult {
    let source = Db::create("bk_prune")?;
    source.sql("CREATE TABLE t (id int); INSERT INTO t VALUES (1)")?;
    let storage = storage_dir()?;
    let api = BackupApi::default();
    let api_url = api.start()?;
    let mail = afiliados_mailer::MailConfig::local_sink(afiliados_testkit::smtp::SMTP_PORT);
    let settings = Settings::for_tests(&api_url, TOKEN, &redis_url(), &namespace(), mail);
    let backups = Backups::new(&backup_settings(Some(source.url()), &storage))?;
    let client = afiliados_worker::internal_api(&settings)?;

    // Three earlier snapshots in the store; the api says two of them expired.
    let old: Vec<_> = (0..3)
        .map(|i| backup_api::snapshot(&format!("backups/old-{i}.dump.enc")))
        .collect();
    for snapshot in &old {
        for key in [
            snapshot.storage_key.clone(),
            format!("{}.manifest.json", snapshot.storage_key),
        ] {
            backups
                .store
                .put(&key, b"sealed", "application/octet-stream")
                .await?;
        }
    }
    api.set_expired(vec![old[0].clone(), old[2].clone()]);

    let report = backup::run(&backups, &client, chrono::Utc::now()).await?;
    assert_eq!(report.pruned, 2);
    assert_eq!(api.pruned(), vec![old[0].id, old[2].id]);
    let mut left = backups.store.list("backups").await?;
    left.sort();
    let new_key = report.manifest.storage_key.clone();
    let mut expected = vec![
        "backups/old-1.dump.enc".to_owned(),
        "backups/old-1.dump.enc.manifest.json".to_owned(),
        new_key.clone(),
        format!("{new_key}.manifest.json"),
    ];
    expected.sort();
    assert_eq!(left, expected);

    // Nothing more has expired: the next run prunes nothing.
    let again = backup::run(&backups, &client, chrono::Utc::now()).await?;
    assert_eq!(again.pruned, 0);
    let _ = std::fs::remove_dir_all(&storage);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_backup_raises_backup_failure_and_stores_nothing() -> TestResult {
    let storage = storage_dir()?;
    let api = BackupApi::default();
    let api_url = api.start()?;
    let mail = afiliados_mailer::MailConfig::local_sink(afiliados_testkit::smtp::SMTP_PORT);
    let settings = Settings::for_tests(&api_url, TOKEN, &redis_url(), &namespace(), mail);
    let missing = format!("{ADMIN}/bk_missing_{}", Uuid::new_v4().simple());
    let backups = Backups::new(&backup_settings(Some(missing), &storage))?;
    let client = afiliados_worker::internal_api(&settings)?;
    // The recorder is process-wide: install it and read the counter before and after.
    let app = Application::build(settings).await?;
    let port = app.metrics_port();
    let server = tokio::spawn(app.run_until_stopped(std::future::pending()));
    let failures = |text: &str| {
        value_of(text, "marketing_afiliados_worker_backup_failures_total").unwrap_or(0.0)
    };
    let before = failures(&metrics(port).await?);

    let error = backup::run(&backups, &client, chrono::Utc::now())
        .await
        .err()
        .map(|e| format!("{e:#}"))
        .unwrap_or_default();
    assert!(error.contains("bk_missing_"), "{error}");
    assert!(
        !error.contains("postgres://"),
        "no URL in the error: {error}"
    );

    let alerts = api.alerts();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0].alert_type.as_str(), "backup_failure");
    assert_eq!(alerts[0].dedup_key, "backup");
    assert!(api.recorded().is_empty());
    assert!(backups.store.list("").await?.is_empty());
    assert!(failures(&metrics(port).await?) >= before + 1.0);
    server.abort();
    let _ = std::fs::remove_dir_all(&storage);
    Ok(())
}
