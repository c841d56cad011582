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
        convention_translations,
        topic_translations,
        digest_parts,
        site_settings,
        setup_tokens,
        subscribers,
        digest_runs,
        comments,
        server_secrets,
        review_reasons,
        review_reason_seeds,
        editor_topics,
        editor_preferences,
        reminder_runs,
        mail_suppressions
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
struct Texts {
    #[diesel(sql_type = diesel::sql_types::Text)]
    revision: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    article: String,
}

#[derive(QueryableByName)]
struct Linked {
    #[diesel(sql_type = diesel::sql_types::Text)]
    idempotency_key: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    submission_id: Option<i64>,
}

#[derive(QueryableByName)]
struct TableName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// A new database with the migrations before `version` applied, and a connection to it.
fn database_before(
    backend: common::Backend,
    version: &str,
) -> (TestDatabase, tribune::storage::DatabaseUrl, AnyConnection) {
    let database = TestDatabase::create(backend);
    let url = tribune::storage::DatabaseUrl::parse(&database.url).unwrap();
    let mut conn = match &url {
        tribune::storage::DatabaseUrl::Sqlite(path) => {
            AnyConnection::Sqlite(diesel::SqliteConnection::establish(path.to_str().unwrap()).unwrap())
        }
        tribune::storage::DatabaseUrl::Postgres(url) => {
            AnyConnection::Postgresql(diesel::PgConnection::establish(url).unwrap())
        }
    };
    match &mut conn {
        AnyConnection::Sqlite(inner) => migrate_before!(inner, SQLITE_MIGRATIONS, version),
        AnyConnection::Postgresql(inner) => migrate_before!(inner, POSTGRES_MIGRATIONS, version),
    }
    (database, url, conn)
}

/// One published piece, as an older version stored it: its Markdown, the HTML and plain text the
/// revision was rendered to, and the plain text its article holds.
fn old_published_piece(
    conn: &mut AnyConnection,
    title: &str,
    markdown: &str,
    html: &str,
    (revision_text, article_text): (&str, &str),
) {
    let at = "'2026-11-01 00:00:00'";
    for statement in [
        format!(
            "INSERT INTO users (id, email, display_name, location, password_hash, created_at, updated_at) \
                 VALUES (1, 'a@example.org', 'A', 'X', 'h', {at}, {at})"
        ),
        format!(
            "INSERT INTO conventions (id, slug, title, location, starts_on, ends_on, discussion_opens_at, \
                 discussion_closes_at, created_at, updated_at) VALUES (1, 'c', 'C', 'X', '2026-06-13', '2026-06-15', \
                 {at}, {at}, {at}, {at})"
        ),
        format!("INSERT INTO disclaimers (id, convention_id, version, body, created_at) VALUES (1, 1, 1, 'D', {at})"),
        format!(
            "INSERT INTO submissions (id, convention_id, author_id, status, title, current_revision, created_at, \
                 updated_at) VALUES (1, 1, 1, 'published', '{title}', 1, {at}, {at})"
        ),
        format!(
            "INSERT INTO revisions (id, submission_id, number, title, body_markdown, byline_name, byline_location, \
                 tags, word_count, created_at, body_html, body_text) VALUES (1, 1, 1, '{title}', '{markdown}', 'A', 'X', \
                 '', 5, {at}, '{html}', '{revision_text}')"
        ),
        format!(
            "INSERT INTO articles (id, submission_id, convention_id, revision_id, disclaimer_id, slug, title, \
                 byline_name, byline_location, body_html, body_text, status, published_at) VALUES (1, 1, 1, 1, 1, \
                 'old', '{title}', 'A', 'X', '{html}', '{article_text}', 'published', {at})"
        ),
    ] {
        diesel::sql_query(statement).execute(conn).unwrap();
    }
}

/// The database at `url`, migrated to today and upgraded as `tribune migrate` does.
fn migrated_and_upgraded(url: &tribune::storage::DatabaseUrl) -> (Database, tribune::domain::backfill::Upgraded) {
    tribune::storage::migrate(url, std::time::Duration::from_secs(5)).unwrap();
    let options = PoolOptions {
        max_connections: 1,
        connect_timeout: std::time::Duration::from_secs(5),
        busy_timeout: std::time::Duration::from_secs(5),
    };
    let db = Database::open(url, &options).unwrap();
    let upgraded = tribune::domain::backfill::upgrade(&db, "en").unwrap();
    (db, upgraded)
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
            "editor_topics", "editor_preferences", "reminder_runs", "review_reasons", "review_reason_seeds",
            "setup_tokens", "mail_suppressions", "convention_translations", "topic_translations",
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
        let (_database, _, mut conn) = database_before(backend, "2026-11-30-000004");
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

    async fn plain_text_made_before_emphasis_stopped_parting_words_is_made_again(backend) {
        let (_database, url, mut conn) = database_before(backend, "2026-12-02-130001");
        let old_text = "It comes from the Spanish camarada , people who share a room .";
        old_published_piece(
            &mut conn,
            "Comrade",
            "It comes from the Spanish *camarada*, people who share a **room**.",
            "<p>It comes from the Spanish <em>camarada</em>, people who share a <strong>room</strong>.</p>",
            (old_text, old_text),
        );
        drop(conn);
        let (db, upgraded) = migrated_and_upgraded(&url);
        assert_eq!(upgraded.rendered, 1);
        let texts: Texts = diesel::sql_query(
            "SELECT r.body_text AS revision, a.body_text AS article FROM revisions r JOIN articles a ON a.revision_id = r.id",
        )
        .get_result(&mut *db.connection().unwrap())
        .unwrap();
        let remade = "It comes from the Spanish camarada, people who share a room.";
        assert_eq!((texts.revision.as_str(), texts.article.as_str()), (remade, remade));
        common::close(db);
    }

    async fn essays_with_footnotes_published_before_footnotes_were_rendered_show_them_after_the_upgrade(backend) {
        let (_database, url, mut conn) = database_before(backend, "2026-12-08-100001");
        let old_html = "<p>Lenin said so.[^1]</p>\n<p>[^1]: Pravda, 1917.</p>";
        old_published_piece(&mut conn, "Cited", "Lenin said so.[^1]\n\n[^1]: Pravda, 1917.", old_html, ("Lenin said so.", "Lenin said so."));
        drop(conn);
        let (db, upgraded) = migrated_and_upgraded(&url);
        assert_eq!(upgraded.rendered, 1);
        #[derive(diesel::QueryableByName)]
        struct Html {
            #[diesel(sql_type = diesel::sql_types::Text)]
            html: String,
        }
        let article: Html = diesel::sql_query("SELECT body_html AS html FROM articles WHERE id = 1")
            .get_result(&mut *db.connection().unwrap())
            .unwrap();
        assert!(article.html.contains(r#"<ol class="footnotes">"#) && !article.html.contains("[^1]"), "{}", article.html);
        common::close(db);
    }

    async fn pieces_and_questions_saved_before_search_kept_stems_are_found_by_their_stems_after_the_upgrade(backend) {
        let (_database, url, mut conn) = database_before(backend, "2026-12-09-100001");
        let text = "Las bibliotecas públicas abren la discusión.";
        old_published_piece(&mut conn, "Bibliotecas", text, &format!("<p>{text}</p>"), (text, text));
        diesel::sql_query("UPDATE articles SET language = 'es'").execute(&mut conn).unwrap();
        diesel::sql_query(
            "INSERT INTO questions (id, asker_name, asker_email, body, topic, status, headline, slug, created_at, published_at) \
             VALUES (1, 'Ana', 'ana@example.org', 'Who runs the libraries of the union?', 'History', 'published', \
             'Libraries', 'libraries', '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
        )
        .execute(&mut conn)
        .unwrap();
        drop(conn);
        let (db, upgraded) = migrated_and_upgraded(&url);
        assert_eq!((upgraded.rendered, upgraded.indexed), (0, 2));
        let languages = ["en".to_string(), "es".to_string()];
        let mut conn = db.connection().unwrap();
        for query in ["biblioteca", "discusion publica", "\"bibliotecas publicas\""] {
            let query = tribune::search::Query::parse(query, &languages);
            let found = tribune::storage::articles::search(&mut conn, &query, &Default::default(), 0, 10).unwrap();
            assert_eq!((found.ids, found.total), (vec![1], 1), "{query:?}");
        }
        let query = tribune::search::Query::parse("library", &languages);
        assert_eq!(tribune::storage::mailbag::similar(&mut conn, &query, 5).unwrap(), [1]);
        if let AnyConnection::Sqlite(_) = *conn {
            // FTS5 checks its index against the stems the tables hold.
            for table in ["articles_fts", "questions_fts"] {
                let check = format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)");
                diesel::sql_query(check).execute(&mut *conn).unwrap();
            }
        }
        drop(conn);
        assert_eq!(tribune::domain::backfill::upgrade(&db, "en").unwrap().indexed, 0, "each text is indexed once");
        common::close(db);
    }

    async fn disclaimers_from_before_languages_are_in_the_default_language_and_numbered_with_it(backend) {
        let (_database, url, mut conn) = database_before(backend, "2026-12-10-100001");
        old_published_piece(&mut conn, "Old", "Old text.", "<p>Old text.</p>", ("Old text.", "Old text."));
        if let AnyConnection::Postgresql(_) = conn {
            // The rows above were given their ids: new ones come after them.
            diesel::sql_query("SELECT setval(pg_get_serial_sequence('disclaimers', 'id'), 1)").execute(&mut conn).unwrap();
        }
        drop(conn);
        let (db, _) = migrated_and_upgraded(&url);
        let mut conn = db.connection().unwrap();
        use tribune::domain::convention::{DisclaimerView, add_disclaimer, add_disclaimer_in};
        use tribune::storage::conventions::{disclaimer_for, find_disclaimer};
        let old = find_disclaimer(&mut conn, 1).unwrap().unwrap();
        assert_eq!((old.version, old.body.as_str(), old.language.as_deref()), (1, "D", None));
        assert_eq!(DisclaimerView::of(old, "en").language, "en", "in the discussion's default language");
        let spanish = add_disclaimer_in(&mut conn, "c", "Las opiniones son de sus autores.", Some("es"), None).unwrap();
        assert_eq!((spanish.version, spanish.language.as_deref()), (1, Some("es")), "numbered per language");
        assert_eq!(disclaimer_for(&mut conn, 1, "en").unwrap().unwrap().id, 1, "an English piece still gets the old one");
        let english = add_disclaimer(&mut conn, "c", "The views are the authors' own.", None).unwrap();
        assert_eq!((english.version, english.language.as_deref()), (2, None), "after the old one, in the same language");
        assert_eq!(disclaimer_for(&mut conn, 1, "es").unwrap().unwrap().id, spanish.id);
        assert_eq!(disclaimer_for(&mut conn, 1, "en").unwrap().unwrap().id, english.id);
        assert_eq!(disclaimer_for(&mut conn, 1, "fr").unwrap().unwrap().id, english.id, "else the default language's");
        #[derive(diesel::QueryableByName)]
        struct Kept {
            #[diesel(sql_type = diesel::sql_types::Text)]
            body: String,
        }
        let kept: Kept = diesel::sql_query("SELECT d.body AS body FROM articles a JOIN disclaimers d ON d.id = a.disclaimer_id")
            .get_result(&mut *conn)
            .unwrap();
        assert_eq!(kept.body, "D", "the published piece keeps its version");
        drop(conn);
        common::close(db);
    }

    async fn mail_queued_before_the_timeline_names_its_submission(backend) {
        let (_database, _, mut conn) = database_before(backend, "2026-12-03-100003");
        let at = "'2026-11-01 00:00:00'";
        let mut statements = vec![
            format!("INSERT INTO users (id, email, display_name, location, password_hash, created_at, updated_at) \
                     VALUES (1, 'a@example.org', 'A', 'X', 'h', {at}, {at})"),
            format!("INSERT INTO conventions (id, slug, title, location, starts_on, ends_on, discussion_opens_at, \
                     discussion_closes_at, created_at, updated_at) VALUES (1, 'c', 'C', 'X', '2026-06-13', '2026-06-15', \
                     {at}, {at}, {at}, {at})"),
            format!("INSERT INTO submissions (id, convention_id, author_id, status, title, current_revision, created_at, \
                     updated_at) VALUES (7, 1, 1, 'rejected', 'Old', 1, {at}, {at})"),
        ];
        let keys = ["submitted-7-1", "queue-7-1-e@example.org", "rejected-7", "comment-7-123", "published-8",
            "comment-approved-3-7", "verify-7", "digest-1-2026-11-01-7"];
        for (n, key) in keys.iter().enumerate() {
            statements.push(format!("INSERT INTO outbox (id, idempotency_key, recipient, subject, body_text, body_html, \
                status, attempts, next_attempt_at, created_at) VALUES ({}, '{key}', 'a@example.org', 'S', 't', 'h', 'sent', 1, {at}, {at})", n + 1));
        }
        for statement in statements {
            diesel::sql_query(statement).execute(&mut conn).unwrap();
        }
        assert!(tribune::storage::run_migrations(&mut conn).unwrap() >= 1);
        let linked: Vec<Linked> = diesel::sql_query("SELECT idempotency_key, submission_id FROM outbox ORDER BY id")
            .load(&mut conn)
            .unwrap();
        let linked: Vec<(&str, Option<i64>)> = linked.iter().map(|l| (l.idempotency_key.as_str(), l.submission_id)).collect();
        assert_eq!(linked, [
            ("submitted-7-1", Some(7)), ("queue-7-1-e@example.org", Some(7)), ("rejected-7", Some(7)), ("comment-7-123", Some(7)),
            ("published-8", None), ("comment-approved-3-7", None), ("verify-7", None), ("digest-1-2026-11-01-7", None),
        ], "only keys naming an existing submission are linked");
    }
}
