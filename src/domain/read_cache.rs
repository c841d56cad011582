//! A short-lived, per-process cache of what readers see. A published piece changes rarely and is
//! read in bursts when it is shared, so building it once and serving it from memory for a moment
//! makes reading it cost almost what a static file costs.
//!
//! An entry is served only while nothing has been committed through this process since it was
//! built (the database's reader-content version, which every write bumps), so this process never
//! serves a page older than its own last write. A value made from other kept values (an article
//! from the kept conventions) counts as built when the oldest of them was. Past its time-to-live an entry is rebuilt by one request while the others are still
//! served the old one (a burst of readers must not rebuild the same page at once); a change made
//! by another process shows within about the time-to-live. Errors (a 404 included) are never
//! cached, and a rebuild that fails drops the entry.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::DomainError;
use crate::storage::{AnyConnection, Database};

/// What an entry must have been built at to be served: the database's reader-content version,
/// its mail version for a cache that shows mail ([`ReadCache::showing_mail`]; 0 otherwise), and
/// how many times the cache was cleared.
type Version = (u64, u64, u64);

tokio::task_local! {
    /// While a value is being built: the oldest build time of the kept values it is made from (an
    /// article from the kept conventions), so it expires when the oldest of them would have, and a
    /// change made by another process shows within one time-to-live however values nest.
    static MADE_FROM: Cell<Option<Instant>>;
}

/// Tells the value being built, if any, that it is made from a value built at `built`.
fn made_from(built: Instant) {
    let _ = MADE_FROM.try_with(|oldest| oldest.set(Some(oldest.get().map_or(built, |o| o.min(built)))));
}

/// How long entries live and how many are kept, from `[cache]` in the configuration.
#[derive(Debug, Clone, Copy)]
pub struct CacheSettings {
    pub ttl: Duration,
    pub entries: usize,
}

/// At most this many entries of what each signed-in person has their own of (an editor's review
/// page holds every revision of the piece): a few editors and authors at work at once, not a
/// thousand readers.
const PER_PERSON_ENTRIES: usize = 64;

impl CacheSettings {
    /// These settings for a cache of each person's own pages (see [`PER_PERSON_ENTRIES`]).
    pub fn per_person(self) -> CacheSettings {
        CacheSettings { entries: self.entries.min(PER_PERSON_ENTRIES), ..self }
    }
}

struct Entry<V> {
    value: Arc<V>,
    version: Version,
    /// When what it was made from was read (the oldest, for a value made from kept values).
    built: Instant,
    /// The ticket of the request rebuilding this expired entry (the others keep being served it).
    rebuilding: Option<u64>,
}

/// What a lookup found.
enum Lookup<V> {
    /// The value, and when it was built.
    Serve(Arc<V>, Instant),
    /// This request makes the value; `ticket` when it rebuilds an expired entry the others are
    /// still served meanwhile.
    Load { ticket: Option<u64> },
}

pub struct ReadCache<V> {
    db: Database,
    settings: CacheSettings,
    entries: Arc<Mutex<HashMap<String, Entry<V>>>>,
    /// Numbers the rebuilds (see [`Rebuild`]).
    tickets: Arc<AtomicU64>,
    /// How many times [`ReadCache::clear`] was called: part of an entry's version, so a value
    /// read before a clear is never kept.
    clears: Arc<AtomicU64>,
    /// Whether an expired entry is still served while one request rebuilds it (see
    /// [`ReadCache::fresh_only`]).
    stale_while_rebuilding: bool,
    /// Whether mail this process sent makes entries stale (see [`ReadCache::showing_mail`]).
    shows_mail: bool,
}

impl<V> Clone for ReadCache<V> {
    fn clone(&self) -> Self {
        ReadCache {
            db: self.db.clone(),
            settings: self.settings,
            entries: self.entries.clone(),
            tickets: self.tickets.clone(),
            clears: self.clears.clone(),
            stale_while_rebuilding: self.stale_while_rebuilding,
            shows_mail: self.shows_mail,
        }
    }
}

impl<V: Send + Sync + 'static> ReadCache<V> {
    pub fn new(db: Database, settings: CacheSettings) -> ReadCache<V> {
        ReadCache {
            db,
            settings,
            entries: Arc::new(Mutex::new(HashMap::new())),
            tickets: Arc::new(AtomicU64::new(0)),
            clears: Arc::new(AtomicU64::new(0)),
            stale_while_rebuilding: true,
            shows_mail: false,
        }
    }

    /// A cache of values that say what became of mail (a review page's timeline): mail this
    /// process sends or sets aside makes them stale at once.
    pub fn showing_mail(mut self) -> ReadCache<V> {
        self.shows_mail = true;
        self
    }

    /// A cache whose expired entries are never served, even while being rebuilt: for what must
    /// not be trusted past the time-to-live (a session another process may have ended).
    pub fn fresh_only(mut self) -> ReadCache<V> {
        self.stale_while_rebuilding = false;
        self
    }

    /// The value for `key`: from memory while it is fresh, otherwise loaded by `load` on a pooled
    /// connection and kept.
    pub async fn get_or_load<F>(&self, key: &str, load: F) -> Result<Arc<V>, DomainError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<V, DomainError> + Send + 'static,
    {
        self.get_or_build(key, |_| true, self.db.read(load)).await
    }

    /// The value for `key`: from memory while it is fresh and `fits` it (a page made for a site
    /// identity since changed does not), otherwise what `build` makes (a page made from several
    /// reads), kept. `build` is only awaited when the value must be made.
    pub async fn get_or_build<E>(
        &self,
        key: &str,
        fits: impl Fn(&V) -> bool,
        build: impl std::future::Future<Output = Result<V, E>>,
    ) -> Result<Arc<V>, E> {
        // Read before building: a change committed while we build makes this entry stale at once.
        let version = self.version();
        let ticket = match self.lookup(key, version, fits) {
            Lookup::Serve(value, built) => {
                made_from(built);
                return Ok(value);
            }
            Lookup::Load { ticket } => ticket,
        };
        // Dropped when this function ends, however it ends, after the entry is kept.
        let _rebuild = ticket.map(|ticket| Rebuild { cache: self, key, ticket });
        let started = Instant::now();
        let (made, oldest) = MADE_FROM
            .scope(Cell::new(None), async {
                let made = build.await;
                (made, MADE_FROM.with(Cell::get))
            })
            .await;
        match made {
            Ok(value) => {
                let value = Arc::new(value);
                let built = oldest.map_or(started, |oldest| oldest.min(started));
                made_from(built);
                // Not kept if a change was committed meanwhile: it would never be served.
                let keeps = self.settings.entries > 0 && !self.settings.ttl.is_zero();
                if keeps && self.version() == version {
                    self.keep(key, Entry { value: value.clone(), version, built, rebuilding: None });
                }
                Ok(value)
            }
            Err(error) => {
                self.forget(key);
                Err(error)
            }
        }
    }

    /// Drops what is kept for `key`.
    pub fn forget(&self, key: &str) {
        self.lock().remove(key);
    }

    /// Drops everything kept, and whatever is being built now: after a write the reader-content
    /// version does not count ([`Database::write_unseen`]) but that changes what is kept.
    pub fn clear(&self) {
        self.clears.fetch_add(1, Ordering::SeqCst);
        self.lock().clear();
    }

    fn version(&self) -> Version {
        let mail = if self.shows_mail { self.db.mail_version() } else { 0 };
        (self.db.reader_content_version(), mail, self.clears.load(Ordering::SeqCst))
    }

    /// What is kept for `key`, however old, without asking the database: for pages that must
    /// not wait on it (an error page, when the database may be what failed).
    pub fn last(&self, key: &str) -> Option<Arc<V>> {
        self.lock().get(key).map(|entry| entry.value.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry<V>>> {
        // A panic elsewhere while holding the lock cannot leave the map half-changed in a way that
        // matters here: every entry is checked before use.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lookup(&self, key: &str, version: Version, fits: impl Fn(&V) -> bool) -> Lookup<V> {
        let ttl = self.settings.ttl;
        let mut entries = self.lock();
        let Some(entry) = entries.get_mut(key).filter(|e| e.version == version && fits(&e.value)) else {
            return Lookup::Load { ticket: None };
        };
        if entry.built.elapsed() < ttl {
            return Lookup::Serve(entry.value.clone(), entry.built);
        }
        if !self.stale_while_rebuilding {
            return Lookup::Load { ticket: None };
        }
        // Expired: one request rebuilds it, however long that takes (were it taken over after a
        // while, a page slower to make than the time-to-live would be made by every request at
        // once); if that request goes away, the next one takes over (see `Rebuild`).
        if entry.rebuilding.is_some() {
            return Lookup::Serve(entry.value.clone(), entry.built);
        }
        let ticket = self.tickets.fetch_add(1, Ordering::Relaxed);
        entry.rebuilding = Some(ticket);
        Lookup::Load { ticket: Some(ticket) }
    }

    fn keep(&self, key: &str, entry: Entry<V>) {
        let mut entries = self.lock();
        if entries.len() >= self.settings.entries && !entries.contains_key(key) {
            let (ttl, version) = (self.settings.ttl, entry.version);
            entries.retain(|_, e| e.version == version && e.built.elapsed() < ttl);
            if entries.len() >= self.settings.entries {
                // Still full of fresh entries: make room by dropping any one of them.
                if let Some(victim) = entries.keys().next().cloned() {
                    entries.remove(&victim);
                }
            }
        }
        entries.insert(key.to_string(), entry);
    }
}

/// Held while a request rebuilds an expired entry: when the rebuild ends, however it ends (done,
/// failed, or its request gone away mid-way), the entry is no longer marked as being rebuilt by
/// it. The ticket makes sure it clears its own mark only, not one on an entry kept since.
struct Rebuild<'a, V> {
    cache: &'a ReadCache<V>,
    key: &'a str,
    ticket: u64,
}

impl<V> Drop for Rebuild<'_, V> {
    fn drop(&mut self) {
        let mut entries = self.cache.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = entries.get_mut(self.key).filter(|e| e.rebuilding == Some(self.ticket)) {
            entry.rebuilding = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database() -> (Database, std::path::PathBuf) {
        crate::storage::scratch_sqlite("cache")
    }

    fn counting_load(
        loads: &Arc<std::sync::atomic::AtomicUsize>,
    ) -> impl FnOnce(&mut AnyConnection) -> Result<usize, DomainError> + Send + 'static {
        let loads = loads.clone();
        move |_| Ok(loads.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1)
    }

    #[actix_web::test]
    async fn a_fresh_entry_is_served_without_loading_again() {
        let (db, dir) = database();
        let cache = ReadCache::new(db, CacheSettings { ttl: Duration::from_secs(60), entries: 8 });
        let loads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        assert_eq!(*cache.get_or_load("a", counting_load(&loads)).await.unwrap(), 1);
        assert_eq!(*cache.get_or_load("a", counting_load(&loads)).await.unwrap(), 1);
        assert_eq!(*cache.get_or_load("b", counting_load(&loads)).await.unwrap(), 2);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[actix_web::test]
    async fn a_change_readers_can_see_drops_every_entry_at_once() {
        let (db, dir) = database();
        let cache = ReadCache::new(db.clone(), CacheSettings { ttl: Duration::from_secs(60), entries: 8 });
        let loads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        cache.get_or_load("a", counting_load(&loads)).await.unwrap();
        db.reader_content_changed();
        assert_eq!(*cache.get_or_load("a", counting_load(&loads)).await.unwrap(), 2);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[actix_web::test]
    async fn mail_sent_drops_what_shows_mail_and_nothing_else() {
        let (db, dir) = database();
        let settings = CacheSettings { ttl: Duration::from_secs(60), entries: 8 };
        let (page, review) =
            (ReadCache::new(db.clone(), settings), ReadCache::new(db.clone(), settings).showing_mail());
        let (page_loads, review_loads) =
            (Arc::new(std::sync::atomic::AtomicUsize::new(0)), Arc::new(std::sync::atomic::AtomicUsize::new(0)));
        page.get_or_load("a", counting_load(&page_loads)).await.unwrap();
        review.get_or_load("a", counting_load(&review_loads)).await.unwrap();
        db.mail_changed();
        assert_eq!(*page.get_or_load("a", counting_load(&page_loads)).await.unwrap(), 1, "a reader's page is kept");
        assert_eq!(
            *review.get_or_load("a", counting_load(&review_loads)).await.unwrap(),
            2,
            "a timeline is read again"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[actix_web::test]
    async fn entries_expire_after_their_time_to_live() {
        let (db, dir) = database();
        let cache = ReadCache::new(db, CacheSettings { ttl: Duration::from_millis(30), entries: 8 });
        let loads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        cache.get_or_load("a", counting_load(&loads)).await.unwrap();
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(*cache.get_or_load("a", counting_load(&loads)).await.unwrap(), 2);
        let _ = std::fs::remove_dir_all(dir);
    }

    /// A cache with a 30 ms time-to-live holding "a" (value 1), built past its time-to-live.
    async fn expired_entry() -> (ReadCache<usize>, Version, std::path::PathBuf) {
        let (db, dir) = database();
        let cache = ReadCache::new(db, CacheSettings { ttl: Duration::from_millis(30), entries: 8 });
        let loads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        cache.get_or_load("a", counting_load(&loads)).await.unwrap();
        std::thread::sleep(Duration::from_millis(60));
        let version = cache.version();
        (cache, version, dir)
    }

    #[actix_web::test]
    async fn a_value_made_from_a_kept_one_expires_when_the_kept_one_does() {
        let (db, dir) = database();
        let settings = CacheSettings { ttl: Duration::from_millis(200), entries: 8 };
        let (inner, outer) = (ReadCache::new(db.clone(), settings), ReadCache::new(db, settings));
        let loads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        inner.get_or_load("conventions", counting_load(&loads)).await.unwrap();
        std::thread::sleep(Duration::from_millis(120));
        let made = outer.get_or_build("article", |_| true, async {
            Ok::<usize, DomainError>(*inner.get_or_load("conventions", counting_load(&loads)).await? * 10)
        });
        assert_eq!(*made.await.unwrap(), 10, "made from the kept value");
        std::thread::sleep(Duration::from_millis(120));
        // 120 ms after it was made, but 240 ms after what it was made from was read.
        assert!(matches!(outer.lookup("article", outer.version(), |_| true), Lookup::Load { .. }));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[actix_web::test]
    async fn a_fresh_only_cache_never_serves_an_expired_entry() {
        let (cache, version, dir) = expired_entry().await;
        let cache = cache.fresh_only();
        for _ in 0..2 {
            assert!(matches!(cache.lookup("a", version, |_| true), Lookup::Load { ticket: None }));
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    #[actix_web::test]
    async fn a_value_read_before_a_clear_is_not_served_after_it() {
        let (db, dir) = database();
        let cache = ReadCache::new(db, CacheSettings { ttl: Duration::from_secs(60), entries: 8 });
        // The clear comes while the value is being read, as a sign-out would beside a request.
        let read = cache.get_or_build("a", |_| true, async {
            cache.clear();
            Ok::<usize, DomainError>(1)
        });
        assert_eq!(*read.await.unwrap(), 1);
        assert!(matches!(cache.lookup("a", cache.version(), |_| true), Lookup::Load { .. }), "read again");
        assert!(cache.last("a").is_none(), "not kept");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[actix_web::test]
    async fn while_one_request_rebuilds_an_expired_entry_the_others_get_the_old_one() {
        let (cache, version, dir) = expired_entry().await;
        assert!(
            matches!(cache.lookup("a", version, |_| true), Lookup::Load { .. }),
            "the first request past expiry rebuilds"
        );
        assert!(
            matches!(cache.lookup("a", version, |_| true), Lookup::Serve(v, _) if *v == 1),
            "the next ones get the old value"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[actix_web::test]
    async fn a_rebuild_slower_than_the_time_to_live_is_not_started_again_and_is_taken_over_if_dropped() {
        let (cache, version, dir) = expired_entry().await;
        let Lookup::Load { ticket: Some(ticket) } = cache.lookup("a", version, |_| true) else {
            panic!("the first request past expiry rebuilds")
        };
        let rebuild = Rebuild { cache: &cache, key: "a", ticket };
        std::thread::sleep(Duration::from_millis(60));
        assert!(
            matches!(cache.lookup("a", version, |_| true), Lookup::Serve(v, _) if *v == 1),
            "a rebuild still under way past the time-to-live is not started again"
        );
        drop(rebuild);
        assert!(
            matches!(cache.lookup("a", version, |_| true), Lookup::Load { ticket: Some(t) } if t != ticket),
            "its request went away: the next one rebuilds"
        );
        drop(Rebuild { cache: &cache, key: "a", ticket });
        assert!(
            matches!(cache.lookup("a", version, |_| true), Lookup::Serve(..)),
            "an old rebuild ending clears its own mark only, not the one after it"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[actix_web::test]
    async fn a_failed_load_drops_the_entry() {
        let (db, dir) = database();
        let cache = ReadCache::new(db.clone(), CacheSettings { ttl: Duration::from_secs(60), entries: 8 });
        let loads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        cache.get_or_load("a", counting_load(&loads)).await.unwrap();
        db.reader_content_changed();
        let gone = cache.get_or_load("a", |_| Err::<usize, _>(DomainError::NotFound)).await;
        assert!(matches!(gone, Err(DomainError::NotFound)));
        assert!(cache.lock().get("a").is_none());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[actix_web::test]
    async fn the_cache_never_holds_more_than_its_capacity() {
        let (db, dir) = database();
        let cache = ReadCache::new(db, CacheSettings { ttl: Duration::from_secs(60), entries: 3 });
        let loads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        for key in ["a", "b", "c", "d", "e"] {
            cache.get_or_load(key, counting_load(&loads)).await.unwrap();
        }
        assert_eq!(cache.entries.lock().unwrap().len(), 3);
        let _ = std::fs::remove_dir_all(dir);
    }
}
