//! Progress of long operator work (benchmark data, backups, restores): "done/total (p%), rate/s,
//! time left", written at most once a second and once at the end, so a terminal shows the work
//! moving and a log stays short.

use std::io::Write;
use std::time::{Duration, Instant};

pub struct Progress<'a> {
    pub out: &'a mut dyn Write,
    task: &'static str,
    what: String,
    total: usize,
    started: Instant,
    last: Instant,
}

impl<'a> Progress<'a> {
    /// `task` begins each line (`bench-data`, `backup`); `what` names the things counted.
    pub fn new(out: &'a mut dyn Write, task: &'static str, what: impl Into<String>, total: usize) -> Progress<'a> {
        let now = Instant::now();
        Progress { out, task, what: what.into(), total, started: now, last: now }
    }

    /// For work that learns its size once begun (an archive's manifest is read after it opens).
    pub fn set_total(&mut self, total: usize) {
        self.total = total;
    }

    pub fn advance(&mut self, done: usize) {
        if done < self.total && self.last.elapsed() < Duration::from_secs(1) {
            return;
        }
        self.last = Instant::now();
        let elapsed = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = done as f64 / elapsed;
        let left = if rate > 0.0 { self.total.saturating_sub(done) as f64 / rate } else { 0.0 };
        // Progress is a courtesy to the operator; a closed terminal must not abort the work.
        let _ = writeln!(
            self.out,
            "{}: {done}/{} {} ({}%), {rate:.0}/s, {left:.0} s left",
            self.task,
            self.total,
            self.what,
            done * 100 / self.total.max(1),
        );
    }
}
