//! Queries for the editors' desk: the topics each editor follows, whether they want the daily
//! reminder, the once-a-day claim of the reminder pass, and what a reminder reports.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::max;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Timestamp};

use super::schema::{
    conventions, editor_preferences, editor_topics, reminder_runs, review_events, submissions, topics, user_roles,
    users,
};
use super::{AnyConnection, StorageResult};

/// An editor as the desk sees them.
#[derive(Debug, Clone, Queryable)]
pub struct EditorRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    /// `None`: never set, which means on.
    pub daily_reminder: Option<bool>,
}

/// Everyone holding the editor role, by name.
pub fn editors(conn: &mut AnyConnection) -> StorageResult<Vec<EditorRow>> {
    Ok(users::table
        .inner_join(user_roles::table.on(user_roles::user_id.eq(users::id)))
        .left_join(editor_preferences::table.on(editor_preferences::user_id.eq(users::id)))
        .filter(user_roles::role.eq("editor"))
        .order((users::display_name.asc(), users::id.asc()))
        .select((users::id, users::email, users::display_name, editor_preferences::daily_reminder.nullable()))
        .load(conn)?)
}

/// One editor, if `user_id` holds the editor role.
pub fn editor(conn: &mut AnyConnection, user_id: i64) -> StorageResult<Option<EditorRow>> {
    Ok(users::table
        .inner_join(user_roles::table.on(user_roles::user_id.eq(users::id)))
        .left_join(editor_preferences::table.on(editor_preferences::user_id.eq(users::id)))
        .filter(user_roles::role.eq("editor"))
        .filter(users::id.eq(user_id))
        .select((users::id, users::email, users::display_name, editor_preferences::daily_reminder.nullable()))
        .first(conn)
        .optional()?)
}

/// The ids of the topics `user_id` follows (empty: none, which means every topic).
pub fn followed_topic_ids(conn: &mut AnyConnection, user_id: i64) -> StorageResult<Vec<i64>> {
    Ok(editor_topics::table
        .filter(editor_topics::user_id.eq(user_id))
        .order(editor_topics::topic_id.asc())
        .select(editor_topics::topic_id)
        .load(conn)?)
}

/// `(user id, topic id)` for every topic followed by one of `user_ids`.
pub fn followed_topics_of_many(conn: &mut AnyConnection, user_ids: &[i64]) -> StorageResult<Vec<(i64, i64)>> {
    Ok(editor_topics::table
        .filter(editor_topics::user_id.eq_any(user_ids))
        .select((editor_topics::user_id, editor_topics::topic_id))
        .load(conn)?)
}

/// Replaces the topics `user_id` follows.
pub fn set_followed_topics(conn: &mut AnyConnection, user_id: i64, topic_ids: &[i64]) -> StorageResult<()> {
    diesel::delete(editor_topics::table.filter(editor_topics::user_id.eq(user_id))).execute(conn)?;
    for topic_id in topic_ids {
        diesel::insert_into(editor_topics::table)
            .values((editor_topics::user_id.eq(user_id), editor_topics::topic_id.eq(topic_id)))
            .execute(conn)?;
    }
    Ok(())
}

/// Turns `user_id`'s daily reminder on or off.
pub fn set_daily_reminder(conn: &mut AnyConnection, user_id: i64, on: bool, now: NaiveDateTime) -> StorageResult<()> {
    diesel::sql_query(
        "INSERT INTO editor_preferences (user_id, daily_reminder, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET daily_reminder = excluded.daily_reminder, updated_at = excluded.updated_at",
    )
    .bind::<BigInt, _>(user_id)
    .bind::<Bool, _>(on)
    .bind::<Timestamp, _>(now)
    .execute(conn)?;
    Ok(())
}

/// A topic an editor can follow: `(topic id, convention slug, topic slug, convention title,
/// topic title)`, in the conventions' order, then the topics'.
pub type TopicChoiceRow = (i64, String, String, String, String);

pub fn topic_choices(conn: &mut AnyConnection) -> StorageResult<Vec<TopicChoiceRow>> {
    Ok(topics::table
        .inner_join(conventions::table)
        .order((conventions::id.asc(), topics::position.asc(), topics::id.asc()))
        .select((topics::id, conventions::slug, topics::slug, conventions::title, topics::title))
        .load(conn)?)
}

/// The editors whose reminder pass already ran on `day`.
pub fn reminded_on(conn: &mut AnyConnection, day: NaiveDate) -> StorageResult<Vec<i64>> {
    Ok(reminder_runs::table.filter(reminder_runs::day.eq(day)).select(reminder_runs::user_id).load(conn)?)
}

/// Claims `user_id`'s reminder for `day`; false if another pass (in any process) already has it.
pub fn claim_reminder(
    conn: &mut AnyConnection,
    user_id: i64,
    day: NaiveDate,
    sent: bool,
    now: NaiveDateTime,
) -> StorageResult<bool> {
    Ok(diesel::sql_query(
        "INSERT INTO reminder_runs (user_id, day, sent, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, day) DO NOTHING",
    )
    .bind::<BigInt, _>(user_id)
    .bind::<Date, _>(day)
    .bind::<Bool, _>(sent)
    .bind::<Timestamp, _>(now)
    .execute(conn)?
        == 1)
}

/// A piece a reminder names: id, title, its author's name, and the instant that matters (when it
/// was submitted, last touched, or is to be published).
#[derive(Debug, Clone)]
pub struct ReminderPiece {
    pub id: i64,
    pub title: String,
    pub author_name: String,
    pub at: NaiveDateTime,
}

/// How many pieces `editor_id` could take from the queue (submitted, not claimed, not their own)
/// under `topic_ids` (`None`: all), and the one waiting longest.
pub fn waiting(
    conn: &mut AnyConnection,
    editor_id: i64,
    topic_ids: Option<&[i64]>,
) -> StorageResult<(i64, Option<ReminderPiece>)> {
    let base = || {
        let query = submissions::table
            .filter(submissions::status.eq("submitted"))
            .filter(submissions::submitted_at.is_not_null())
            .filter(submissions::author_id.ne(editor_id))
            .into_boxed();
        match topic_ids {
            Some(ids) => query.filter(submissions::topic_id.eq_any(ids.to_vec())),
            None => query,
        }
    };
    let count: i64 = base().count().get_result(conn)?;
    let oldest: Option<(i64, String, i64, Option<NaiveDateTime>)> = base()
        .order((submissions::submitted_at.asc(), submissions::id.asc()))
        .select((submissions::id, submissions::title, submissions::author_id, submissions::submitted_at))
        .first(conn)
        .optional()?;
    let oldest = match oldest {
        Some((id, title, author_id, Some(at))) => {
            Some(ReminderPiece { id, title, author_name: display_name(conn, author_id)?, at })
        }
        _ => None,
    };
    Ok((count, oldest))
}

fn display_name(conn: &mut AnyConnection, user_id: i64) -> StorageResult<String> {
    Ok(users::table.find(user_id).select(users::display_name).first(conn).optional()?.unwrap_or_default())
}

/// The pieces `editor_id` holds (claimed, in review) that nobody has touched since `before`: no
/// claim, status change or review event (a comment included) after it. `at` is the last touch.
pub fn held_untouched(
    conn: &mut AnyConnection,
    editor_id: i64,
    before: NaiveDateTime,
) -> StorageResult<Vec<ReminderPiece>> {
    let held: Vec<(i64, String, i64, NaiveDateTime, Option<NaiveDateTime>)> = submissions::table
        .filter(submissions::status.eq("in_review"))
        .filter(submissions::assigned_editor_id.eq(editor_id))
        .order(submissions::id.asc())
        .select((
            submissions::id,
            submissions::title,
            submissions::author_id,
            submissions::updated_at,
            submissions::claimed_at,
        ))
        .load(conn)?;
    if held.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = held.iter().map(|row| row.0).collect();
    let last_events: Vec<(i64, Option<NaiveDateTime>)> = review_events::table
        .filter(review_events::submission_id.eq_any(&ids))
        .group_by(review_events::submission_id)
        .select((review_events::submission_id, max(review_events::created_at)))
        .load(conn)?;
    let mut idle = Vec::new();
    for (id, title, author_id, updated_at, claimed_at) in held {
        let event = last_events.iter().find(|(sid, _)| *sid == id).and_then(|(_, at)| *at);
        let touched = [Some(updated_at), claimed_at, event].into_iter().flatten().max().unwrap_or(updated_at);
        if touched < before {
            idle.push(ReminderPiece { id, title, author_name: display_name(conn, author_id)?, at: touched });
        }
    }
    Ok(idle)
}

/// Approved pieces to be published after `from` and by `to`, under `topic_ids` (`None`: all),
/// soonest first.
pub fn scheduled_between(
    conn: &mut AnyConnection,
    (from, to): (NaiveDateTime, NaiveDateTime),
    topic_ids: Option<&[i64]>,
) -> StorageResult<Vec<ReminderPiece>> {
    let mut query = submissions::table
        .inner_join(users::table.on(users::id.eq(submissions::author_id)))
        .filter(submissions::status.eq("approved"))
        .filter(submissions::publish_at.gt(from))
        .filter(submissions::publish_at.le(to))
        .into_boxed();
    if let Some(ids) = topic_ids {
        query = query.filter(submissions::topic_id.eq_any(ids.to_vec()));
    }
    let rows: Vec<(i64, String, String, Option<NaiveDateTime>)> = query
        .order((submissions::publish_at.asc(), submissions::id.asc()))
        .select((submissions::id, submissions::title, users::display_name, submissions::publish_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, title, author_name, at)| Some(ReminderPiece { id, title, author_name, at: at? }))
        .collect())
}
