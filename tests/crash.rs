//! A crash loses nothing acknowledged: `tribune serve` runs as a child process, several clients
//! create and submit essays at once, the process is killed with SIGKILL mid-load and started
//! again on the same database. Every write answered with a 2xx is there, the outbox resumes, and
//! the receipts go out (a message caught between the SMTP server's acceptance and its mark as
//! sent may go out twice; the test counts such repeats and allows at most the one in flight).
//! Four writers for 2.5 seconds make several hundred messages; on a loaded 2-core machine the
//! outbox may need a minute or more to catch up, hence the generous wait.

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use common::process::{free_port, seed, serve};
use common::{PASSWORD, TestDatabase, smtp::SmtpServer};

on_both_backends! {
    async fn every_acknowledged_write_survives_a_sigkill(backend) {
        let database = TestDatabase::create(backend);
        let url = database.url.clone();
        seed(&url);
        let smtp = SmtpServer::reserve();
        smtp.start();
        let dir = database.scratch_dir();
        let port = free_port();
        let mut child = serve(&url, port, &smtp, &dir, &[]);
        let base = format!("http://127.0.0.1:{port}/api/v1");
        let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
        let login: serde_json::Value = client.post(format!("{base}/auth/login"))
            .json(&json!({"email": "writer@example.org", "password": PASSWORD})).send().await.unwrap().json().await.unwrap();
        let token = login["token"].as_str().unwrap().to_string();

        // Acknowledged writes: created drafts, and submissions answered 200.
        let created = Arc::new(Mutex::new(HashSet::new()));
        let submitted = Arc::new(Mutex::new(HashSet::new()));
        let mut writers = Vec::new();
        for writer in 0..4 {
            let (client, base, token) = (client.clone(), base.clone(), token.clone());
            let (created, submitted) = (created.clone(), submitted.clone());
            writers.push(actix_web::rt::spawn(async move {
                for n in 0.. {
                    let body = json!({"convention": "crash", "title": format!("Essay {writer}-{n} under load"),
                        "body": "Several words of an essay written under load.", "byline_name": "W", "byline_location": "C"});
                    let Ok(response) = client.post(format!("{base}/submissions")).bearer_auth(&token).json(&body).send().await else { break };
                    if response.status() != 201 { break; }
                    let Ok(json) = response.json::<serde_json::Value>().await else { break };
                    let id = json["id"].as_i64().unwrap();
                    created.lock().unwrap().insert(id);
                    let Ok(response) = client.post(format!("{base}/submissions/{id}/submit")).bearer_auth(&token).send().await else { break };
                    if response.status() == 200 {
                        submitted.lock().unwrap().insert(id);
                    } else {
                        break;
                    }
                }
            }));
        }
        actix_web::rt::time::sleep(Duration::from_millis(2500)).await;
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        for writer in writers {
            let _ = writer.await;
        }
        let (created, submitted) = (created.lock().unwrap().clone(), submitted.lock().unwrap().clone());
        assert!(submitted.len() >= 10, "the load ran: {} submitted before the kill", submitted.len());

        let mut child = serve(&url, port, &smtp, &dir, &[]);
        for id in &created {
            let response = client.get(format!("{base}/submissions/{id}")).bearer_auth(&token).send().await.unwrap();
            assert_eq!(response.status(), 200, "acknowledged draft {id} lost");
            let json: serde_json::Value = response.json().await.unwrap();
            if submitted.contains(id) {
                assert_eq!(json["status"], "submitted", "acknowledged submission {id} lost");
            }
        }

        // The outbox resumes: every acknowledged submission's receipt arrives.
        let started = Instant::now();
        loop {
            let receipts: HashSet<String> = smtp.all().into_iter().filter(|m| m.to == "writer@example.org").map(|m| m.subject).collect();
            let missing = submitted.len().saturating_sub(receipts.len());
            if missing == 0 { break; }
            assert!(started.elapsed() < Duration::from_secs(180), "{missing} receipts never arrived");
            actix_web::rt::time::sleep(Duration::from_millis(200)).await;
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for message in smtp.all() {
            *seen.entry(message.message_id).or_default() += 1;
        }
        let repeated: usize = seen.values().map(|n| n - 1).sum();
        eprintln!("crash: {} drafts and {} submissions acknowledged, all found; {} messages, {repeated} repeated", created.len(), submitted.len(), seen.len());
        assert!(repeated <= 1, "{repeated} messages went out more than once");
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
