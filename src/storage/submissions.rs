//! Queries over submissions, their revisions and their review events.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{review_events, revisions, submissions, users};
use super::{AnyConnection, StorageResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = submissions)]
pub struct SubmissionRow {
    pub id: i64,
    pub convention_id: i64,
    pub author_id: i64,
    pub status: String,
    pub title: String,
    pub current_revision: i32,
    pub assigned_editor_id: Option<i64>,
    pub claimed_at: Option<NaiveDateTime>,
    pub submitted_at: Option<NaiveDateTime>,
    pub publish_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub topic_id: Option<i64>,
    pub reply_to_article_id: Option<i64>,
    pub language: String,
    pub priority: i32,
    /// The author kind of the current revision.
    pub author_kind: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = revisions)]
pub struct RevisionRow {
    pub id: i64,
    pub submission_id: i64,
    pub number: i32,
    pub title: String,
    pub body_markdown: String,
    pub byline_name: String,
    pub byline_location: String,
    pub tags: String,
    pub word_count: i32,
    pub created_at: NaiveDateTime,
    pub byline_state: Option<String>,
    pub byline_club: Option<String>,
    pub byline_district: Option<String>,
    pub author_kind: String,
    pub video_url: Option<String>,
    /// The body rendered when the revision was saved (safe HTML), and its plain words.
    pub body_html: String,
    pub body_text: String,
}

pub struct NewRevision<'a> {
    pub title: &'a str,
    pub body_markdown: &'a str,
    pub body_html: &'a str,
    pub body_text: &'a str,
    pub byline_name: &'a str,
    pub byline_location: &'a str,
    pub byline_state: Option<&'a str>,
    pub byline_club: Option<&'a str>,
    pub byline_district: Option<&'a str>,
    pub author_kind: &'a str,
    pub video_url: Option<&'a str>,
    pub tags: &'a str,
    pub word_count: i32,
}

/// Where a submission sits in the discussion: its topic, the piece it replies to, its language.
pub struct Placement<'a> {
    pub topic_id: Option<i64>,
    pub reply_to_article_id: Option<i64>,
    pub language: &'a str,
}

impl Placement<'_> {
    /// Whether the submission sits there already.
    pub fn is_of(&self, row: &SubmissionRow) -> bool {
        self.topic_id == row.topic_id
            && self.reply_to_article_id == row.reply_to_article_id
            && self.language == row.language
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct EventRow {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub visibility: Option<String>,
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
}

pub struct NewEvent<'a> {
    pub submission_id: i64,
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: Option<&'a str>,
    pub visibility: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// Creates a draft with its first revision. `form_key`, when given, must be new for this author
/// (the unique index refuses it otherwise; see [`find_by_form_key`]).
pub fn insert(
    conn: &mut AnyConnection,
    (convention_id, author_id, form_key): (i64, i64, Option<&str>),
    placement: &Placement<'_>,
    revision: &NewRevision<'_>,
    now: NaiveDateTime,
) -> StorageResult<i64> {
    let id = diesel::insert_into(submissions::table)
        .values((
            submissions::convention_id.eq(convention_id),
            submissions::author_id.eq(author_id),
            submissions::status.eq("draft"),
            submissions::title.eq(revision.title),
            submissions::author_kind.eq(revision.author_kind),
            submissions::current_revision.eq(1),
            submissions::created_at.eq(now),
            submissions::updated_at.eq(now),
            submissions::topic_id.eq(placement.topic_id),
            submissions::reply_to_article_id.eq(placement.reply_to_article_id),
            submissions::language.eq(placement.language),
            submissions::form_key.eq(form_key),
        ))
        .returning(submissions::id)
        .get_result(conn)?;
    store_revision(conn, id, 1, revision, now)?;
    Ok(id)
}

/// Adds revision `number` and makes it the submission's current one.
pub fn insert_revision(
    conn: &mut AnyConnection,
    submission_id: i64,
    number: i32,
    revision: &NewRevision<'_>,
    now: NaiveDateTime,
) -> StorageResult<()> {
    store_revision(conn, submission_id, number, revision, now)?;
    diesel::update(submissions::table.find(submission_id))
        .set((
            submissions::current_revision.eq(number),
            submissions::title.eq(revision.title),
            submissions::author_kind.eq(revision.author_kind),
            submissions::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The revision's row alone (the submission's own columns say which revision is current).
fn store_revision(
    conn: &mut AnyConnection,
    submission_id: i64,
    number: i32,
    revision: &NewRevision<'_>,
    now: NaiveDateTime,
) -> StorageResult<()> {
    diesel::insert_into(revisions::table)
        .values((
            revisions::submission_id.eq(submission_id),
            revisions::number.eq(number),
            revisions::title.eq(revision.title),
            revisions::body_markdown.eq(revision.body_markdown),
            revisions::body_html.eq(revision.body_html),
            revisions::body_text.eq(revision.body_text),
            revisions::byline_name.eq(revision.byline_name),
            revisions::byline_location.eq(revision.byline_location),
            revisions::tags.eq(revision.tags),
            revisions::word_count.eq(revision.word_count),
            revisions::created_at.eq(now),
            revisions::byline_state.eq(revision.byline_state),
            revisions::byline_club.eq(revision.byline_club),
            revisions::byline_district.eq(revision.byline_district),
            revisions::author_kind.eq(revision.author_kind),
            revisions::video_url.eq(revision.video_url),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_placement(conn: &mut AnyConnection, id: i64, placement: &Placement<'_>) -> StorageResult<()> {
    diesel::update(submissions::table.find(id))
        .set((
            submissions::topic_id.eq(placement.topic_id),
            submissions::reply_to_article_id.eq(placement.reply_to_article_id),
            submissions::language.eq(placement.language),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_priority(conn: &mut AnyConnection, id: i64, priority: i32) -> StorageResult<()> {
    diesel::update(submissions::table.find(id)).set(submissions::priority.eq(priority)).execute(conn)?;
    Ok(())
}

/// Submissions waiting in the queue, with the author kind of their current revision.
pub fn queued_author_kinds(conn: &mut AnyConnection) -> StorageResult<Vec<(i64, String)>> {
    Ok(submissions::table
        .inner_join(
            revisions::table.on(revisions::submission_id
                .eq(submissions::id)
                .and(revisions::number.eq(submissions::current_revision))),
        )
        .filter(submissions::status.eq_any(["submitted", "in_review"]))
        .select((submissions::id, revisions::author_kind))
        .load(conn)?)
}

/// The draft an author already made with this form key.
pub fn find_by_form_key(conn: &mut AnyConnection, author_id: i64, key: &str) -> StorageResult<Option<i64>> {
    Ok(submissions::table
        .filter(submissions::author_id.eq(author_id).and(submissions::form_key.eq(key)))
        .select(submissions::id)
        .first(conn)
        .optional()?)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<SubmissionRow>> {
    Ok(submissions::table.find(id).select(SubmissionRow::as_select()).first(conn).optional()?)
}

/// The same row, locked for the rest of the transaction on Postgres (SQLite's write transaction
/// already excludes other writers), so a status check and its change cannot interleave.
pub fn find_for_update(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<SubmissionRow>> {
    Ok(match conn {
        AnyConnection::Postgresql(pg) => {
            submissions::table.find(id).select(SubmissionRow::as_select()).for_update().first(pg).optional()?
        }
        AnyConnection::Sqlite(_) => find(conn, id)?,
    })
}

pub fn by_author(
    conn: &mut AnyConnection,
    author_id: i64,
    before: Option<(NaiveDateTime, i64)>,
    limit: i64,
) -> StorageResult<Vec<SubmissionRow>> {
    let mut query = submissions::table.filter(submissions::author_id.eq(author_id)).into_boxed();
    if let Some((at, id)) = before {
        query =
            query.filter(submissions::updated_at.lt(at).or(submissions::updated_at.eq(at).and(submissions::id.lt(id))));
    }
    Ok(query
        .order((submissions::updated_at.desc(), submissions::id.desc()))
        .limit(limit)
        .select(SubmissionRow::as_select())
        .load(conn)?)
}

/// What the editors' desk asks of the queue; every field that is set narrows it. Only pieces that
/// were ever submitted count: a draft withdrawn unsent stays its author's alone.
#[derive(Debug, Clone, Default)]
pub struct QueueCriteria {
    pub convention_id: Option<i64>,
    pub status: Option<String>,
    /// Any of these topics.
    pub topic_ids: Option<Vec<i64>>,
    pub language: Option<String>,
    pub author_kind: Option<String>,
    pub assignee: Option<Assignee>,
    /// Submitted before this instant ("waiting longer than N days").
    pub submitted_before: Option<NaiveDateTime>,
    /// Claimed, and nothing happened to it since this instant ("untouched for N days").
    pub idle_since: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignee {
    Unassigned,
    Editor(i64),
}

/// The queue's orders, each with its keyset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueOrder {
    /// Higher priority first, then oldest submitted.
    Priority,
    Oldest,
    Newest,
}

/// Where the previous page ended: the last row's priority (ignored but by the priority order),
/// submission time and id.
pub type QueueKey = (i32, NaiveDateTime, i64);

type Filtered = submissions::BoxedQuery<'static, super::MultiBackend>;

fn filtered(criteria: &QueueCriteria) -> Filtered {
    let mut query = submissions::table.filter(submissions::submitted_at.is_not_null()).into_boxed();
    if let Some(convention_id) = criteria.convention_id {
        query = query.filter(submissions::convention_id.eq(convention_id));
    }
    if let Some(status) = &criteria.status {
        query = query.filter(submissions::status.eq(status.clone()));
    }
    if let Some(topic_ids) = &criteria.topic_ids {
        query = query.filter(submissions::topic_id.eq_any(topic_ids.clone()));
    }
    if let Some(language) = &criteria.language {
        query = query.filter(submissions::language.eq(language.clone()));
    }
    if let Some(kind) = &criteria.author_kind {
        query = query.filter(submissions::author_kind.eq(kind.clone()));
    }
    match criteria.assignee {
        Some(Assignee::Unassigned) => query = query.filter(submissions::assigned_editor_id.is_null()),
        Some(Assignee::Editor(id)) => query = query.filter(submissions::assigned_editor_id.eq(id)),
        None => {}
    }
    if let Some(before) = criteria.submitted_before {
        query = query.filter(submissions::submitted_at.le(before));
    }
    if let Some(since) = criteria.idle_since {
        query = query.filter(submissions::assigned_editor_id.is_not_null()).filter(submissions::updated_at.le(since));
    }
    query
}

/// One page of the queue in `order`, after the keyset `after`.
pub fn queue(
    conn: &mut AnyConnection,
    criteria: &QueueCriteria,
    order: QueueOrder,
    after: Option<QueueKey>,
    limit: i64,
) -> StorageResult<Vec<SubmissionRow>> {
    let mut query = filtered(criteria);
    query = match (order, after) {
        (QueueOrder::Priority, Some((priority, at, id))) => {
            // The first bound lets the index start at the cursor; the rest settles ties.
            query.filter(submissions::priority.le(priority)).filter(
                submissions::priority.lt(priority).or(submissions::submitted_at
                    .gt(at)
                    .or(submissions::submitted_at.eq(at).and(submissions::id.gt(id)))),
            )
        }
        (QueueOrder::Oldest, Some((_, at, id))) => query
            .filter(submissions::submitted_at.gt(at).or(submissions::submitted_at.eq(at).and(submissions::id.gt(id)))),
        (QueueOrder::Newest, Some((_, at, id))) => query
            .filter(submissions::submitted_at.lt(at).or(submissions::submitted_at.eq(at).and(submissions::id.lt(id)))),
        (_, None) => query,
    };
    query = match order {
        QueueOrder::Priority => {
            query.order((submissions::priority.desc(), submissions::submitted_at.asc(), submissions::id.asc()))
        }
        QueueOrder::Oldest => query.order((submissions::submitted_at.asc(), submissions::id.asc())),
        QueueOrder::Newest => query.order((submissions::submitted_at.desc(), submissions::id.desc())),
    };
    Ok(query.limit(limit).select(SubmissionRow::as_select()).load(conn)?)
}

/// How many pieces match, counted exactly up to `cap` (a count above it reads as `cap + 1`):
/// the desk's counts cost the same however large the archive grows.
pub fn count_up_to(conn: &mut AnyConnection, criteria: &QueueCriteria, cap: i64) -> StorageResult<i64> {
    // No order: the planner stops at the first `cap + 1` it finds, by whichever index suits.
    let ids: Vec<i64> = filtered(criteria).select(submissions::id).limit(cap + 1).load(conn)?;
    Ok(i64::try_from(ids.len()).unwrap_or(i64::MAX))
}

/// What the desk's counts are made of, for at most `cap + 1` matching pieces.
#[derive(Debug, Clone, Queryable)]
pub struct FacetRow {
    pub topic_id: Option<i64>,
    pub language: String,
    pub author_kind: String,
    pub assigned_editor_id: Option<i64>,
    pub submitted_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

/// The order of the `submissions_desk` index, which holds every column the desk filters on: the
/// facets' rows are read from the index alone.
fn desk_order() -> (submissions::status, submissions::submitted_at, submissions::id) {
    (submissions::status, submissions::submitted_at, submissions::id)
}

pub fn facet_rows(conn: &mut AnyConnection, criteria: &QueueCriteria, cap: i64) -> StorageResult<Vec<FacetRow>> {
    Ok(filtered(criteria)
        .order(desk_order())
        .select((
            submissions::topic_id,
            submissions::language,
            submissions::author_kind,
            submissions::assigned_editor_id,
            submissions::submitted_at,
            submissions::updated_at,
        ))
        .limit(cap + 1)
        .load(conn)?)
}

/// Display names by user id, for a page of rows.
pub fn names_of(conn: &mut AnyConnection, ids: &[i64]) -> StorageResult<Vec<(i64, String)>> {
    Ok(users::table.filter(users::id.eq_any(ids)).select((users::id, users::display_name)).load(conn)?)
}

/// Every editor, by name: who may be assigned a piece.
pub fn editors(conn: &mut AnyConnection) -> StorageResult<Vec<(i64, String)>> {
    use super::schema::user_roles;
    Ok(users::table
        .inner_join(user_roles::table.on(user_roles::user_id.eq(users::id)))
        .filter(user_roles::role.eq("editor"))
        .order((users::display_name.asc(), users::id.asc()))
        .select((users::id, users::display_name))
        .load(conn)?)
}

/// A change of status, applied only if the row is still in `expected`.
pub struct StatusChange<'a> {
    pub expected: &'a str,
    /// When `Some`, the change also needs the publication time to be still this one (`None`
    /// inside: none), so moving or cancelling a schedule and publishing on it cannot interleave.
    pub expected_publish_at: Option<Option<NaiveDateTime>>,
    pub next: &'a str,
    /// `Some(editor)` sets or (with `None` inside) clears the assigned editor.
    pub editor: Option<Option<i64>>,
    pub submitted_at: Option<NaiveDateTime>,
    pub publish_at: Option<Option<NaiveDateTime>>,
}

/// Applies `change` only if the row is still as `change` expects it; returns whether it was.
/// This compare-and-set is what makes two editors' claims exclusive.
pub fn change_status(
    conn: &mut AnyConnection,
    id: i64,
    change: &StatusChange<'_>,
    now: NaiveDateTime,
) -> StorageResult<bool> {
    let target = submissions::table.find(id).filter(submissions::status.eq(change.expected));
    let set = (submissions::status.eq(change.next), submissions::updated_at.eq(now));
    let changed = match change.expected_publish_at {
        None => diesel::update(target).set(set).execute(conn)?,
        Some(None) => diesel::update(target.filter(submissions::publish_at.is_null())).set(set).execute(conn)?,
        Some(Some(at)) => diesel::update(target.filter(submissions::publish_at.eq(at))).set(set).execute(conn)?,
    };
    if changed == 1 {
        if let Some(editor) = change.editor {
            diesel::update(submissions::table.find(id))
                .set((submissions::assigned_editor_id.eq(editor), submissions::claimed_at.eq(editor.map(|_| now))))
                .execute(conn)?;
        }
        if let Some(at) = change.submitted_at {
            diesel::update(submissions::table.find(id)).set(submissions::submitted_at.eq(at)).execute(conn)?;
        }
        if let Some(at) = change.publish_at {
            diesel::update(submissions::table.find(id)).set(submissions::publish_at.eq(at)).execute(conn)?;
        }
    }
    Ok(changed == 1)
}

/// Approved submissions whose publication time has come.
/// Approved pieces due by `now`, in the order they fell due, after the `(publish_at, id)` key
/// `after` (keyset, so a pass that skips a failing piece still reaches every later one).
pub fn due_for_publication(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    after: Option<(NaiveDateTime, i64)>,
    limit: i64,
) -> StorageResult<Vec<(NaiveDateTime, i64)>> {
    let mut query = submissions::table
        .filter(submissions::status.eq("approved"))
        .filter(submissions::publish_at.le(now))
        .into_boxed();
    if let Some((at, id)) = after {
        query =
            query.filter(submissions::publish_at.gt(at).or(submissions::publish_at.eq(at).and(submissions::id.gt(id))));
    }
    let rows: Vec<(Option<NaiveDateTime>, i64)> = query
        .order((submissions::publish_at.asc(), submissions::id.asc()))
        .limit(limit)
        .select((submissions::publish_at, submissions::id))
        .load(conn)?;
    Ok(rows.into_iter().map(|(at, id)| (at.unwrap_or(now), id)).collect())
}

pub fn revisions(conn: &mut AnyConnection, submission_id: i64) -> StorageResult<Vec<RevisionRow>> {
    Ok(revisions::table
        .filter(revisions::submission_id.eq(submission_id))
        .order(revisions::number.asc())
        .select(RevisionRow::as_select())
        .load(conn)?)
}

pub fn revision(conn: &mut AnyConnection, submission_id: i64, number: i32) -> StorageResult<Option<RevisionRow>> {
    Ok(revisions::table
        .filter(revisions::submission_id.eq(submission_id).and(revisions::number.eq(number)))
        .select(RevisionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Revisions saved before rendering was stored with them (ids and Markdown), a batch at a time.
/// Revisions marked to be rendered (empty HTML), after the id `after`: a text that renders to
/// nothing stays marked, and the next batch goes past it.
pub fn unrendered_revisions(conn: &mut AnyConnection, after: i64, limit: i64) -> StorageResult<Vec<(i64, String)>> {
    // The empty string written out, not bound: only then can either database tell that the
    // partial index `revisions_unrendered` holds every row asked for.
    Ok(revisions::table
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>("revisions.body_html = ''").and(revisions::id.gt(after)))
        .order(revisions::id)
        .select((revisions::id, revisions::body_markdown))
        .limit(limit)
        .load(conn)?)
}

pub fn store_rendered_revision(conn: &mut AnyConnection, id: i64, (html, text): (&str, &str)) -> StorageResult<()> {
    diesel::update(revisions::table.find(id))
        .set((revisions::body_html.eq(html), revisions::body_text.eq(text)))
        .execute(conn)?;
    Ok(())
}

pub fn revision_by_id(conn: &mut AnyConnection, id: i64) -> StorageResult<Option<RevisionRow>> {
    Ok(revisions::table.find(id).select(RevisionRow::as_select()).first(conn).optional()?)
}

pub fn insert_event(conn: &mut AnyConnection, event: &NewEvent<'_>, now: NaiveDateTime) -> StorageResult<()> {
    diesel::insert_into(review_events::table)
        .values((
            review_events::submission_id.eq(event.submission_id),
            review_events::actor_id.eq(event.actor_id),
            review_events::action.eq(event.action),
            review_events::from_status.eq(event.from_status),
            review_events::to_status.eq(event.to_status),
            review_events::visibility.eq(event.visibility),
            review_events::note.eq(event.note),
            review_events::created_at.eq(now),
        ))
        .execute(conn)?;
    // Every event touches the piece: the desk's "claimed and untouched for N days" reads this.
    diesel::update(submissions::table.find(event.submission_id)).set(submissions::updated_at.eq(now)).execute(conn)?;
    Ok(())
}

/// The audit trail, oldest first; `author_only` keeps just the comments addressed to the author.
pub fn events(conn: &mut AnyConnection, submission_id: i64, author_only: bool) -> StorageResult<Vec<EventRow>> {
    let mut query = review_events::table
        .left_join(users::table.on(users::id.nullable().eq(review_events::actor_id)))
        .filter(review_events::submission_id.eq(submission_id))
        .into_boxed();
    if author_only {
        query = query.filter(review_events::visibility.eq("author"));
    }
    Ok(query
        .order(review_events::id.asc())
        .select((
            review_events::id,
            review_events::actor_id,
            users::display_name.nullable(),
            review_events::action,
            review_events::from_status,
            review_events::to_status,
            review_events::visibility,
            review_events::note,
            review_events::created_at,
        ))
        .load(conn)?)
}

/// Addresses of everyone with the editor role, for notices of new submissions.
pub fn editor_addresses(conn: &mut AnyConnection) -> StorageResult<Vec<(String, String)>> {
    use super::schema::user_roles;
    Ok(users::table
        .inner_join(user_roles::table)
        .filter(user_roles::role.eq("editor"))
        .select((users::email, users::display_name))
        .load(conn)?)
}

/// A convention's submissions counted for the transparency page, by the database: reading every
/// piece into memory to count it took a million-piece convention's page 400 ms and 150 MB.
#[derive(Debug, QueryableByName)]
pub struct Tally {
    /// Pieces ever sent to the editors.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub received: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub published: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub rejected: i64,
    /// Pieces sent back to their authors for changes at least once.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub returned: i64,
    /// The median of the days from a piece's submission to its first decision (approval or
    /// rejection): the mean of the middle two for an even count.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Double>)]
    pub median_days_to_decision: Option<f64>,
}

pub fn tally(conn: &mut AnyConnection, convention_id: i64) -> StorageResult<Tally> {
    // Both take the median as the mean of the middle two; SQLite's median() is its percentile
    // extension (built in with SQLITE_ENABLE_PERCENTILE, see .cargo/config.toml).
    let median = match conn {
        AnyConnection::Sqlite(_) => "median(julianday(e.created_at) - julianday(s.submitted_at))",
        AnyConnection::Postgresql(_) => {
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM e.created_at - s.submitted_at)::float8 / 86400)"
        }
    };
    // `$1` is the convention on both backends (SQLite reads it as a named parameter, bound first).
    let query = format!(
        "SELECT \
           (SELECT count(*) FROM submissions WHERE convention_id = $1 AND submitted_at IS NOT NULL) AS received, \
           (SELECT count(*) FROM submissions \
             WHERE convention_id = $1 AND status = 'published' AND submitted_at IS NOT NULL) AS published, \
           (SELECT count(*) FROM submissions \
             WHERE convention_id = $1 AND status = 'rejected' AND submitted_at IS NOT NULL) AS rejected, \
           (SELECT count(DISTINCT e.submission_id) FROM review_events e JOIN submissions s ON s.id = e.submission_id \
             WHERE s.convention_id = $1 AND e.action = 'request_changes') AS returned, \
           (SELECT {median} FROM \
             (SELECT e.submission_id, min(e.id) AS first FROM review_events e \
               JOIN submissions s ON s.id = e.submission_id \
               WHERE s.convention_id = $1 AND e.action IN ('approve', 'reject') GROUP BY e.submission_id) f \
             JOIN review_events e ON e.id = f.first JOIN submissions s ON s.id = f.submission_id \
             WHERE s.submitted_at IS NOT NULL) AS median_days_to_decision"
    );
    Ok(diesel::sql_query(query).bind::<diesel::sql_types::BigInt, _>(convention_id).get_result(conn)?)
}
