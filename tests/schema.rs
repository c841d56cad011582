//! `src/storage/schema.rs` is written by hand; both backends' migrations must produce exactly it.

mod common;

use common::TestDatabase;
use diesel::prelude::*;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use tribune::storage::schema::*;
use tribune::storage::{AnyConnection, Database, PoolOptions, StorageError};

fn columns_exist(conn: &mut AnyConnection) -> Result<(), StorageError> {
    // A SELECT of every declared column fails if any is missing or misnamed.
    macro_rules! probe {
        ($($table:ident),*) => {
            $( $table::table.select($table::all_columns).limit(0).execute(conn)?; )*
        };
    }
    probe!(
        users,
        user_roles,
        sessions,
        user_tokens,
        conventions,
        disclaimers,
        submissions,
        revisions,
        review_events,
        articles,
        article_tags,
        questions,
        answers,
        answer_authors,
        followups,
        outbox,
        throttles,
        topics,
        digest_parts,
        site_settings,
        subscribers,
        digest_runs,
        comments,
        server_secrets
    );
    Ok(())
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies the migrations older than `version` (a directory name's date and number), one by one.
macro_rules! migrate_before {
    ($conn:expr, $source:expr, $version:expr) => {
        loop {
            let pending = $conn.pending_migrations($source).unwrap();
            let Some(next) = pending.first() else { break };
            if next.name().to_string().as_str() >= $version {
                break;
            }
            $conn.run_migration(next.as_ref()).unwrap();
        }
    };
}

#[derive(QueryableByName)]
struct Shown {
    #[diesel(sql_type = diesel::sql_types::Text)]
    answer: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    signature: String,
}

#[derive(QueryableByName)]
struct TableName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

on_both_backends! {
    async fn schema_matches_migrations(backend) {
        let database = TestDatabase::create(backend);
        let url = tribune::storage::DatabaseUrl::parse(&database.url).unwrap();
        let options = PoolOptions {
            max_connections: 1,
            connect_timeout: std::time::Duration::from_secs(5),
            busy_timeout: std::time::Duration::from_secs(5),
        };
        let db = Database::open(&url, &options).unwrap();
        let mut conn = db.connection().unwrap();
        columns_exist(&mut conn).unwrap();

        let query = match &mut *conn {
            AnyConnection::Sqlite(_) => "SELECT name FROM sqlite_master WHERE type = 'table' \
                AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name <> '__diesel_schema_migrations'",
            AnyConnection::Postgresql(_) => "SELECT table_name AS name FROM information_schema.tables \
                WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
        };
        let mut tables: Vec<String> = diesel::sql_query(query)
            .load::<TableName>(&mut *conn)
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        tables.sort();
        let mut declared = vec![
            "users", "user_roles", "sessions", "user_tokens", "conventions", "disclaimers", "submissions",
            "revisions", "review_events", "articles", "article_tags", "questions", "answers",
            "answer_authors", "followups", "outbox", "throttles", "topics", "digest_parts", "site_settings",
            "subscribers", "digest_runs", "comments", "server_secrets",
        ];
        declared.sort();
        assert_eq!(tables, declared, "tables in the database and in schema.rs differ");
    }

    async fn migrations_can_be_applied_twice(backend) {
        let database = TestDatabase::create(backend);
        let url = tribune::storage::DatabaseUrl::parse(&database.url).unwrap();
        let timeout = std::time::Duration::from_secs(5);
        let tree = match backend { common::Backend::Sqlite => "sqlite", common::Backend::Postgres => "postgres" };
        let migrations = std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(tree))
            .unwrap()
            .filter(|entry| entry.as_ref().is_ok_and(|e| e.path().is_dir()))
            .count();
        assert_eq!(tribune::storage::migrate(&url, timeout).unwrap(), migrations);
        assert_eq!(tribune::storage::migrate(&url, timeout).unwrap(), 0);
    }

    async fn answers_and_cosigners_from_before_the_review_migration_stay_shown(backend) {
        let database = TestDatabase::create(backend);
        let url = tribune::storage::DatabaseUrl::parse(&database.url).unwrap();
        let mut conn = match url {
            tribune::storage::DatabaseUrl::Sqlite(path) => {
                AnyConnection::Sqlite(diesel::SqliteConnection::establish(path.to_str().unwrap()).unwrap())
            }
            tribune::storage::DatabaseUrl::Postgres(url) => AnyConnection::Postgresql(diesel::PgConnection::establish(&url).unwrap()),
        };
        const REVIEW: &str = "2026-11-30-000004";
        match &mut conn {
            AnyConnection::Sqlite(inner) => migrate_before!(inner, SQLITE_MIGRATIONS, REVIEW),
            AnyConnection::Postgresql(inner) => migrate_before!(inner, POSTGRES_MIGRATIONS, REVIEW),
        }
        for statement in [
            "INSERT INTO users (id, email, display_name, location, password_hash, created_at, updated_at) VALUES \
             (1, 'a@example.org', 'A', 'X', 'h', '2026-11-01 00:00:00', '2026-11-01 00:00:00'), \
             (2, 'b@example.org', 'B', 'X', 'h', '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
            "INSERT INTO questions (id, asker_name, asker_email, body, topic, status, headline, slug, created_at, published_at) \
             VALUES (1, 'Ana', 'ana@example.org', 'A question asked long ago', 'History', 'published', 'Old', 'old', \
             '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
            "INSERT INTO answers (id, question_id, body_markdown, body_html, created_at, updated_at) \
             VALUES (1, 1, 'Yes.', '<p>Yes.</p>', '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
            "INSERT INTO answer_authors (answer_id, user_id) VALUES (1, 1), (1, 2)",
        ] {
            diesel::sql_query(statement).execute(&mut conn).unwrap();
        }
        assert!(tribune::storage::run_migrations(&mut conn).unwrap() >= 1);
        let shown: Vec<Shown> = diesel::sql_query(
            "SELECT a.status AS answer, s.status AS signature FROM answers a JOIN answer_authors s ON s.answer_id = a.id",
        )
        .load(&mut conn)
        .unwrap();
        assert_eq!(shown.len(), 2);
        assert!(shown.iter().all(|s| s.answer == "approved" && s.signature == "confirmed"));
    }
}
