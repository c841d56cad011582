//! The editors' desk: the topics each editor follows, whether they get the daily reminder, and
//! the scheduler's reminder pass. [`EditorDesk`] is the service the routes call (an editor's own
//! settings, and the admins' view of every editor's); [`send_daily_reminders`] is the pass.
//!
//! A topic is named `convention-slug/topic-slug` everywhere outside storage, so a client never
//! needs to know topic ids. An editor who follows no topic follows them all.

use chrono::{NaiveDateTime, TimeDelta, Timelike};
use serde::Serialize;

use crate::email::{self, messages};
use crate::storage::{self, AnyConnection, Database, editors};

use super::DomainError;
use super::policy::{Action, Actor, authorize};
use crate::i18n::{Lang, Message};

/// The topics `user_id` follows, by id (empty: none, which means every topic). The review queue
/// uses it to open on an editor's topics.
pub fn followed_topic_ids(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<i64>, DomainError> {
    Ok(editors::followed_topic_ids(conn, user_id)?)
}

/// `[review]` settings of the daily reminder.
#[derive(Debug, Clone)]
pub struct ReminderSettings {
    /// `review.reminders`: false turns the reminder off for everyone.
    pub enabled: bool,
    pub public_url: url::Url,
    /// The reminder goes out on the first scheduler pass at or after this hour (UTC).
    pub hour_utc: u32,
    /// A piece an editor holds is idle once nobody has touched it for this many days.
    pub idle_after_days: u32,
}

/// An editor's desk settings, as the API shows and takes them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EditorSettings {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    /// The topics followed, each `convention-slug/topic-slug`; empty: every topic.
    pub topics: Vec<String>,
    /// Whether the daily reminder email is sent (on unless turned off).
    pub daily_reminder: bool,
}

/// A topic an editor can follow.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TopicChoice {
    /// `convention-slug/topic-slug`
    pub reference: String,
    pub convention_title: String,
    pub title: String,
}

/// A change to an editor's settings: a field left out stays as it is.
#[derive(Debug, Clone, Default)]
pub struct SettingsChange {
    /// `convention-slug/topic-slug` each; an empty list follows every topic.
    pub topics: Option<Vec<String>>,
    pub daily_reminder: Option<bool>,
}

/// At most this many topics followed (more is not a choice, it is everything).
const MAX_TOPICS: usize = 500;

#[derive(Clone)]
pub struct EditorDesk {
    db: Database,
}

impl EditorDesk {
    pub fn new(db: Database) -> EditorDesk {
        EditorDesk { db }
    }

    /// The signed-in editor's own settings.
    pub async fn settings(&self, actor: Option<&Actor>) -> Result<EditorSettings, DomainError> {
        authorize(actor, Action::SeeReviewQueue)?;
        let user_id = actor.ok_or(DomainError::Unauthenticated)?.user_id;
        self.db.read(move |conn| settings_of(conn, user_id)).await
    }

    /// Changes the signed-in editor's own settings.
    pub async fn save_settings(
        &self,
        actor: Option<&Actor>,
        change: SettingsChange,
    ) -> Result<EditorSettings, DomainError> {
        authorize(actor, Action::SeeReviewQueue)?;
        let user_id = actor.ok_or(DomainError::Unauthenticated)?.user_id;
        self.db.write(move |conn| save(conn, user_id, change)).await
    }

    /// Every editor with their settings, for the admins.
    pub async fn editors(&self, actor: Option<&Actor>) -> Result<Vec<EditorSettings>, DomainError> {
        authorize(actor, Action::ManageUsers)?;
        self.db
            .read(move |conn| {
                let rows = editors::editors(conn)?;
                let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
                let followed = editors::followed_topics_of_many(conn, &ids)?;
                let choices = editors::topic_choices(conn)?;
                Ok(rows
                    .into_iter()
                    .map(|row| {
                        let theirs: Vec<i64> =
                            followed.iter().filter(|(user, _)| *user == row.id).map(|(_, topic)| *topic).collect();
                        view(row, &theirs, &choices)
                    })
                    .collect())
            })
            .await
    }

    /// Changes an editor's settings, as an admin; 404 for anyone who is not an editor.
    pub async fn save_editor_settings(
        &self,
        actor: Option<&Actor>,
        user_id: i64,
        change: SettingsChange,
    ) -> Result<EditorSettings, DomainError> {
        authorize(actor, Action::ManageUsers)?;
        self.db.write(move |conn| save(conn, user_id, change)).await
    }

    /// Every topic of every convention, to choose from.
    pub async fn topic_choices(&self) -> Result<Vec<TopicChoice>, DomainError> {
        self.db
            .read(move |conn| {
                Ok(editors::topic_choices(conn)?
                    .into_iter()
                    .map(|(_, convention, topic, convention_title, title)| TopicChoice {
                        reference: format!("{convention}/{topic}"),
                        convention_title,
                        title,
                    })
                    .collect())
            })
            .await
    }
}

fn view(row: editors::EditorRow, followed: &[i64], choices: &[editors::TopicChoiceRow]) -> EditorSettings {
    EditorSettings {
        user_id: row.id,
        display_name: row.display_name,
        email: row.email,
        topics: choices
            .iter()
            .filter(|choice| followed.contains(&choice.0))
            .map(|(_, convention, topic, _, _)| format!("{convention}/{topic}"))
            .collect(),
        daily_reminder: row.daily_reminder.unwrap_or(true),
    }
}

fn settings_of(conn: &mut AnyConnection, user_id: i64) -> Result<EditorSettings, DomainError> {
    let row = editors::editor(conn, user_id)?.ok_or(DomainError::NotFound)?;
    let followed = editors::followed_topic_ids(conn, user_id)?;
    Ok(view(row, &followed, &editors::topic_choices(conn)?))
}

fn save(conn: &mut AnyConnection, user_id: i64, change: SettingsChange) -> Result<EditorSettings, DomainError> {
    editors::editor(conn, user_id)?.ok_or(DomainError::NotFound)?;
    if let Some(references) = &change.topics {
        let ids = topic_ids(&editors::topic_choices(conn)?, references)?;
        editors::set_followed_topics(conn, user_id, &ids)?;
    }
    if let Some(on) = change.daily_reminder {
        editors::set_daily_reminder(conn, user_id, on, storage::now())?;
    }
    settings_of(conn, user_id)
}

/// The ids of the topics named `convention-slug/topic-slug`, each once; every unknown name is
/// reported under `topics`.
fn topic_ids(choices: &[editors::TopicChoiceRow], references: &[String]) -> Result<Vec<i64>, DomainError> {
    if references.len() > MAX_TOPICS {
        return Err(DomainError::invalid("topics", Message::of("invalid-at-most-topics").arg("max", MAX_TOPICS)));
    }
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    for reference in references {
        let reference = reference.trim();
        let found = reference.split_once('/').and_then(|(convention, topic)| {
            choices.iter().find(|choice| choice.1 == convention.trim() && choice.2 == topic.trim())
        });
        match found {
            Some(choice) if !ids.contains(&choice.0) => ids.push(choice.0),
            Some(_) => {}
            None => unknown.push(reference.chars().take(100).collect::<String>()),
        }
    }
    if !unknown.is_empty() {
        return Err(DomainError::invalid(
            "topics",
            Message::of("invalid-no-such-topics")
                .arg("topics", unknown.iter().map(|r| format!("\u{201c}{r}\u{201d}")).collect::<Vec<_>>().join(", ")),
        ));
    }
    Ok(ids)
}

/// What one editor's reminder says.
struct Report {
    topics_only: bool,
    waiting: i64,
    oldest: Option<editors::ReminderPiece>,
    idle: Vec<editors::ReminderPiece>,
    scheduled: Vec<editors::ReminderPiece>,
}

impl Report {
    /// What waits in the queue for this editor (never their own pieces, which they may not
    /// review) and what is scheduled in the next 24 hours, under the topics the editor follows if
    /// any; and the pieces they hold that nobody touched for `idle_after_days` (whatever their
    /// topic: they are the editor's own).
    fn gather(
        conn: &mut AnyConnection,
        editor_id: i64,
        now: NaiveDateTime,
        settings: &ReminderSettings,
    ) -> Result<Report, DomainError> {
        let followed = editors::followed_topic_ids(conn, editor_id)?;
        let topics = (!followed.is_empty()).then_some(followed.as_slice());
        let (waiting, oldest) = editors::waiting(conn, editor_id, topics)?;
        let idle_since = now - TimeDelta::days(i64::from(settings.idle_after_days));
        Ok(Report {
            topics_only: topics.is_some(),
            waiting,
            oldest,
            idle: editors::held_untouched(conn, editor_id, idle_since)?,
            scheduled: editors::scheduled_between(conn, (now, now + TimeDelta::hours(24)), topics)?,
        })
    }

    fn is_empty(&self) -> bool {
        self.waiting == 0 && self.idle.is_empty() && self.scheduled.is_empty()
    }

    /// The reminder, in `lang` (the editor's).
    fn message(
        &self,
        editor: &editors::EditorRow,
        lang: Lang,
        now: NaiveDateTime,
        settings: &ReminderSettings,
    ) -> Result<email::OutgoingEmail, DomainError> {
        let base = &settings.public_url;
        let line = |piece: &editors::ReminderPiece| messages::ReminderLine {
            title: piece.title.clone(),
            author: piece.author_name.clone(),
            days: (now - piece.at).num_days().max(0),
            when: piece.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            link: messages::link(base, &format!("/review/{}", piece.id), &[]),
        };
        let idle_days = settings.idle_after_days.to_string();
        messages::reminder(&messages::Reminder {
            key: format!("reminder-{}-{}", editor.id, now.date()),
            lang,
            to: &editor.email,
            name: &editor.display_name,
            topics_only: self.topics_only,
            waiting: self.waiting,
            oldest: self.oldest.as_ref().map(line),
            queue_link: messages::link(base, "/review", &[("status", "submitted"), ("sort", "oldest")]),
            idle: self.idle.iter().map(line).collect(),
            idle_after_days: settings.idle_after_days,
            idle_link: messages::link(
                base,
                "/review",
                &[("status", "in_review"), ("assignee", "me"), ("idle_days", &idle_days)],
            ),
            scheduled: self.scheduled.iter().map(line).collect(),
            scheduled_link: messages::link(base, "/review", &[("status", "approved")]),
            settings_link: messages::link(base, "/review/settings", &[]),
        })
        .map_err(|e| DomainError::Internal(format!("email template: {e}")))
    }
}

/// The scheduler's reminder pass: once a day, at the first pass at or after the configured hour
/// (UTC), every editor who has not turned it off gets one message saying what waits, what they
/// hold untouched and what is published in the next 24 hours; an editor with nothing to be told
/// gets nothing. Each editor's day is claimed in the database in the transaction that queues the
/// message (with nothing to say too, so what comes in later that day waits for the next
/// reminder), so with several processes, or a pass run twice, it goes out once. Returns how many
/// were queued.
pub fn send_daily_reminders(
    db: &Database,
    settings: &ReminderSettings,
    now: NaiveDateTime,
) -> Result<usize, DomainError> {
    if now.hour() < settings.hour_utc {
        return Ok(0);
    }
    let mut conn = db.connection()?;
    let today = now.date();
    let done = editors::reminded_on(&mut conn, today)?;
    let mut sent = 0;
    let mut failure = None;
    for editor in editors::editors(&mut conn)? {
        if editor.daily_reminder == Some(false) || done.contains(&editor.id) {
            continue;
        }
        let queued = storage::write_transaction(&mut conn, |conn| -> Result<bool, DomainError> {
            let report = Report::gather(conn, editor.id, now, settings)?;
            if !editors::claim_reminder(conn, editor.id, today, !report.is_empty(), now)? || report.is_empty() {
                return Ok(false);
            }
            let lang = email::language::of_member(conn, editor.id)?;
            email::enqueue(conn, &report.message(&editor, lang, now, settings)?)?;
            Ok(true)
        });
        // One editor's failure does not keep the others' reminders back.
        match queued {
            Ok(queued) => sent += usize::from(queued),
            Err(error) => {
                tracing::warn!(editor = editor.id, %error, "an editor's reminder failed");
                failure = Some(error);
            }
        }
    }
    match failure {
        Some(error) => Err(error),
        None => Ok(sent),
    }
}
