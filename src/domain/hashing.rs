//! Password hashing off the request workers, on a bounded pool: at most `workers` hashes run at
//! once and at most `max_waiting` wait, so a burst of sign-ins costs a fixed share of the CPU and
//! readers of published pages keep theirs. Past the queue, callers are told to retry (429).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use super::DomainError;
use super::user::{Password, PasswordCost};

#[derive(Clone)]
pub struct PasswordHasherPool {
    cost: PasswordCost,
    permits: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    max_waiting: usize,
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
        Ok(PasswordHasherPool {
            decoy_hash: cost.hash(&decoy)?.into(),
            cost,
            permits: Arc::new(Semaphore::new(workers.max(1))),
            waiting: Arc::new(AtomicUsize::new(0)),
            max_waiting,
        })
    }

    pub fn cost(&self) -> PasswordCost {
        self.cost
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(PasswordCost) -> T + Send + 'static,
    ) -> Result<T, DomainError> {
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(DomainError::Throttled { retry_after_secs: 1 });
        }
        let permit = self.permits.clone().acquire_owned().await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let permit = permit.map_err(|_| DomainError::Throttled { retry_after_secs: 1 })?;
        let cost = self.cost;
        let result = actix_web::rt::task::spawn_blocking(move || {
            let _held = permit;
            work(cost)
        })
        .await;
        result.map_err(|_| DomainError::Internal("the password hasher stopped".into()))
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
