//! Email subscribers of a convention's discussion: double opt-in, a daily digest of newly
//! published pieces through the outbox, and one-click unsubscribe (RFC 8058) on every message.

use std::sync::Arc;

use chrono::{NaiveDateTime, TimeDelta, Timelike};

use crate::email::{self, messages};
use crate::storage::{self, Database, articles, conventions, subscribers};

use super::reading::byline_line;
use super::throttle::{self, Limit};
use super::user::EmailAddress;
use super::{DomainError, accounts};
use crate::i18n::{Lang, Message};

#[derive(Debug, Clone)]
pub struct SubscriptionSettings {
    pub public_url: url::Url,
    /// The digest goes out on the first scheduler pass at or after this hour (UTC).
    pub digest_hour_utc: u32,
    pub subscriptions_per_ip: Limit,
    /// Form mail to one mailbox (see [`email::enqueue_form_reply`]).
    pub mail_per_recipient: Limit,
}

#[derive(Clone)]
pub struct Subscriptions {
    db: Database,
    settings: Arc<SubscriptionSettings>,
}

/// The one-click unsubscribe link of a subscriber.
fn unsubscribe_link(public_url: &url::Url, token: &str) -> String {
    messages::link(public_url, "/subscriptions/unsubscribe", &[("token", token)])
}

impl Subscriptions {
    pub fn new(db: Database, settings: SubscriptionSettings) -> Subscriptions {
        Subscriptions { db, settings: Arc::new(settings) }
    }

    /// Asks the address to confirm (double opt-in). The answer is the same whatever the state of
    /// the address, so nobody learns who subscribes.
    /// Asks `email` to confirm a subscription to `convention`'s new pieces; the request came from a
    /// page (or a client) in `asked_in`, which the confirmation is written in unless the address
    /// is a member's who chose a language.
    pub async fn subscribe(
        &self,
        convention: &str,
        email: &str,
        (client_ip, asked_in): (&str, Lang),
    ) -> Result<(), DomainError> {
        let email = EmailAddress::parse(email).map_err(|m| DomainError::invalid("email", m))?;
        let convention = convention.to_string();
        let settings = self.settings.clone();
        let bucket = format!("subscribe:ip:{client_ip}");
        self.db
            .write_unseen(move |conn| {
                let row = conventions::find_by_slug(conn, &convention)?.ok_or(DomainError::NotFound)?;
                throttle::hit(conn, &bucket, settings.subscriptions_per_ip)?;
                let (token, hash) = accounts::new_secret();
                let id = match subscribers::find(conn, row.id, email.as_str())? {
                    Some(existing) if existing.status == "confirmed" => return Ok(()),
                    Some(existing) => {
                        subscribers::renew(conn, existing.id, &hash, asked_in.code())?;
                        existing.id
                    }
                    None => {
                        let (unsubscribe, _) = accounts::new_secret();
                        subscribers::insert(
                            conn,
                            row.id,
                            (email.as_str(), asked_in.code()),
                            (&hash, &unsubscribe),
                            storage::now(),
                        )?
                    }
                };
                let link = messages::link(&settings.public_url, "/subscriptions/confirm", &[("token", &token)]);
                let lang = email::language::answering(conn, email.as_str(), asked_in)?;
                let title = super::convention::title_for_mail(conn, (row.id, &row.title), lang)?;
                let message = messages::notice(messages::Notice {
                    key: format!("subscribe-{id}-{}", &hash[..12]),
                    lang,
                    to: email.as_str(),
                    greeting: messages::Greeting::Reader,
                    subject: lang.t1("mail-subscribe-subject", "convention", &title),
                    paragraphs: vec![lang.t1("mail-subscribe", "convention", &title), lang.t("mail-subscribe-next")],
                    link: Some((lang.t("mail-subscribe-link"), link)),
                    purpose: email::Purpose::Personal,
                })
                .map_err(|e| DomainError::Internal(format!("email template: {e}")))?;
                email::enqueue_form_reply(conn, &message, settings.mail_per_recipient)?;
                Ok(())
            })
            .await
    }

    /// Confirms a subscription from the emailed link; returns the convention's slug.
    pub async fn confirm(&self, token: &str) -> Result<String, DomainError> {
        let hash = accounts::hash_secret(token.trim());
        self.db
            .write_unseen(move |conn| {
                let row = subscribers::confirm(conn, &hash, storage::now())?.ok_or_else(|| {
                    DomainError::invalid("token", Message::of("invalid-this-link-not-valid-any-more"))
                })?;
                Ok(conventions::find(conn, row.convention_id)?.ok_or(DomainError::NotFound)?.slug)
            })
            .await
    }

    /// The subscription an unsubscribe link names; 404 for a link that names none.
    pub async fn by_unsubscribe_token(&self, token: &str) -> Result<Subscription, DomainError> {
        let token = token.trim().to_string();
        self.db
            .read(move |conn| {
                let row = match token.as_str() {
                    "" => None,
                    token => subscribers::find_by_unsubscribe_token(conn, token)?,
                };
                Subscription::of(conn, row.ok_or(DomainError::NotFound)?)
            })
            .await
    }

    /// Ends a subscription by its token: no sign-in, one click (RFC 8058). Returns it, ended.
    pub async fn unsubscribe(&self, token: &str) -> Result<Subscription, DomainError> {
        let token = token.trim().to_string();
        self.db
            .write_unseen(move |conn| {
                if token.is_empty() || !subscribers::unsubscribe(conn, &token, storage::now())? {
                    return Err(DomainError::NotFound);
                }
                let row = subscribers::find_by_unsubscribe_token(conn, &token)?.ok_or(DomainError::NotFound)?;
                Subscription::of(conn, row)
            })
            .await
    }
}

/// A subscription as its unsubscribe link shows it (never the address: the link may be forwarded).
#[derive(Debug, Clone)]
pub struct Subscription {
    pub convention_slug: String,
    pub convention_title: String,
    /// `pending` (not confirmed yet), `confirmed`, or `unsubscribed`.
    pub status: String,
}

impl Subscription {
    fn of(conn: &mut storage::AnyConnection, row: subscribers::SubscriberRow) -> Result<Subscription, DomainError> {
        let convention = conventions::find(conn, row.convention_id)?.ok_or(DomainError::NotFound)?;
        Ok(Subscription { convention_slug: convention.slug, convention_title: convention.title, status: row.status })
    }

    pub fn is_ended(&self) -> bool {
        self.status == "unsubscribed"
    }
}

/// The scheduler's digest pass: once a day per convention, after the configured hour, when
/// something was published since the last digest, every confirmed subscriber gets one message
/// listing what was published since then and since they confirmed: the first digest holds only
/// what came after the subscription started, never the archive. The day's run is claimed in the
/// database, so with several processes it goes out once.
pub fn send_daily_digests(
    db: &Database,
    settings: &SubscriptionSettings,
    now: NaiveDateTime,
) -> Result<usize, DomainError> {
    if now.hour() < settings.digest_hour_utc {
        return Ok(0);
    }
    let mut conn = db.connection()?;
    let today = now.date();
    let mut sent = 0;
    for convention_id in subscribers::conventions_with_subscribers(&mut conn)? {
        sent += storage::write_transaction(&mut conn, |conn| -> Result<usize, DomainError> {
            let last = subscribers::last_run(conn, convention_id)?;
            if last.is_some_and(|(day, _)| day == today) {
                return Ok(0);
            }
            let since = last.map_or(now - TimeDelta::days(1), |(_, at)| at);
            let fresh = articles::published_since(conn, convention_id, since)?;
            if fresh.is_empty() {
                return Ok(0);
            }
            // Each subscriber gets what is new since the last digest and since they confirmed; a
            // day with nothing for anyone is not claimed, so what comes later that day still goes.
            let subscribers = subscribers::confirmed(conn, convention_id)?;
            let digests: Vec<(&subscribers::SubscriberRow, Vec<&articles::ArticleListing>)> = subscribers
                .iter()
                .map(|subscriber| {
                    let started = subscriber.confirmed_at.unwrap_or(since);
                    (subscriber, fresh.iter().filter(|a| a.published_at > started).collect::<Vec<_>>())
                })
                .filter(|(_, theirs)| !theirs.is_empty())
                .collect();
            if digests.is_empty() || !subscribers::claim_run(conn, convention_id, today, since, now)? {
                return Ok(0);
            }
            let convention = conventions::find(conn, convention_id)?.ok_or(DomainError::NotFound)?;
            let line = |lang: Lang, article: &articles::ArticleListing| {
                lang.t_with(
                    "mail-digest-line",
                    &[
                        ("title", article.title.as_str().into()),
                        ("byline", byline_line(&article.byline_name, &article.byline_location).into()),
                        (
                            "link",
                            messages::link(&settings.public_url, &format!("/articles/{}", article.slug), &[]).into(),
                        ),
                    ],
                )
            };
            for (subscriber, theirs) in &digests {
                let asked_in = subscribers::language(conn, subscriber.id)?;
                let lang = email::language::following(conn, &subscriber.email, asked_in.as_deref())?;
                let title = super::convention::title_for_mail(conn, (convention_id, &convention.title), lang)?;
                let mut paragraphs = vec![lang.t1("mail-digest", "convention", &title)];
                paragraphs.extend(theirs.iter().map(|a| line(lang, a)));
                let unsubscribe = unsubscribe_link(&settings.public_url, &subscriber.unsubscribe_token);
                let mut message = messages::notice(messages::Notice {
                    key: format!("digest-{convention_id}-{today}-{}", subscriber.id),
                    lang,
                    to: &subscriber.email,
                    greeting: messages::Greeting::Reader,
                    subject: lang.t2("mail-digest-subject", "convention", &title, "count", theirs.len()),
                    paragraphs,
                    link: Some((lang.t("mail-unsubscribe"), unsubscribe.clone())),
                    purpose: email::Purpose::Bulk,
                })
                .map_err(|e| DomainError::Internal(format!("email template: {e}")))?;
                message.headers.extend([
                    ("List-Unsubscribe".into(), format!("<{unsubscribe}>")),
                    ("List-Unsubscribe-Post".into(), "List-Unsubscribe=One-Click".into()),
                ]);
                email::enqueue(conn, &message)?;
            }
            Ok(digests.len())
        })?;
    }
    Ok(sent)
}
