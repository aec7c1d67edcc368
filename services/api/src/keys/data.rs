//! The data key ring's rotation over the [`registry`](super::registry): counts per key id,
//! re-encryption in batches ordered by id, a check that every value opens, and the rule for
//! retiring a key.
//!
//! Resumable by construction: a batch selects only values NOT sealed under the active key, after
//! the last id seen, so a run stopped anywhere (or limited with `max_batches`) is finished by the
//! next one, and a finished rotation rerun rewrites nothing. A column is rewritten only while it
//! still holds the blob that was read, so a value the application changed meanwhile (already under
//! the active key) is never overwritten.

use afiliados_crypto::KeyRing;
use afiliados_db::AsyncPgConnection;
use afiliados_storage::ObjectStore;
use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Bytea, Nullable, Text, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::registry::{Place, SEALED, Sealed, key_id_sql};

/// How many values of one registry entry are sealed under one key id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCount {
    /// The registry entry.
    pub name: &'static str,
    /// The key id inside the values.
    pub key_id: String,
    /// How many.
    pub count: i64,
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = Text)]
    key_id: String,
    #[diesel(sql_type = BigInt)]
    count: i64,
}

#[derive(QueryableByName)]
struct Total {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

#[derive(QueryableByName)]
struct ValueRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Nullable<Bytea>)]
    blob: Option<Vec<u8>>,
    #[diesel(sql_type = Bytea)]
    aad: Vec<u8>,
    #[diesel(sql_type = Nullable<Text>)]
    storage_key: Option<String>,
}

fn key_id_of(entry: &Sealed) -> String {
    match entry.place {
        Place::Column => key_id_sql(entry.blob),
        Place::Object => "encryption_key_id".to_owned(),
    }
}

/// Counts per registry entry and key id (entries with no value are absent).
pub async fn status(conn: &mut AsyncPgConnection) -> anyhow::Result<Vec<KeyCount>> {
    let mut counts = Vec::new();
    for entry in SEALED {
        let rows: Vec<CountRow> = diesel::sql_query(format!(
            "SELECT {kid} AS key_id, count(*) AS count FROM {table} WHERE {filter} \
             GROUP BY 1 ORDER BY 1",
            kid = key_id_of(entry),
            table = entry.table,
            filter = entry.filter,
        ))
        .load(conn)
        .await
        .with_context(|| format!("counting {}", entry.name))?;
        counts.extend(rows.into_iter().map(|row| KeyCount {
            name: entry.name,
            key_id: row.key_id,
            count: row.count,
        }));
    }
    Ok(counts)
}

/// How many values are sealed under `key_id`, over the whole registry.
pub fn count_under(counts: &[KeyCount], key_id: &str) -> i64 {
    counts
        .iter()
        .filter(|count| count.key_id == key_id)
        .map(|count| count.count)
        .sum()
}

/// Batch size and an optional stop (an interrupted run, in tests; a bounded run by hand).
#[derive(Debug, Clone, Copy)]
pub struct RotateOptions {
    /// Values per batch.
    pub batch_size: i64,
    /// Stop after this many batches (over all entries); `None` runs to the end.
    pub max_batches: Option<u64>,
}

impl Default for RotateOptions {
    fn default() -> Self {
        RotateOptions {
            batch_size: 500,
            max_batches: None,
        }
    }
}

/// Where a rotation is, after each batch.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// The registry entry.
    pub name: &'a str,
    /// Values of the entry rewritten so far in this run.
    pub done: u64,
    /// Values of the entry that were not under the active key when the run reached it.
    pub total: u64,
}

/// What a run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RotateReport {
    /// Values re-sealed under the active key.
    pub rewritten: u64,
    /// Batches run.
    pub batches: u64,
    /// Whether every entry was walked to its end (false when `max_batches` stopped it).
    pub finished: bool,
}

fn pending_filter(entry: &Sealed) -> String {
    format!("({}) AND {} <> $1", entry.filter, key_id_of(entry))
}

fn select_sql(entry: &Sealed, pending_only: bool) -> String {
    let key = match entry.place {
        Place::Column => "NULL::text",
        Place::Object => "storage_key",
    };
    let filter = if pending_only {
        pending_filter(entry)
    } else {
        format!("({}) AND $1 = $1", entry.filter)
    };
    format!(
        "SELECT {id} AS id, {blob} AS blob, {aad} AS aad, {key} AS storage_key FROM {table} \
         WHERE {filter} AND {id} > $2 ORDER BY {id} LIMIT $3",
        id = entry.id,
        blob = entry.blob,
        aad = entry.aad,
        table = entry.table,
    )
}

async fn batch(
    conn: &mut AsyncPgConnection,
    entry: &Sealed,
    pending_only: bool,
    active: &str,
    after: Uuid,
    size: i64,
) -> anyhow::Result<Vec<ValueRow>> {
    diesel::sql_query(select_sql(entry, pending_only))
        .bind::<Text, _>(active)
        .bind::<SqlUuid, _>(after)
        .bind::<BigInt, _>(size)
        .load(conn)
        .await
        .with_context(|| format!("reading a batch of {}", entry.name))
}

/// Re-seals under the active key every registered value that is not under it.
pub async fn rotate(
    conn: &mut AsyncPgConnection,
    store: &ObjectStore,
    ring: &KeyRing,
    options: RotateOptions,
    mut progress: impl FnMut(Progress<'_>),
) -> anyhow::Result<RotateReport> {
    anyhow::ensure!(options.batch_size > 0, "the batch size must be positive");
    let active = ring.active_key_id().to_owned();
    let mut report = RotateReport {
        rewritten: 0,
        batches: 0,
        finished: true,
    };
    for entry in SEALED {
        let total: Total = diesel::sql_query(format!(
            "SELECT count(*) AS count FROM {} WHERE {}",
            entry.table,
            pending_filter(entry)
        ))
        .bind::<Text, _>(&active)
        .get_result(conn)
        .await
        .with_context(|| format!("counting {}", entry.name))?;
        let total = u64::try_from(total.count).unwrap_or(0);
        let mut done = 0u64;
        let mut after = Uuid::nil();
        progress(Progress {
            name: entry.name,
            done,
            total,
        });
        loop {
            if options.max_batches.is_some_and(|max| report.batches >= max) {
                report.finished = false;
                return Ok(report);
            }
            let rows = batch(conn, entry, true, &active, after, options.batch_size).await?;
            let Some(last) = rows.last() else { break };
            after = last.id;
            report.batches += 1;
            for row in &rows {
                if reseal(conn, store, ring, entry, row).await? {
                    done += 1;
                    report.rewritten += 1;
                }
            }
            progress(Progress {
                name: entry.name,
                done,
                total,
            });
        }
    }
    Ok(report)
}

/// Re-seals one value; `false` when the row changed under us (left as the application wrote it).
async fn reseal(
    conn: &mut AsyncPgConnection,
    store: &ObjectStore,
    ring: &KeyRing,
    entry: &Sealed,
    row: &ValueRow,
) -> anyhow::Result<bool> {
    match entry.place {
        Place::Column => {
            let old = row
                .blob
                .as_deref()
                .with_context(|| format!("{} {} has no blob", entry.name, row.id))?;
            let clear = ring
                .decrypt(old, &row.aad)
                .with_context(|| format!("{} {} does not open", entry.name, row.id))?;
            let new = ring.encrypt(&clear, &row.aad)?;
            let encoded = STANDARD.encode(&new);
            let updated = diesel::sql_query(format!(
                "UPDATE {table} SET {set} WHERE {id} = $1 AND {blob} = $2",
                table = entry.table,
                set = entry.set,
                id = entry.id,
                blob = entry.blob,
            ))
            .bind::<SqlUuid, _>(row.id)
            .bind::<Bytea, _>(old)
            .bind::<Bytea, _>(&new)
            .bind::<Text, _>(&encoded)
            .execute(conn)
            .await
            .with_context(|| format!("rewriting {} {}", entry.name, row.id))?;
            Ok(updated == 1)
        }
        Place::Object => {
            let key = row
                .storage_key
                .as_deref()
                .with_context(|| format!("{} {} has no storage key", entry.name, row.id))?;
            let stored = store
                .get(key)
                .await
                .with_context(|| format!("reading the object of {} {}", entry.name, row.id))?;
            // A run stopped between the object's write and the row's leaves the object already
            // under the active key: only the row is behind.
            if KeyRing::key_id_of(&stored) != Some(ring.active_key_id()) {
                let clear = ring
                    .decrypt(&stored, &row.aad)
                    .with_context(|| format!("{} {} does not open", entry.name, row.id))?;
                store
                    .put_sealed(key, &clear, ring, &row.aad)
                    .await
                    .with_context(|| {
                        format!("rewriting the object of {} {}", entry.name, row.id)
                    })?;
            }
            let updated = diesel::sql_query(format!(
                "UPDATE {} SET encryption_key_id = $2 WHERE {} = $1",
                entry.table, entry.id
            ))
            .bind::<SqlUuid, _>(row.id)
            .bind::<Text, _>(ring.active_key_id())
            .execute(conn)
            .await
            .with_context(|| format!("recording the key of {} {}", entry.name, row.id))?;
            Ok(updated == 1)
        }
    }
}

/// Opens every registered value with `ring`; the number opened, or the first that does not open
/// (its entry and row id; never its content).
pub async fn verify(
    conn: &mut AsyncPgConnection,
    store: &ObjectStore,
    ring: &KeyRing,
) -> anyhow::Result<u64> {
    let mut opened = 0u64;
    for entry in SEALED {
        let mut after = Uuid::nil();
        loop {
            let rows = batch(conn, entry, false, "", after, 500).await?;
            let Some(last) = rows.last() else { break };
            after = last.id;
            for row in &rows {
                let blob = match entry.place {
                    Place::Column => row.blob.clone().unwrap_or_default(),
                    Place::Object => {
                        store
                            .get(row.storage_key.as_deref().unwrap_or_default())
                            .await?
                    }
                };
                ring.decrypt(&blob, &row.aad)
                    .with_context(|| format!("{} {} does not open", entry.name, row.id))?;
                opened += 1;
            }
        }
    }
    Ok(opened)
}

/// Why a key cannot be retired yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RetireRefused {
    /// Not in the ring.
    #[error("key {0:?} is not in the ring")]
    Unknown(String),
    /// It is the key that seals new values.
    #[error("key {0:?} is the active key; add a new key first (`keys data add`)")]
    Active(String),
    /// Values are still sealed under it.
    #[error("{count} values are still sealed under {key_id:?}; run `keys data rotate` first")]
    InUse {
        /// The key.
        key_id: String,
        /// How many values.
        count: i64,
    },
}

/// The ring spec without `key_id`, when nothing uses it.
pub fn retire(
    spec: &str,
    ring: &KeyRing,
    counts: &[KeyCount],
    key_id: &str,
) -> Result<String, RetireRefused> {
    if !ring.contains(key_id) {
        return Err(RetireRefused::Unknown(key_id.to_owned()));
    }
    if ring.active_key_id() == key_id {
        return Err(RetireRefused::Active(key_id.to_owned()));
    }
    let count = count_under(counts, key_id);
    if count > 0 {
        return Err(RetireRefused::InUse {
            key_id: key_id.to_owned(),
            count,
        });
    }
    Ok(spec
        .split(',')
        .map(str::trim)
        .filter(|entry| {
            entry
                .split_once(':')
                .is_none_or(|(kid, _)| kid.trim() != key_id)
        })
        .collect::<Vec<_>>()
        .join(","))
}

/// A fresh 32-byte key named `key_id`, put first (active) in front of `spec`.
pub fn add(spec: &str, key_id: &str) -> anyhow::Result<String> {
    let key = STANDARD.encode(afiliados_crypto::random_bytes(32));
    let ring = format!("{key_id}:{key},{}", spec.trim());
    // Refuses a bad or duplicate id before anyone puts the value in a secret.
    KeyRing::parse(&ring)?;
    Ok(ring)
}
