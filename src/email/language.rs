//! The language each message is written in. A member's mail is in the language they chose: on any
//! page's header, or the language of the page they registered from (`users.language`). Anyone
//! else's (a mailbag asker, a subscriber, a stranger writing in), and a member's who never chose,
//! is in the discussion's default language, the first of `discussion.languages`, if Tribune speaks
//! it, else in English.
//!
//! Mail is written wherever something happens (a request, the scheduler, `tribune mail receive`),
//! so the default is kept in the database, where every one of them finds it: each start stores
//! the configured one ([`keep_default`]).

use diesel::prelude::*;

use crate::i18n::Lang;
use crate::storage::schema::users;
use crate::storage::{self, AnyConnection, Database, StorageResult, site};

/// The setting the discussion's default language is kept under, as its code ("es").
const SETTING: &str = "mail_language";

/// Keeps `language` (`discussion.languages`' first, as configured) as the language of mail to
/// whoever has not chosen one; called at every start, so a changed configuration applies.
pub fn keep_default(db: &Database, language: &str) -> StorageResult<()> {
    let mut conn = db.connection()?;
    site::set_setting(&mut conn, SETTING, language, storage::now())
}

/// The language of mail to someone who has not chosen one.
pub fn default(conn: &mut AnyConnection) -> StorageResult<Lang> {
    Ok(site::setting(conn, SETTING)?.as_deref().and_then(Lang::parse).unwrap_or_default())
}

/// The language member `user_id` chose, if they chose one Tribune speaks.
pub fn chosen_by(conn: &mut AnyConnection, user_id: i64) -> StorageResult<Option<Lang>> {
    let chosen: Option<Option<String>> = users::table.find(user_id).select(users::language).first(conn).optional()?;
    Ok(chosen.flatten().as_deref().and_then(Lang::parse))
}

/// The language of mail to member `user_id`: theirs, else the default.
pub fn of_member(conn: &mut AnyConnection, user_id: i64) -> StorageResult<Lang> {
    match chosen_by(conn, user_id)? {
        Some(lang) => Ok(lang),
        None => default(conn),
    }
}

/// The language of mail answering a request made in `asked_in` (the page's language) to
/// `address`: its member's, if a member has it and chose one, else the request's.
pub fn answering(conn: &mut AnyConnection, address: &str, asked_in: Lang) -> StorageResult<Lang> {
    Ok(chosen_by_address(conn, address)?.unwrap_or(asked_in))
}

/// The language of mail following a request made in `asked_in` (kept with it, if it was) to
/// `address`: its member's choice, else the request's, else the default.
pub fn following(conn: &mut AnyConnection, address: &str, asked_in: Option<&str>) -> StorageResult<Lang> {
    match asked_in.and_then(Lang::parse) {
        Some(asked_in) => answering(conn, address, asked_in),
        None => of_address(conn, address),
    }
}

/// The language of mail to `address`: its member's, if a member has it and chose one, else the
/// default.
pub fn of_address(conn: &mut AnyConnection, address: &str) -> StorageResult<Lang> {
    match chosen_by_address(conn, address)? {
        Some(lang) => Ok(lang),
        None => default(conn),
    }
}

/// The language the member with `address` chose, if one has it and chose one Tribune speaks.
fn chosen_by_address(conn: &mut AnyConnection, address: &str) -> StorageResult<Option<Lang>> {
    let chosen: Option<Option<String>> = users::table
        .filter(users::email.eq(address.trim().to_lowercase()))
        .select(users::language)
        .first(conn)
        .optional()?;
    Ok(chosen.flatten().as_deref().and_then(Lang::parse))
}
