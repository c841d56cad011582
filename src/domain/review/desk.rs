//! The editors' desk: the queue filtered, sorted and counted ([`QueueFilter`], [`Desk`]), bulk
//! actions over a selection ([`BulkAction`]), and handing a claimed piece to another editor.
//!
//! Counts are exact up to [`COUNT_CAP`] pieces and read "more than" beyond: they cost the same
//! however large the archive of published pieces grows.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::email::{self, messages};
use crate::storage::submissions::{self, Assignee, FacetRow, QueueCriteria, QueueOrder};
use crate::storage::{self, conventions, topics, users};

use super::{Acting, QueueItem, ReviewQueue, decode_queue_cursor};
use crate::domain::discussion::AuthorKind;
use crate::domain::lifecycle::{Status, Transition};
use crate::domain::policy::{Action, Actor, authorize};
use crate::domain::submission::{Effects, SubmissionView, scheduled_for, status_of};
use crate::domain::user::Role;
use crate::domain::{DomainError, FieldErrors, Page, encode_cursor};
use crate::i18n::Message;
use crate::i18n::language_name;

/// Counts above this read "more than" it.
pub const COUNT_CAP: i64 = 200;
/// Pieces a bulk action takes at once.
pub const BULK_MAX: usize = 100;
const PAGE: i64 = 25;
/// The day thresholds the desk offers for "waiting longer than" and "untouched for".
const DAY_CHOICES: [u32; 4] = [3, 7, 14, 30];

/// The queue as asked for, in a URL's query or the API's: every filter as typed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct QueueQuery {
    /// A convention's slug.
    pub convention: Option<String>,
    /// A status; `submitted` when absent.
    pub status: Option<String>,
    /// A topic's slug, `mine` (the topics the editor follows: where the desk opens when they
    /// follow any) or `all`.
    pub topic: Option<String>,
    /// A language code.
    pub language: Option<String>,
    /// `member`, `non_member` or `body`.
    pub author_kind: Option<String>,
    /// `me`, `unassigned`, or an editor's user id.
    pub assignee: Option<String>,
    /// Submitted more than this many days ago.
    pub waiting_days: Option<String>,
    /// Claimed, and untouched (no event) for this many days.
    pub idle_days: Option<String>,
    /// `priority` (the default: the queue's priority rule, then oldest), `oldest` or `newest`.
    pub sort: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssigneeChoice {
    Me,
    Unassigned,
    Editor(i64),
}

/// A [`QueueQuery`] checked: only values that can select something.
#[derive(Debug, Clone)]
pub struct QueueFilter {
    pub convention: Option<String>,
    pub status: Status,
    pub topic: Option<String>,
    pub language: Option<String>,
    pub author_kind: Option<AuthorKind>,
    pub assignee: Option<AssigneeChoice>,
    pub waiting_days: Option<u32>,
    pub idle_days: Option<u32>,
    pub sort: QueueOrder,
    cursor: Option<(i32, NaiveDateTime, i64)>,
}

fn present(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn days(errors: &mut FieldErrors, field: &str, text: &Option<String>) -> Option<u32> {
    let text = present(text)?;
    errors.check(
        field,
        text.parse::<u32>()
            .ok()
            .filter(|n| (1..=3650).contains(n))
            .ok_or_else(|| Message::of("invalid-must-whole-number-days-from-1")),
    )
}

impl Default for QueueFilter {
    /// The desk as it opens: what waits, by the priority rule.
    fn default() -> QueueFilter {
        QueueFilter {
            convention: None,
            status: Status::Submitted,
            topic: None,
            language: None,
            author_kind: None,
            assignee: None,
            waiting_days: None,
            idle_days: None,
            sort: QueueOrder::Priority,
            cursor: None,
        }
    }
}

impl QueueFilter {
    pub fn parse(query: &QueueQuery) -> Result<QueueFilter, DomainError> {
        let mut errors = FieldErrors::default();
        let status = match present(&query.status) {
            None => Some(Status::Submitted),
            Some(text) => errors.check(
                "status",
                text.parse::<Status>().and_then(|s| {
                    if s == Status::Draft { Err(Message::of("invalid-drafts-are-their-authors-own")) } else { Ok(s) }
                }),
            ),
        };
        let author_kind = present(&query.author_kind).and_then(|t| errors.check("author_kind", AuthorKind::parse(t)));
        let assignee = present(&query.assignee).and_then(|text| {
            errors.check(
                "assignee",
                match text {
                    "me" => Ok(AssigneeChoice::Me),
                    "unassigned" => Ok(AssigneeChoice::Unassigned),
                    id => id
                        .parse::<i64>()
                        .map(AssigneeChoice::Editor)
                        .map_err(|_| Message::of("invalid-must-me-unassigned-or-editors-id")),
                },
            )
        });
        let waiting_days = days(&mut errors, "waiting_days", &query.waiting_days);
        let idle_days = days(&mut errors, "idle_days", &query.idle_days);
        let sort = match present(&query.sort) {
            None | Some("priority") => Some(QueueOrder::Priority),
            Some("oldest") => Some(QueueOrder::Oldest),
            Some("newest") => Some(QueueOrder::Newest),
            Some(_) => {
                errors.check("sort", Err::<QueueOrder, _>(Message::of("invalid-must-priority-oldest-or-newest")))
            }
        };
        let cursor = match decode_queue_cursor(query.cursor.as_deref()) {
            Ok(cursor) => cursor,
            Err(DomainError::Invalid(cursor_errors)) => {
                errors.merge(cursor_errors);
                None
            }
            Err(other) => return Err(other),
        };
        let short = |text: Option<&str>| text.map(|t| t.chars().take(200).collect::<String>());
        match (status, sort) {
            (Some(status), Some(sort)) if errors.is_empty() => Ok(QueueFilter {
                convention: short(present(&query.convention)),
                status,
                topic: short(present(&query.topic)),
                language: short(present(&query.language)),
                author_kind,
                assignee,
                waiting_days,
                idle_days,
                sort,
                cursor,
            }),
            _ => Err(DomainError::Invalid(errors)),
        }
    }

    /// The query that shows this filter (without a cursor), for links and forms.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("status", self.status.as_str().to_string())];
        let mut add = |name, value: Option<String>| {
            if let Some(value) = value {
                pairs.push((name, value));
            }
        };
        add("convention", self.convention.clone());
        add("topic", self.topic.clone());
        add("language", self.language.clone());
        add("author_kind", self.author_kind.map(|k| k.as_str().to_string()));
        add(
            "assignee",
            self.assignee.map(|a| match a {
                AssigneeChoice::Me => "me".to_string(),
                AssigneeChoice::Unassigned => "unassigned".to_string(),
                AssigneeChoice::Editor(id) => id.to_string(),
            }),
        );
        add("waiting_days", self.waiting_days.map(|d| d.to_string()));
        add("idle_days", self.idle_days.map(|d| d.to_string()));
        if self.sort != QueueOrder::Priority {
            add("sort", Some(sort_name(self.sort).to_string()));
        }
        pairs
    }
}

pub fn sort_name(order: QueueOrder) -> &'static str {
    match order {
        QueueOrder::Priority => "priority",
        QueueOrder::Oldest => "oldest",
        QueueOrder::Newest => "newest",
    }
}

/// One choice of a filter with how many pieces it would show, the other filters kept.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FacetCount {
    /// What to pass for this choice in the query.
    pub value: String,
    pub label: String,
    pub count: i64,
    /// The count is a floor: more pieces than it match.
    pub more: bool,
}

/// Every filter's choices with their counts.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct QueueCounts {
    pub status: Vec<FacetCount>,
    pub topic: Vec<FacetCount>,
    pub language: Vec<FacetCount>,
    pub author_kind: Vec<FacetCount>,
    pub assignee: Vec<FacetCount>,
    pub waiting_days: Vec<FacetCount>,
    pub idle_days: Vec<FacetCount>,
}

/// The desk: one page of the queue as filtered, and the counts of every filter's choices.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Desk {
    pub items: Vec<QueueItem>,
    /// Pass back as `cursor`, with the same filters, for the next page; `null` on the last.
    pub next_cursor: Option<String>,
    pub counts: QueueCounts,
    /// Every editor, who may be assigned a piece: `[id, name]`.
    pub editors: Vec<(i64, String)>,
}

/// The filter resolved against the database: ids instead of slugs.
struct Resolved {
    criteria: QueueCriteria,
    topic_titles: Vec<(String, String, Vec<i64>)>,
    /// The topics the editor follows.
    followed: Vec<i64>,
}

fn resolve(conn: &mut storage::AnyConnection, filter: &QueueFilter, me: i64) -> Result<Resolved, DomainError> {
    let convention_id = match &filter.convention {
        Some(slug) => Some(
            conventions::id_by_slug(conn, slug)?
                .ok_or_else(|| DomainError::invalid("convention", Message::of("invalid-no-such-convention")))?,
        ),
        None => None,
    };
    // Topics by slug: within the convention, or the same slug across conventions.
    let mut topic_titles: Vec<(String, String, Vec<i64>)> = Vec::new();
    for topic in topics::all_in(conn, convention_id)? {
        match topic_titles.iter_mut().find(|(slug, _, _)| *slug == topic.slug) {
            Some((_, _, ids)) => ids.push(topic.id),
            None => topic_titles.push((topic.slug, topic.title, vec![topic.id])),
        }
    }
    let followed = crate::storage::editors::followed_topic_ids(conn, me)?;
    let topic_ids = match filter.topic.as_deref() {
        None | Some("mine") if !followed.is_empty() => Some(followed.clone()),
        None | Some("mine" | "all") => None,
        Some(slug) => Some(
            topic_titles
                .iter()
                .find(|(s, _, _)| s == slug)
                .map(|(_, _, ids)| ids.clone())
                .ok_or_else(|| DomainError::invalid("topic", Message::of("invalid-no-such-topic")))?,
        ),
    };
    let now = storage::now();
    let criteria = QueueCriteria {
        convention_id,
        status: Some(filter.status.as_str().to_string()),
        topic_ids,
        language: filter.language.clone(),
        author_kind: filter.author_kind.map(|k| k.as_str().to_string()),
        assignee: filter.assignee.map(|a| match a {
            AssigneeChoice::Me => Assignee::Editor(me),
            AssigneeChoice::Unassigned => Assignee::Unassigned,
            AssigneeChoice::Editor(id) => Assignee::Editor(id),
        }),
        submitted_before: filter.waiting_days.map(|d| now - Duration::days(i64::from(d))),
        idle_since: filter.idle_days.map(|d| now - Duration::days(i64::from(d))),
    };
    Ok(Resolved { criteria, topic_titles, followed })
}

fn floor(count: i64) -> (i64, bool) {
    if count > COUNT_CAP { (COUNT_CAP, true) } else { (count, false) }
}

/// The counts of every filter but status, from the pieces in the chosen status (and
/// convention): each filter's choices are counted with the other filters applied.
struct Tally<'a> {
    rows: &'a [FacetRow],
    criteria: &'a QueueCriteria,
    now: NaiveDateTime,
    /// The thresholds offered for "waiting longer than" and "untouched for".
    waiting: Vec<u32>,
    idle: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Facet {
    Topic,
    Language,
    AuthorKind,
    Assignee,
    Waiting,
    Idle,
}

impl Tally<'_> {
    fn count(&self, facet: Facet) -> HashMap<String, i64> {
        let mut counts: HashMap<String, i64> = HashMap::new();
        for row in self.rows.iter().filter(|row| self.others_match(facet, row)) {
            for key in self.keys(facet, row) {
                *counts.entry(key).or_default() += 1;
            }
        }
        counts
    }

    fn others_match(&self, facet: Facet, row: &FacetRow) -> bool {
        let c = self.criteria;
        (facet == Facet::Topic || c.topic_ids.as_ref().is_none_or(|ids| row.topic_id.is_some_and(|t| ids.contains(&t))))
            && (facet == Facet::Language || c.language.as_ref().is_none_or(|l| *l == row.language))
            && (facet == Facet::AuthorKind || c.author_kind.as_ref().is_none_or(|k| *k == row.author_kind))
            && (facet == Facet::Assignee
                || match c.assignee {
                    None => true,
                    Some(Assignee::Unassigned) => row.assigned_editor_id.is_none(),
                    Some(Assignee::Editor(id)) => row.assigned_editor_id == Some(id),
                })
            && (facet == Facet::Waiting
                || c.submitted_before.is_none_or(|before| row.submitted_at.is_some_and(|at| at <= before)))
            && (facet == Facet::Idle
                || c.idle_since.is_none_or(|since| row.assigned_editor_id.is_some() && row.updated_at <= since))
    }

    /// The choices of `facet` that `row` falls under.
    fn keys(&self, facet: Facet, row: &FacetRow) -> Vec<String> {
        let older_than = |at: NaiveDateTime, days: &u32| at <= self.now - Duration::days(i64::from(*days));
        match facet {
            Facet::Topic => row.topic_id.map(|t| vec![t.to_string()]).unwrap_or_default(),
            Facet::Language => vec![row.language.clone()],
            Facet::AuthorKind => vec![row.author_kind.clone()],
            Facet::Assignee => vec![row.assigned_editor_id.map_or_else(|| "unassigned".into(), |id| id.to_string())],
            Facet::Waiting => self
                .waiting
                .iter()
                .filter(|d| row.submitted_at.is_some_and(|at| older_than(at, d)))
                .map(u32::to_string)
                .collect(),
            Facet::Idle => self
                .idle
                .iter()
                .filter(|d| row.assigned_editor_id.is_some() && older_than(row.updated_at, d))
                .map(u32::to_string)
                .collect(),
        }
    }
}

/// The usual thresholds, and the one asked for if it is another.
fn thresholds(asked: Option<u32>) -> Vec<u32> {
    let mut days = DAY_CHOICES.to_vec();
    if let Some(asked) = asked.filter(|d| !days.contains(d)) {
        days.push(asked);
        days.sort_unstable();
    }
    days
}

fn author_kind_label(kind: AuthorKind) -> &'static str {
    match kind {
        AuthorKind::Member => "Members",
        AuthorKind::NonMember => "Non-members",
        AuthorKind::Body => "Bodies (clubs, committees)",
    }
}

impl ReviewQueue {
    /// The desk: the queue as `filter` asks, keyset paged, with every filter's counts.
    pub async fn desk(&self, actor: Option<&Actor>, filter: QueueFilter) -> Result<Arc<Desk>, DomainError> {
        authorize(actor, Action::SeeReviewQueue)?;
        let me = actor.map(|a| a.user_id).ok_or(DomainError::Unauthenticated)?;
        if filter.language.as_ref().is_some_and(|l| !self.languages.contains(l)) {
            return Err(DomainError::invalid(
                "language",
                Message::of("invalid-one-of").arg("choices", self.languages.join(", ")),
            ));
        }
        // The filter as parsed, cursor and sort included: everything that varies the page.
        let key = format!("{me}|{filter:?}");
        self.desk.pages.get_or_build(&key, |_| true, self.read_desk(me, filter)).await
    }

    async fn read_desk(&self, me: i64, filter: QueueFilter) -> Result<Desk, DomainError> {
        let (page, resolved) = {
            let filter = filter.clone();
            self.db
                .read(move |conn| {
                    storage::with_plans_for_values(conn, |conn| {
                        let resolved = resolve(conn, &filter, me)?;
                        let rows = submissions::queue(conn, &resolved.criteria, filter.sort, filter.cursor, PAGE + 1)?;
                        let page = listed(conn, rows, &resolved.topic_titles)?;
                        Ok::<_, DomainError>((page, resolved))
                    })
                })
                .await?
        };
        let editors = self.all_editors().await?.to_vec();
        let criteria = resolved.criteria.clone();
        let key = counts_key(&resolved.criteria, &filter);
        let counted = self.counts.get_or_build(
            &key,
            |_| true,
            self.db.read(move |conn| storage::with_plans_for_values(conn, |conn| count_queue(conn, &criteria))),
        );
        let counts = choices(&*counted.await?, &resolved, &editors, me, &filter, &self.languages);
        Ok(Desk { items: page.items, next_cursor: page.next_cursor, counts, editors })
    }
}

/// A page of the queue from its `rows` (one more than a page: whether there is a next).
fn listed(
    conn: &mut storage::AnyConnection,
    rows: Vec<submissions::SubmissionRow>,
    topic_titles: &[(String, String, Vec<i64>)],
) -> Result<Page<QueueItem>, DomainError> {
    let mut people: Vec<i64> = rows.iter().map(|r| r.author_id).collect();
    people.extend(rows.iter().filter_map(|r| r.assigned_editor_id));
    let names: HashMap<i64, String> = submissions::names_of(conn, &people)?.into_iter().collect();
    let topic_of: HashMap<i64, String> =
        topic_titles.iter().flat_map(|(_, title, ids)| ids.iter().map(move |id| (*id, title.clone()))).collect();
    let items = rows
        .into_iter()
        .map(|row| {
            let status = status_of(&row)?;
            Ok(QueueItem {
                priority: row.priority,
                scheduled_for: scheduled_for(status, row.publish_at),
                status,
                id: row.id,
                author_name: names.get(&row.author_id).cloned().unwrap_or_default(),
                assigned_editor_name: row.assigned_editor_id.and_then(|id| names.get(&id).cloned()),
                topic: row.topic_id.and_then(|id| topic_of.get(&id).cloned()),
                language: row.language,
                author_kind: AuthorKind::parse(&row.author_kind).map_err(|m| DomainError::Internal(m.to_string()))?,
                title: row.title,
                submitted_at: row.submitted_at,
                last_activity_at: row.updated_at,
                assigned_editor_id: row.assigned_editor_id,
                revisions: row.current_revision,
            })
        })
        .collect::<Result<Vec<_>, DomainError>>()?;
    Ok(Page::from_overfetch(items, PAGE, |item| {
        format!("{}_{}", item.priority, encode_cursor(item.submitted_at.unwrap_or_default(), item.id))
    }))
}

/// What the desk's counts are made from, for one set of criteria. Every editor opening the desk
/// asks the same, so it is kept in memory on the read cache's rules (see `ReviewQueue::counts`):
/// eight counts and up to 201 rows were most of a desk's cost.
pub(super) struct CountedQueue {
    /// The pieces in each status but draft, each count at most [`COUNT_CAP`] + 1.
    by_status: Vec<(Status, i64)>,
    /// The pieces in the chosen status and convention, at most [`COUNT_CAP`] + 1.
    facet_rows: Vec<FacetRow>,
}

/// What makes a [`CountedQueue`] differ. The "waiting" and "untouched" filters count by their
/// days: the instants they compare with move with the clock, and a second's difference is within
/// the cache's time-to-live.
fn counts_key(criteria: &QueueCriteria, filter: &QueueFilter) -> String {
    let c = criteria;
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        c.convention_id,
        c.status,
        c.topic_ids,
        c.language,
        c.author_kind,
        c.assignee,
        filter.waiting_days,
        filter.idle_days
    )
}

fn count_queue(conn: &mut storage::AnyConnection, criteria: &QueueCriteria) -> Result<CountedQueue, DomainError> {
    // Statuses one by one (each bounded); the other filters from the chosen status's pieces.
    let mut by_status = Vec::new();
    for status in Status::ALL.into_iter().filter(|s| *s != Status::Draft) {
        let criteria = QueueCriteria { status: Some(status.as_str().into()), ..criteria.clone() };
        by_status.push((status, submissions::count_up_to(conn, &criteria, COUNT_CAP)?));
    }
    let base = QueueCriteria {
        convention_id: criteria.convention_id,
        status: criteria.status.clone(),
        ..QueueCriteria::default()
    };
    Ok(CountedQueue { by_status, facet_rows: submissions::facet_rows(conn, &base, COUNT_CAP)? })
}

/// Every filter's choices with their counts.
fn choices(
    counted: &CountedQueue,
    resolved: &Resolved,
    editors: &[(i64, String)],
    me: i64,
    filter: &QueueFilter,
    languages: &[String],
) -> QueueCounts {
    let Resolved { criteria, topic_titles, followed } = resolved;
    let mut counts = QueueCounts::default();
    for (status, count) in &counted.by_status {
        let (count, more) = floor(*count);
        counts.status.push(FacetCount {
            value: status.as_str().into(),
            label: crate::i18n::capitalised(&status.label()),
            count,
            more,
        });
    }
    let rows = &counted.facet_rows;
    let capped = i64::try_from(rows.len()).unwrap_or(i64::MAX) > COUNT_CAP;
    let tally = Tally {
        rows,
        criteria,
        now: storage::now(),
        waiting: thresholds(filter.waiting_days),
        idle: thresholds(filter.idle_days),
    };
    let choice = |value: String, label: String, n: Option<&i64>| FacetCount {
        value,
        label,
        count: n.copied().unwrap_or(0),
        more: capped,
    };
    let by_topic = tally.count(Facet::Topic);
    let in_topics = |ids: &[i64]| -> i64 { ids.iter().filter_map(|id| by_topic.get(&id.to_string())).sum() };
    if !followed.is_empty() {
        counts.topic.push(choice("mine".into(), "My topics".into(), Some(&in_topics(followed))));
    }
    counts.topic.extend(
        topic_titles.iter().map(|(slug, title, ids)| choice(slug.clone(), title.clone(), Some(&in_topics(ids)))),
    );
    let by_language = tally.count(Facet::Language);
    counts.language =
        languages.iter().map(|code| choice(code.clone(), language_name(code).into(), by_language.get(code))).collect();
    let by_kind = tally.count(Facet::AuthorKind);
    counts.author_kind = [AuthorKind::Member, AuthorKind::NonMember, AuthorKind::Body]
        .into_iter()
        .map(|k| choice(k.as_str().into(), author_kind_label(k).into(), by_kind.get(k.as_str())))
        .collect();
    let by_assignee = tally.count(Facet::Assignee);
    counts.assignee = vec![
        choice("me".into(), "Me".into(), by_assignee.get(&me.to_string())),
        choice("unassigned".into(), "Nobody".into(), by_assignee.get("unassigned")),
    ];
    counts.assignee.extend(
        editors
            .iter()
            .filter(|(id, _)| *id != me)
            .map(|(id, name)| choice(id.to_string(), name.clone(), by_assignee.get(&id.to_string()))),
    );
    let by_waiting = tally.count(Facet::Waiting);
    counts.waiting_days = tally
        .waiting
        .iter()
        .map(|d| choice(d.to_string(), format!("More than {d} days"), by_waiting.get(&d.to_string())))
        .collect();
    let by_idle = tally.count(Facet::Idle);
    counts.idle_days = tally
        .idle
        .iter()
        .map(|d| choice(d.to_string(), format!("Untouched for {d} days"), by_idle.get(&d.to_string())))
        .collect();
    counts
}

/// What a bulk action does to each chosen piece. Rejecting and holding need the piece in
/// review: one still waiting is claimed first (its own audited transition), and released again
/// if the decision is then refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    Claim,
    Release,
    /// The same reason for every piece; each author gets their own email.
    Reject {
        reason: String,
    },
    /// Approved and held, to be combined into a digest.
    Hold,
}

impl BulkAction {
    pub fn parse(action: &str, reason: &str) -> Result<BulkAction, DomainError> {
        Ok(match action.trim() {
            "claim" => BulkAction::Claim,
            "release" => BulkAction::Release,
            "reject" => BulkAction::Reject { reason: super::required_text("reason", reason)? },
            "hold" => BulkAction::Hold,
            _ => return Err(DomainError::invalid("action", Message::of("invalid-must-claim-release-reject-or-hold"))),
        })
    }
}

/// How a bulk action names a piece.
#[derive(Debug, Clone)]
pub struct Headline {
    pub id: i64,
    pub title: String,
    pub byline: String,
}

/// A piece the bulk action moved.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BulkDone {
    pub id: i64,
    pub title: String,
    pub status: Status,
}

/// A piece the bulk action could not move, and why; the others went through.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BulkRefused {
    pub id: i64,
    /// Null when the piece does not exist or is not the caller's to see.
    pub title: Option<String>,
    pub code: String,
    /// Why, in English.
    pub message: String,
    /// Why, for a page in any language.
    #[serde(skip)]
    pub said: Message,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct BulkReport {
    pub done: Vec<BulkDone>,
    pub refused: Vec<BulkRefused>,
}

/// Why one piece of a bulk action did not move, in the contract's words: its code and the
/// message, in English and as said.
fn refusal(error: &DomainError) -> (String, String, Message) {
    let (code, said) = match error {
        DomainError::Conflict { code, message } | DomainError::Refused { code, message } => (*code, message.clone()),
        DomainError::NotFound => ("not_found", Message::of("bulk-no-such-submission")),
        DomainError::Forbidden => ("forbidden", Message::of("bulk-may-not-review")),
        DomainError::Invalid(errors) => {
            let english = errors
                .0
                .iter()
                .map(|(field, messages)| {
                    format!("{field} {}", messages.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
                })
                .collect::<Vec<_>>()
                .join(". ");
            // A page says the first problem; they are about what the whole action was given.
            let first = errors.0.values().flatten().next().cloned();
            return ("invalid".into(), english, first.unwrap_or_else(|| Message::of("bulk-could-not-change")));
        }
        other => {
            let english = format!("It could not be changed ({other}); try it on its own page.");
            return ("internal".into(), english, Message::of("bulk-could-not-change"));
        }
    };
    (code.to_string(), said.to_string(), said)
}

impl ReviewQueue {
    /// Applies `action` to each of `ids` in turn, each as its own transaction and audited
    /// transition: a piece someone else changed meanwhile is reported by name, and the others
    /// still go through.
    pub async fn bulk(
        &self,
        actor: Option<&Actor>,
        action: &BulkAction,
        ids: &[i64],
    ) -> Result<BulkReport, DomainError> {
        authorize(actor, Action::SeeReviewQueue)?;
        let mut chosen: Vec<i64> = Vec::new();
        for id in ids {
            if !chosen.contains(id) {
                chosen.push(*id);
            }
        }
        if chosen.is_empty() {
            return Err(DomainError::invalid("ids", Message::of("invalid-choose-at-least-one-piece")));
        }
        if chosen.len() > BULK_MAX {
            return Err(DomainError::invalid(
                "ids",
                Message::of("invalid-at-most-pieces-at-once").arg("max", BULK_MAX),
            ));
        }
        let mut report = BulkReport::default();
        for id in chosen {
            let outcome = match action {
                BulkAction::Claim => self.claim(actor, id).await,
                BulkAction::Release => self.release(actor, id).await,
                BulkAction::Reject { reason } => self.claimed_then(actor, id, self.reject(actor, id, reason)).await,
                BulkAction::Hold => {
                    self.claimed_then(actor, id, self.approve(actor, id, super::Publication::HoldForDigest)).await
                }
            };
            match outcome {
                Ok(view) => report.done.push(BulkDone { id, title: view.title, status: view.status }),
                Err(error) => {
                    if matches!(error, DomainError::Storage(_) | DomainError::Internal(_)) {
                        tracing::error!(submission = id, %error, "bulk action failed on one piece");
                    }
                    let (code, message, said) = refusal(&error);
                    report.refused.push(BulkRefused { id, title: None, code, message, said });
                }
            }
        }
        let refused: Vec<i64> = report.refused.iter().map(|r| r.id).collect();
        let titles = self.headlines(actor, refused).await?;
        for refusal in &mut report.refused {
            refusal.title = titles.iter().find(|h| h.id == refusal.id).map(|h| h.title.clone());
        }
        Ok(report)
    }

    /// The title and byline of each of `ids` the caller may review, in one read: what a bulk
    /// action names its pieces by (one it may not see is left out).
    pub async fn headlines(&self, actor: Option<&Actor>, ids: Vec<i64>) -> Result<Vec<Headline>, DomainError> {
        let actor = actor.cloned();
        self.db
            .read(move |conn| {
                let mut found = Vec::new();
                for id in ids {
                    let Ok(acting) = Acting::load(conn, actor.as_ref(), id) else { continue };
                    let byline = submissions::revision(conn, id, acting.row.current_revision)?
                        .map(|r| r.byline_name)
                        .unwrap_or_default();
                    found.push(Headline { id, title: acting.row.title, byline });
                }
                Ok(found)
            })
            .await
    }

    /// Claims the piece if it is waiting, then runs `decision`; a claim made here is released
    /// again when the decision is refused, so a refused bulk action leaves the piece as it was.
    async fn claimed_then(
        &self,
        actor: Option<&Actor>,
        id: i64,
        decision: impl Future<Output = Result<SubmissionView, DomainError>>,
    ) -> Result<SubmissionView, DomainError> {
        let claimed_here = match self.claim(actor, id).await {
            Ok(_) => true,
            // Already in review (the decision then checks whose) or past review (it refuses).
            Err(DomainError::Conflict { .. }) => false,
            Err(other) => return Err(other),
        };
        let outcome = decision.await;
        if outcome.is_err() && claimed_here {
            self.release(actor, id).await?;
        }
        outcome
    }

    /// Every editor, by name: who a claimed piece can be handed to.
    pub async fn editors(&self, actor: Option<&Actor>) -> Result<Vec<(i64, String)>, DomainError> {
        authorize(actor, Action::SeeReviewQueue)?;
        Ok(self.all_editors().await?.to_vec())
    }

    async fn all_editors(&self) -> Result<Arc<Vec<(i64, String)>>, DomainError> {
        self.desk.editors.get_or_load("editors", |conn| Ok(submissions::editors(conn)?)).await
    }

    /// Hands a claimed piece to another editor, who is emailed; any editor may do it (a
    /// colleague away, a piece in their field). Audited like every transition.
    pub async fn reassign(
        &self,
        actor: Option<&Actor>,
        id: i64,
        editor_id: i64,
    ) -> Result<SubmissionView, DomainError> {
        self.act(actor, id, move |conn, acting, public_url| {
            // The piece's state answers first: only a claimed piece has a claim to hand over.
            acting.status.after(Transition::Reassign)?;
            let editor = users::find(conn, editor_id)?
                .ok_or_else(|| DomainError::invalid("editor_id", Message::of("invalid-no-such-editor")))?;
            let roles = users::roles_of(conn, editor_id)?;
            if !roles.iter().any(|r| r == Role::Editor.as_str()) {
                return Err(DomainError::invalid("editor_id", Message::of("invalid-must-editor")));
            }
            if editor_id == acting.row.author_id {
                return Err(DomainError::invalid(
                    "editor_id",
                    Message::of("invalid-nobody-reviews-their-own-submission"),
                ));
            }
            if acting.row.assigned_editor_id == Some(editor_id) && acting.status == Status::InReview {
                return Err(DomainError::invalid("editor_id", Message::of("invalid-already-holds-this-piece")));
            }
            let from = match acting.row.assigned_editor_id {
                Some(previous) => users::find(conn, previous)?.map(|u| u.display_name).unwrap_or_default(),
                None => String::new(),
            };
            let note = format!("Reassigned from {from} to {}", editor.display_name);
            let effects =
                Effects { editor: Some(Some(editor_id)), comment: Some(("internal", &note)), ..Effects::default() };
            acting.transition(conn, Transition::Reassign, effects)?;
            let link = messages::link(public_url, &format!("/review/{id}"), &[]);
            let lang = email::language::of_member(conn, editor_id)?;
            let title = &acting.row.title;
            let message = messages::notice(messages::Notice {
                key: format!("reassigned-{id}-{editor_id}-{}", rand::random::<u64>()),
                lang,
                to: &editor.email,
                greeting: messages::Greeting::Name(&editor.display_name),
                subject: lang.t1("mail-assigned-subject", "title", title),
                paragraphs: vec![if from.is_empty() {
                    lang.t1("mail-assigned", "title", title)
                } else {
                    lang.t2("mail-assigned-from", "title", title, "from", &from)
                }],
                link: Some((lang.t("mail-open-it"), link)),
                purpose: email::Purpose::Personal,
            })
            .map_err(|e| DomainError::Internal(format!("email template: {e}")))?;
            email::enqueue_about(conn, &message, id)?;
            Ok(())
        })
        .await
    }
}
