//! Work that `tribune serve` does besides answering requests (delivering mail, publishing on
//! schedule): a named thread that runs a pass, sleeps, and runs it again until stopped. Every
//! pass takes its work from the database, so any number of processes can run the same loops.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub struct Periodic {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Periodic {
    /// Runs `pass` every `interval`; a pass that returns `Ok(true)` found more work than it did
    /// and runs again at once.
    pub fn spawn<F>(name: &str, interval: Duration, mut pass: F) -> std::io::Result<Periodic>
    where
        F: FnMut() -> Result<bool, String> + Send + 'static,
    {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let label = name.to_string();
        let thread = std::thread::Builder::new().name(name.to_string()).spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match pass() {
                    Ok(true) => continue,
                    Ok(false) => {}
                    Err(error) => tracing::warn!(task = %label, %error, "background pass failed; retrying"),
                }
                let slept = Instant::now();
                while slept.elapsed() < interval && !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(interval.min(Duration::from_millis(100)));
                }
            }
        })?;
        Ok(Periodic { stop, thread: Some(thread) })
    }

    /// Lets the current pass finish, then stops.
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for Periodic {
    /// A dropped loop stops after its current pass, and waits for it: a loop still running while
    /// the process exits may be inside a database or TLS library as that library is torn down.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
