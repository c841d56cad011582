//! Wiring: builds the services from the settings and starts everything `tribune serve` runs
//! (the HTTP server and the outbox worker). Tests start the same thing.

use std::net::SocketAddr;
use std::sync::Arc;

use actix_web::dev::Server;

use crate::config::Settings;
use crate::domain::accounts::Accounts;
use crate::domain::hashing::PasswordHasherPool;
use crate::email::admin::OutboxAdmin;
use crate::email::transport::Transport;
use crate::email::worker::OutboxWorker;
use crate::http;
use crate::storage::Database;

/// A started Tribune: await `server`; stop `outbox` after it returns.
pub struct Running {
    pub server: Server,
    pub address: SocketAddr,
    pub outbox: OutboxWorker,
}

#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("{0}")]
    Setup(String),
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
}

/// The domain services every request may use.
#[derive(Clone)]
pub struct Services {
    pub db: Database,
    pub accounts: Accounts,
    pub outbox: OutboxAdmin,
}

impl Services {
    pub fn new(settings: &Settings, db: Database) -> Result<Services, LaunchError> {
        let password = &settings.password;
        let hasher = PasswordHasherPool::new(password.cost, password.hash_workers, password.max_waiting)
            .map_err(LaunchError::Setup)?;
        let accounts = Accounts::new(db.clone(), hasher, settings.accounts.clone());
        Ok(Services {
            outbox: OutboxAdmin::new(db.clone()),
            db,
            accounts,
        })
    }
}

pub fn launch(settings: Arc<Settings>, db: Database) -> Result<Running, LaunchError> {
    let transport =
        Transport::from_settings(settings.smtp_url.as_ref(), settings.mail_dir.clone()).map_err(LaunchError::Setup)?;
    let services = Services::new(&settings, db.clone())?;
    let (server, address) = http::start(settings.clone(), services)?;
    let outbox = OutboxWorker::spawn(db, transport, settings.mail.clone())?;
    Ok(Running {
        server,
        address,
        outbox,
    })
}
