//! `tribune backup`, `restore` and `copy`: the whole site in one portable archive, taken while the
//! server keeps serving and loaded into an empty database of either backend.
//!
//! The archive is a tar (format in the README, "Backups"):
//! - `manifest.json` first: the format and its version, the schema version (the newest migration
//!   the database had run), when and from which backend it was taken, and for each table its
//!   columns with their types, its row count and the SHA-256 of its rows;
//! - then `tables/NAME.jsonl.gz` per table, in the order a restore fills them: gzipped JSON Lines,
//!   one array per row, values in the manifest's column order, instants as
//!   `2026-12-07T08:11:41.123456` (UTC).
//!
//! A restore reads the archive through once and checks everything before it touches the database,
//! then loads it in one transaction: the rows go in whole or not at all. Archives hold password
//! hashes and the server's secrets, so every file this module writes is the owner's alone.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::progress::Progress;
use crate::storage::archive::{self, Cell, Column, TableShape};
use crate::storage::{self, AnyConnection, DatabaseUrl, StorageError};

pub const FORMAT: &str = "tribune-backup";
pub const FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";
/// A row longer than this is not one Tribune wrote (the longest texts are a few hundred kB).
const MAX_ROW_BYTES: u64 = 64 * 1024 * 1024;
/// Values bound per INSERT, under SQLite's and Postgres's limits on parameters.
const VALUES_PER_INSERT: usize = 10_000;
/// Row text held per INSERT: a batch of long essays stops here before its count of values.
const BYTES_PER_INSERT: usize = 8 * 1024 * 1024;
/// More tables than any Tribune has: a manifest listing more is not one it wrote.
const MAX_TABLES: usize = 1000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// The newest migration the database had run: the schema the rows fit.
    pub schema_version: String,
    pub created_at: String,
    pub source_backend: String,
    pub tribune_version: String,
    pub tables: Vec<TableEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableEntry {
    pub name: String,
    pub file: String,
    pub columns: Vec<Column>,
    pub rows: u64,
    /// SHA-256 of the table's JSON Lines before compression, in hex.
    pub sha256: String,
}

impl Manifest {
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().fold(0u64, |total, t| total.saturating_add(t.rows))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The archive cannot be read, or is not what its manifest says.
    #[error("{}: {reason}", path.display())]
    Damaged { path: PathBuf, reason: String },
    /// The archive is sound but cannot go where it was asked to.
    #[error("{0}")]
    Refused(String),
    #[error("{}: {source}", path.display())]
    File { path: PathBuf, source: std::io::Error },
}

fn file_error(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::File { path: path.to_path_buf(), source }
}

/// A new file only its owner can read.
fn create_private(path: &Path) -> Result<File, BackupError> {
    use std::os::unix::fs::OpenOptionsExt;
    File::options().write(true).create(true).truncate(true).mode(0o600).open(path).map_err(file_error(path))
}

/// A new directory only its owner can enter.
fn create_private_dir(path: &Path) -> Result<(), BackupError> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(path).map_err(file_error(path))
}

/// A name no other run of this or another process picks at the same time.
fn unique(stem: &str) -> String {
    format!("{stem}-{}-{:08x}", std::process::id(), rand::random::<u32>())
}

/// Connects to the database to read from; a missing SQLite file is an error rather than a new,
/// empty database (a mistyped path must not make one).
fn connect_existing(url: &DatabaseUrl, busy_timeout: Duration) -> Result<AnyConnection, BackupError> {
    if let DatabaseUrl::Sqlite(path) = url
        && !path.is_file()
    {
        return Err(BackupError::Refused(format!("there is no SQLite database at {}", path.display())));
    }
    Ok(url.connect(busy_timeout).map_err(StorageError::from)?)
}

/// What was written or loaded.
#[derive(Debug)]
pub struct Summary {
    pub tables: usize,
    pub rows: u64,
    pub schema_version: String,
}

/// Writes every table of the database at `url` to `output`, as of one instant, while the server
/// keeps serving. The archive appears under its name only once it is complete.
pub fn backup(
    url: &DatabaseUrl,
    busy_timeout: Duration,
    output: &Path,
    progress: &mut dyn Write,
) -> Result<Summary, BackupError> {
    let mut conn = connect_existing(url, busy_timeout)?;
    let staging = Staging::beside(output)?;
    // The schema version is read in the snapshot too: a process starting meanwhile may migrate.
    let (schema_version, tables) = archive::in_snapshot(&mut conn, |conn| {
        let status = storage::migration_status(conn)?;
        if !status.unknown.is_empty() {
            return Err(BackupError::Refused(format!(
                "the database was migrated by a newer Tribune (migrations {} are unknown to this one): back it up with that version",
                status.unknown.join(", ")
            )));
        }
        let Some(schema_version) = status.applied.last().cloned() else {
            return Err(BackupError::Refused(
                "the database has no tables yet (no migration has run): there is nothing to back up".into(),
            ));
        };
        Ok((schema_version, write_tables(conn, &staging.dir, progress)?))
    })?;
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        schema_version: schema_version.clone(),
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        source_backend: url.backend_name().into(),
        tribune_version: env!("CARGO_PKG_VERSION").into(),
        tables,
    };
    staging.seal(&manifest, output)?;
    Ok(Summary { tables: manifest.tables.len(), rows: manifest.total_rows(), schema_version })
}

/// Each table's rows into `dir/NAME.jsonl.gz`, counted and hashed as they are written.
fn write_tables(
    conn: &mut AnyConnection,
    dir: &Path,
    progress: &mut dyn Write,
) -> Result<Vec<TableEntry>, BackupError> {
    let shapes = archive::shapes(conn)?;
    let mut total = 0;
    for shape in &shapes {
        total += archive::count(conn, shape.name)?;
    }
    let mut report = Progress::new(progress, "backup", "rows", usize::try_from(total).unwrap_or(usize::MAX));
    let mut done = 0;
    let mut entries = Vec::with_capacity(shapes.len());
    for shape in &shapes {
        let path = dir.join(format!("{}.jsonl.gz", shape.name));
        let mut out = GzEncoder::new(BufWriter::new(create_private(&path)?), Compression::fast());
        let mut hash = Sha256::new();
        let mut rows = 0u64;
        let mut line = Vec::new();
        archive::read_rows(conn, shape, |cells| {
            line.clear();
            let values: Vec<serde_json::Value> = cells.iter().map(Cell::to_archive).collect();
            serde_json::to_writer(&mut line, &values).map_err(|e| BackupError::Refused(e.to_string()))?;
            line.push(b'\n');
            hash.update(&line);
            out.write_all(&line).map_err(file_error(&path))?;
            rows += 1;
            done += 1;
            report.advance(done);
            Ok::<_, BackupError>(())
        })?;
        let file = out.finish().map_err(file_error(&path))?;
        file.into_inner().map_err(|e| BackupError::File { path: path.clone(), source: e.into_error() })?;
        entries.push(TableEntry {
            name: shape.name.into(),
            file: format!("tables/{}.jsonl.gz", shape.name),
            columns: shape.columns.clone(),
            rows,
            sha256: hex(&hash.finalize()),
        });
    }
    Ok(entries)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a backup is put together beside its destination: the tables' files in a directory, then
/// the archive under a temporary name, renamed into place once synced. Whatever is left of it is
/// removed when it is dropped, so a failed backup leaves nothing behind.
struct Staging {
    dir: PathBuf,
    partial: PathBuf,
}

impl Staging {
    fn beside(output: &Path) -> Result<Staging, BackupError> {
        let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "backup".into());
        let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        // Names of their own: two backups to one destination at once must not share them.
        let stem = unique(&format!(".{name}"));
        let staging =
            Staging { dir: parent.join(format!("{stem}.tables")), partial: parent.join(format!("{stem}.partial")) };
        create_private_dir(&staging.dir)?;
        Ok(staging)
    }

    fn seal(&self, manifest: &Manifest, output: &Path) -> Result<(), BackupError> {
        let mut tar = tar::Builder::new(BufWriter::new(create_private(&self.partial)?));
        let mtime = chrono::Utc::now().timestamp().max(0) as u64;
        let text = serde_json::to_vec_pretty(manifest).map_err(|e| BackupError::Refused(e.to_string()))?;
        let mut header = entry_header(text.len() as u64, mtime);
        tar.append_data(&mut header, MANIFEST, text.as_slice()).map_err(file_error(&self.partial))?;
        for table in &manifest.tables {
            let path = self.dir.join(format!("{}.jsonl.gz", table.name));
            let file = File::open(&path).map_err(file_error(&path))?;
            let length = file.metadata().map_err(file_error(&path))?.len();
            let mut header = entry_header(length, mtime);
            tar.append_data(&mut header, &table.file, file).map_err(file_error(&self.partial))?;
        }
        let written = tar.into_inner().map_err(file_error(&self.partial))?;
        let file = written
            .into_inner()
            .map_err(|e| BackupError::File { path: self.partial.clone(), source: e.into_error() })?;
        // On disk before it takes the name: a crash never leaves a half archive under it.
        file.sync_all().map_err(file_error(&self.partial))?;
        std::fs::rename(&self.partial, output).map_err(file_error(output))?;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        let _ = std::fs::remove_file(&self.partial);
    }
}

fn entry_header(size: u64, mtime: u64) -> tar::Header {
    let mut header = tar::Header::new_ustar();
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(mtime);
    header.set_entry_type(tar::EntryType::Regular);
    header
}

/// Loads the archive at `input` into the database at `url`, which must be empty (a fresh file or
/// database, or one only migrated or started once). The archive is read through and checked
/// first, its tables against the schema it names, before the target is opened; then that schema
/// is built, every row goes in in one transaction, and the migrations this Tribune has beyond
/// that schema run last.
pub fn restore(
    url: &DatabaseUrl,
    busy_timeout: Duration,
    input: &Path,
    progress: &mut dyn Write,
) -> Result<Summary, BackupError> {
    let known = storage::known_migrations(url)?;
    let manifest = {
        let mut report = Progress::new(&mut *progress, "restore", "rows checked", 0);
        let mut checked = 0;
        let admit = |schema_version: &str| schema_known(schema_version, &known);
        read_archive(input, admit, |manifest, rows| {
            report.set_total(usize::try_from(manifest.total_rows()).unwrap_or(usize::MAX));
            checked += rows.len();
            report.advance(checked);
            Ok(())
        })?
    };
    match_tables(&manifest, &shapes_at(&manifest.schema_version)?)?;

    let mut conn = url.connect(busy_timeout).map_err(StorageError::from)?;
    let _migrating = storage::MigrationLock::take(url, &mut conn)?;
    admissible(&mut conn, &manifest, url)?;
    storage::run_migrations_through(&mut conn, &manifest.schema_version)?;
    let shapes = archive::shapes(&mut conn)?;
    let matched = match_tables(&manifest, &shapes)?;
    storage::write_transaction(&mut conn, |conn| {
        // Again inside the transaction, which on SQLite holds the write lock from here on.
        refuse_occupied(conn, url)?;
        archive::clear_bootstrap(conn, &shapes)?;
        let total = usize::try_from(manifest.total_rows()).unwrap_or(usize::MAX);
        let mut report = Progress::new(&mut *progress, "restore", "rows loaded", total);
        let mut loaded = 0;
        let mut references = Vec::new();
        read_archive(
            input,
            |_| Ok(()),
            |_, rows| {
                let (entry, shape) = matched[rows.table];
                let later = archive::insert_rows(conn, shape, &column_names(entry), rows.rows)?;
                references.extend(later.into_iter().map(|(column, id, value)| (shape.name, column, id, value)));
                loaded += rows.len();
                report.advance(loaded);
                Ok(())
            },
        )?;
        for (table, column, id, value) in references {
            archive::fill_reference(conn, table, column, id, value)?;
        }
        archive::advance_sequences(conn, &shapes)?;
        Ok::<_, BackupError>(())
    })?;
    storage::run_migrations(&mut conn).map_err(|e| {
        BackupError::Refused(format!(
            "every row is in, at schema {}, but a later migration failed ({e}): run `tribune migrate` once its cause is fixed",
            manifest.schema_version
        ))
    })?;
    archive::analyze(&mut conn)?;
    Ok(Summary { tables: manifest.tables.len(), rows: manifest.total_rows(), schema_version: manifest.schema_version })
}

/// Refuses an archive of a schema this Tribune does not carry (a newer Tribune wrote it).
fn schema_known(schema_version: &str, known: &[String]) -> Result<(), BackupError> {
    if known.iter().any(|v| v == schema_version) {
        return Ok(());
    }
    let newest = known.last().map(String::as_str).unwrap_or_default();
    Err(BackupError::Refused(if schema_version > newest {
        format!(
            "the archive was written by a newer Tribune (schema {schema_version}; this one knows up to {newest}): restore it with that version or a later one"
        )
    } else {
        format!("the archive's schema {schema_version} is not one this Tribune knows")
    }))
}

/// The tables the schema `version` has, as a scratch SQLite database built to it and then removed
/// shows them (the backends' tables have the same columns): the archive is checked against them
/// before the target is touched.
fn shapes_at(version: &str) -> Result<Vec<TableShape>, BackupError> {
    let dir = std::env::temp_dir().join(unique("tribune-restore-schema"));
    create_private_dir(&dir)?;
    let shapes = (|| {
        let scratch = DatabaseUrl::Sqlite(dir.join("schema.sqlite3"));
        let mut conn = scratch.connect(Duration::from_secs(5)).map_err(StorageError::from)?;
        storage::run_migrations_through(&mut conn, version)?;
        archive::shapes(&mut conn)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    Ok(shapes?)
}

/// Refuses a target the archive cannot go into: one a newer Tribune migrated or that is migrated
/// past the archive's schema, or one that already holds a site.
fn admissible(conn: &mut AnyConnection, manifest: &Manifest, url: &DatabaseUrl) -> Result<(), BackupError> {
    let status = storage::migration_status(conn)?;
    if !status.unknown.is_empty() || status.applied.last().is_some_and(|applied| *applied > manifest.schema_version) {
        return Err(BackupError::Refused(format!(
            "the {} database is already at a newer schema ({}) than the archive ({}): restore into a new, empty database",
            url.backend_name(),
            status.applied.last().cloned().unwrap_or_default(),
            manifest.schema_version
        )));
    }
    refuse_occupied(conn, url)
}

fn refuse_occupied(conn: &mut AnyConnection, url: &DatabaseUrl) -> Result<(), BackupError> {
    let occupied = archive::occupied(conn)?;
    if occupied.is_empty() {
        return Ok(());
    }
    Err(BackupError::Refused(format!(
        "the {} database is not empty ({}): a restore goes only into an empty database, so nothing was changed",
        url.backend_name(),
        occupied.join(", ")
    )))
}

/// Each table of the manifest beside the database's table of that name, checked to have the same
/// columns of the same types.
fn match_tables<'a>(
    manifest: &'a Manifest,
    shapes: &'a [TableShape],
) -> Result<Vec<(&'a TableEntry, &'a TableShape)>, BackupError> {
    let mismatch = |what: String| BackupError::Refused(format!("the archive does not fit this database: {what}"));
    if manifest.tables.len() != shapes.len() {
        return Err(mismatch(format!("it has {} tables and the database {}", manifest.tables.len(), shapes.len())));
    }
    manifest
        .tables
        .iter()
        .map(|entry| {
            let shape = shapes
                .iter()
                .find(|s| s.name == entry.name)
                .ok_or_else(|| mismatch(format!("the database has no table {}", entry.name)))?;
            let mut archived = entry.columns.clone();
            let mut present = shape.columns.clone();
            archived.sort_by(|a, b| a.name.cmp(&b.name));
            present.sort_by(|a, b| a.name.cmp(&b.name));
            if archived != present {
                return Err(mismatch(format!("the columns of {} differ", entry.name)));
            }
            Ok((entry, shape))
        })
        .collect()
}

fn column_names(entry: &TableEntry) -> Vec<String> {
    entry.columns.iter().map(|c| c.name.clone()).collect()
}

/// A batch of one table's rows, as read from an archive.
struct Rows<'a> {
    /// The table's position in the manifest.
    table: usize,
    rows: &'a [Vec<Cell>],
}

impl Rows<'_> {
    fn len(&self) -> usize {
        self.rows.len()
    }
}

/// Reads the archive at `path` through, handing `each` its rows in batches, table by table, and
/// checks it as it goes: the manifest's format (then `admit` decides on its schema version, before
/// anything else of the manifest is read: a newer Tribune may describe its tables differently),
/// every entry where the manifest says, every row of the right width and types, each table's row
/// count and checksum. Returns the manifest once all of it held.
fn read_archive(
    path: &Path,
    admit: impl FnOnce(&str) -> Result<(), BackupError>,
    mut each: impl FnMut(&Manifest, Rows<'_>) -> Result<(), BackupError>,
) -> Result<Manifest, BackupError> {
    let damaged = |reason: String| BackupError::Damaged { path: path.to_path_buf(), reason };
    let file = File::open(path).map_err(file_error(path))?;
    let mut tar = tar::Archive::new(BufReader::new(file));
    let mut entries = tar.entries().map_err(|e| damaged(format!("not a readable archive ({e})")))?;
    let mut next_entry = |expected: &str| -> Result<tar::Entry<'_, BufReader<File>>, BackupError> {
        let entry = entries
            .next()
            .ok_or_else(|| damaged(format!("the archive ends before {expected}: it is truncated")))?
            .map_err(|e| {
                damaged(if expected == MANIFEST {
                    // tar's own words here quote whatever the file holds instead.
                    "this is not a Tribune backup (it does not begin with a manifest), or it is damaged".to_string()
                } else {
                    format!("unreadable where {expected} should be ({e}): it is damaged or truncated")
                })
            })?;
        let name = entry.path().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        if name != expected {
            return Err(damaged(format!("found {name:?} where {expected} should be: this is not a Tribune backup")));
        }
        Ok(entry)
    };
    let manifest: serde_json::Value = {
        let entry = next_entry(MANIFEST)?;
        serde_json::from_reader(entry.take(16 * 1024 * 1024))
            .map_err(|e| damaged(format!("the manifest is unreadable ({e})")))?
    };
    check_format(&manifest).map_err(damaged)?;
    admit(manifest["schema_version"].as_str().unwrap_or_default())?;
    let manifest: Manifest =
        serde_json::from_value(manifest).map_err(|e| damaged(format!("the manifest is malformed ({e})")))?;
    check_tables(&manifest).map_err(damaged)?;
    for (position, table) in manifest.tables.iter().enumerate() {
        let entry = next_entry(&table.file)?;
        let mut lines = BufReader::new(GzDecoder::new(entry));
        let kinds: Vec<_> = table.columns.iter().map(|c| c.kind).collect();
        let batch_size = (VALUES_PER_INSERT / kinds.len().max(1)).max(1);
        let mut batch = Vec::with_capacity(batch_size);
        let mut batch_bytes = 0;
        let mut hash = Sha256::new();
        let mut rows = 0u64;
        let mut line = Vec::new();
        loop {
            line.clear();
            let read = (&mut lines)
                .take(MAX_ROW_BYTES)
                .read_until(b'\n', &mut line)
                .map_err(|e| damaged(format!("{} is damaged or truncated ({e})", table.file)))?;
            if read == 0 {
                break;
            }
            if line.last() != Some(&b'\n') {
                return Err(damaged(format!("{} ends in the middle of a row: it is truncated", table.file)));
            }
            hash.update(&line);
            rows += 1;
            batch.push(
                parse_row(&line, &kinds)
                    .map_err(|e| damaged(format!("{}, row {rows}: {e}: the archive is damaged", table.file)))?,
            );
            batch_bytes += line.len();
            if batch.len() == batch_size || batch_bytes >= BYTES_PER_INSERT {
                each(&manifest, Rows { table: position, rows: &batch })?;
                batch.clear();
                batch_bytes = 0;
            }
        }
        if rows != table.rows || hex(&hash.finalize()) != table.sha256 {
            return Err(damaged(format!(
                "{} holds {rows} rows that do not match the manifest ({} rows and its checksum): the archive is damaged",
                table.file, table.rows
            )));
        }
        if !batch.is_empty() {
            each(&manifest, Rows { table: position, rows: &batch })?;
        }
    }
    if let Some(extra) = entries.next() {
        let name = extra
            .ok()
            .and_then(|e| e.path().ok().map(|p| p.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "something unreadable".into());
        return Err(damaged(format!("{name:?} follows the last table: this is not an archive Tribune wrote")));
    }
    Ok(manifest)
}

/// The manifest says it is a Tribune backup of the format this Tribune reads.
fn check_format(manifest: &serde_json::Value) -> Result<(), String> {
    if manifest["format"] != FORMAT {
        return Err(format!(
            "the manifest's format is {}, not {FORMAT:?}: this is not a Tribune backup",
            manifest["format"]
        ));
    }
    if manifest["format_version"] != FORMAT_VERSION {
        return Err(format!(
            "the archive's format version is {}; this Tribune reads version {FORMAT_VERSION}: restore it with the Tribune that wrote it",
            manifest["format_version"]
        ));
    }
    Ok(())
}

fn check_tables(manifest: &Manifest) -> Result<(), String> {
    if manifest.tables.len() > MAX_TABLES {
        return Err(format!("the manifest lists {} tables: it is not one Tribune wrote", manifest.tables.len()));
    }
    let mut seen = std::collections::HashSet::new();
    for table in &manifest.tables {
        if table.file != format!("tables/{}.jsonl.gz", table.name) || table.columns.is_empty() {
            return Err(format!("the manifest's entry for {:?} is malformed", table.name));
        }
        if !seen.insert(&table.name) {
            return Err(format!("the manifest names the table {} twice", table.name));
        }
    }
    Ok(())
}

fn parse_row(line: &[u8], kinds: &[archive::Kind]) -> Result<Vec<Cell>, String> {
    let values: Vec<serde_json::Value> = serde_json::from_slice(line).map_err(|e| format!("not a row ({e})"))?;
    if values.len() != kinds.len() {
        return Err(format!("{} values where the table has {} columns", values.len(), kinds.len()));
    }
    values.into_iter().zip(kinds).map(|(value, kind)| Cell::from_archive(value, *kind)).collect()
}

/// Copies the site at `from` into the empty database at `to`: a backup to a temporary archive,
/// restored and then removed. The source keeps serving; what it writes after the copy's snapshot
/// is not in the copy (the README's move stops the server first).
pub fn copy(
    from: &DatabaseUrl,
    to: &DatabaseUrl,
    busy_timeout: Duration,
    progress: &mut dyn Write,
) -> Result<Summary, BackupError> {
    if from == to {
        return Err(BackupError::Refused("the source and the target are the same database".into()));
    }
    let dir = std::env::temp_dir().join(unique("tribune-copy"));
    create_private_dir(&dir)?;
    let archive = dir.join("site.tar");
    let copied =
        backup(from, busy_timeout, &archive, progress).and_then(|_| restore(to, busy_timeout, &archive, progress));
    let _ = std::fs::remove_dir_all(&dir);
    copied
}
