//! Storage: the one place that knows about SQL. It owns the schema, the connection to either
//! backend (picked at run time from `DATABASE_URL`), migrations, and the queries, grouped by the
//! thing they read or write. Everything above this module sees plain Rust values and
//! [`StorageError`].

pub mod archive;
pub mod articles;
pub mod bulk;
pub mod comments;
pub mod conventions;
pub mod editors;
pub mod fulltext;
pub mod mailbag;
pub mod outbox;
pub mod reasons;
pub mod schema;
pub mod secrets;
pub mod sessions;
pub mod site;
pub mod slugs;
pub mod submissions;
pub mod subscribers;
pub mod suppressions;
pub mod throttles;
pub mod topics;
pub mod users;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// One connection type over both backends: every query is written once against it.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Runs the same body on whichever concrete connection is inside, for the few statements diesel
/// cannot express through [`AnyConnection`] (upserts, batch inserts, full-text search).
#[macro_export]
macro_rules! with_backend {
    ($conn:expr, |$inner:ident| $body:expr) => {
        match $conn {
            $crate::storage::AnyConnection::Postgresql($inner) => $body,
            $crate::storage::AnyConnection::Sqlite($inner) => $body,
        }
    };
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("no database connection available: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("could not connect to the database: {0}")]
    Connect(#[from] ConnectionError),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("the database worker stopped unexpectedly")]
    Blocking,
    #[error("no database connection came free within {0:?}")]
    Busy(Duration),
    #[error("{0}")]
    Writer(String),
}

impl StorageError {
    /// A uniqueness constraint refused the write: the caller usually turns this into a conflict.
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            StorageError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }
}

pub type StorageResult<T> = Result<T, StorageError>;

/// Where the data lives, parsed from `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://PATH` (relative to the working directory) or `sqlite:///ABSOLUTE/PATH`.
    Sqlite(PathBuf),
    /// `postgres://...` or `postgresql://...`, passed to libpq unchanged.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() || path.contains(":memory:") {
                return Err("an SQLite URL needs a file path, e.g. sqlite://data/tribune.sqlite3 (an in-memory database cannot be shared by the pool)".into());
            }
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_string()))
        } else {
            Err("must start with sqlite:// or postgres://".into())
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }

    /// One connection, set up as the pool's are (SQLite's pragmas); for
    /// callers that need no pool (`migrate`, `doctor`). On SQLite it creates the file's directory
    /// and the file when missing.
    pub fn connect(&self, busy_timeout: Duration) -> Result<AnyConnection, ConnectionError> {
        match self {
            DatabaseUrl::Postgres(url) => {
                init_tls();
                let mut conn = diesel::PgConnection::establish(url)?;
                // Memoize (Postgres 14 and later) keeps the inner rows of a nested loop in a hash
                // table sized by the planner's estimate of the outer rows, and clears all of it on
                // every run: a related-pieces lookup of 50 rows cleared a table sized for 68,000
                // and took twice as long. Tribune's joins look rows up by unique keys, where it
                // never pays off.
                conn.batch_execute(
                    "SELECT set_config('enable_memoize', 'off', false) \
                     WHERE current_setting('server_version_num')::int >= 140000",
                )
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
                Ok(AnyConnection::Postgresql(conn))
            }
            DatabaseUrl::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| ConnectionError::BadConnection(format!("cannot create {}: {e}", dir.display())))?;
                }
                let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy())?;
                // WAL lets readers run beside the writer; synchronous=FULL fsyncs every commit so
                // an acknowledged write survives a crash of the process and of the machine.
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                    busy_timeout.as_millis()
                ))
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
                Ok(AnyConnection::Sqlite(conn))
            }
        }
    }
}

/// The SQLite file at `path`, read-only and as it is: no directory or file is made and no setting
/// is changed (`tribune doctor` looks without touching).
pub fn open_sqlite_read_only(path: &Path, busy_timeout: Duration) -> Result<AnyConnection, ConnectionError> {
    // A URI, so `mode=ro` applies; characters a URI reads otherwise are escaped.
    const URI_SPECIAL: &percent_encoding::AsciiSet =
        &percent_encoding::CONTROLS.add(b' ').add(b'%').add(b'?').add(b'#');
    let uri = format!("file:{}?mode=ro", percent_encoding::utf8_percent_encode(&path.to_string_lossy(), URI_SPECIAL));
    let mut conn = diesel::SqliteConnection::establish(&uri)?;
    conn.batch_execute(&format!("PRAGMA busy_timeout = {};", busy_timeout.as_millis()))
        .map_err(ConnectionError::CouldntSetupConfiguration)?;
    Ok(AnyConnection::Sqlite(conn))
}

/// Initialises OpenSSL, which libpq uses for TLS to Postgres (a server that offers TLS gets it,
/// even on loopback), without the exit handler OpenSSL registers when it initialises itself on
/// first use. That handler frees OpenSSL's global state while the process exits, and any thread
/// still inside OpenSSL then (closing a pooled connection, or ending and freeing its per-thread
/// OpenSSL state) crashes the process after its work is done: "double free or corruption" or
/// SIGSEGV at exit. rust-openssl initialises the same way. Only the first call counts, so it must
/// come before libpq's first connection; `DatabaseUrl::connect` calls it, and so should code that
/// connects to Postgres by other means.
pub fn init_tls() {
    openssl_sys::init();
}

/// Tuning for the pool, from the `[database]` section of the configuration.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    pub max_connections: u32,
    pub connect_timeout: Duration,
    pub busy_timeout: Duration,
}

pub struct ConnectionManager {
    url: DatabaseUrl,
    busy_timeout: Duration,
}

/// A pooled connection and when it was last handed back to the pool.
pub struct Pooled {
    conn: AnyConnection,
    returned_at: Instant,
}

/// A connection handed back this recently is taken as alive without asking the server (HikariCP
/// does the same, with 500 ms): the check is a round trip, on Postgres one of the few a signed-in
/// page makes, and a connection that just worked is all but certainly still there.
const ALIVE_WITHOUT_ASKING: Duration = Duration::from_millis(500);

impl ManageConnection for ConnectionManager {
    type Connection = Pooled;
    type Error = ConnectionError;

    fn connect(&self) -> Result<Pooled, ConnectionError> {
        Ok(Pooled { conn: self.url.connect(self.busy_timeout)?, returned_at: Instant::now() })
    }

    fn is_valid(&self, pooled: &mut Pooled) -> Result<(), ConnectionError> {
        if pooled.returned_at.elapsed() < ALIVE_WITHOUT_ASKING {
            return Ok(());
        }
        pooled.conn.batch_execute("SELECT 1").map_err(ConnectionError::CouldntSetupConfiguration)
    }

    /// Called as the connection goes back to the pool: notes when, for [`Self::is_valid`]. One
    /// still inside a transaction (its work panicked, or a rollback failed) is not handed out
    /// again: the next user would find the transaction and its `SET LOCAL`s.
    fn has_broken(&self, pooled: &mut Pooled) -> bool {
        pooled.returned_at = Instant::now();
        type Manager = <AnyConnection as diesel::Connection>::TransactionManager;
        let settled = matches!(Manager::transaction_manager_status_mut(&mut pooled.conn).transaction_depth(), Ok(None));
        std::thread::panicking() || !settled
    }
}

/// A connection taken from the pool, given back when dropped.
pub struct PooledConn(PooledConnection<ConnectionManager>);

impl std::ops::Deref for PooledConn {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.0.conn
    }
}

impl std::ops::DerefMut for PooledConn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.0.conn
    }
}

/// The shared handle to the database: a pool, and helpers that run diesel's blocking calls off the
/// async workers.
#[derive(Clone)]
pub struct Database {
    pool: Pool<ConnectionManager>,
    url: DatabaseUrl,
    shared: Arc<Shared>,
    /// SQLite's group commit (see [`writer`]); Postgres writes concurrently from the pool.
    writer: Option<writer::Writer>,
}

/// What every clone of a [`Database`] shares; its strong count is the number of clones.
struct Shared {
    /// Counts the commits made through this process; read caches compare against it so this
    /// process never serves a page older than its own last write.
    reader_content_version: AtomicU64,
    /// Counts the outbox passes of this process that sent or set aside mail: a review page's
    /// timeline says what became of each email about its piece, and no reader's page does.
    mail_version: AtomicU64,
    /// The SQLite writer's thread, joined by [`Database::close`].
    writer_thread: Mutex<Option<JoinHandle<()>>>,
    /// One per pooled connection: a read waits for one here, as a future, before it takes a
    /// thread. Waiting for a connection on a blocking thread instead made the runtime start a
    /// thread for each waiting request when queries were slow (600 MB at the peak of a bench row).
    readers: Arc<tokio::sync::Semaphore>,
    /// How long a read waits for its turn before the request is answered "unavailable".
    connect_timeout: Duration,
}

pub struct PoolState {
    pub connections: u32,
    pub idle_connections: u32,
    pub max_connections: u32,
}

impl Database {
    /// Connects, applies pending migrations, then opens the pool.
    pub fn open(url: &DatabaseUrl, options: &PoolOptions) -> StorageResult<Self> {
        migrate(url, options.busy_timeout)?;
        // r2d2's own thread pool keeps its threads until the next idle-connection sweep is due
        // (up to 30 s after the pool is gone), and they end at some moment nobody waits for; this
        // one drops the sweeps it has not started, so its threads end when the pool is dropped.
        let threads = scheduled_thread_pool::ScheduledThreadPool::builder()
            .num_threads(3)
            .thread_name_pattern("r2d2-worker-{}")
            .on_drop_behavior(scheduled_thread_pool::OnPoolDropBehavior::DiscardPendingScheduled)
            .build();
        let pool = Pool::builder()
            .max_size(options.max_connections)
            .connection_timeout(options.connect_timeout)
            .thread_pool(Arc::new(threads))
            .build(ConnectionManager { url: url.clone(), busy_timeout: options.busy_timeout })?;
        let (writer, writer_thread) = match url {
            DatabaseUrl::Sqlite(_) => {
                let (url, busy_timeout) = (url.clone(), options.busy_timeout);
                let (writer, thread) = writer::Writer::start(move || Ok(url.connect(busy_timeout)?))?;
                (Some(writer), Some(thread))
            }
            DatabaseUrl::Postgres(_) => (None, None),
        };
        let shared = Arc::new(Shared {
            reader_content_version: AtomicU64::new(0),
            mail_version: AtomicU64::new(0),
            writer_thread: Mutex::new(writer_thread),
            readers: Arc::new(tokio::sync::Semaphore::new(options.max_connections as usize)),
            connect_timeout: options.connect_timeout,
        });
        Ok(Database { pool, url: url.clone(), shared, writer })
    }

    /// Closes the database on this thread once this is the last handle: waits up to `patience`
    /// for every other clone to be dropped (by the server's workers, the background loops),
    /// closes the pooled connections, and waits for the SQLite writer's thread to end. So nothing
    /// of it is left running (inside libpq, SQLite or OpenSSL) when the caller goes on, e.g. to
    /// exit. Returns `false`, closing nothing itself, when other handles outlived `patience`.
    pub fn close(self, patience: Duration) -> bool {
        let deadline = Instant::now() + patience;
        while Arc::strong_count(&self.shared) > 1 {
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let writer_thread = self.shared.writer_thread.lock().unwrap_or_else(PoisonError::into_inner).take();
        // The last handle: the pool closes its connections, the writer's queue closes.
        drop(self);
        if let Some(thread) = writer_thread {
            let _ = thread.join();
        }
        true
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    pub fn pool_state(&self) -> PoolState {
        let state = self.pool.state();
        PoolState {
            connections: state.connections,
            idle_connections: state.idle_connections,
            max_connections: self.pool.max_size(),
        }
    }

    /// For changes committed outside [`Database::write`] (the scheduler's own transactions): this
    /// process's read caches drop what they hold.
    pub fn reader_content_changed(&self) {
        self.shared.reader_content_version.fetch_add(1, Ordering::Release);
    }

    pub fn reader_content_version(&self) -> u64 {
        self.shared.reader_content_version.load(Ordering::Acquire)
    }

    /// This process's outbox sent or set aside mail (see `Shared::mail_version`).
    pub fn mail_changed(&self) {
        self.shared.mail_version.fetch_add(1, Ordering::Release);
    }

    pub fn mail_version(&self) -> u64 {
        self.shared.mail_version.load(Ordering::Acquire)
    }

    pub fn connection(&self) -> StorageResult<PooledConn> {
        Ok(PooledConn(self.pool.get()?))
    }

    /// Runs `work` on a pooled connection on the blocking thread pool.
    pub async fn read<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StorageError> + Send + 'static,
    {
        let wait = self.shared.connect_timeout;
        let turn = tokio::time::timeout(wait, self.shared.readers.clone().acquire_owned())
            .await
            .map_err(|_| StorageError::Busy(wait))?
            .map_err(|_| StorageError::Blocking)?;
        let db = self.clone();
        actix_web::rt::task::spawn_blocking(move || {
            // Held as long as the connection: a request that goes away mid-read leaves its
            // connection busy until the work ends, and so its turn too.
            let _turn = turn;
            let mut conn = db.connection()?;
            work(&mut conn)
        })
        .await
        .map_err(|_| StorageError::Blocking)?
    }

    /// Runs `work` inside one write transaction: all of it commits or none of it does, and the
    /// answer comes once it has (on SQLite, possibly in one commit with other waiting writes).
    /// Once it has committed, this process's read caches drop what they hold: a write counts unless
    /// it is plainly unseen ([`Database::write_unseen`]), since what pages show (a transparency
    /// page's counts, a follow-up shown under its thread, a new convention on the front page) is
    /// not only what is published.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StorageError> + Send + 'static,
    {
        let db = self.clone();
        // A task of its own: once the write has committed, this process's caches drop what they
        // hold even if the request that asked for it went away meanwhile.
        let task = tokio::spawn(async move {
            let committed = db.write_unseen(work).await?;
            db.reader_content_changed();
            Ok(committed)
        });
        task.await.map_err(|_| E::from(StorageError::Blocking))?
    }

    /// [`Database::write`] for what no reader's page shows (sessions, sign-in throttles, tokens,
    /// the outbox): the read caches keep what they hold. A flood of wrong passwords writes a
    /// throttle row for each, and must not make every reader's page be made again.
    pub async fn write_unseen<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StorageError> + Send + 'static,
    {
        match &self.writer {
            Some(writer) => writer.write(work).await,
            None => self.read(move |conn| write_transaction(conn, work)).await,
        }
    }
}

/// A transaction for a unit of work that writes. On SQLite it starts with `BEGIN IMMEDIATE`, so
/// the write lock is taken up front and waits under `busy_timeout`; a deferred transaction that
/// upgrades to a writer late fails at once with SQLITE_BUSY instead of waiting.
pub fn write_transaction<T, E, F>(conn: &mut AnyConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, E>,
    E: From<StorageError>,
{
    type Manager = <AnyConnection as diesel::Connection>::TransactionManager;
    let outermost =
        Manager::transaction_manager_status_mut(conn).transaction_depth().map_err(|e| E::from(e.into()))?.is_none();
    // Nested inside another transaction it is a savepoint, whatever the backend.
    let begun = match conn {
        AnyConnection::Sqlite(inner) if outermost => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")
        }
        _ => Manager::begin_transaction(conn),
    };
    begun.map_err(|e| E::from(e.into()))?;
    match work(conn) {
        Ok(value) => {
            if let Err(e) = Manager::commit_transaction(conn) {
                let _ = Manager::rollback_transaction(conn);
                return Err(E::from(e.into()));
            }
            Ok(value)
        }
        Err(err) => {
            Manager::rollback_transaction(conn).map_err(|e| E::from(e.into()))?;
            Err(err)
        }
    }
}

/// Runs `work` with Postgres planning each statement for the values it is given. Elsewhere a
/// prepared statement gets Postgres's default: planned for its values for five runs, then a generic
/// plan when that looks no dearer, which spares planning the same lookup by key on every request
/// (a third of Postgres's time on a signed-in page). The editors' desk is where that fails: the
/// same prepared count meets statuses of ten rows and of ninety thousand, and the generic plan
/// scanned the table for the rare ones. SQLite plans without the values either way (built with
/// the query planner stability guarantee, `.cargo/config.toml`): there `work` just runs.
pub fn with_plans_for_values<T, E, F>(conn: &mut AnyConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, E>,
    E: From<StorageError>,
{
    if !matches!(conn, AnyConnection::Postgresql(_)) {
        return work(conn);
    }
    // In a transaction of its own: `SET LOCAL` lasts to its end, so the setting never leaks into
    // the pool.
    write_transaction(conn, |conn| {
        conn.batch_execute("SET LOCAL plan_cache_mode = force_custom_plan").map_err(|e| E::from(e.into()))?;
        work(conn)
    })
}

/// Applies every pending migration of the connection's backend; returns how many ran.
pub fn run_migrations(conn: &mut AnyConnection) -> StorageResult<usize> {
    let applied = match conn {
        AnyConnection::Postgresql(inner) => inner.run_pending_migrations(POSTGRES_MIGRATIONS).map(|v| v.len()),
        AnyConnection::Sqlite(inner) => inner.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    applied.map_err(|e| StorageError::Migration(e.to_string()))
}

/// Applies the pending migrations up to and including version `last` (a restore builds the schema
/// its archive was taken from, loads it, then applies the rest); returns how many ran.
pub fn run_migrations_through(conn: &mut AnyConnection, last: &str) -> StorageResult<usize> {
    fn through<DB: diesel::backend::Backend>(
        conn: &mut impl MigrationHarness<DB>,
        source: EmbeddedMigrations,
        last: &str,
    ) -> diesel::migration::Result<usize>
    where
        EmbeddedMigrations: diesel::migration::MigrationSource<DB>,
    {
        let mut pending = conn.pending_migrations(source)?;
        pending.sort_by_key(|m| m.name().version().to_string());
        let mut applied = 0;
        for migration in pending.iter().filter(|m| m.name().version().to_string().as_str() <= last) {
            conn.run_migration(migration.as_ref())?;
            applied += 1;
        }
        Ok(applied)
    }
    let applied = match conn {
        AnyConnection::Postgresql(inner) => through(inner, POSTGRES_MIGRATIONS, last),
        AnyConnection::Sqlite(inner) => through(inner, SQLITE_MIGRATIONS, last),
    };
    applied.map_err(|e| StorageError::Migration(e.to_string()))
}

/// How the database's migrations compare with the ones this binary carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    /// The versions of the migrations this binary carries for the backend, oldest first.
    pub known: Vec<String>,
    /// The versions the database has run, oldest first.
    pub applied: Vec<String>,
    /// The versions of those the database has not run, oldest first.
    pub pending: Vec<String>,
    /// Versions the database has run that this binary does not carry (a newer Tribune ran here).
    pub unknown: Vec<String>,
}

/// Reads which migrations have run without writing anything: diesel's own `pending_migrations`
/// first creates its bookkeeping table, which `tribune doctor` must not do to a database it only
/// examines (it may be the wrong one).
pub fn migration_status(conn: &mut AnyConnection) -> StorageResult<MigrationStatus> {
    use diesel::sql_types::{BigInt, Text};

    #[derive(QueryableByName)]
    struct Present {
        #[diesel(sql_type = BigInt)]
        present: i64,
    }
    #[derive(QueryableByName)]
    struct Applied {
        #[diesel(sql_type = Text)]
        version: String,
    }

    let known = match conn {
        AnyConnection::Postgresql(_) => versions::<diesel::pg::Pg>(&POSTGRES_MIGRATIONS)?,
        AnyConnection::Sqlite(_) => versions::<diesel::sqlite::Sqlite>(&SQLITE_MIGRATIONS)?,
    };
    let table_query = match conn {
        AnyConnection::Postgresql(_) => {
            "SELECT COUNT(*) AS present FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = '__diesel_schema_migrations'"
        }
        AnyConnection::Sqlite(_) => {
            "SELECT COUNT(*) AS present FROM sqlite_master \
             WHERE type = 'table' AND name = '__diesel_schema_migrations'"
        }
    };
    let table: Present = diesel::sql_query(table_query).get_result(conn)?;
    let applied: Vec<String> = if table.present > 0 {
        let rows: Vec<Applied> = diesel::sql_query("SELECT version FROM __diesel_schema_migrations").load(conn)?;
        rows.into_iter().map(|row| row.version).collect()
    } else {
        Vec::new()
    };
    let pending = known.iter().filter(|v| !applied.contains(v)).cloned().collect();
    let mut applied = applied;
    applied.sort();
    let unknown: Vec<String> = applied.iter().filter(|v| !known.contains(v)).cloned().collect();
    Ok(MigrationStatus { known, applied, pending, unknown })
}

/// The versions of the migrations this binary carries for `url`'s backend, oldest first (the two
/// backends' lists have the same versions).
pub fn known_migrations(url: &DatabaseUrl) -> StorageResult<Vec<String>> {
    match url {
        DatabaseUrl::Postgres(_) => versions::<diesel::pg::Pg>(&POSTGRES_MIGRATIONS),
        DatabaseUrl::Sqlite(_) => versions::<diesel::sqlite::Sqlite>(&SQLITE_MIGRATIONS),
    }
}

fn versions<DB: diesel::backend::Backend>(source: &EmbeddedMigrations) -> StorageResult<Vec<String>>
where
    EmbeddedMigrations: diesel::migration::MigrationSource<DB>,
{
    let all = diesel::migration::MigrationSource::<DB>::migrations(source)
        .map_err(|e| StorageError::Migration(e.to_string()))?;
    let mut known: Vec<String> = all.iter().map(|m| m.name().version().to_string()).collect();
    known.sort();
    Ok(known)
}

/// SQLite's journal mode as the database file records it (`wal` once Tribune has opened it, unless
/// the filesystem refused); `None` on Postgres.
pub fn sqlite_journal_mode(conn: &mut AnyConnection) -> StorageResult<Option<String>> {
    #[derive(QueryableByName)]
    struct Mode {
        #[diesel(sql_type = diesel::sql_types::Text)]
        journal_mode: String,
    }
    match conn {
        AnyConnection::Postgresql(_) => Ok(None),
        AnyConnection::Sqlite(_) => {
            let mode: Mode = diesel::sql_query("PRAGMA journal_mode").get_result(conn)?;
            Ok(Some(mode.journal_mode))
        }
    }
}

/// Connects once, without a pool, and applies pending migrations (`tribune migrate`, and every
/// start), holding the [`MigrationLock`].
pub fn migrate(url: &DatabaseUrl, busy_timeout: Duration) -> StorageResult<usize> {
    // On SQLite the lock comes before the connection: two processes setting up a new file at
    // once (its journal mode) can find it locked whatever the busy timeout.
    let early = match url {
        DatabaseUrl::Sqlite(path) => Some(MigrationLock::beside(path)?),
        DatabaseUrl::Postgres(_) => None,
    };
    let mut conn = url.connect(busy_timeout)?;
    let _held = match early {
        Some(held) => held,
        None => MigrationLock::take(url, &mut conn)?,
    };
    run_migrations(&mut conn)
}

/// Held while migrations run: of several processes starting at once, one applies them while the
/// others wait, then find none pending, instead of failing on a table another has just made. An
/// advisory lock on Postgres (held by the connection until it closes), a lock on a file beside
/// the database on SQLite (some of its migrations manage their own transaction, so the database's
/// own write lock cannot span them).
pub struct MigrationLock {
    _file: Option<std::fs::File>,
}

impl MigrationLock {
    pub fn take(url: &DatabaseUrl, conn: &mut AnyConnection) -> StorageResult<MigrationLock> {
        match url {
            DatabaseUrl::Postgres(_) => {
                diesel::sql_query("SELECT pg_advisory_lock(7426795)").execute(conn)?;
                Ok(MigrationLock { _file: None })
            }
            DatabaseUrl::Sqlite(path) => MigrationLock::beside(path),
        }
    }

    /// The lock file beside the SQLite database at `path` (its directory made if missing).
    fn beside(path: &Path) -> StorageResult<MigrationLock> {
        let mut name = path.as_os_str().to_owned();
        name.push(".migrations-lock");
        let name = PathBuf::from(name);
        if let Some(dir) = name.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StorageError::Migration(format!("cannot create {}: {e}", dir.display())))?;
        }
        let file = std::fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&name)
            .and_then(|file| file.lock().map(|()| file))
            .map_err(|e| StorageError::Migration(format!("cannot lock {}: {e}", name.display())))?;
        Ok(MigrationLock { _file: Some(file) })
    }
}

/// A fresh SQLite database in a directory of its own, for unit tests; remove the directory after.
#[cfg(test)]
pub(crate) fn scratch_sqlite(name: &str) -> (Database, PathBuf) {
    let dir = std::env::temp_dir().join(format!("tribune-{name}-{}-{}", std::process::id(), rand::random::<u64>()));
    let options = PoolOptions {
        max_connections: 2,
        connect_timeout: Duration::from_secs(5),
        busy_timeout: Duration::from_secs(5),
    };
    let db = Database::open(&DatabaseUrl::Sqlite(dir.join(format!("{name}.sqlite3"))), &options)
        .expect("a fresh SQLite database opens");
    (db, dir)
}

/// "Now" as stored: UTC, truncated to microseconds, because Postgres keeps microseconds and
/// SQLite would keep nanoseconds, and keyset cursors must compare the same on both.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn a_read_that_finds_every_connection_busy_past_the_timeout_is_refused_not_queued_forever() {
        let dir = std::env::temp_dir().join(format!("tribune-busy-{}-{}", std::process::id(), rand::random::<u64>()));
        let options = PoolOptions {
            max_connections: 1,
            connect_timeout: Duration::from_millis(300),
            busy_timeout: Duration::from_secs(5),
        };
        let db = Database::open(&DatabaseUrl::Sqlite(dir.join("busy.sqlite3")), &options).unwrap();
        let (held, release) = std::sync::mpsc::channel::<()>();
        let holder = db.clone();
        let slow = actix_web::rt::spawn(async move {
            holder.read(move |_| Ok::<_, StorageError>(release.recv_timeout(Duration::from_secs(5)).ok())).await
        });
        // The slow read has the only connection once the next one finds its turn taken.
        while db.shared.readers.available_permits() > 0 {
            actix_web::rt::time::sleep(Duration::from_millis(5)).await;
        }
        let refused = db.read(|_| Ok::<_, StorageError>(())).await;
        assert!(matches!(refused, Err(StorageError::Busy(_))), "{refused:?}");
        held.send(()).unwrap();
        slow.await.unwrap().unwrap();
        assert!(db.read(|_| Ok::<_, StorageError>(())).await.is_ok(), "once it is free, the next read gets it");
        let _ = std::fs::remove_dir_all(dir);
    }
}
