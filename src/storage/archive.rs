//! Every table as plain values, for `tribune backup`, `restore` and `copy` (see [`crate::backup`]):
//! what each table's columns are (read from the database itself, so nothing here lags behind a
//! migration), its rows read in primary-key order inside one snapshot, and rows written back with
//! their ids, hashes and timestamps exactly as they were.
//!
//! Values travel in one form whichever backend they come from or go to ([`Cell`]): SQLite keeps
//! booleans as 0/1 and instants as text, Postgres as `boolean` and `timestamp`, and an archive of
//! the same data is byte-for-byte the same from either.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::backend::Backend;
use diesel::pg::PgRowByRowLoadingMode;
use diesel::prelude::*;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::serialize::ToSql;
use diesel::sql_types::{self, HasSqlType, Nullable};
use serde::{Deserialize, Serialize};

use super::{AnyConnection, StorageError, StorageResult};

/// Every table, in the order a restore fills them: each after the tables its references point to.
/// A migration that adds a table must add it here; a backup refuses a database with a table it
/// does not know, so the omission cannot go unnoticed.
pub const TABLES: [&str; 33] = [
    "users",
    "user_roles",
    "sessions",
    "user_tokens",
    "conventions",
    "disclaimers",
    "topics",
    "convention_translations",
    "topic_translations",
    "submissions",
    "revisions",
    "review_events",
    "articles",
    "article_tags",
    "digest_parts",
    "questions",
    "followups",
    "answers",
    "answer_authors",
    "outbox",
    "throttles",
    "site_settings",
    "setup_tokens",
    "subscribers",
    "digest_runs",
    "comments",
    "server_secrets",
    "review_reasons",
    "review_reason_seeds",
    "editor_topics",
    "editor_preferences",
    "reminder_runs",
    "mail_suppressions",
];

/// References that cannot be filled in table order (a submission answers an article, which comes
/// from a submission; an article answers an earlier one): written empty, then set once every row
/// is in. Both tables have an `id` primary key.
const FILLED_LAST: [(&str, &str); 2] = [("submissions", "reply_to_article_id"), ("articles", "reply_to_article_id")];

/// Tables a fresh installation fills by itself before any data exists (the migrations' `setup`
/// setting, a started server's setup links and secrets, request counters): a restore replaces
/// their rows instead of calling the database "not empty".
pub const BOOTSTRAP: [&str; 4] = ["site_settings", "setup_tokens", "server_secrets", "throttles"];

/// The column types the migrations use, the same on both backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 64 bits (SQLite's row ids are `INTEGER`, Postgres's `BIGINT`: the same numbers).
    Integer,
    Text,
    Timestamp,
    Date,
    Bool,
}

impl Kind {
    /// From a column's type as SQLite declares it or Postgres names it.
    fn from_declared(declared: &str) -> Option<Kind> {
        match declared.to_ascii_lowercase().as_str() {
            "bigint" | "integer" => Some(Kind::Integer),
            "text" => Some(Kind::Text),
            "timestamp" | "timestamp without time zone" => Some(Kind::Timestamp),
            "date" => Some(Kind::Date),
            "boolean" => Some(Kind::Bool),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

/// A table as this database has it: its stored columns (not Postgres's generated search column)
/// in the database's order, and its primary key.
#[derive(Debug, Clone)]
pub struct TableShape {
    pub name: &'static str,
    pub columns: Vec<Column>,
    primary_key: Vec<String>,
}

impl TableShape {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// One value in the form both backends share and an archive holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
    Timestamp(NaiveDateTime),
    Date(NaiveDate),
}

/// How an instant is written in an archive: ISO 8601, UTC, as many fractional digits as it has.
const TIMESTAMP_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.f";
const DATE_FORMAT: &str = "%Y-%m-%d";

impl Cell {
    /// A value as a backend's JSON functions give it (0/1 booleans and space-separated instants
    /// from SQLite). Instants keep microseconds, the precision both backends hold: SQLite may hold
    /// nanoseconds that Postgres would drop, and the archive of a site is the same from either.
    fn from_stored(value: serde_json::Value, kind: Kind) -> Result<Cell, String> {
        use chrono::SubsecRound;
        match (kind, value) {
            (Kind::Bool, serde_json::Value::Number(n)) => Ok(Cell::Bool(n.as_i64() != Some(0))),
            (Kind::Timestamp | Kind::Date, serde_json::Value::String(text)) => {
                match Cell::from_archive(serde_json::Value::String(text.replacen(' ', "T", 1)), kind)? {
                    Cell::Timestamp(at) => Ok(Cell::Timestamp(at.trunc_subsecs(6))),
                    other => Ok(other),
                }
            }
            (kind, value) => Cell::from_archive(value, kind),
        }
    }

    /// A value as an archive holds it; anything else is refused with what was expected.
    pub fn from_archive(value: serde_json::Value, kind: Kind) -> Result<Cell, String> {
        use serde_json::Value;
        let cell = match (kind, value) {
            (_, Value::Null) => Some(Cell::Null),
            (Kind::Integer, Value::Number(n)) => n.as_i64().map(Cell::Int),
            (Kind::Text, Value::String(text)) => Some(Cell::Text(text)),
            (Kind::Bool, Value::Bool(b)) => Some(Cell::Bool(b)),
            (Kind::Timestamp, Value::String(text)) => {
                NaiveDateTime::parse_from_str(&text, TIMESTAMP_FORMAT).ok().map(Cell::Timestamp)
            }
            (Kind::Date, Value::String(text)) => NaiveDate::parse_from_str(&text, DATE_FORMAT).ok().map(Cell::Date),
            _ => None,
        };
        cell.ok_or_else(|| format!("expected {}", kind.describe()))
    }

    pub fn to_archive(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Cell::Null => Value::Null,
            Cell::Int(n) => Value::from(*n),
            Cell::Text(text) => Value::from(text.as_str()),
            Cell::Bool(b) => Value::Bool(*b),
            Cell::Timestamp(at) => Value::from(at.format(TIMESTAMP_FORMAT).to_string()),
            Cell::Date(day) => Value::from(day.format(DATE_FORMAT).to_string()),
        }
    }
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Integer => "a whole number",
            Kind::Text => "text",
            Kind::Timestamp => "an instant like 2026-12-07T08:11:41.123456",
            Kind::Date => "a date like 2026-12-07",
            Kind::Bool => "true or false",
        }
    }
}

/// A table's or column's name as SQL quotes it (the names come from the database itself, or from
/// an archive's manifest once they matched the database's, but are quoted all the same).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[derive(QueryableByName)]
struct JsonRow {
    #[diesel(sql_type = sql_types::Text)]
    row: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = sql_types::BigInt)]
    count: i64,
}

/// The shapes of every table this database has, in [`TABLES`] order. A table missing from
/// [`TABLES`] is an error: it would be left out of the archive.
pub fn shapes(conn: &mut AnyConnection) -> StorageResult<Vec<TableShape>> {
    let present = table_names(conn)?;
    if let Some(unknown) = present.iter().find(|name| !TABLES.contains(&name.as_str())) {
        return Err(StorageError::Writer(format!(
            "the database has a table `{unknown}` that backups do not know (add it to storage::archive::TABLES)"
        )));
    }
    TABLES.iter().filter(|name| present.iter().any(|p| p == *name)).map(|name| shape(conn, name)).collect()
}

/// The names of the data tables that exist (not diesel's bookkeeping, not SQLite's search index).
fn table_names(conn: &mut AnyConnection) -> StorageResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = sql_types::Text)]
        name: String,
    }
    let query = match conn {
        AnyConnection::Postgresql(_) => {
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
        AnyConnection::Sqlite(_) => "SELECT name FROM sqlite_master WHERE type = 'table'",
    };
    let names: Vec<Name> = diesel::sql_query(query).load(conn)?;
    Ok(names
        .into_iter()
        .map(|n| n.name)
        .filter(|name| !name.starts_with("__diesel") && !name.starts_with("sqlite_") && !name.contains("_fts"))
        .collect())
}

fn shape(conn: &mut AnyConnection, name: &'static str) -> StorageResult<TableShape> {
    #[derive(QueryableByName)]
    struct Described {
        #[diesel(sql_type = sql_types::Text)]
        name: String,
        #[diesel(sql_type = sql_types::Text)]
        kind: String,
        /// Position in the primary key, from 1; 0 when not in it.
        #[diesel(sql_type = sql_types::Integer)]
        key: i32,
    }
    let described: Vec<Described> = match conn {
        AnyConnection::Postgresql(_) => diesel::sql_query(
            "SELECT c.column_name::text AS name, c.data_type::text AS kind, \
                 COALESCE((SELECT k.position FROM pg_index i \
                   CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) \
                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum \
                   WHERE i.indrelid = $1::regclass AND i.indisprimary AND a.attname = c.column_name), 0)::int AS key \
                 FROM information_schema.columns c \
                 WHERE c.table_schema = current_schema() AND c.table_name = $1 AND c.is_generated = 'NEVER' \
                 ORDER BY c.ordinal_position",
        )
        .bind::<sql_types::Text, _>(name)
        .load(conn)?,
        AnyConnection::Sqlite(_) => diesel::sql_query("SELECT name, type AS kind, pk AS key FROM pragma_table_info(?)")
            .bind::<sql_types::Text, _>(name)
            .load(conn)?,
    };
    let mut columns = Vec::with_capacity(described.len());
    let mut key: Vec<(i32, String)> = Vec::new();
    for column in described {
        let kind = Kind::from_declared(&column.kind).ok_or_else(|| {
            StorageError::Writer(format!("{name}.{} has a type backups do not know: {}", column.name, column.kind))
        })?;
        if column.key > 0 {
            key.push((column.key, column.name.clone()));
        }
        columns.push(Column { name: column.name, kind });
    }
    key.sort();
    Ok(TableShape { name, columns, primary_key: key.into_iter().map(|(_, column)| column).collect() })
}

/// How many rows the table has.
pub fn count(conn: &mut AnyConnection, table: &str) -> StorageResult<i64> {
    let counted: Count =
        diesel::sql_query(format!("SELECT COUNT(*) AS count FROM {}", quoted(table))).get_result(conn)?;
    Ok(counted.count)
}

/// Every row of `table` in primary-key order (text keys by their bytes on both backends), one at
/// a time: a table larger than memory streams through.
pub fn read_rows<E: From<StorageError>>(
    conn: &mut AnyConnection,
    table: &TableShape,
    mut each: impl FnMut(Vec<Cell>) -> Result<(), E>,
) -> Result<(), E> {
    let columns = table.columns.iter().map(|c| quoted(&c.name)).collect::<Vec<_>>().join(", ");
    let order = |collate: &str| {
        table
            .primary_key
            .iter()
            .map(|column| match table.column(column).map(|c| c.kind) {
                Some(Kind::Text) => format!("{}{collate}", quoted(column)),
                _ => quoted(column),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut take = |row: JsonRow| -> Result<(), E> {
        let values: Vec<serde_json::Value> = serde_json::from_str(&row.row)
            .map_err(|e| StorageError::Writer(format!("{}: a row did not read back: {e}", table.name)))?;
        let cells = values
            .into_iter()
            .zip(&table.columns)
            .map(|(value, column)| {
                Cell::from_stored(value, column.kind)
                    .map_err(|e| StorageError::Writer(format!("{}.{}: {e}", table.name, column.name)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        each(cells)
    };
    match conn {
        AnyConnection::Postgresql(pg) => {
            let query = format!(
                "SELECT json_build_array({columns})::text AS row FROM {} ORDER BY {}",
                quoted(table.name),
                order(" COLLATE \"C\"")
            );
            for row in
                diesel::sql_query(query).load_iter::<JsonRow, PgRowByRowLoadingMode>(pg).map_err(StorageError::from)?
            {
                take(row.map_err(StorageError::from)?)?;
            }
        }
        AnyConnection::Sqlite(sqlite) => {
            let query =
                format!("SELECT json_array({columns}) AS row FROM {} ORDER BY {}", quoted(table.name), order(""));
            for row in diesel::sql_query(query)
                .load_iter::<JsonRow, diesel::connection::DefaultLoadingMode>(sqlite)
                .map_err(StorageError::from)?
            {
                take(row.map_err(StorageError::from)?)?;
            }
        }
    }
    Ok(())
}

/// Writes rows into `table`, given as `columns` (a subset of the table's, in any order); a
/// reference in [`FILLED_LAST`] is written empty and returned as `(id, value)` for
/// [`fill_reference`].
pub fn insert_rows(
    conn: &mut AnyConnection,
    table: &TableShape,
    columns: &[String],
    rows: &[Vec<Cell>],
) -> StorageResult<Vec<(&'static str, i64, i64)>> {
    let kinds = columns
        .iter()
        .map(|name| {
            table.column(name).map(|c| c.kind).ok_or_else(|| {
                StorageError::Writer(format!("the database's table {} has no column {name}", table.name))
            })
        })
        .collect::<StorageResult<Vec<_>>>()?;
    let deferred: Vec<(usize, &'static str)> = FILLED_LAST
        .iter()
        .filter(|(t, _)| *t == table.name)
        .filter_map(|(_, column)| columns.iter().position(|c| c == column).map(|at| (at, *column)))
        .collect();
    let id_at = columns.iter().position(|c| c == "id");
    let mut later = Vec::new();
    for row in rows {
        for (at, column) in &deferred {
            if let (Cell::Int(value), Some(Cell::Int(id))) = (&row[*at], id_at.map(|i| &row[i])) {
                later.push((*column, *id, *value));
            }
        }
    }
    if rows.is_empty() {
        return Ok(later);
    }
    let list = columns.iter().map(|c| quoted(c)).collect::<Vec<_>>().join(", ");
    let into = quoted(table.name);
    let width = columns.len();
    match conn {
        AnyConnection::Postgresql(pg) => {
            let mut n = 0;
            let values = placeholders(rows.len(), width, || {
                n += 1;
                format!("${n}")
            });
            let query = diesel::sql_query(format!("INSERT INTO {into} ({list}) VALUES {values}"));
            bind_rows(query.into_boxed(), &kinds, rows, &deferred)?.execute(pg)?;
        }
        AnyConnection::Sqlite(sqlite) => {
            let values = placeholders(rows.len(), width, || "?".to_string());
            let query = diesel::sql_query(format!("INSERT INTO {into} ({list}) VALUES {values}"));
            bind_rows(query.into_boxed(), &kinds, rows, &deferred)?.execute(sqlite)?;
        }
    }
    Ok(later)
}

/// `(p, p), (p, p)` for `rows` rows of `width` placeholders each.
fn placeholders(rows: usize, width: usize, mut next: impl FnMut() -> String) -> String {
    (0..rows)
        .map(|_| format!("({})", (0..width).map(|_| next()).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bind_rows<'f, DB>(
    mut query: BoxedSqlQuery<'f, DB, SqlQuery>,
    kinds: &[Kind],
    rows: &'f [Vec<Cell>],
    deferred: &[(usize, &'static str)],
) -> StorageResult<BoxedSqlQuery<'f, DB, SqlQuery>>
where
    DB: Backend
        + HasSqlType<sql_types::BigInt>
        + HasSqlType<sql_types::Text>
        + HasSqlType<sql_types::Timestamp>
        + HasSqlType<sql_types::Date>
        + HasSqlType<sql_types::Bool>,
    Option<i64>: ToSql<Nullable<sql_types::BigInt>, DB>,
    Option<&'f str>: ToSql<Nullable<sql_types::Text>, DB>,
    Option<NaiveDateTime>: ToSql<Nullable<sql_types::Timestamp>, DB>,
    Option<NaiveDate>: ToSql<Nullable<sql_types::Date>, DB>,
    Option<bool>: ToSql<Nullable<sql_types::Bool>, DB>,
{
    for row in rows {
        for (at, (cell, kind)) in row.iter().zip(kinds).enumerate() {
            let cell = if deferred.iter().any(|(d, _)| *d == at) { &Cell::Null } else { cell };
            query = match (kind, cell) {
                // Postgres narrows it into an `integer` column, refusing a value out of range.
                (Kind::Integer, Cell::Int(n)) => query.bind::<Nullable<sql_types::BigInt>, _>(Some(*n)),
                (Kind::Integer, Cell::Null) => query.bind::<Nullable<sql_types::BigInt>, _>(None::<i64>),
                (Kind::Text, Cell::Text(text)) => query.bind::<Nullable<sql_types::Text>, _>(Some(text.as_str())),
                (Kind::Text, Cell::Null) => query.bind::<Nullable<sql_types::Text>, _>(None::<&str>),
                (Kind::Timestamp, Cell::Timestamp(at)) => query.bind::<Nullable<sql_types::Timestamp>, _>(Some(*at)),
                (Kind::Timestamp, Cell::Null) => query.bind::<Nullable<sql_types::Timestamp>, _>(None::<NaiveDateTime>),
                (Kind::Date, Cell::Date(day)) => query.bind::<Nullable<sql_types::Date>, _>(Some(*day)),
                (Kind::Date, Cell::Null) => query.bind::<Nullable<sql_types::Date>, _>(None::<NaiveDate>),
                (Kind::Bool, Cell::Bool(b)) => query.bind::<Nullable<sql_types::Bool>, _>(Some(*b)),
                (Kind::Bool, Cell::Null) => query.bind::<Nullable<sql_types::Bool>, _>(None::<bool>),
                (kind, _) => return Err(StorageError::Writer(format!("a value is not {}", kind.describe()))),
            };
        }
    }
    Ok(query)
}

/// Sets a reference [`insert_rows`] left empty, now that what it points to is in.
pub fn fill_reference(conn: &mut AnyConnection, table: &str, column: &str, id: i64, value: i64) -> StorageResult<()> {
    let statement = match conn {
        AnyConnection::Postgresql(_) => format!("UPDATE {} SET {} = $1 WHERE id = $2", quoted(table), quoted(column)),
        AnyConnection::Sqlite(_) => format!("UPDATE {} SET {} = ? WHERE id = ?", quoted(table), quoted(column)),
    };
    diesel::sql_query(statement).bind::<sql_types::BigInt, _>(value).bind::<sql_types::BigInt, _>(id).execute(conn)?;
    Ok(())
}

/// Removes the rows of the [`BOOTSTRAP`] tables, which the restore replaces.
pub fn clear_bootstrap(conn: &mut AnyConnection, shapes: &[TableShape]) -> StorageResult<()> {
    for table in shapes.iter().filter(|t| BOOTSTRAP.contains(&t.name)) {
        diesel::sql_query(format!("DELETE FROM {}", quoted(table.name))).execute(conn)?;
    }
    Ok(())
}

/// What keeps the database from being a restore's target, in words ("users: 9 rows", "orders:
/// not a Tribune table"): the tables outside [`BOOTSTRAP`] that hold rows, and tables Tribune
/// does not know. Empty when a restore may go in.
pub fn occupied(conn: &mut AnyConnection) -> StorageResult<Vec<String>> {
    let mut occupied = Vec::new();
    for name in table_names(conn)? {
        match TABLES.iter().copied().find(|known| *known == name) {
            None => occupied.push(format!("{name}: not a Tribune table")),
            Some(known) if BOOTSTRAP.contains(&known) => {}
            Some(known) => {
                let rows = count(conn, known)?;
                if rows > 0 {
                    occupied.push(format!("{name}: {rows} rows"));
                }
            }
        }
    }
    Ok(occupied)
}

/// Moves Postgres's id sequences past the highest id restored, so the next row gets a new id;
/// SQLite does this by itself.
pub fn advance_sequences(conn: &mut AnyConnection, shapes: &[TableShape]) -> StorageResult<()> {
    if let AnyConnection::Postgresql(_) = conn {
        for table in shapes.iter().filter(|t| t.primary_key == ["id"]) {
            diesel::sql_query(format!(
                "SELECT setval(pg_get_serial_sequence('{}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {}",
                table.name,
                quoted(table.name)
            ))
            .execute(conn)?;
        }
    }
    Ok(())
}

/// Fresh statistics for the planner after a bulk load.
pub fn analyze(conn: &mut AnyConnection) -> StorageResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        AnyConnection::Postgresql(pg) => pg.batch_execute("ANALYZE")?,
        AnyConnection::Sqlite(sqlite) => sqlite.batch_execute("ANALYZE")?,
    }
    Ok(())
}

/// Runs `work` inside one read-only snapshot: every table it reads is as of the same instant,
/// while the server goes on writing.
pub fn in_snapshot<T, E: From<StorageError>>(
    conn: &mut AnyConnection,
    work: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
) -> Result<T, E> {
    use diesel::connection::SimpleConnection;
    let begin = match conn {
        AnyConnection::Postgresql(pg) => pg.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
        // A deferred transaction on SQLite in WAL mode reads one snapshot from its first read on.
        AnyConnection::Sqlite(sqlite) => sqlite.batch_execute("BEGIN DEFERRED"),
    };
    begin.map_err(|e| E::from(e.into()))?;
    let result = work(conn);
    let end = match conn {
        AnyConnection::Postgresql(pg) => pg.batch_execute("COMMIT"),
        AnyConnection::Sqlite(sqlite) => sqlite.batch_execute("COMMIT"),
    };
    let value = result?;
    end.map_err(|e| E::from(e.into()))?;
    Ok(value)
}
