//! `src/storage/schema.rs` is written by hand; both backends' migrations must produce exactly it.

mod common;

use common::TestDatabase;
use diesel::prelude::*;
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
        assert_eq!(tribune::storage::migrate(&url, timeout).unwrap(), 3);
        assert_eq!(tribune::storage::migrate(&url, timeout).unwrap(), 0);
    }
}
