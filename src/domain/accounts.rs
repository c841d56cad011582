//! Accounts: registration with email verification, sign-in sessions, password reset, and roles.
//! [`Accounts`] is the service both the HTML and the JSON routes call.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use url::Url;

use crate::email::{self, messages};
use crate::i18n::Lang;
use crate::storage::{self, AnyConnection, Database, sessions, site, users};

use super::hashing::PasswordHasherPool;
use super::policy::{Action, Actor, authorize};
use super::read_cache::{CacheSettings, ReadCache};
use super::throttle::{self, Limit};
use super::user::{DisplayName, EmailAddress, Location, Password, Role};
use super::{DomainError, FieldErrors, Page};
use crate::i18n::Message;

const VERIFY_EMAIL: &str = "verify_email";
const PASSWORD_RESET: &str = "password_reset";

/// The numbers that govern accounts, from the `[accounts]` and `[throttle]` configuration.
#[derive(Debug, Clone)]
pub struct AccountSettings {
    pub public_url: Url,
    pub verification_ttl: Duration,
    pub reset_ttl: Duration,
    /// A session unused this long is over.
    pub session_idle: Duration,
    /// A session is over this long after sign-in, however busy.
    pub session_absolute: Duration,
    pub login_failures_per_account: Limit,
    pub login_failures_per_ip: Limit,
    pub registrations_per_ip: Limit,
    pub password_resets_per_ip: Limit,
    /// "Send the link again", per account.
    pub verification_resends_per_account: Limit,
    /// Form mail to one mailbox (see [`email::enqueue_form_reply`]).
    pub mail_per_recipient: Limit,
}

/// A user as the API shows them to themselves and to admins.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub location: String,
    pub email_verified: bool,
    pub roles: Vec<Role>,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: NaiveDateTime,
}

impl UserView {
    fn new(row: users::UserRow, roles: &[String]) -> UserView {
        let mut roles: Vec<Role> = roles.iter().filter_map(|r| r.parse().ok()).collect();
        roles.sort();
        UserView {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            location: row.location,
            email_verified: row.email_verified_at.is_some(),
            roles,
            created_at: row.created_at,
        }
    }
}

/// Registration as typed by a person, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct RegistrationInput {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub location: String,
}

impl RegistrationInput {
    /// Checks every field, reporting all problems at once.
    pub(crate) fn parse(&self) -> Result<(EmailAddress, Password, DisplayName, Location), DomainError> {
        let mut errors = FieldErrors::default();
        let email = errors.check("email", EmailAddress::parse(&self.email));
        let password = errors.check("password", Password::parse(&self.password));
        let display_name = errors.check("display_name", DisplayName::parse(&self.display_name));
        let location = errors.check("location", Location::parse(&self.location));
        match (email, password, display_name, location) {
            (Some(email), Some(password), Some(display_name), Some(location)) => {
                Ok((email, password, display_name, location))
            }
            _ => Err(DomainError::Invalid(errors)),
        }
    }
}

/// What "Send the link again" answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resent {
    /// A new link is on its way to this address, as far as the member can tell (see
    /// [`Accounts::resend_verification`]).
    Sent { to: String },
    /// The address is confirmed already: nothing to send.
    AlreadyConfirmed,
}

/// A fresh sign-in: the bearer token (shown once, stored only hashed) and the CSRF token.
pub struct SignedIn {
    pub token: String,
    pub csrf_token: String,
    pub user: UserView,
}

/// The session a request presented, after checking it is live.
#[derive(Debug, Clone)]
pub struct CurrentSession {
    pub session_id: i64,
    pub csrf_token: String,
    pub actor: Actor,
    /// The name pages greet the user by.
    pub display_name: String,
    /// The language they chose to read in, if they chose one Tribune speaks.
    pub language: Option<Lang>,
}

/// Everything needed to create an account directly (the CLI), already parsed.
#[derive(Debug)]
pub struct NewAccount {
    pub email: EmailAddress,
    pub display_name: DisplayName,
    pub location: Location,
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub verified: bool,
}

#[derive(Clone)]
pub struct Accounts {
    db: Database,
    hasher: PasswordHasherPool,
    settings: Arc<AccountSettings>,
    /// Live sessions by token hash: every signed-in request asks. Kept on the read cache's rules
    /// but never served past the time-to-live, and dropped after a write that affects them
    /// ([`Accounts::write_affecting_sessions`]), which does not count as reader content; a session
    /// ended by another process is refused within the time-to-live.
    sessions: ReadCache<CurrentSession>,
    /// Signed-in users as their own pages show them (the submission form's byline), by id: on the
    /// sessions' rules, dropped with them.
    users: ReadCache<UserView>,
}

/// A random secret for a link or a cookie, and the hash under which it is stored.
pub(crate) fn new_secret() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_secret(&secret);
    (secret, hash)
}

pub(crate) fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn template_error(e: askama::Error) -> DomainError {
    DomainError::Internal(format!("email template: {e}"))
}

impl Accounts {
    pub fn new(db: Database, hasher: PasswordHasherPool, settings: AccountSettings, cache: CacheSettings) -> Accounts {
        Accounts {
            sessions: ReadCache::new(db.clone(), cache).fresh_only(),
            users: ReadCache::new(db.clone(), cache).fresh_only(),
            db,
            hasher,
            settings: Arc::new(settings),
        }
    }

    /// [`Database::write_unseen`] (what accounts hold is no reader's page) for a write that may
    /// end a session or change what it says of its user (signed out, a new password, an address
    /// verified, a language chosen); the kept sessions and users are dropped once it has committed.
    async fn write_affecting_sessions<T, F>(&self, work: F) -> Result<T, DomainError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, DomainError> + Send + 'static,
        T: Send + 'static,
    {
        let (db, sessions, users) = (self.db.clone(), self.sessions.clone(), self.users.clone());
        // A task of its own, so the sessions are dropped once the write has committed even if the
        // request that asked for it goes away meanwhile.
        let task = tokio::spawn(async move {
            let written = db.write_unseen(work).await;
            sessions.clear();
            users.clear();
            written
        });
        task.await.map_err(|e| DomainError::Internal(format!("a write affecting sessions ended early: {e}")))?
    }

    pub fn settings(&self) -> &AccountSettings {
        &self.settings
    }

    /// Checks a new account's fields and hashes its password (off the request workers), ready to
    /// store with [`create_first_admin`].
    pub(crate) async fn prepare_admin(&self, input: &RegistrationInput) -> Result<NewAccount, DomainError> {
        let (email, password, display_name, location) = input.parse()?;
        let password_hash = self.hasher.hash(password).await?;
        Ok(NewAccount { email, display_name, location, password_hash, roles: vec![Role::Admin], verified: true })
    }

    /// Registers a member and emails a verification link. An address that already has an
    /// account gets a notice instead and the answer is the same, so the form cannot be used to
    /// find out who is a member. The account has no language of its own (the JSON API's
    /// registration): its mail is in the discussion's default language until the member chooses
    /// one.
    pub async fn register(&self, input: RegistrationInput, client_ip: &str) -> Result<(), DomainError> {
        self.register_from(input, client_ip, None).await
    }

    /// [`Accounts::register`] from a page in `lang`, which the new account keeps as its language:
    /// the verification link, and all its mail after it, are in the language the member registered
    /// in (as its pages are, wherever they sign in), until they choose another. The notice to an
    /// address that has an account is in that account's language, else in `lang`.
    pub async fn register_in(&self, input: RegistrationInput, client_ip: &str, lang: Lang) -> Result<(), DomainError> {
        self.register_from(input, client_ip, Some(lang)).await
    }

    async fn register_from(
        &self,
        input: RegistrationInput,
        client_ip: &str,
        page_lang: Option<Lang>,
    ) -> Result<(), DomainError> {
        let (email, password, display_name, location) = input.parse()?;
        let bucket = format!("register:ip:{client_ip}");
        let limit = self.settings.registrations_per_ip;
        self.db.write_unseen(move |conn| throttle::hit(conn, &bucket, limit)).await?;
        let password_hash = self.hasher.hash(password).await?;
        let settings = self.settings.clone();
        self.db
            .write_unseen(move |conn| {
                if let Some(existing) = users::find_by_email(conn, email.as_str())? {
                    let reset_link = messages::link(&settings.public_url, "/password-reset", &[]);
                    let attempt = new_secret().1;
                    let site = super::site::stored(conn)?;
                    let lang = match email::language::chosen_by(conn, existing.id)?.or(page_lang) {
                        Some(lang) => lang,
                        None => email::language::default(conn)?,
                    };
                    let notice = messages::already_registered(
                        lang,
                        site.title(),
                        &existing.email,
                        &existing.display_name,
                        &reset_link,
                        &attempt[..16],
                    )
                    .map_err(template_error)?;
                    email::enqueue_form_reply(conn, &notice, settings.mail_per_recipient)?;
                    return Ok(());
                }
                let account = NewAccount {
                    email,
                    display_name,
                    location,
                    password_hash,
                    roles: vec![Role::Member],
                    verified: false,
                };
                let user_id = insert_account(conn, &account)?;
                if let Some(lang) = page_lang {
                    users::set_language(conn, user_id, lang.code())?;
                }
                send_verification(conn, &settings, user_id, account.email.as_str(), account.display_name.as_str())
            })
            .await
    }

    /// Marks the address of the token's account verified. The token works once.
    pub async fn verify_email(&self, token: String) -> Result<(), DomainError> {
        self.write_affecting_sessions(move |conn| {
            let now = storage::now();
            let user_id = sessions::consume_token(conn, VERIFY_EMAIL, &hash_secret(token.trim()), now)?
                .ok_or_else(|| DomainError::invalid("token", Message::of("invalid-link-expired-sign-in")))?;
            users::mark_verified(conn, user_id, now)?;
            Ok(())
        })
        .await
    }

    /// Emails the signed-in member a fresh verification link ("Send the link again"); the links
    /// sent before keep working until they expire. At most `verification_resends_per_account`
    /// an account per window, and the mailbox's own cap holds too; past either nothing is sent
    /// and the answer is the same, so pressing the button again and again learns nothing and
    /// floods no mailbox.
    pub async fn resend_verification(&self, actor: &Actor) -> Result<Resent, DomainError> {
        let settings = self.settings.clone();
        let user_id = actor.user_id;
        self.db
            .write_unseen(move |conn| {
                let user = users::find(conn, user_id)?.ok_or(DomainError::Unauthenticated)?;
                if user.email_verified_at.is_some() {
                    return Ok(Resent::AlreadyConfirmed);
                }
                let bucket = format!("verify-resend:account:{user_id}");
                match throttle::reserve(conn, &bucket, settings.verification_resends_per_account) {
                    Ok(()) => send_verification(conn, &settings, user.id, &user.email, &user.display_name)?,
                    Err(DomainError::Throttled { .. }) => {
                        tracing::info!(user_id, "verification link not sent again: the account's resends are used up");
                    }
                    Err(other) => return Err(other),
                }
                Ok(Resent::Sent { to: user.email })
            })
            .await
    }

    /// Signs in. Each attempt first reserves a place in two fixed windows, in one atomic write
    /// before any password is checked, so however many guesses arrive at once no more than the
    /// limits are ever checked; past either limit every attempt is refused (429) until the window
    /// ends, even with the right password.
    ///
    /// The per-account window is kept per account *and* address: a stranger who knows an
    /// editor's address can use up its attempts from their own address only, and the editor
    /// still signs in from theirs. The per-address window (over all accounts) bounds one
    /// address's guessing. The cost of this choice: a guesser with many addresses gets the
    /// per-account attempts at each of them; the per-address window and the hashing pool's
    /// capacity are what bound them.
    ///
    /// A wrong password keeps both places (the failures counted); the right one clears the
    /// account's window and hands back its place in the address's, so signing in many people from
    /// one address (an office behind one gateway) uses up nothing.
    pub async fn sign_in(&self, email: &str, password: String, client_ip: &str) -> Result<SignedIn, DomainError> {
        let email = EmailAddress::parse(email).map(|e| e.as_str().to_string()).unwrap_or_default();
        let account_bucket = format!("login:account:{email}:ip:{client_ip}");
        let ip_bucket = format!("login:ip:{client_ip}");
        let settings = self.settings.clone();
        let user = {
            let (account_bucket, ip_bucket, email) = (account_bucket.clone(), ip_bucket.clone(), email.clone());
            self.db
                .write_unseen(move |conn| {
                    throttle::reserve(conn, &account_bucket, settings.login_failures_per_account)?;
                    throttle::reserve(conn, &ip_bucket, settings.login_failures_per_ip)?;
                    Ok::<_, DomainError>(users::find_by_email(conn, &email)?)
                })
                .await?
        };
        let verification = match self.hasher.verify(user.as_ref().map(|u| u.password_hash.clone()), password).await {
            Ok(verification) => verification,
            Err(error) => {
                // No password was checked (the hashing queue was full): the places go back.
                let (account_bucket, ip_bucket) = (account_bucket.clone(), ip_bucket.clone());
                self.db
                    .write_unseen(move |conn| {
                        throttle::release(conn, &account_bucket)?;
                        throttle::release(conn, &ip_bucket)
                    })
                    .await?;
                return Err(error);
            }
        };
        let Some(user) = user.filter(|_| verification.matches) else {
            return Err(DomainError::InvalidCredentials);
        };
        let settings = self.settings.clone();
        self.db
            .write_unseen(move |conn| {
                throttle::clear(conn, &account_bucket)?;
                throttle::release(conn, &ip_bucket)?;
                let now = storage::now();
                if let Some(hash) = &verification.upgraded_hash {
                    users::set_password_hash(conn, user.id, hash, now)?;
                }
                start_session(conn, user, &settings)
            })
            .await
    }

    /// The live session behind a presented token, or `None` (unknown, revoked, idle too long or
    /// past its absolute expiry). Refreshes the idle clock at most once a minute.
    pub async fn session(&self, token: String) -> Result<Option<CurrentSession>, DomainError> {
        let settings = self.settings.clone();
        let token_hash = hash_secret(&token);
        let key = token_hash.clone();
        let found = self.sessions.get_or_load(&key, move |conn| {
            let now = storage::now();
            // Not found is an error here only so that it is not kept: a flood of made-up tokens
            // must not push the live sessions out of the cache.
            let live = sessions::find_live(conn, &token_hash, now, now - settings.session_idle)?
                .ok_or(DomainError::NotFound)?;
            if now - live.last_seen_at > chrono::TimeDelta::minutes(1) {
                sessions::touch(conn, live.id, now)?;
            }
            Ok(CurrentSession {
                session_id: live.id,
                csrf_token: live.csrf_token,
                actor: Actor {
                    user_id: live.user_id,
                    roles: live.roles.iter().filter_map(|r| r.parse().ok()).collect(),
                    email_verified: live.email_verified_at.is_some(),
                },
                display_name: live.display_name,
                language: live.language.as_deref().and_then(Lang::parse),
            })
        });
        match found.await {
            Ok(session) => Ok(Some(CurrentSession::clone(&session))),
            Err(DomainError::NotFound) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Keeps the language `actor` chose to read in, which pages follow wherever they sign in.
    pub async fn choose_language(&self, actor: &Actor, lang: Lang) -> Result<(), DomainError> {
        let user_id = actor.user_id;
        self.write_affecting_sessions(move |conn| Ok(users::set_language(conn, user_id, lang.code())?)).await
    }

    pub async fn sign_out(&self, session_id: i64) -> Result<(), DomainError> {
        self.write_affecting_sessions(move |conn| Ok(sessions::revoke(conn, session_id, storage::now())?)).await
    }

    pub async fn me(&self, actor: &Actor) -> Result<UserView, DomainError> {
        let user_id = actor.user_id;
        let user = self.users.get_or_load(&user_id.to_string(), move |conn| user_view(conn, user_id)).await?;
        Ok(UserView::clone(&user))
    }

    /// Emails a single-use reset link if the address has an account. The caller answers the same
    /// either way; the work is one transaction with one commit in both cases, so the time taken
    /// does not tell either.
    pub async fn request_password_reset(&self, email: &str, client_ip: &str) -> Result<(), DomainError> {
        let email = EmailAddress::parse(email).map_err(|message| DomainError::invalid("email", message))?;
        let settings = self.settings.clone();
        let bucket = format!("password-reset:ip:{client_ip}");
        self.db
            .write_unseen(move |conn| {
                throttle::hit(conn, &bucket, settings.password_resets_per_ip)?;
                let Some(user) = users::find_by_email(conn, email.as_str())? else {
                    return Ok(());
                };
                let now = storage::now();
                let (token, token_hash) = new_secret();
                let token_id =
                    sessions::insert_token(conn, user.id, PASSWORD_RESET, &token_hash, now, now + settings.reset_ttl)?;
                let link = messages::link(&settings.public_url, "/password-reset/confirm", &[("token", &token)]);
                let minutes = i64::try_from(settings.reset_ttl.as_secs() / 60).unwrap_or(60);
                let site = super::site::stored(conn)?;
                let lang = email::language::of_member(conn, user.id)?;
                let message = messages::password_reset(
                    lang,
                    site.title(),
                    &user.email,
                    &user.display_name,
                    &link,
                    minutes,
                    token_id,
                )
                .map_err(template_error)?;
                email::enqueue_form_reply(conn, &message, settings.mail_per_recipient)?;
                Ok(())
            })
            .await
    }

    /// Sets a new password with a reset token, and signs the account out everywhere.
    pub async fn confirm_password_reset(&self, token: String, password: &str) -> Result<(), DomainError> {
        let password = Password::parse(password).map_err(|message| DomainError::invalid("password", message))?;
        let hash = self.hasher.hash(password).await?;
        self.write_affecting_sessions(move |conn| {
            let now = storage::now();
            let user_id = sessions::consume_token(conn, PASSWORD_RESET, &hash_secret(token.trim()), now)?
                .ok_or_else(|| DomainError::invalid("token", Message::of("invalid-this-link-not-valid-any-more-2")))?;
            change_password(conn, user_id, &hash, now)?;
            // The link reached the mailbox, so the address is proven too.
            users::mark_verified(conn, user_id, now)?;
            Ok(())
        })
        .await
    }

    /// Users with their roles, by id, keyset paged.
    pub async fn list_users(&self, actor: &Actor, cursor: Option<&str>) -> Result<Page<UserView>, DomainError> {
        authorize(Some(actor), Action::ManageUsers)?;
        let after = Page::<UserView>::parse_id_cursor(cursor)?;
        self.db
            .read(move |conn| {
                const PAGE: i64 = 50;
                let rows = users::list_after(conn, after, PAGE + 1)?;
                let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
                let mut roles: BTreeMap<i64, Vec<String>> = BTreeMap::new();
                for (user_id, role) in users::roles_of_many(conn, &ids)? {
                    roles.entry(user_id).or_default().push(role);
                }
                let views = rows
                    .into_iter()
                    .map(|row| {
                        let held = roles.remove(&row.id).unwrap_or_default();
                        UserView::new(row, &held)
                    })
                    .collect();
                Ok(Page::from_overfetch(views, PAGE, |u| u.id.to_string()))
            })
            .await
    }

    /// Creates a verified account with roles (an admin adding an editor or an expert).
    pub async fn create_user(
        &self,
        actor: &Actor,
        input: RegistrationInput,
        roles: Vec<Role>,
    ) -> Result<UserView, DomainError> {
        authorize(Some(actor), Action::ManageUsers)?;
        let (email, password, display_name, location) = input.parse()?;
        let password_hash = self.hasher.hash(password).await?;
        let account = NewAccount { email, display_name, location, password_hash, roles, verified: true };
        self.db
            .write(move |conn| {
                if users::find_by_email(conn, account.email.as_str())?.is_some() {
                    return Err(DomainError::invalid(
                        "email",
                        Message::of("invalid-an-account-with-this-address-already"),
                    ));
                }
                let id = insert_account(conn, &account)?;
                user_view(conn, id)
            })
            .await
    }

    /// Replaces a user's roles. The last admin cannot lose the role: someone must be able to
    /// give it back.
    pub async fn set_roles(&self, actor: &Actor, user_id: i64, roles: Vec<Role>) -> Result<UserView, DomainError> {
        authorize(Some(actor), Action::ManageUsers)?;
        self.db
            .write(move |conn| {
                users::find(conn, user_id)?.ok_or(DomainError::NotFound)?;
                let admins = users::lock_role_holders(conn, Role::Admin.as_str())?;
                let held: Vec<Role> = users::roles_of(conn, user_id)?.iter().filter_map(|r| r.parse().ok()).collect();
                if held.contains(&Role::Admin) && !roles.contains(&Role::Admin) && admins.len() <= 1 {
                    return Err(DomainError::conflict(
                        "last_admin",
                        Message::of("conflict-the-last-admin-cannot-lose-admin"),
                    ));
                }
                let now = storage::now();
                for role in Role::ALL {
                    match (held.contains(&role), roles.contains(&role)) {
                        (false, true) => users::grant_role(conn, user_id, role.as_str(), now)?,
                        (true, false) => users::revoke_role(conn, user_id, role.as_str())?,
                        _ => {}
                    }
                }
                user_view(conn, user_id)
            })
            .await
    }
}

/// A new password (not a rehash of the same one): whoever held the old one, or a reset link
/// mailed before, holds nothing now. Every session ends and every outstanding reset link dies.
fn change_password(conn: &mut AnyConnection, user_id: i64, hash: &str, now: NaiveDateTime) -> Result<(), DomainError> {
    users::set_password_hash(conn, user_id, hash, now)?;
    sessions::end_tokens_of_user(conn, user_id, PASSWORD_RESET, now)?;
    sessions::revoke_all_of_user(conn, user_id, now)?;
    Ok(())
}

fn user_view(conn: &mut AnyConnection, user_id: i64) -> Result<UserView, DomainError> {
    let row = users::find(conn, user_id)?.ok_or(DomainError::NotFound)?;
    let roles = users::roles_of(conn, user_id)?;
    Ok(UserView::new(row, &roles))
}

fn send_verification(
    conn: &mut AnyConnection,
    settings: &AccountSettings,
    user_id: i64,
    address: &str,
    name: &str,
) -> Result<(), DomainError> {
    let now = storage::now();
    let (token, token_hash) = new_secret();
    let token_id =
        sessions::insert_token(conn, user_id, VERIFY_EMAIL, &token_hash, now, now + settings.verification_ttl)?;
    let link = messages::link(&settings.public_url, "/verify", &[("token", &token)]);
    let site = super::site::stored(conn)?;
    let lang = email::language::of_member(conn, user_id)?;
    let message = messages::verification(lang, site.title(), address, name, &link, token_id).map_err(template_error)?;
    email::enqueue_form_reply(conn, &message, settings.mail_per_recipient)?;
    Ok(())
}

fn insert_account(conn: &mut AnyConnection, account: &NewAccount) -> Result<i64, DomainError> {
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
            DomainError::invalid("email", Message::of("invalid-an-account-with-this-address-already"))
        } else {
            e.into()
        }
    })?;
    for role in &account.roles {
        users::grant_role(conn, id, role.as_str(), now)?;
    }
    if account.roles.contains(&Role::Admin) {
        // An admin made another way (`tribune user create`) sets the site up too: the setup page
        // and its links are for a site nobody can administer yet.
        site::claim_setup(conn, now)?;
        site::clear_setup_tokens(conn)?;
    }
    Ok(id)
}

/// A new session for `user`, who has just proved who they are.
fn start_session(
    conn: &mut AnyConnection,
    user: users::UserRow,
    settings: &AccountSettings,
) -> Result<SignedIn, DomainError> {
    let now = storage::now();
    let (token, token_hash) = new_secret();
    let (csrf_token, _) = new_secret();
    sessions::insert(
        conn,
        &sessions::NewSession {
            user_id: user.id,
            token_hash: &token_hash,
            csrf_token: &csrf_token,
            now,
            expires_at: now + settings.session_absolute,
        },
    )?;
    let roles = users::roles_of(conn, user.id)?;
    Ok(SignedIn { token, csrf_token, user: UserView::new(user, &roles) })
}

/// The first admin, made by the setup page inside its transaction, and signed in.
pub(crate) fn create_first_admin(
    conn: &mut AnyConnection,
    account: &NewAccount,
    settings: &AccountSettings,
) -> Result<SignedIn, DomainError> {
    let id = insert_account(conn, account)?;
    let user = users::find(conn, id)?.ok_or(DomainError::NotFound)?;
    start_session(conn, user, settings)
}

/// Creates a verified account with roles in one transaction (`tribune user create`).
pub fn create_account(conn: &mut AnyConnection, account: &NewAccount) -> Result<i64, DomainError> {
    storage::write_transaction(conn, |conn| {
        if users::find_by_email(conn, account.email.as_str())?.is_some() {
            return Err(DomainError::invalid("email", Message::of("invalid-an-account-with-this-address-already")));
        }
        insert_account(conn, account)
    })
}
