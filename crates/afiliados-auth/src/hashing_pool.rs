//! The bounded place where argon2 runs (issue 9, finding 8; ADR 0026).
//!
//! Each hash needs `ARGON2_MEMORY_KIB` (19 MiB) for a few tens of milliseconds. Unbounded, thirty
//! concurrent sign-ins needed ~570 MiB, and each blocking thread left its block in a glibc arena
//! afterwards. Here a fixed number of worker threads — `slots`, sized from a memory budget — each
//! owns one block that every hash it runs reuses, and a semaphore with as many permits admits work:
//! when every slot is taken the caller gets [`Busy`] at once (the api answers 503 with
//! `Retry-After`) instead of queueing memory. The resident memory of hashing is therefore at most
//! `slots × memory`, allocated once.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use argon2::Block;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use crate::PasswordHasher;

/// Every slot is taken: try again in a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("every password hashing slot is busy")]
pub struct Busy;

/// Why a pooled hash gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// Every slot is taken.
    #[error(transparent)]
    Busy(#[from] Busy),
    /// Hashing failed, or a worker is gone.
    #[error(transparent)]
    Failed(#[from] crate::AuthError),
}

type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// A small dedicated pool of argon2 workers behind a semaphore; cheap to clone.
#[derive(Clone)]
pub struct HashingPool {
    inner: Arc<Inner>,
}

struct Inner {
    hasher: PasswordHasher,
    permits: Arc<Semaphore>,
    slots: usize,
    jobs: mpsc::Sender<Job>,
    #[cfg(feature = "test-support")]
    hold: Mutex<Option<test_support::Pending>>,
}

impl std::fmt::Debug for HashingPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashingPool")
            .field("slots", &self.inner.slots)
            .finish_non_exhaustive()
    }
}

impl HashingPool {
    /// `slots` worker threads (at least one), each with its own reusable memory block.
    pub fn new(hasher: PasswordHasher, slots: usize) -> std::io::Result<HashingPool> {
        let slots = slots.max(1);
        let (jobs, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for index in 0..slots {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("argon2-{index}"))
                .spawn(move || work(&receiver))?;
        }
        Ok(HashingPool {
            inner: Arc::new(Inner {
                hasher,
                permits: Arc::new(Semaphore::new(slots)),
                slots,
                jobs,
                #[cfg(feature = "test-support")]
                hold: Mutex::new(None),
            }),
        })
    }

    /// How many hashes may run at once.
    pub fn slots(&self) -> usize {
        self.inner.slots
    }

    /// The hasher the workers use (for callers outside a request: seeds, tools).
    pub fn hasher(&self) -> &PasswordHasher {
        &self.inner.hasher
    }

    /// A PHC string for `password`, or [`Busy`] at once when every slot is taken.
    pub async fn hash(&self, password: String) -> Result<String, PoolError> {
        let hasher = self.inner.hasher.clone();
        self.run(move |memory| hasher.hash_with_memory(&password, memory))
            .await?
            .map_err(PoolError::Failed)
    }

    /// Whether `password` matches `stored`; without a stored hash the same work is spent on a
    /// dummy one and the answer is `false` (timing does not tell which accounts exist).
    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, PoolError> {
        let hasher = self.inner.hasher.clone();
        self.run(move |memory| match stored {
            Some(phc) => hasher.verify_with_memory(&password, &phc, memory),
            None => {
                hasher.verify_dummy_with_memory(&password, memory);
                false
            }
        })
        .await
    }

    /// Takes a slot or answers [`Busy`]; the slot is given back when the worker has finished.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, PoolError> {
        let permit: OwnedSemaphorePermit = Arc::clone(&self.inner.permits)
            .try_acquire_owned()
            .map_err(|_| Busy)?;
        #[cfg(feature = "test-support")]
        let hold = self.inner.hold.lock().ok().and_then(|mut h| h.take());
        let span = tracing::Span::current();
        let (answer, result) = oneshot::channel();
        let job: Job = Box::new(move |memory| {
            #[cfg(feature = "test-support")]
            if let Some(hold) = hold {
                hold.wait();
            }
            let value = span.in_scope(|| work(memory));
            drop(permit);
            let _ = answer.send(value);
        });
        self.inner
            .jobs
            .send(job)
            .map_err(|_| crate::AuthError::Hashing("the hashing workers are gone".into()))?;
        result.await.map_err(|_| {
            PoolError::Failed(crate::AuthError::Hashing("a hashing worker stopped".into()))
        })
    }
}

/// One worker: takes jobs until the pool is dropped, always in the same memory.
fn work(receiver: &Mutex<mpsc::Receiver<Job>>) {
    let mut memory: Vec<Block> = Vec::new();
    loop {
        let job = match receiver.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => job(&mut memory),
            Err(_) => return,
        }
    }
}

#[cfg(feature = "test-support")]
mod test_support {
    //! A deterministic way for a test to keep a slot taken by a real request: the next job waits,
    //! holding its slot, until the test releases it.

    use std::sync::mpsc;

    use tokio::sync::oneshot;

    pub(super) struct Pending {
        entered: oneshot::Sender<()>,
        release: mpsc::Receiver<()>,
    }

    impl Pending {
        pub(super) fn wait(self) {
            let _ = self.entered.send(());
            // A dropped `Hold` releases too.
            let _ = self.release.recv();
        }
    }

    /// The test's end of a held job.
    pub struct Hold {
        entered: Option<oneshot::Receiver<()>>,
        release: mpsc::Sender<()>,
    }

    impl Hold {
        /// Resolves once the next job is running on a worker, its slot taken.
        pub async fn entered(&mut self) {
            if let Some(entered) = self.entered.take() {
                let _ = entered.await;
            }
        }

        /// Lets the held job run.
        pub fn release(self) {
            let _ = self.release.send(());
        }
    }

    impl super::HashingPool {
        /// Test hook: the next job taken by the pool stops on its worker, keeping its slot, until
        /// the returned [`Hold`] is released or dropped.
        pub fn hold_next(&self) -> Hold {
            let (entered_tx, entered_rx) = oneshot::channel();
            let (release_tx, release_rx) = mpsc::channel();
            if let Ok(mut hold) = self.inner.hold.lock() {
                *hold = Some(Pending {
                    entered: entered_tx,
                    release: release_rx,
                });
            }
            Hold {
                entered: Some(entered_rx),
                release: release_tx,
            }
        }
    }
}

#[cfg(feature = "test-support")]
pub use test_support::Hold;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Argon2Params;

    fn pool(slots: usize) -> HashingPool {
        let hasher = PasswordHasher::new(Argon2Params {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        })
        .unwrap();
        HashingPool::new(hasher, slots).unwrap()
    }

    #[tokio::test]
    async fn hashes_and_verifies_on_the_workers() {
        let pool = pool(2);
        let phc = pool.hash("Changeit!2024".into()).await.unwrap();
        assert!(
            pool.verify("Changeit!2024".into(), Some(phc.clone()))
                .await
                .unwrap()
        );
        assert!(!pool.verify("wrong".into(), Some(phc)).await.unwrap());
        assert!(!pool.verify("Changeit!2024".into(), None).await.unwrap());
    }

    #[tokio::test]
    async fn a_full_pool_answers_busy_at_once_and_frees_the_slot_after() {
        let pool = pool(1);
        // Take the only slot with a job that waits for the test.
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let (started_tx, started_rx) = oneshot::channel::<()>();
        let held = {
            let pool = pool.clone();
            tokio::spawn(async move {
                pool.run(move |_| {
                    let _ = started_tx.send(());
                    let _ = go_rx.recv();
                })
                .await
            })
        };
        started_rx.await.unwrap();
        assert!(matches!(
            pool.hash("x".into()).await,
            Err(PoolError::Busy(Busy))
        ));
        go_tx.send(()).unwrap();
        held.await.unwrap().unwrap();
        assert!(pool.hash("x".into()).await.is_ok(), "the slot came back");
    }
}
