//! Password hashing off the request workers, on a bounded pool: `workers` threads of its own hash
//! one password each at a time, at most `max_waiting` requests wait, and past that callers are
//! told to retry (429). So a burst of sign-ins costs a fixed share of the machine: its threads run
//! at a lower CPU priority than the request workers, so readers of published pages keep their
//! share, and at most `workers` blocks of argon2's memory (19 MiB each) exist at once.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};

use super::DomainError;
use super::user::{Password, PasswordCost};

type Job = Box<dyn FnOnce() + Send>;

#[derive(Clone)]
pub struct PasswordHasherPool {
    cost: PasswordCost,
    /// Holds at most `max_waiting` jobs; the threads exit once every clone of the pool is dropped.
    queue: SyncSender<Job>,
    /// The hash of a password nobody has, made with the current parameters and checked when an
    /// address is unknown, so that a wrong address takes as long as a wrong password.
    decoy_hash: Arc<str>,
}

/// The outcome of checking a password at sign-in.
pub struct Verification {
    pub matches: bool,
    /// A new hash with the current parameters, when the stored one was made with older ones.
    pub upgraded_hash: Option<String>,
}

impl PasswordHasherPool {
    pub fn new(cost: PasswordCost, workers: usize, max_waiting: usize) -> Result<PasswordHasherPool, String> {
        let decoy = Password(format!("decoy-{:032x}", rand::random::<u128>()));
        let (queue, jobs) = sync_channel::<Job>(max_waiting);
        let jobs = Arc::new(Mutex::new(jobs));
        for n in 0..workers.max(1) {
            let jobs = jobs.clone();
            std::thread::Builder::new()
                .name(format!("password-hasher-{n}"))
                .spawn(move || hash_jobs(&jobs))
                .map_err(|e| format!("cannot start the password hashing threads: {e}"))?;
        }
        Ok(PasswordHasherPool { decoy_hash: cost.hash(&decoy)?.into(), cost, queue })
    }

    pub fn cost(&self) -> PasswordCost {
        self.cost
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(PasswordCost) -> T + Send + 'static,
    ) -> Result<T, DomainError> {
        let (done, result) = tokio::sync::oneshot::channel();
        let cost = self.cost;
        let job: Job = Box::new(move || {
            let _ = done.send(work(cost));
        });
        self.queue.try_send(job).map_err(|e| match e {
            TrySendError::Full(_) => DomainError::Throttled { retry_after_secs: 1 },
            TrySendError::Disconnected(_) => DomainError::Internal("the password hashers stopped".into()),
        })?;
        result.await.map_err(|_| DomainError::Internal("the password hasher failed".into()))
    }

    pub async fn hash(&self, password: Password) -> Result<String, DomainError> {
        self.run(move |cost| cost.hash(&password)).await?.map_err(DomainError::Internal)
    }

    /// Checks `candidate` against `stored` (or against a decoy when there is no account, taking
    /// the same time), and rehashes a match whose parameters are out of date.
    pub async fn verify(&self, stored: Option<String>, candidate: String) -> Result<Verification, DomainError> {
        let decoy = self.decoy_hash.clone();
        self.run(move |cost| {
            let known = stored.is_some();
            let stored = stored.unwrap_or_else(|| decoy.to_string());
            let matches = PasswordCost::verify(&stored, &candidate) && known;
            let upgraded_hash =
                if matches && cost.is_outdated(&stored) { cost.hash(&Password(candidate)).ok() } else { None };
            Verification { matches, upgraded_hash }
        })
        .await
    }
}

/// A hashing thread: lowers its own priority, then runs jobs until the pool is dropped.
fn hash_jobs(jobs: &Mutex<Receiver<Job>>) {
    lower_this_threads_priority();
    loop {
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(job) = job else { return };
        // A job that panics drops its answer (its caller gets an error); the thread goes on.
        let _ = std::panic::catch_unwind(AssertUnwindSafe(job));
    }
}

/// On Linux the nice value belongs to each thread, so this leaves the request workers as they are.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    {
        /// How much less CPU priority the hashing threads have than the request workers.
        const HASHING_NICENESS: i32 = 10;
        // SAFETY: setpriority and gettid only read their integer arguments; failure (for
        // instance in a container that forbids it) leaves the priority unchanged, which is safe.
        let failed = unsafe { libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, HASHING_NICENESS) };
        if failed != 0 {
            tracing::debug!("could not lower the password hashing thread's priority");
        }
    }
}
