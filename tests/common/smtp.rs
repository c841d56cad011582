//! A real SMTP server on loopback for the tests (mailin-embedded), keeping every message it
//! accepts so a test can read it back, parse it, and follow its links.

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mailin_embedded::{Handler, Response, Server, response};

/// A message as it arrived: its envelope sender (MAIL FROM) and its bytes.
type Arrived = (String, Vec<u8>);

#[derive(Clone, Default)]
struct Collector {
    current: Vec<u8>,
    current_from: String,
    received: Arc<Mutex<Vec<Arrived>>>,
    /// While set, the server turns every sender away with 421 (service not available).
    refusing: Arc<AtomicBool>,
}

impl Handler for Collector {
    fn mail(&mut self, _ip: std::net::IpAddr, _domain: &str, _from: &str) -> Response {
        if self.refusing.load(Ordering::SeqCst) { response::NO_SERVICE } else { response::OK }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, _to: &[String]) -> Response {
        self.current.clear();
        self.current_from = from.to_string();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let arrived = (std::mem::take(&mut self.current_from), std::mem::take(&mut self.current));
        self.received.lock().unwrap().push(arrived);
        response::OK
    }
}

/// A message as received, parsed.
#[derive(Debug, Clone)]
pub struct ReceivedEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub message_id: String,
    /// The header block as sent, for headers the parser does not name (`List-Unsubscribe`).
    pub headers: String,
    /// The envelope sender (MAIL FROM): where bounces go.
    pub envelope_from: String,
    /// The message as it arrived, byte for byte (what a DKIM verifier checks).
    pub raw: Vec<u8>,
}

impl ReceivedEmail {
    /// The path and query of the first link in the text whose path starts with `path`
    /// (`/verify`), to be requested from the test server.
    pub fn link(&self, path: &str) -> String {
        self.text
            .split_whitespace()
            .filter_map(|word| url::Url::parse(word).ok())
            .find(|url| url.path().starts_with(path))
            .map(|url| match url.query() {
                Some(query) => format!("{}?{query}", url.path()),
                None => url.path().to_string(),
            })
            .unwrap_or_else(|| panic!("no {path} link in:\n{}", self.text))
    }

    /// The `token` query parameter of that link.
    pub fn token(&self, path: &str) -> String {
        let link = self.link(path);
        url::Url::parse(&format!("http://x{link}"))
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == "token")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("no token in {link}"))
    }
}

#[derive(Clone)]
pub struct SmtpServer {
    pub port: u16,
    received: Arc<Mutex<Vec<Arrived>>>,
    refusing: Arc<AtomicBool>,
}

impl SmtpServer {
    /// A port nobody listens on yet: mail sent there fails until [`SmtpServer::start`] is called.
    pub fn reserve() -> SmtpServer {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        SmtpServer { port, received: Arc::default(), refusing: Arc::default() }
    }

    /// Starts listening on the reserved port.
    pub fn start(&self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).expect("bind the test SMTP port");
        let mut server = Server::new(Collector {
            current: Vec::new(),
            current_from: String::new(),
            received: self.received.clone(),
            refusing: self.refusing.clone(),
        });
        server.with_name("smtp.test").with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
    }

    /// The server goes away (answers 421 to every sender) or comes back.
    pub fn set_refusing(&self, refusing: bool) {
        self.refusing.store(refusing, Ordering::SeqCst);
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn all(&self) -> Vec<ReceivedEmail> {
        self.received.lock().unwrap().iter().map(|(from, raw)| parse(from, raw)).collect()
    }

    /// Waits up to 15 s for a message to `to` whose subject contains `subject`.
    pub async fn wait_for(&self, to: &str, subject: &str) -> ReceivedEmail {
        let started = Instant::now();
        loop {
            if let Some(found) = self.all().into_iter().find(|m| m.to == to && m.subject.contains(subject)) {
                return found;
            }
            if started.elapsed() > Duration::from_secs(15) {
                panic!("no email to {to} about {subject:?} within 15 s; received: {:#?}", self.all());
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn parse(envelope_from: &str, raw: &[u8]) -> ReceivedEmail {
    let message = mail_parser::MessageParser::default().parse(raw).expect("a parseable message");
    let to = message.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_string();
    ReceivedEmail {
        to,
        subject: message.subject().unwrap_or_default().to_string(),
        text: message.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        html: message.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
        message_id: message.message_id().unwrap_or_default().to_string(),
        headers: String::from_utf8_lossy(raw).split("\r\n\r\n").next().unwrap_or_default().to_string(),
        envelope_from: envelope_from.to_string(),
        raw: raw.to_vec(),
    }
}
