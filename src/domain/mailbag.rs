//! The mailbag: readers ask, experts answer, editors publish the threads. [`Mailbag`] is the
//! service both the public form and the JSON API call; its lifecycle is a small state machine:
//!
//! ```text
//! pending --answer--> answered --publish--> published
//! pending --reject--> rejected      pending --spam--> spam
//! ```
//!
//! The asker's email address is for the editors and experts alone: no public view type carries
//! it, so no public page, feed or API response can show it.

use std::collections::HashMap;
use std::time::Duration;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::email::{self, messages};
use crate::search;
use crate::storage::{self, AnyConnection, Database, mailbag, slugs, users};

use super::discussion::default_language;
use super::policy::{Action, Actor, authorize};
use super::throttle::{self, Limit};
use super::time_trap::{TimeTrap, TimeTrapKey};
use super::user::EmailAddress;
use super::{DomainError, FieldErrors, Page, decode_cursor, encode_cursor, markdown, parse_line};
use crate::i18n::{Lang, Message};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    Pending,
    Answered,
    Published,
    Rejected,
    Spam,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionTransition {
    Answer,
    Publish,
    Reject,
    MarkSpam,
}

impl QuestionStatus {
    pub const ALL: [QuestionStatus; 5] = [
        QuestionStatus::Pending,
        QuestionStatus::Answered,
        QuestionStatus::Published,
        QuestionStatus::Rejected,
        QuestionStatus::Spam,
    ];

    /// The status after `transition`, or 409 `invalid_transition`. Answering a thread that is
    /// already answered or published adds another expert's answer and keeps its status.
    pub fn after(self, transition: QuestionTransition) -> Result<QuestionStatus, DomainError> {
        use QuestionStatus::*;
        use QuestionTransition as T;
        match (self, transition) {
            (Pending | Answered, T::Answer) => Ok(Answered),
            (Published, T::Answer) => Ok(Published),
            (Answered, T::Publish) => Ok(Published),
            (Pending, T::Reject) => Ok(Rejected),
            (Pending, T::MarkSpam) => Ok(Spam),
            (from, _) => Err(DomainError::conflict(
                "invalid_transition",
                Message::of("conflict-question-cannot-be")
                    .arg("status", from.as_str())
                    .arg("done", transition.past_participle())
                    .arg("action", transition.as_str()),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionStatus::Pending => "pending",
            QuestionStatus::Answered => "answered",
            QuestionStatus::Published => "published",
            QuestionStatus::Rejected => "rejected",
            QuestionStatus::Spam => "spam",
        }
    }

    fn parse(text: &str) -> Result<QuestionStatus, DomainError> {
        QuestionStatus::ALL.into_iter().find(|s| s.as_str() == text).ok_or_else(|| {
            DomainError::invalid("status", Message::of("invalid-must-pending-answered-published-rejected-or"))
        })
    }
}

impl QuestionTransition {
    fn as_str(self) -> &'static str {
        match self {
            QuestionTransition::Answer => "answer",
            QuestionTransition::Publish => "publish",
            QuestionTransition::Reject => "reject",
            QuestionTransition::MarkSpam => "mark_spam",
        }
    }

    fn past_participle(self) -> &'static str {
        match self {
            QuestionTransition::Answer => "answered",
            QuestionTransition::Publish => "published (answer it first)",
            QuestionTransition::Reject => "rejected",
            QuestionTransition::MarkSpam => "marked as spam",
        }
    }
}

/// The numbers that govern the public forms, from `[mailbag]` and `[throttle]`.
#[derive(Debug, Clone)]
pub struct MailbagSettings {
    pub topics: Vec<String>,
    /// A web form sent sooner than this after it was shown is not taken: it is shown again, to
    /// be sent once more (see [`Mailbag::ask`]).
    pub min_time_to_ask: Duration,
    pub questions_per_ip: Limit,
    /// Form mail to one mailbox (see [`email::enqueue_form_reply`]).
    pub mail_per_recipient: Limit,
    pub public_url: url::Url,
    /// The discussion's languages, the default first: questions are indexed for search in the
    /// default, and looked for in every one.
    pub languages: Vec<String>,
}

/// What a reader types into the question (or follow-up) form.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct QuestionInput {
    pub name: String,
    pub email: String,
    /// 20 to 4000 characters.
    pub body: String,
    pub topic: String,
    /// A honeypot: people leave it empty; a filled one means a machine, and nothing is kept.
    pub website: String,
}

/// How the form was sent: the API, or the web form with its time-trap token.
pub enum Channel<'a> {
    Api,
    Form { time_token: &'a str, bound_to: &'a str },
}

/// What became of a question or follow-up that passed the checks of its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// Taken for the editors (or, from a machine, silently dropped: it is told the same).
    Accepted,
    /// Sent sooner after the form was shown than the time trap allows, with a genuine token:
    /// nothing is kept, and the form is to be shown again, with what was typed, for the person
    /// to press Send once more.
    TooQuick,
}

/// Who sent a form, as far as the honeypot and the time trap tell.
enum Sender {
    Person,
    Machine,
    TooQuick,
}

/// "Al Hernandez" becomes "Al H.": readers are named publicly by first name and last initial.
pub fn public_name(name: &str) -> String {
    let mut words = name.split_whitespace();
    let first = words.next().unwrap_or("Reader");
    match words.last().and_then(|last| last.chars().next()) {
        Some(initial) => format!("{first} {}.", initial.to_uppercase()),
        None => first.to_string(),
    }
}

struct Asked {
    name: String,
    email: EmailAddress,
    body: String,
    topic: String,
}

fn parse_question(input: &QuestionInput, topics: Option<&[String]>) -> Result<Asked, DomainError> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", parse_line(&input.name, 1, 100));
    let email = errors.check("email", EmailAddress::parse(&input.email));
    let body = input.body.trim().to_string();
    let length = body.chars().count();
    if !(20..=4000).contains(&length) {
        errors.add("body", Message::of("invalid-question-length").arg("length", length));
    }
    let topic = input.topic.trim().to_string();
    if let Some(topics) = topics
        && !topics.contains(&topic)
    {
        errors.add("topic", Message::of("invalid-choose-one-of").arg("choices", topics.join(", ")));
    }
    match (name, email) {
        (Some(name), Some(email)) if errors.is_empty() => Ok(Asked { name, email, body, topic }),
        _ => Err(DomainError::Invalid(errors)),
    }
}

/// A published thread in the public list: excerpts only.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThreadSummary {
    pub id: i64,
    pub slug: String,
    pub headline: String,
    pub asker: String,
    pub topic: String,
    pub question_excerpt: String,
    pub answer_excerpt: String,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub published_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AnswerView {
    pub id: i64,
    /// Sanitised HTML.
    pub body_html: String,
    /// The experts who signed it.
    pub experts: Vec<String>,
    /// "By A, B and C".
    pub signed: String,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: NaiveDateTime,
}

/// Someone named on an answer, as the editors and experts see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SignatureView {
    pub user_id: i64,
    pub name: String,
    /// `confirmed`; for a co-signer `pending` until they confirm, or `declined`. Only confirmed
    /// signatures are ever shown publicly.
    pub status: String,
}

/// An answer as the editors and experts see it: whether it is shown, and who has signed it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InboxAnswer {
    pub id: i64,
    pub question_id: i64,
    /// The follow-up it answers; `None` for an answer to the question itself.
    pub followup_id: Option<i64>,
    /// `approved` (shown once its thread is published), `pending` (added to a published thread,
    /// waiting for an editor) or `rejected` (never shown).
    pub status: String,
    /// Sanitised HTML.
    pub body_html: String,
    /// The experts whose signatures are confirmed, as readers will see them.
    pub experts: Vec<String>,
    /// "By A and B": the same, in words.
    pub signed: String,
    /// Everyone named on it, confirmed or not.
    pub signatures: Vec<SignatureView>,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FollowupView {
    pub id: i64,
    pub asker: String,
    pub body: String,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: NaiveDateTime,
    /// The experts' approved answers to it.
    pub answers: Vec<AnswerView>,
}

/// A published thread as anyone sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThreadView {
    pub id: i64,
    pub slug: String,
    pub headline: String,
    pub asker: String,
    pub topic: String,
    /// The reader's question as written.
    pub question: String,
    /// The answers to the question itself (those to a follow-up are under it).
    pub answers: Vec<AnswerView>,
    pub followups: Vec<FollowupView>,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub published_at: NaiveDateTime,
}

/// A question as the editors and experts see it, with the asker's address.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InboxQuestion {
    pub id: i64,
    pub status: QuestionStatus,
    pub asker_name: String,
    pub asker_email: String,
    pub topic: String,
    pub body: String,
    pub headline: Option<String>,
    pub slug: Option<String>,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: NaiveDateTime,
    pub answers: Vec<InboxAnswer>,
    pub followups: Vec<InboxFollowup>,
}

impl InboxQuestion {
    /// Its answers to the question itself, oldest first.
    pub fn answers_to_question(&self) -> Vec<&InboxAnswer> {
        self.answers.iter().filter(|a| a.followup_id.is_none()).collect()
    }

    /// Its answers to one of its follow-ups, oldest first.
    pub fn answers_to_followup(&self, followup: &i64) -> Vec<&InboxAnswer> {
        self.answers.iter().filter(|a| a.followup_id == Some(*followup)).collect()
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InboxFollowup {
    pub id: i64,
    pub question_id: i64,
    pub asker_name: String,
    pub asker_email: String,
    pub body: String,
    pub status: String,
    #[serde(serialize_with = "crate::domain::instant::utc")]
    pub created_at: NaiveDateTime,
    /// The headline of the published thread it follows up.
    pub thread_headline: Option<String>,
    /// Where that thread is: `/mailbag/<thread_slug>`.
    pub thread_slug: Option<String>,
}

impl InboxFollowup {
    fn of((row, thread_headline, thread_slug): mailbag::FollowupOnThread) -> Self {
        InboxFollowup {
            id: row.id,
            question_id: row.question_id,
            asker_name: row.asker_name,
            asker_email: row.asker_email,
            body: row.body,
            status: row.status,
            created_at: row.created_at,
            thread_headline,
            thread_slug,
        }
    }
}

/// "By A", "By A and B", "By A, B and C", in English for the API (pages say it in their
/// reader's language from `experts`).
pub fn signed_by(names: &[String]) -> String {
    crate::i18n::Lang::En.signed_by(names)
}

/// Answers to follow-ups, by the follow-up's id.
type AnswersByFollowup = HashMap<i64, Vec<AnswerView>>;

/// The answers readers see of a question: approved ones, each signed by its confirmed experts;
/// those to the question itself, and those to each follow-up (by its id).
fn public_answers(
    conn: &mut AnyConnection,
    question_id: i64,
) -> Result<(Vec<AnswerView>, AnswersByFollowup), DomainError> {
    let rows = mailbag::answers_of(conn, &[question_id], true)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut names: HashMap<i64, Vec<String>> = HashMap::new();
    for signature in mailbag::signatures(conn, &ids)? {
        if signature.status == CONFIRMED {
            names.entry(signature.answer_id).or_default().push(signature.name);
        }
    }
    let (mut to_question, mut to_followups) = (Vec::new(), AnswersByFollowup::new());
    for row in rows {
        let experts = names.remove(&row.id).unwrap_or_default();
        let view = AnswerView {
            id: row.id,
            body_html: row.body_html,
            signed: signed_by(&experts),
            experts,
            created_at: row.created_at,
        };
        match row.followup_id {
            Some(followup) => to_followups.entry(followup).or_default().push(view),
            None => to_question.push(view),
        }
    }
    Ok((to_question, to_followups))
}

/// Answers as the inbox shows them, whatever their status, with every signature.
fn inbox_answers(conn: &mut AnyConnection, rows: Vec<mailbag::AnswerRow>) -> Result<Vec<InboxAnswer>, DomainError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut signatures: HashMap<i64, Vec<SignatureView>> = HashMap::new();
    for signature in mailbag::signatures(conn, &ids)? {
        signatures.entry(signature.answer_id).or_default().push(SignatureView {
            user_id: signature.user_id,
            name: signature.name,
            status: signature.status,
        });
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let signatures = signatures.remove(&row.id).unwrap_or_default();
            let confirmed: Vec<String> =
                signatures.iter().filter(|s| s.status == CONFIRMED).map(|s| s.name.clone()).collect();
            InboxAnswer {
                id: row.id,
                question_id: row.question_id,
                followup_id: row.followup_id,
                status: row.status,
                body_html: row.body_html,
                signed: signed_by(&confirmed),
                experts: confirmed,
                signatures,
                created_at: row.created_at,
            }
        })
        .collect())
}

/// A signature readers may see.
const CONFIRMED: &str = "confirmed";

fn status_of(row: &mailbag::QuestionRow) -> Result<QuestionStatus, DomainError> {
    QuestionStatus::parse(&row.status)
        .map_err(|_| DomainError::Internal(format!("question {} has status {}", row.id, row.status)))
}

fn summarize(conn: &mut AnyConnection, rows: Vec<mailbag::QuestionRow>) -> Result<Vec<ThreadSummary>, DomainError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut first_answers: HashMap<i64, String> = HashMap::new();
    for answer in mailbag::answers_of(conn, &ids, true)? {
        if answer.followup_id.is_none() {
            first_answers.entry(answer.question_id).or_insert(answer.body_markdown);
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let first_answer = first_answers.remove(&row.id);
            summary(row, first_answer.as_deref())
        })
        .collect())
}

/// A published thread in a list: its question and first answer as excerpts.
fn summary(row: mailbag::QuestionRow, first_answer: Option<&str>) -> ThreadSummary {
    ThreadSummary {
        id: row.id,
        slug: row.slug.unwrap_or_default(),
        headline: row.headline.unwrap_or_default(),
        asker: public_name(&row.asker_name),
        topic: row.topic,
        question_excerpt: markdown::excerpt(&row.body, EXCERPT_WORDS),
        answer_excerpt: first_answer
            .map(|answer| markdown::excerpt(&markdown::to_text(answer), EXCERPT_WORDS))
            .unwrap_or_default(),
        published_at: row.published_at.unwrap_or(row.created_at),
    }
}

/// The newest `limit` published threads with the excerpts of their first answers, in one query:
/// the mailbag box of the article page, loaded with the article it is shown beside.
pub(crate) fn latest_threads(conn: &mut AnyConnection, limit: i64) -> Result<Vec<ThreadSummary>, DomainError> {
    Ok(mailbag::latest_answered(conn, limit)?
        .into_iter()
        .map(|(row, first_answer)| summary(row, first_answer.as_deref()))
        .collect())
}

/// Excerpts in the public list run to about this many words, cut on a word boundary.
const EXCERPT_WORDS: usize = 30;

/// The most experts an answer may name besides its author (each is checked and emailed).
pub const MAX_COSIGNERS: usize = 20;

#[derive(Clone)]
pub struct Mailbag {
    db: Database,
    settings: std::sync::Arc<MailbagSettings>,
    time_trap: TimeTrapKey,
}

impl Mailbag {
    pub fn new(db: Database, settings: MailbagSettings, time_trap: TimeTrapKey) -> Mailbag {
        Mailbag { db, settings: std::sync::Arc::new(settings), time_trap }
    }

    /// The time-trap token of a form shown now to the visitor whose CSRF token is `bound_to`.
    pub fn time_token(&self, now: NaiveDateTime, bound_to: &str) -> String {
        self.time_trap.token(now, bound_to)
    }

    pub fn topics(&self) -> &[String] {
        &self.settings.topics
    }

    /// Who sent a form through `channel`: a filled honeypot or a forged time token is a
    /// machine's; a genuine token sent too soon may be a person's whose browser filled in the
    /// form, so it is neither taken nor dropped in silence but sent back.
    fn sender(&self, website: &str, channel: &Channel<'_>) -> Sender {
        if !website.trim().is_empty() {
            return Sender::Machine;
        }
        match channel {
            Channel::Api => Sender::Person,
            Channel::Form { time_token, bound_to } => {
                match self.time_trap.check(time_token, bound_to, storage::now(), self.settings.min_time_to_ask) {
                    TimeTrap::Patient => Sender::Person,
                    TimeTrap::TooQuick => Sender::TooQuick,
                    TimeTrap::Forged => Sender::Machine,
                }
            }
        }
    }

    /// Takes a reader's question, pending moderation, and emails a receipt. A machine's (honeypot
    /// filled, or a forged time token) gets the same answer and is not kept. A web form sent
    /// sooner than the time trap allows is not kept either: [`Sent::TooQuick`] asks the page to
    /// show it again, with a fresh token, so a person presses Send once more while a machine
    /// that resends at once never gets through. The receipt is in `asked_in`, the language the
    /// question was asked from, unless the address is a member's who chose one.
    pub async fn ask(
        &self,
        input: QuestionInput,
        (client_ip, asked_in): (&str, Lang),
        channel: Channel<'_>,
    ) -> Result<Sent, DomainError> {
        let asked = parse_question(&input, Some(&self.settings.topics))?;
        match self.sender(&input.website, &channel) {
            Sender::Person => {}
            Sender::TooQuick => return Ok(Sent::TooQuick),
            Sender::Machine => {
                tracing::info!("mailbag: a question was dropped by the honeypot or the time trap");
                return Ok(Sent::Accepted);
            }
        }
        let bucket = format!("mailbag:ip:{client_ip}");
        let settings = self.settings.clone();
        self.db
            .write_unseen(move |conn| {
                throttle::hit(conn, &bucket, settings.questions_per_ip)?;
                let now = storage::now();
                let id = mailbag::insert_question(
                    conn,
                    (&asked.name, asked.email.as_str(), &asked.body, &asked.topic),
                    (default_language(&settings.languages), asked_in.code()),
                    now,
                )?;
                let lang = email::language::answering(conn, asked.email.as_str(), asked_in)?;
                let message = messages::notice(messages::Notice {
                    key: format!("question-received-{id}"),
                    lang,
                    to: asked.email.as_str(),
                    greeting: messages::Greeting::Name(&asked.name),
                    subject: lang.t("mail-question-received-subject"),
                    paragraphs: vec![lang.t("mail-question-received"), lang.t("mail-question-received-next")],
                    link: None,
                    purpose: email::Purpose::Personal,
                })
                .map_err(|e| DomainError::Internal(format!("email template: {e}")))?;
                email::enqueue_form_reply(conn, &message, settings.mail_per_recipient)?;
                Ok(Sent::Accepted)
            })
            .await
    }

    /// A follow-up question on a published thread, held until an editor approves it; the
    /// honeypot and the time trap work as for [`Mailbag::ask`]. Like a question, it is written
    /// unseen: nothing public changes until it is approved, so anyone sending many cannot make every
    /// reader's page be made again.
    pub async fn follow_up(
        &self,
        slug: &str,
        input: QuestionInput,
        client_ip: &str,
        channel: Channel<'_>,
    ) -> Result<Sent, DomainError> {
        let asked = parse_question(&input, None)?;
        let slug = slug.to_string();
        let sender = self.sender(&input.website, &channel);
        let bucket = format!("mailbag:ip:{client_ip}");
        let limit = self.settings.questions_per_ip;
        self.db
            .write_unseen(move |conn| {
                let question = mailbag::find_published(conn, &slug)?.ok_or(DomainError::NotFound)?;
                match sender {
                    Sender::Person => {}
                    Sender::TooQuick => return Ok(Sent::TooQuick),
                    Sender::Machine => return Ok(Sent::Accepted),
                }
                throttle::hit(conn, &bucket, limit)?;
                mailbag::insert_followup(
                    conn,
                    question.id,
                    (&asked.name, asked.email.as_str(), &asked.body),
                    storage::now(),
                )?;
                Ok(Sent::Accepted)
            })
            .await
    }

    /// Published questions like `text`, so a reader can find an answer before asking again.
    pub async fn similar(&self, text: &str) -> Result<Vec<ThreadSummary>, DomainError> {
        // The longer words of what is typed ("the", "and" are in every question).
        let mut words: Vec<String> = search::words(text).into_iter().filter(|w| w.chars().count() >= 4).collect();
        let mut seen = std::collections::HashSet::new();
        words.retain(|w| seen.insert(w.clone()));
        let query = search::Query::parse(&words.join(" "), &self.settings.languages);
        self.db
            .read(move |conn| {
                let ids = mailbag::similar(conn, &query, 5)?;
                let mut rows = mailbag::by_ids(conn, &ids)?;
                rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
                summarize(conn, rows)
            })
            .await
    }

    /// Published threads, newest first, keyset paged.
    pub async fn threads(&self, cursor: Option<&str>, page_size: i64) -> Result<Page<ThreadSummary>, DomainError> {
        let before = decode_cursor(cursor)?;
        self.db
            .read(move |conn| {
                let rows = mailbag::published(conn, before, page_size + 1)?;
                let items = summarize(conn, rows)?;
                Ok(Page::from_overfetch(items, page_size, |t| encode_cursor(t.published_at, t.id)))
            })
            .await
    }

    /// A published thread with its answers and approved follow-ups; anything else is 404.
    pub async fn thread(&self, slug: &str) -> Result<ThreadView, DomainError> {
        let slug = slug.to_string();
        self.db
            .read(move |conn| {
                let row = mailbag::find_published(conn, &slug)?.ok_or(DomainError::NotFound)?;
                let (answers, mut to_followups) = public_answers(conn, row.id)?;
                let followups = mailbag::followups_of(conn, row.id, Some("approved"))?
                    .into_iter()
                    .map(|f| FollowupView {
                        answers: to_followups.remove(&f.id).unwrap_or_default(),
                        id: f.id,
                        asker: public_name(&f.asker_name),
                        body: f.body,
                        created_at: f.created_at,
                    })
                    .collect();
                Ok(ThreadView {
                    id: row.id,
                    slug: row.slug.unwrap_or_default(),
                    headline: row.headline.unwrap_or_default(),
                    asker: public_name(&row.asker_name),
                    topic: row.topic,
                    question: row.body,
                    answers,
                    followups,
                    published_at: row.published_at.unwrap_or(row.created_at),
                })
            })
            .await
    }

    /// The moderation inbox (editors and experts): oldest first, by status and topic.
    pub async fn inbox(
        &self,
        actor: Option<&Actor>,
        status: Option<&str>,
        topic: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<Page<InboxQuestion>, DomainError> {
        authorize(actor, Action::SeeMailbagInbox)?;
        let status = QuestionStatus::parse(status.map(str::trim).filter(|s| !s.is_empty()).unwrap_or("pending"))?;
        let topic = topic.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        let after = decode_cursor(cursor)?;
        self.db
            .read(move |conn| {
                const PAGE: i64 = 25;
                let rows = mailbag::inbox(conn, status.as_str(), topic.as_deref(), after, PAGE + 1)?;
                let items = rows.into_iter().map(|row| inbox_question(conn, row)).collect::<Result<Vec<_>, _>>()?;
                Ok(Page::from_overfetch(items, PAGE, |q| encode_cursor(q.created_at, q.id)))
            })
            .await
    }

    pub async fn inbox_question(&self, actor: Option<&Actor>, id: i64) -> Result<InboxQuestion, DomainError> {
        authorize(actor, Action::SeeMailbagInbox)?;
        self.db
            .read(move |conn| {
                let row = mailbag::find(conn, id)?.ok_or(DomainError::NotFound)?;
                inbox_question(conn, row)
            })
            .await
    }

    /// Follow-ups waiting for an editor, oldest first, each with the thread it follows up.
    pub async fn pending_followups(&self, actor: Option<&Actor>) -> Result<Vec<InboxFollowup>, DomainError> {
        authorize(actor, Action::SeeMailbagInbox)?;
        self.db
            .read(|conn| {
                Ok(mailbag::followups_by_status(conn, "pending", 100)?.into_iter().map(InboxFollowup::of).collect())
            })
            .await
    }

    /// Approved follow-ups that no expert has answered yet (an answer waiting for an editor
    /// counts as one), oldest first: shown publicly under their thread, they wait for an answer.
    pub async fn unanswered_followups(&self, actor: Option<&Actor>) -> Result<Vec<InboxFollowup>, DomainError> {
        authorize(actor, Action::SeeMailbagInbox)?;
        self.db
            .read(|conn| Ok(mailbag::unanswered_followups(conn, 100)?.into_iter().map(InboxFollowup::of).collect()))
            .await
    }

    /// Experts who may co-sign an answer: (id, name).
    pub async fn experts(&self, actor: Option<&Actor>) -> Result<Vec<(i64, String)>, DomainError> {
        authorize(actor, Action::SeeMailbagInbox)?;
        self.db.read(|conn| Ok(mailbag::experts(conn)?)).await
    }

    /// An expert's answer to question `id`, or with `followup` to one of its approved follow-ups,
    /// signed by them and any other experts named in `cosigners`. The first answers, before the
    /// thread is published, are reviewed by the editor who publishes it; one added to a published
    /// thread (every answer to a follow-up) waits for an editor's approval. A co-signer is asked
    /// by email and shown only once they confirm.
    pub async fn answer(
        &self,
        actor: Option<&Actor>,
        id: i64,
        body: &str,
        cosigners: Vec<i64>,
        followup: Option<i64>,
    ) -> Result<InboxQuestion, DomainError> {
        authorize(actor, Action::AnswerQuestions)?;
        let author = actor.map(|a| a.user_id).ok_or(DomainError::Unauthenticated)?;
        let body = body.trim().to_string();
        if body.chars().count() < 2 || body.len() > 50_000 {
            return Err(DomainError::invalid("body", Message::of("invalid-must-2-50000-characters")));
        }
        if cosigners.len() > MAX_COSIGNERS {
            return Err(DomainError::invalid(
                "cosigners",
                Message::of("invalid-at-most-cosigners").arg("max", MAX_COSIGNERS),
            ));
        }
        // Rendered once, here, never inside the writer's transaction.
        let html = markdown::to_html(&body);
        let public_url = self.settings.public_url.clone();
        self.db
            .write(move |conn| {
                let row = mailbag::find(conn, id)?.ok_or(DomainError::NotFound)?;
                let from = status_of(&row)?;
                let to = from.after(QuestionTransition::Answer)?;
                if let Some(followup) = followup {
                    let answerable = mailbag::find_followup(conn, followup)?
                        .is_some_and(|f| f.question_id == id && f.status == "approved");
                    if !answerable {
                        return Err(DomainError::invalid("followup_id", Message::of("invalid-not-approved-follow-up")));
                    }
                }
                let experts: Vec<i64> = mailbag::experts(conn)?.into_iter().map(|(id, _)| id).collect();
                let mut others: Vec<i64> = Vec::new();
                for cosigner in cosigners {
                    if !experts.contains(&cosigner) {
                        return Err(DomainError::invalid(
                            "cosigners",
                            Message::of("invalid-every-co-signer-must-expert"),
                        ));
                    }
                    if cosigner != author && !others.contains(&cosigner) {
                        others.push(cosigner);
                    }
                }
                // The compare-and-set runs even when the status stays the same: it locks the row, so
                // an answer racing the thread's publication (Postgres) waits for it and is then
                // refused, instead of going public unreviewed as an answer "before publication".
                if !mailbag::change_status(conn, id, from.as_str(), to.as_str())? {
                    return Err(DomainError::conflict(
                        "invalid_transition",
                        Message::of("conflict-the-question-changed-while-you-answered"),
                    ));
                }
                let status = if from == QuestionStatus::Published { "pending" } else { "approved" };
                let now = storage::now();
                let answer =
                    mailbag::insert_answer(conn, (id, followup), (&body, &html), status, (author, &others), now)?;
                mailbag::mark_answered(conn, id, now)?;
                let author_name = users::find(conn, author)?.map(|u| u.display_name).unwrap_or_default();
                let inbox = messages::link(&public_url, "/mailbag/inbox", &[]);
                for cosigner in others {
                    let Some(user) = users::find(conn, cosigner)? else { continue };
                    let lang = email::language::of_member(conn, user.id)?;
                    let message = messages::notice(messages::Notice {
                        key: format!("cosign-request-{answer}-{cosigner}"),
                        lang,
                        to: &user.email,
                        greeting: messages::Greeting::Name(&user.display_name),
                        subject: lang.t1("mail-cosign-subject", "author", &author_name),
                        paragraphs: vec![lang.t1("mail-cosign", "author", &author_name), lang.t("mail-cosign-next")],
                        link: Some((lang.t("mail-cosign-link"), inbox.clone())),
                        purpose: email::Purpose::Personal,
                    })
                    .map_err(|e| DomainError::Internal(format!("email template: {e}")))?;
                    email::enqueue(conn, &message)?;
                }
                let row = mailbag::find(conn, id)?.ok_or(DomainError::NotFound)?;
                inbox_question(conn, row)
            })
            .await
    }

    /// Answers added to published threads, waiting for an editor, oldest first.
    pub async fn pending_answers(&self, actor: Option<&Actor>) -> Result<Vec<InboxAnswer>, DomainError> {
        authorize(actor, Action::SeeMailbagInbox)?;
        self.db
            .read(|conn| {
                let rows = mailbag::pending_answers(conn, 100)?;
                inbox_answers(conn, rows)
            })
            .await
    }

    /// Approves (`approve`: it is shown in its thread, and the asker is told) or rejects
    /// (`reject`: never shown) a pending answer; any other decision names nothing (404).
    pub async fn moderate_answer(&self, actor: Option<&Actor>, id: i64, decision: &str) -> Result<(), DomainError> {
        let approve = match decision {
            "approve" => true,
            "reject" => false,
            _ => return Err(DomainError::NotFound),
        };
        authorize(actor, Action::ModerateMailbag)?;
        let actor = actor.cloned();
        let public_url = self.settings.public_url.clone();
        self.db
            .write(move |conn| {
                let answer = mailbag::find_answer(conn, id)?.ok_or(DomainError::NotFound)?;
                let named_on_it = match &actor {
                    Some(a) => mailbag::is_signer(conn, id, a.user_id)?,
                    None => false,
                };
                authorize(actor.as_ref(), Action::ModerateAnswer { named_on_it })?;
                let next = if approve { "approved" } else { "rejected" };
                if !mailbag::moderate_answer(conn, id, next, storage::now())? {
                    return Err(DomainError::conflict(
                        "invalid_transition",
                        Message::of("conflict-this-answer-has-already-been-moderated"),
                    ));
                }
                let question = mailbag::find(conn, answer.question_id)?.ok_or(DomainError::NotFound)?;
                if let (true, Some(slug), Some(headline)) = (approve, &question.slug, &question.headline) {
                    // An answer to a follow-up is news for whoever asked that follow-up.
                    let followup = answer.followup_id.map(|f| mailbag::find_followup(conn, f)).transpose()?.flatten();
                    let (to, name, (subject, paragraph)) = match &followup {
                        Some(f) => (
                            &f.asker_email,
                            &f.asker_name,
                            ("mail-followup-answered-subject", "mail-followup-answered"),
                        ),
                        None => (
                            &question.asker_email,
                            &question.asker_name,
                            ("mail-another-answer-subject", "mail-another-answer"),
                        ),
                    };
                    // The question's asker asked in a language kept with it; a follow-up's, not.
                    let asked_in = match followup {
                        Some(_) => None,
                        None => mailbag::asker_language(conn, question.id)?,
                    };
                    let lang = email::language::following(conn, to, asked_in.as_deref())?;
                    let link = messages::link(&public_url, &format!("/mailbag/{slug}"), &[]);
                    let message = messages::notice(messages::Notice {
                        key: format!("answer-approved-{id}"),
                        lang,
                        to,
                        greeting: messages::Greeting::Name(name),
                        subject: lang.t1(subject, "headline", headline),
                        paragraphs: vec![lang.t(paragraph)],
                        link: Some((lang.t("mail-read-the-answer"), link)),
                        purpose: email::Purpose::Personal,
                    })
                    .map_err(|e| DomainError::Internal(format!("email template: {e}")))?;
                    email::enqueue(conn, &message)?;
                }
                Ok(())
            })
            .await
    }

    /// Answers the caller is named on as a co-signer and has not yet confirmed or declined.
    pub async fn awaiting_cosignature(&self, actor: Option<&Actor>) -> Result<Vec<InboxAnswer>, DomainError> {
        authorize(actor, Action::SeeMailbagInbox)?;
        let user = actor.map(|a| a.user_id).ok_or(DomainError::Unauthenticated)?;
        self.db
            .read(move |conn| {
                let rows = mailbag::awaiting_cosignature(conn, user, 100)?;
                inbox_answers(conn, rows)
            })
            .await
    }

    /// The caller confirms (`confirm`: their name is shown with the answer) or declines
    /// (`decline`: never shown) their own pending co-signature on answer `id`. Only one's own:
    /// an answer that does not name the caller is 404, whoever else it names.
    pub async fn decide_cosignature(&self, actor: Option<&Actor>, id: i64, decision: &str) -> Result<(), DomainError> {
        let next = match decision {
            "confirm" => CONFIRMED,
            "decline" => "declined",
            _ => return Err(DomainError::NotFound),
        };
        authorize(actor, Action::AnswerQuestions)?;
        let user = actor.map(|a| a.user_id).ok_or(DomainError::Unauthenticated)?;
        self.db
            .write(move |conn| {
                if mailbag::decide_cosignature(conn, id, user, next)? {
                    Ok(())
                } else if mailbag::is_signer(conn, id, user)? {
                    Err(DomainError::conflict(
                        "invalid_transition",
                        Message::of("conflict-you-have-already-answered-this-request"),
                    ))
                } else {
                    Err(DomainError::NotFound)
                }
            })
            .await
    }

    /// Publishes an answered question under `headline`, and tells the asker where it is.
    pub async fn publish(&self, actor: Option<&Actor>, id: i64, headline: &str) -> Result<InboxQuestion, DomainError> {
        authorize(actor, Action::ModerateMailbag)?;
        let headline = parse_line(headline, 5, 200).map_err(|m| DomainError::invalid("headline", m))?;
        let settings = self.settings.clone();
        self.db
            .write(move |conn| {
                let public_url = &settings.public_url;
                let row = mailbag::find(conn, id)?.ok_or(DomainError::NotFound)?;
                let from = status_of(&row)?;
                let to = from.after(QuestionTransition::Publish)?;
                if !mailbag::change_status(conn, id, from.as_str(), to.as_str())? {
                    return Err(DomainError::conflict(
                        "invalid_transition",
                        Message::of("conflict-the-question-changed-meanwhile-reload-it"),
                    ));
                }
                let base = super::slug_base(&headline, "question");
                let now = storage::now();
                let (slug, ()) = slugs::claim(conn, (&base, id), mailbag::slug_exists, |conn, slug| {
                    mailbag::set_published(conn, id, (&headline, default_language(&settings.languages)), slug, now)
                })?;
                let link = messages::link(public_url, &format!("/mailbag/{slug}"), &[]);
                let asked_in = mailbag::asker_language(conn, id)?;
                let lang = email::language::following(conn, &row.asker_email, asked_in.as_deref())?;
                let message = messages::notice(messages::Notice {
                    key: format!("question-published-{id}"),
                    lang,
                    to: &row.asker_email,
                    greeting: messages::Greeting::Name(&row.asker_name),
                    subject: lang.t1("mail-question-published-subject", "headline", &headline),
                    paragraphs: vec![lang.t("mail-question-published")],
                    link: Some((lang.t("mail-read-the-answer"), link)),
                    purpose: email::Purpose::Personal,
                })
                .map_err(|e| DomainError::Internal(format!("email template: {e}")))?;
                email::enqueue(conn, &message)?;
                let row = mailbag::find(conn, id)?.ok_or(DomainError::NotFound)?;
                inbox_question(conn, row)
            })
            .await
    }

    /// Rejects (with a note for the editors) or marks as spam a pending question.
    pub async fn dismiss(
        &self,
        actor: Option<&Actor>,
        id: i64,
        spam: bool,
        note: &str,
    ) -> Result<InboxQuestion, DomainError> {
        authorize(actor, Action::ModerateMailbag)?;
        let transition = if spam { QuestionTransition::MarkSpam } else { QuestionTransition::Reject };
        let note = note.trim().to_string();
        self.db
            .write(move |conn| {
                let row = mailbag::find(conn, id)?.ok_or(DomainError::NotFound)?;
                let from = status_of(&row)?;
                let to = from.after(transition)?;
                if !mailbag::change_status(conn, id, from.as_str(), to.as_str())? {
                    return Err(DomainError::conflict(
                        "invalid_transition",
                        Message::of("conflict-the-question-changed-meanwhile-reload-it"),
                    ));
                }
                if !note.is_empty() {
                    mailbag::set_note(conn, id, &note)?;
                }
                let row = mailbag::find(conn, id)?.ok_or(DomainError::NotFound)?;
                inbox_question(conn, row)
            })
            .await
    }

    /// Approves (`approve`) or rejects (`reject`) a pending follow-up; any other decision names
    /// nothing (404).
    pub async fn moderate_followup(&self, actor: Option<&Actor>, id: i64, decision: &str) -> Result<(), DomainError> {
        let approve = match decision {
            "approve" => true,
            "reject" => false,
            _ => return Err(DomainError::NotFound),
        };
        authorize(actor, Action::ModerateMailbag)?;
        self.db
            .write(move |conn| {
                let next = if approve { "approved" } else { "rejected" };
                if mailbag::moderate_followup(conn, id, next, storage::now())? {
                    Ok(())
                } else if mailbag::followup_exists(conn, id)? {
                    Err(DomainError::conflict(
                        "invalid_transition",
                        Message::of("conflict-this-follow-up-has-already-been"),
                    ))
                } else {
                    Err(DomainError::NotFound)
                }
            })
            .await
    }
}

fn inbox_question(conn: &mut AnyConnection, row: mailbag::QuestionRow) -> Result<InboxQuestion, DomainError> {
    let answers = mailbag::answers_of(conn, &[row.id], false)?;
    let answers = inbox_answers(conn, answers)?;
    let followups = mailbag::followups_of(conn, row.id, None)?
        .into_iter()
        .map(|f| InboxFollowup::of((f, row.headline.clone(), row.slug.clone())))
        .collect();
    Ok(InboxQuestion {
        status: status_of(&row)?,
        id: row.id,
        asker_name: row.asker_name,
        asker_email: row.asker_email,
        topic: row.topic,
        body: row.body,
        headline: row.headline,
        slug: row.slug,
        created_at: row.created_at,
        answers,
        followups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_are_named_by_first_name_and_initial() {
        assert_eq!(public_name("Al Hernandez"), "Al H.");
        assert_eq!(public_name("  maria  de la cruz "), "maria C.");
        assert_eq!(public_name("Cher"), "Cher");
    }

    #[test]
    fn answers_are_signed_in_plain_english() {
        let names: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
        assert_eq!(signed_by(&names[..1]), "By A");
        assert_eq!(signed_by(&names[..2]), "By A and B");
        assert_eq!(signed_by(&names), "By A, B and C");
    }

    #[test]
    fn only_answered_questions_publish() {
        assert!(QuestionStatus::Pending.after(QuestionTransition::Publish).is_err());
        assert_eq!(QuestionStatus::Answered.after(QuestionTransition::Publish).unwrap(), QuestionStatus::Published);
        assert!(QuestionStatus::Spam.after(QuestionTransition::Answer).is_err());
    }
}
