//! Redis going away, hanging and coming back, on a private `redis-server`.

mod common;

use std::time::{Duration, Instant};

use afiliados_jobs::{JobQueues, OutboxJob, SendEmail};
use common::{OwnRedis, TestResult};
use uuid::Uuid;

/// What "promptly" means for a push while Redis is down or hung.
const BOUND: Duration = Duration::from_secs(6);

async fn push_timed(producer: &JobQueues) -> TestResult<(afiliados_jobs::Result<()>, Duration)> {
    let job = OutboxJob::new(&SendEmail {
        email_id: Uuid::now_v7(),
    })?;
    let started = Instant::now();
    let result = producer.push(&job).await;
    Ok((result, started.elapsed()))
}

/// Asserts that pushes fail, each within [`BOUND`].
async fn assert_pushes_fail_fast(producer: &JobQueues, times: usize) -> TestResult {
    for _ in 0..times {
        let (result, took) = push_timed(producer).await?;
        eprintln!("push while unavailable took {took:?}: {result:?}");
        assert!(result.is_err(), "push must fail while Redis is unavailable");
        assert!(
            took < BOUND,
            "push took {took:?} while Redis was unavailable"
        );
    }
    Ok(())
}

/// Pushes until one succeeds; the first push after a restart may still meet the dead socket.
async fn push_until_ok(producer: &JobQueues, within: Duration) -> TestResult {
    let deadline = Instant::now() + within;
    loop {
        match push_timed(producer).await?.0 {
            Ok(()) => return Ok(()),
            Err(error) if Instant::now() < deadline => {
                eprintln!("push not yet ok: {error}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(error) => {
                return Err(format!("push still failing after Redis came back: {error}").into());
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_producer_starts_without_redis_fails_fast_and_recovers() -> TestResult {
    let mut redis = OwnRedis::start()?;
    redis.stop();

    let producer = JobQueues::connect(&redis.url(), "").await?;
    assert_pushes_fail_fast(&producer, 2).await?;

    redis.restart()?;
    push_until_ok(&producer, Duration::from_secs(5)).await?;

    // Down again after having been connected: the dropped socket fails fast too.
    redis.stop();
    assert_pushes_fail_fast(&producer, 3).await?;
    assert!(producer.ping().await.is_err());

    redis.restart()?;
    push_until_ok(&producer, Duration::from_secs(5)).await?;
    producer.ping().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_redis_times_out_instead_of_blocking() -> TestResult {
    let redis = OwnRedis::start()?;
    let producer = JobQueues::connect(&redis.url(), "").await?;
    push_until_ok(&producer, Duration::from_secs(5)).await?;

    redis.signal("-STOP")?;
    let outcome = assert_pushes_fail_fast(&producer, 1).await;
    redis.signal("-CONT")?;
    outcome?;

    push_until_ok(&producer, Duration::from_secs(5)).await
}
