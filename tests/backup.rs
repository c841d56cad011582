//! Backups and moving between backends, as an operator runs them: `tribune backup` of a serving
//! site, `tribune restore` into an empty database of the other backend, `tribune copy` while
//! members write, and the archives a restore must refuse without changing anything.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use common::{Backend, CONVENTION, PASSWORD, TestApp, TestDatabase, config_dir};
use diesel::prelude::*;
use serde_json::{Value, json};
use tribune::storage::{AnyConnection, DatabaseUrl, archive, schema};

fn other(backend: Backend) -> Backend {
    match backend {
        Backend::Sqlite => Backend::Postgres,
        Backend::Postgres => Backend::Sqlite,
    }
}

/// `tribune ARGS` on the database at `url`, run to the end.
fn tribune(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tribune"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("TRIBUNE_CONFIG_DIR", config_dir())
        .env("RUST_LOG", "error")
        .output()
        .expect("run tribune")
}

fn succeeded(output: &Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{what} failed: {stderr}");
    stderr
}

/// Runs `tribune restore` expecting a refusal: exit 1 and a message containing `says`.
fn refused(url: &str, archive: &Path, says: &str) {
    let output = tribune(url, &["restore", "--input", archive.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "restore of {} should fail: {stderr}", archive.display());
    assert!(stderr.contains(says), "the refusal should say {says:?}: {stderr}");
}

fn backup_to(url: &str, path: &Path) -> String {
    succeeded(&tribune(url, &["backup", "--output", path.to_str().unwrap()]), "backup")
}

/// The archive's entries: name and bytes as stored (tables gzipped).
fn entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = tar::Archive::new(std::fs::File::open(path).unwrap());
    archive
        .entries()
        .unwrap()
        .map(|entry| {
            let mut entry = entry.unwrap();
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

fn manifest(path: &Path) -> Value {
    let (name, bytes) = entries(path).into_iter().next().unwrap();
    assert_eq!(name, "manifest.json");
    serde_json::from_slice(&bytes).unwrap()
}

/// Each table's name, row count and checksum: equal for two archives of the same rows.
fn table_digests(path: &Path) -> Vec<(String, u64, String)> {
    manifest(path)["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (t["name"].as_str().unwrap().into(), t["rows"].as_u64().unwrap(), t["sha256"].as_str().unwrap().into())
        })
        .collect()
}

/// Writes an archive of `entries` (as [`entries`] reads them).
fn write_archive(path: &Path, entries: &[(String, Vec<u8>)]) {
    let mut builder = tar::Builder::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        builder.append_data(&mut header, name, bytes.as_slice()).unwrap();
    }
    builder.finish().unwrap();
}

fn scratch(database: &TestDatabase, name: &str) -> PathBuf {
    database.scratch_dir().join(name)
}

fn connect(url: &str) -> AnyConnection {
    DatabaseUrl::parse(url).unwrap().connect(Duration::from_secs(5)).unwrap()
}

/// Rows of the tables whose types the move must keep exactly (ids, hashes, microseconds, nulls,
/// dates, booleans, long texts), read through the application's own schema: independent of the
/// archive's form, so a loss on the way out and back in would show here.
fn typed_rows(url: &str) -> Vec<String> {
    let mut conn = connect(url);
    let users = schema::users::table
        .select((
            schema::users::id,
            schema::users::email,
            schema::users::password_hash,
            schema::users::email_verified_at,
            schema::users::created_at,
            schema::users::trusted_commenter,
        ))
        .order(schema::users::id)
        .load::<(i64, String, String, Option<chrono::NaiveDateTime>, chrono::NaiveDateTime, bool)>(&mut conn)
        .unwrap();
    let sessions = schema::sessions::table
        .select((
            schema::sessions::id,
            schema::sessions::token_hash,
            schema::sessions::expires_at,
            schema::sessions::revoked_at,
        ))
        .order(schema::sessions::id)
        .load::<(i64, String, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>)>(&mut conn)
        .unwrap();
    let conventions = schema::conventions::table
        .select((
            schema::conventions::id,
            schema::conventions::number,
            schema::conventions::starts_on,
            schema::conventions::discussion_opens_at,
            schema::conventions::homepage_text,
        ))
        .order(schema::conventions::id)
        .load::<(i64, Option<i32>, chrono::NaiveDate, chrono::NaiveDateTime, Option<String>)>(&mut conn)
        .unwrap();
    let articles = schema::articles::table
        .select((
            schema::articles::id,
            schema::articles::slug,
            schema::articles::body_html,
            schema::articles::published_at,
            schema::articles::reply_to_article_id,
            schema::articles::is_digest,
        ))
        .order(schema::articles::id)
        .load::<(i64, String, String, chrono::NaiveDateTime, Option<i64>, bool)>(&mut conn)
        .unwrap();
    let outbox = schema::outbox::table
        .select((
            schema::outbox::id,
            schema::outbox::recipient,
            schema::outbox::status,
            schema::outbox::attempts,
            schema::outbox::next_attempt_at,
            schema::outbox::sent_at,
            schema::outbox::body_text,
        ))
        .order(schema::outbox::id)
        .load::<(i64, String, String, i32, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>, String)>(&mut conn)
        .unwrap();
    assert!(!users.is_empty() && !sessions.is_empty() && !articles.is_empty() && !outbox.is_empty());
    vec![
        format!("{users:?}"),
        format!("{sessions:?}"),
        format!("{conventions:?}"),
        format!("{articles:?}"),
        format!("{outbox:?}"),
    ]
}

/// The demo, a hundred generated essays, and a member signed in with a password reset queued
/// but not yet sent (the source's mail worker looks only once an hour).
async fn busy_site(backend: Backend) -> TestApp {
    let app = TestApp::spawn_with_smtp_down(backend, |f| f.merge(("mail.poll_interval_ms", 3_600_000))).await;
    let services = tribune::app::Services::new(&app.settings, app.db.clone()).unwrap();
    tribune::demo::load(&services, app.settings.password.cost, &mut std::io::sink()).await.unwrap();
    tribune::bench_data::load(&app.db, 100, 0, &mut std::io::sink()).unwrap();
    app
}

on_both_backends! {
    async fn a_site_moved_to_the_other_backend_carries_on_where_it_was(backend) {
        let source = busy_site(backend).await;
        let dolores = source.sign_in("dolores@demo.invalid", tribune::demo::DEMO_PASSWORD).await;
        let reset = source.post_json("/api/v1/auth/password-reset", &json!({"email": "dolores@demo.invalid"})).await;
        assert_eq!(reset.status(), 202);
        let listing: Value = source.get("/api/v1/articles").await.json().await.unwrap();
        let slug = listing["items"][0]["slug"].as_str().unwrap().to_string();
        let article = source.get(&format!("/articles/{slug}")).await.bytes().await.unwrap();

        // Taken while the source serves.
        let archive = scratch(&source.database, "site.tar");
        let progress = backup_to(&source.database.url, &archive);
        assert!(progress.contains("rows (100%)"), "the backup shows its progress: {progress}");

        // The operator started the new server once before restoring (it made its secrets and a
        // setup link), and stopped it.
        let target = TestDatabase::create(other(backend));
        let smtp = common::smtp::SmtpServer::reserve();
        let mut started = common::process::serve(&target.url, common::process::free_port(), &smtp, &target.scratch_dir(), &[]);
        started.kill().unwrap();
        started.wait().unwrap();
        succeeded(&tribune(&target.url, &["restore", "--input", archive.to_str().unwrap()]), "restore");
        let copy = scratch(&source.database, "copy.tar");
        backup_to(&target.url, &copy);
        assert_eq!(table_digests(&copy), table_digests(&archive), "every row is the same after the move");
        assert_eq!(typed_rows(&target.url), typed_rows(&source.database.url), "read back, the rows are equal value for value");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&archive).unwrap().permissions().mode() & 0o777, 0o600, "only its owner reads a backup");
        assert!(manifest(&archive)["tables"].as_array().unwrap().iter().all(|t| t["rows"].as_u64() > Some(0)
            || !["users", "sessions", "submissions", "revisions", "review_events", "articles", "outbox", "questions", "answers"]
                .contains(&t["name"].as_str().unwrap())), "the site had rows in every table that matters");
        let restored = manifest(&archive)["tables"].as_array().unwrap().iter().find(|t| t["name"] == "submissions").unwrap()
            ["rows"].as_i64().unwrap();
        drop(source);

        let moved = TestApp::spawn_on(target).await;
        let served = moved.get(&format!("/articles/{slug}")).await.bytes().await.unwrap();
        assert_eq!(served, article, "the moved site serves the same article, byte for byte");

        let me = moved.as_user(reqwest::Method::GET, "/api/v1/me", &dolores).send().await.unwrap();
        assert_eq!(me.status(), 200, "a session opened before the move still works");
        let me: Value = me.json().await.unwrap();
        assert_eq!(me["email"], "dolores@demo.invalid");
        moved.sign_in("dolores@demo.invalid", tribune::demo::DEMO_PASSWORD).await;

        moved.smtp.wait_for("dolores@demo.invalid", "Reset your").await;
        // Twenty more passes of the mail worker: the message queued before the move goes once.
        actix_web::rt::time::sleep(Duration::from_millis(1000)).await;
        let resets = moved.smtp.all().into_iter().filter(|m| m.subject.starts_with("Reset your")).count();
        assert_eq!(resets, 1, "the queued email is delivered once");

        // New rows get new ids: on Postgres the sequences were moved past the restored ones.
        let (status, created) = moved
            .call(reqwest::Method::POST, "/api/v1/submissions", &dolores, json!({"convention": "bench",
                "title": "Written after the move", "body": "A draft on the moved site.", "byline_name": "Dolores",
                "byline_location": "Milwaukee", "tags": []}))
            .await;
        assert_eq!(status, 201, "{created}");
        assert!(created["id"].as_i64().unwrap() > restored, "{created} after {restored} restored submissions");
    }

    async fn a_backup_taken_while_members_write_restores_whole(backend) {
        let app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, 0, 1500).await;
        app.disclaimer(&cast.admin, CONVENTION, "The views are the authors' own.").await;
        let before = 5;
        for n in 0..before {
            app.draft(&cast.member, &format!("Before the copy {n}"), "A draft written before the copy.", &[]).await;
        }
        let target = TestDatabase::create(other(backend));
        let (source_url, target_url) = (app.database.url.clone(), target.url.clone());
        let copying = std::thread::spawn(move || tribune(&source_url, &["copy", "--to", &target_url]));
        // Members keep writing drafts (a submission and its revision in one transaction) while
        // the copy reads table after table: only a snapshot keeps every revision's submission.
        let mut written = before;
        loop {
            app.draft(&cast.member, &format!("During the copy {written}"), "A draft written during the copy.", &[]).await;
            written += 1;
            if copying.is_finished() {
                break;
            }
        }
        let output = copying.join().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        succeeded(&output, "copy");
        assert!(stdout.contains("copied"), "{stdout}");

        let copied = TestApp::spawn_on(target).await;
        let member = copied.sign_in("member@example.org", PASSWORD).await;
        let (status, mine) = copied.call(reqwest::Method::GET, "/api/v1/me/submissions", &member, json!(null)).await;
        assert_eq!(status, 200);
        let titles: Vec<&str> = mine["items"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
        for n in 0..before {
            assert!(titles.contains(&format!("Before the copy {n}").as_str()), "{titles:?}");
        }
    }

    async fn a_damaged_or_foreign_archive_is_refused_and_changes_nothing(backend) {
        let mut app = TestApp::spawn(backend).await;
        let cast = app.cast().await;
        app.convention(&cast.admin, CONVENTION, 0, 1500).await;
        app.disclaimer(&cast.admin, CONVENTION, "The views are the authors' own.").await;
        app.published(&cast.member, &cast.editor, "A published piece", &"Words of the piece. ".repeat(200), &[]).await;
        // Nothing changes the site behind the test's back (mail sent, pieces published) from here.
        app.stop_background();
        let good = scratch(&app.database, "good.tar");
        backup_to(&app.database.url, &good);
        let bytes = std::fs::read(&good).unwrap();
        let target = TestDatabase::create(backend);

        let truncated = scratch(&app.database, "truncated.tar");
        std::fs::write(&truncated, &bytes[..bytes.len() * 2 / 3]).unwrap();
        refused(&target.url, &truncated, "truncated");

        // One byte changed inside the revisions' compressed rows.
        let flipped = scratch(&app.database, "flipped.tar");
        let offset = {
            let mut archive = tar::Archive::new(std::fs::File::open(&good).unwrap());
            let entry = archive
                .entries()
                .unwrap()
                .map(|e| e.unwrap())
                .find(|e| e.path().unwrap().to_string_lossy() == "tables/revisions.jsonl.gz")
                .unwrap();
            (entry.raw_file_position() + entry.size() / 2) as usize
        };
        let mut damaged = bytes.clone();
        damaged[offset] ^= 0x55;
        std::fs::write(&flipped, &damaged).unwrap();
        refused(&target.url, &flipped, "damaged");

        let mut parts = entries(&good);
        let tables: Vec<(String, Vec<u8>)> = parts.split_off(1);
        let original: Value = serde_json::from_slice(&parts[0].1).unwrap();
        let with_manifest = |name: &str, change: &dyn Fn(&mut Value)| {
            let mut manifest = original.clone();
            change(&mut manifest);
            let path = scratch(&app.database, name);
            let mut all = vec![("manifest.json".to_string(), serde_json::to_vec(&manifest).unwrap())];
            all.extend(tables.iter().cloned());
            write_archive(&path, &all);
            path
        };
        let newer = with_manifest("newer.tar", &|m| m["schema_version"] = json!("29991231000000"));
        refused(&target.url, &newer, "newer Tribune");
        let miscounted = with_manifest("miscounted.tar", &|m| {
            let revisions = m["tables"].as_array_mut().unwrap().iter_mut().find(|t| t["name"] == "revisions").unwrap();
            revisions["rows"] = json!(revisions["rows"].as_u64().unwrap() + 1);
        });
        refused(&target.url, &miscounted, "do not match the manifest");
        let later_format = with_manifest("later-format.tar", &|m| m["format_version"] = json!(2));
        refused(&target.url, &later_format, "format version is 2");
        let renamed = with_manifest("renamed.tar", &|m| {
            let users = m["tables"].as_array_mut().unwrap().iter_mut().find(|t| t["name"] == "users").unwrap();
            users["columns"][1]["name"] = json!("mail");
        });
        refused(&target.url, &renamed, "does not fit");
        let rewritten = with_manifest("rewritten.tar", &|_| {});
        assert_eq!(table_digests(&rewritten), table_digests(&good), "the test rebuilds archives faithfully");

        let foreign = scratch(&app.database, "notes.txt");
        std::fs::write(&foreign, "These are the minutes of the last meeting, not a backup.\n".repeat(40)).unwrap();
        refused(&target.url, &foreign, "not a Tribune backup");

        // Nothing was written: not even the schema.
        let mut conn = tribune::storage::DatabaseUrl::parse(&target.url).unwrap().connect(Duration::from_secs(5)).unwrap();
        let status = tribune::storage::migration_status(&mut conn).unwrap();
        assert!(status.applied.is_empty(), "a refused restore built no schema: {:?}", status.applied);
        drop(conn);

        // A database that holds a site is never overwritten, and keeps every row.
        refused(&app.database.url, &good, "not empty");
        let after = scratch(&app.database, "after.tar");
        backup_to(&app.database.url, &after);
        assert_eq!(table_digests(&after), table_digests(&good), "the site is as it was");

        // The rebuilt archive of the same rows restores.
        succeeded(&tribune(&target.url, &["restore", "--input", rewritten.to_str().unwrap()]), "restore of a sound archive");
    }
    async fn reads_in_a_snapshot_do_not_see_what_is_written_meanwhile(backend) {
        let database = TestDatabase::create(backend);
        let url = DatabaseUrl::parse(&database.url).unwrap();
        tribune::storage::migrate(&url, Duration::from_secs(5)).unwrap();
        let (mut reader, mut writer) = (connect(&database.url), connect(&database.url));
        let counted = archive::in_snapshot(&mut reader, |reader| {
            let before = archive::count(reader, "users")?;
            diesel::sql_query("INSERT INTO users (email, display_name, location, password_hash, created_at, updated_at, trusted_commenter) \
                VALUES ('late@example.org', 'Late', 'Here', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, false)")
                .execute(&mut writer)
                .unwrap();
            Ok::<_, tribune::storage::StorageError>((before, archive::count(reader, "users")?))
        })
        .unwrap();
        assert_eq!(counted, (0, 0), "the snapshot kept the table as it was at its first read");
        assert_eq!(archive::count(&mut reader, "users").unwrap(), 1, "after it, the row is there");
    }

    async fn an_archive_of_an_older_schema_restores_and_is_brought_up_to_date(backend) {
        let source = TestDatabase::create(backend);
        let url = DatabaseUrl::parse(&source.url).unwrap();
        let known = tribune::storage::known_migrations(&url).unwrap();
        let older = &known[known.len() - 3];
        let mut conn = connect(&source.url);
        tribune::storage::run_migrations_through(&mut conn, older).unwrap();
        diesel::sql_query("INSERT INTO users (email, display_name, location, password_hash, created_at, updated_at, trusted_commenter) \
            VALUES ('early@example.org', 'Early', 'Then', 'hash', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, true)")
            .execute(&mut conn)
            .unwrap();
        drop(conn);
        let archive = scratch(&source, "older.tar");
        backup_to(&source.url, &archive);
        assert_eq!(manifest(&archive)["schema_version"], older.as_str());

        let target = TestDatabase::create(other(backend));
        succeeded(&tribune(&target.url, &["restore", "--input", archive.to_str().unwrap()]), "restore of an older archive");
        let mut conn = connect(&target.url);
        let status = tribune::storage::migration_status(&mut conn).unwrap();
        assert!(status.pending.is_empty(), "the restored site was brought up to this Tribune's schema: {:?}", status.pending);
        let emails: Vec<String> = schema::users::table.select(schema::users::email).load(&mut conn).unwrap();
        assert_eq!(emails, ["early@example.org"]);
    }
    async fn backup_restore_and_copy_refuse_what_they_cannot_do(backend) {
        // Nothing to back up: a database no migration has run on, or an SQLite file that is not there.
        let bare = TestDatabase::create(backend);
        let nowhere = scratch(&bare, "nowhere.tar");
        let output = tribune(&bare.url, &["backup", "--output", nowhere.to_str().unwrap()]);
        let said = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{said}");
        let expected = match backend {
            Backend::Sqlite => "there is no SQLite database at",
            Backend::Postgres => "there is nothing to back up",
        };
        assert!(said.contains(expected), "{said}");
        assert!(!nowhere.exists());
        if let Backend::Sqlite = backend {
            let path = bare.url.trim_start_matches("sqlite://");
            assert!(!Path::new(path).exists(), "a mistyped path makes no database");
        }

        // A copy onto itself.
        let source = TestDatabase::create(backend);
        tribune::storage::migrate(&DatabaseUrl::parse(&source.url).unwrap(), Duration::from_secs(5)).unwrap();
        let output = tribune(&source.url, &["copy", "--to", &source.url]);
        assert_eq!(output.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&output.stderr).contains("the source and the target are the same database"));

        // An archive of an older schema into an empty database already at this Tribune's.
        let known = tribune::storage::known_migrations(&DatabaseUrl::parse(&bare.url).unwrap()).unwrap();
        let older_source = TestDatabase::create(backend);
        tribune::storage::run_migrations_through(&mut connect(&older_source.url), &known[known.len() - 2]).unwrap();
        let older = scratch(&older_source, "older.tar");
        backup_to(&older_source.url, &older);
        refused(&source.url, &older, "is already at a newer schema");
        assert_eq!(archive::count(&mut connect(&source.url), "users").unwrap(), 0);
    }
}
