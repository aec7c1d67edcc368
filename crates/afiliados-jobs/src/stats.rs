//! Every queue's state read from Redis for the operational checks (ADR 0058, worker side): one
//! round trip for all queues, bounded like a push.
//!
//! apalis-redis 1.0 keeps, per queue, `:active` (a LIST of ready ids), `:scheduled` (a ZSET of
//! delayed or due ids scored by their run time in unix seconds — every push lands there first),
//! `:failed` and `:dead`. Its result script adds dead ids with `SADD` while its own overview reads
//! `:dead` with `ZCARD`, so the dead and failed sets are counted whatever their type: that is why
//! the read is one small Lua script (`TYPE` then `SCARD`/`ZCARD`) rather than a plain pipeline,
//! where `ZCARD` on a set would fail the whole read with `WRONGTYPE`.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::{JobQueues, JobsError, Result, queues};

/// Hard bound on the read, whatever Redis does.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Per queue: `LLEN active`, `ZCARD scheduled`, the smallest scheduled score (or `""`), the
/// failed and the dead count. Keys come in fours: active, scheduled, failed, dead.
const SCRIPT: &str = r"
local function card(key)
  local kind = redis.call('TYPE', key)['ok']
  if kind == 'zset' then return redis.call('ZCARD', key) end
  if kind == 'set' then return redis.call('SCARD', key) end
  if kind == 'list' then return redis.call('LLEN', key) end
  return 0
end
local out = {}
for i = 1, #KEYS, 4 do
  local oldest = redis.call('ZRANGE', KEYS[i + 1], 0, 0, 'WITHSCORES')
  out[#out + 1] = tostring(redis.call('LLEN', KEYS[i]))
  out[#out + 1] = tostring(redis.call('ZCARD', KEYS[i + 1]))
  out[#out + 1] = oldest[2] or ''
  out[#out + 1] = tostring(card(KEYS[i + 2]))
  out[#out + 1] = tostring(card(KEYS[i + 3]))
end
return out
";

/// One queue's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueStats {
    /// The queue constant from [`queues`] (without namespace), e.g. `afiliados:emails`.
    pub queue: &'static str,
    /// Jobs waiting: ready (`:active`) plus delayed or due (`:scheduled`).
    pub pending: u64,
    /// `now` − the earliest run time of `:scheduled`, when that time has passed. Ready jobs of
    /// `:active` carry no enqueue time, so a backlog only there is seen through `pending`.
    pub oldest_pending_seconds: Option<u64>,
    /// Jobs in `:failed`.
    pub failed: u64,
    /// Jobs in `:dead` (their attempts exhausted).
    pub dead: u64,
}

impl JobQueues {
    /// The state of every queue of [`queues::ALL`], read at once; ages measured at `now`.
    pub async fn stats(&self, now: DateTime<Utc>) -> Result<Vec<QueueStats>> {
        read_queue_stats(&mut self.connection(), self.namespace(), now).await
    }
}

/// The state of every queue of [`queues::ALL`] under `namespace`, over any Redis connection (the
/// worker's [`JobQueues`], the api's pool for its `queue_pending_jobs` gauge), in one bounded
/// round trip; ages measured at `now`.
pub async fn read_queue_stats<C: redis::aio::ConnectionLike + Send>(
    conn: &mut C,
    namespace: &str,
    now: DateTime<Utc>,
) -> Result<Vec<QueueStats>> {
    let mut cmd = redis::cmd("EVAL");
    cmd.arg(SCRIPT).arg(queues::ALL.len() * 4);
    for queue in queues::ALL {
        let prefix = queues::namespaced(namespace, queue);
        for suffix in [":active", ":scheduled", ":failed", ":dead"] {
            cmd.arg(format!("{prefix}{suffix}"));
        }
    }
    let query = cmd.query_async::<Vec<String>>(conn);
    let raw = match tokio::time::timeout(READ_TIMEOUT, query).await {
        Ok(result) => result.map_err(JobsError::Redis)?,
        Err(_) => return Err(JobsError::Timeout(READ_TIMEOUT)),
    };
    Ok(queues::ALL
        .iter()
        .zip(raw.chunks(5))
        .map(|(queue, fields)| parse(queue, fields, now))
        .collect())
}

fn parse(queue: &'static str, fields: &[String], now: DateTime<Utc>) -> QueueStats {
    let count = |i: usize| {
        fields
            .get(i)
            .and_then(|raw| raw.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // Scores are unix seconds; apalis writes whole seconds, a fraction is dropped.
    let oldest = fields
        .get(2)
        .and_then(|raw| raw.split('.').next())
        .and_then(|whole| whole.parse::<i64>().ok());
    QueueStats {
        queue,
        pending: count(0) + count(1),
        oldest_pending_seconds: oldest
            .map(|run_at| now.timestamp() - run_at)
            .filter(|age| *age > 0)
            .and_then(|age| u64::try_from(age).ok()),
        failed: count(3),
        dead: count(4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(raw: [&str; 5]) -> Vec<String> {
        raw.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_past_run_time_is_an_age_and_a_future_one_is_none() {
        let now = DateTime::from_timestamp(1_000_000, 0).unwrap_or_default();
        let stats = parse(queues::EMAILS, &fields(["2", "3", "999400", "1", "4"]), now);
        assert_eq!(
            stats,
            QueueStats {
                queue: queues::EMAILS,
                pending: 5,
                oldest_pending_seconds: Some(600),
                failed: 1,
                dead: 4,
            }
        );
        let stats = parse(
            queues::EMAILS,
            &fields(["0", "1", "1000060", "0", "0"]),
            now,
        );
        assert_eq!(stats.oldest_pending_seconds, None);
        let stats = parse(queues::EMAILS, &fields(["0", "0", "", "0", "0"]), now);
        assert_eq!((stats.pending, stats.oldest_pending_seconds), (0, None));
    }
}
