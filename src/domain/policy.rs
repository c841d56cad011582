//! The one place that decides who may do what. HTML and JSON routes both ask [`authorize`];
//! nothing else checks roles.

use super::DomainError;
use super::user::Role;

/// Who is asking: a signed-in user with their roles.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub roles: Vec<Role>,
    pub email_verified: bool,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Everything that needs permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// List users and change their roles.
    ManageUsers,
    /// See the outbox's dead letters and queue them again.
    ManageMail,
}

/// `Ok` when `actor` may perform `action`: 401 for nobody signed in, 403 for the wrong roles.
pub fn authorize(actor: Option<&Actor>, action: Action) -> Result<(), DomainError> {
    let actor = actor.ok_or(DomainError::Unauthenticated)?;
    let allowed = match action {
        Action::ManageUsers | Action::ManageMail => actor.has(Role::Admin),
    };
    if allowed { Ok(()) } else { Err(DomainError::Forbidden) }
}
