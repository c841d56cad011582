//! Accounts: creating users and giving them roles.

use crate::storage::{self, AnyConnection, users};

use super::DomainError;
use super::user::{DisplayName, EmailAddress, Location, Role};

/// Everything needed to create an account, already parsed.
#[derive(Debug)]
pub struct NewAccount {
    pub email: EmailAddress,
    pub display_name: DisplayName,
    pub location: Location,
    /// A PHC string from [`super::user::PasswordCost::hash`]; hashing is slow, so it happens before the
    /// transaction that stores it.
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub verified: bool,
}

/// Creates the account and its roles in one transaction. A taken address is a field error.
pub fn create_account(conn: &mut AnyConnection, account: &NewAccount) -> Result<i64, DomainError> {
    storage::write_transaction(conn, |conn| {
        if users::find_by_email(conn, account.email.as_str())?.is_some() {
            return Err(DomainError::invalid(
                "email",
                "an account with this address already exists",
            ));
        }
        let now = storage::now();
        let id = users::insert(
            conn,
            &users::NewUserRow {
                email: account.email.as_str(),
                display_name: account.display_name.as_str(),
                location: account.location.as_str(),
                password_hash: &account.password_hash,
                email_verified_at: account.verified.then_some(now),
                created_at: now,
                updated_at: now,
            },
        )
        .map_err(|e| {
            if e.is_unique_violation() {
                DomainError::invalid("email", "an account with this address already exists")
            } else {
                e.into()
            }
        })?;
        for role in &account.roles {
            users::grant_role(conn, id, role.as_str(), now)?;
        }
        Ok(id)
    })
}
