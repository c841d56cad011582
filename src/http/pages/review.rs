//! The editors' pages: the queue (`/review`) and one submission (`/review/{id}`) with its text,
//! a word-level diff between any two revisions, the audit trail, and the decision forms. A form
//! the domain refuses comes back on the same page with what was typed and what was wrong; the
//! decisions that cannot be undone (reject, unpublish) ask again on a page of their own first.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;

use super::{Chrome, ConfirmPage, FormState, Posted, Problem, Step, render, see_other};
use crate::domain::convention::ConventionView;
use crate::domain::discussion::QueuePriority;
use crate::domain::lifecycle::{Status, Transition};
use crate::domain::reasons::{ReasonKind, ReasonView};
use crate::domain::review::{
    BulkAction, BulkReport, Desk, DiffSpan, FacetCount, Publication, QueueFilter, QueueQuery, ReviewDetail, UndoAction,
    sort_name, word_diff,
};
use crate::domain::review::{Delivery, EntryKind, TimelineEntry, UndoOffer};
use crate::domain::{DomainError, FieldErrors};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::notice::Notice;
use crate::i18n::Message;
use crate::i18n::{Arg, Lang};

#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage {
    chrome: Chrome,
    conventions: Vec<ConventionView>,
    filter: QueueFilter,
    desk: Arc<Desk>,
    next_link: Option<String>,
    rule: QueuePriority,
    /// The bulk, digest or priority form, when it is shown again.
    posted: Posted,
    /// The pieces ticked, when a form is shown again.
    chosen: Vec<i64>,
    /// What the last bulk action did, piece by piece.
    report: Option<(BulkAction, BulkReport)>,
    /// The convention's reasons for rejecting, when the desk shows one convention.
    reject_reasons: Vec<ReasonView>,
}

impl QueuePage {
    fn shows_digest(&self) -> bool {
        self.filter.status == Status::Approved
    }

    fn chose(&self, id: &i64) -> bool {
        self.chosen.contains(id)
    }

    /// Whether `value` is the choice in force for the filter `name`.
    fn picked(&self, name: &str, value: &str) -> bool {
        self.filter.to_query().iter().any(|(n, v)| *n == name && v == value)
    }

    /// A choice of the filter `facet` with its count: "Housing (4)", "Published (more than 200)".
    fn counted(&self, facet: &str, choice: &FacetCount) -> String {
        let lang = self.chrome.lang;
        let label = facet_label(lang, facet, choice);
        if choice.more {
            lang.t2("facet-count-more", "label", label, "count", choice.count)
        } else {
            lang.t2("facet-count", "label", label, "count", choice.count)
        }
    }

    fn status(&self, status: &Status) -> String {
        status.name_in(self.chrome.lang)
    }

    fn utc(&self, at: &NaiveDateTime) -> String {
        utc(self.chrome.lang, at)
    }

    /// The filters in force, for the bulk form to come back to.
    fn back(&self) -> String {
        encode_query(&self.filter.to_query())
    }

    fn reason_picked(&self, reason: &ReasonView) -> bool {
        self.posted.of("bulk").value("reason_choice") == reason.id.to_string()
    }

    fn sorts(&self) -> [(&'static str, String); 3] {
        let lang = self.chrome.lang;
        [("priority", lang.t("sort-priority")), ("oldest", lang.t("sort-oldest")), ("newest", lang.t("sort-newest"))]
    }

    fn sort(&self) -> &'static str {
        sort_name(self.filter.sort)
    }

    /// What the last bulk action did, and to how many pieces: "Claimed: 3".
    fn done_line(&self) -> String {
        let Some((action, report)) = &self.report else { return String::new() };
        let (lang, count) = (self.chrome.lang, report.done.len());
        match action {
            BulkAction::Claim => lang.t1("queue-done-claimed", "count", count),
            BulkAction::Release => lang.t1("queue-done-released", "count", count),
            BulkAction::Reject { .. } => lang.t1("queue-done-rejected", "count", count),
            BulkAction::Hold => lang.t1("queue-done-held", "count", count),
        }
    }

    /// The priority form's fields: name, element id, label, value in force.
    fn priority_fields(&self) -> [(&'static str, &'static str, String, i32); 3] {
        let lang = self.chrome.lang;
        [
            ("member", "p-member", lang.t("desk-authors-members"), self.rule.member),
            ("body", "p-body", lang.t("desk-authors-bodies"), self.rule.body),
            ("non_member", "p-non-member", lang.t("desk-authors-non-members"), self.rule.non_member),
        ]
    }
}

/// How the desk names a choice of the filter `facet` in `lang`: statuses, kinds of author, "me",
/// "nobody" and the day thresholds from the catalogue; topics, languages and editors by their own
/// names (the domain's label).
fn facet_label(lang: Lang, facet: &str, choice: &FacetCount) -> String {
    let value = choice.value.as_str();
    let days = || value.parse::<i64>().ok();
    let label = || choice.label.clone();
    match (facet, value) {
        ("status", _) => {
            value.parse::<Status>().ok().map_or_else(label, |status| crate::i18n::capitalised(&status.name_in(lang)))
        }
        ("topic", "mine") => lang.t("facet-my-topics"),
        ("author_kind", "member") => lang.t("desk-authors-members"),
        ("author_kind", "non_member") => lang.t("desk-authors-non-members"),
        ("author_kind", "body") => lang.t("desk-authors-bodies"),
        ("assignee", "me") => lang.t("facet-me"),
        ("assignee", "unassigned") => lang.t("facet-nobody"),
        ("waiting_days", _) => days().map_or_else(label, |d| lang.t1("facet-waiting-more-than", "days", d)),
        ("idle_days", _) => days().map_or_else(label, |d| lang.t1("facet-untouched-for", "days", d)),
        _ => label(),
    }
}

/// An action of the audit trail as the timeline names it in `lang`: "request changes", "undo
/// reject".
fn action_name(lang: Lang, action: &str) -> String {
    match action {
        "submit" => lang.t("timeline-action-submit"),
        "claim" => lang.t("timeline-action-claim"),
        "release" => lang.t("timeline-action-release"),
        "request_changes" => lang.t("timeline-action-request-changes"),
        "approve" => lang.t("timeline-action-approve"),
        "reject" => lang.t("timeline-action-reject"),
        "publish" => lang.t("timeline-action-publish"),
        "withdraw" => lang.t("timeline-action-withdraw"),
        "unpublish" => lang.t("timeline-action-unpublish"),
        "reschedule" => lang.t("timeline-action-reschedule"),
        "cancel_schedule" => lang.t("timeline-action-cancel-schedule"),
        "reassign" => lang.t("timeline-action-reassign"),
        "undo_reject" => lang.t("timeline-action-undo-reject"),
        "undo_unpublish" => lang.t("timeline-action-undo-unpublish"),
        "undo_release" => lang.t("timeline-action-undo-release"),
        "comment" => lang.t("timeline-action-comment"),
        other => other.replace('_', " "),
    }
}

/// An instant as the desk shows it: "2026-12-07 14:30 UTC".
fn utc(lang: Lang, at: &NaiveDateTime) -> String {
    lang.t1("time-utc", "time", at.format("%Y-%m-%d %H:%M").to_string())
}

fn encode_query(pairs: &[(&str, String)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        query.append_pair(name, value);
    }
    query.finish()
}

#[get("/review")]
async fn queue(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    match QueueFilter::parse(&query) {
        Ok(filter) => queue_page(&state, &caller, filter, Shown::default(), StatusCode::OK).await,
        // A filter typed into the address: the desk as it opens, with what was wrong above it.
        Err(error) => {
            let (status, posted) = Posted::refused(caller.lang, "filters", &[], error)?;
            queue_page(&state, &caller, filter_from(""), Shown { posted, ..Shown::default() }, status).await
        }
    }
}

/// What a post shows on the queue page besides the queue.
#[derive(Default)]
struct Shown {
    posted: Posted,
    chosen: Vec<i64>,
    report: Option<(BulkAction, BulkReport)>,
}

async fn queue_page(
    state: &AppState,
    caller: &Caller,
    filter: QueueFilter,
    shown: Shown,
    status_code: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let desk = state.review.desk(caller.actor(), filter.clone()).await?;
    let next_link = desk.next_cursor.as_ref().map(|cursor| {
        let mut pairs = filter.to_query();
        pairs.push(("cursor", cursor.clone()));
        format!("/review?{}", encode_query(&pairs))
    });
    let rule = state.review.priority_rule(caller.actor()).await?;
    let conventions = state.conventions.list().await?;
    let reject_reasons = match desk_convention(&filter, &conventions) {
        Some(slug) => state.reasons.reasons_for_convention(&slug, ReasonKind::Reject).await?,
        None => Vec::new(),
    };
    let page = QueuePage {
        rule,
        chrome: Chrome::of(caller),
        conventions,
        reject_reasons,
        filter,
        desk,
        next_link,
        posted: shown.posted,
        chosen: shown.chosen,
        report: shown.report,
    };
    render(caller, status_code, &page)
}

/// The one convention the desk shows: the one filtered on, or the only one there is. Its
/// reasons are offered for rejecting in bulk.
fn desk_convention(filter: &QueueFilter, conventions: &[ConventionView]) -> Option<String> {
    match (&filter.convention, conventions) {
        (Some(slug), _) => Some(slug.clone()),
        (None, [only]) => Some(only.slug.clone()),
        _ => None,
    }
}

/// The filters a queue form came from (`back`), or the queue's first view.
fn filter_from(back: &str) -> QueueFilter {
    web::Query::<QueueQuery>::from_query(back)
        .ok()
        .and_then(|query| QueueFilter::parse(&query).ok())
        .unwrap_or_default()
}

/// The pieces ticked on the queue page: one `pick_<id>` box each, or (from the confirmation
/// step) the list `ids`.
fn picked(rest: &HashMap<String, String>, ids: &str) -> Vec<i64> {
    let mut picked: Vec<i64> = rest
        .keys()
        .filter_map(|key| key.strip_prefix("pick_"))
        .chain(ids.split(','))
        .filter_map(|id| id.trim().parse().ok())
        .collect();
    picked.sort_unstable();
    picked.dedup();
    picked
}

/// The bulk form of the queue page.
#[derive(Deserialize, Default)]
#[serde(default)]
struct BulkForm {
    csrf_token: String,
    action: String,
    reason: String,
    /// One of the convention's reasons for rejecting, picked (its id).
    reason_choice: String,
    /// The queue's filters, to show it again as it was.
    back: String,
    ids: String,
    step: String,
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

#[post("/review/bulk")]
async fn bulk(state: web::Data<AppState>, caller: Caller, form: web::Form<BulkForm>) -> Result<HttpResponse, ApiError> {
    let chosen = picked(&form.rest, &form.ids);
    let filter = filter_from(&form.back);
    let again = |error: DomainError| {
        let values = [("reason", form.reason.as_str()), ("reason_choice", form.reason_choice.as_str()), ("ids", "")];
        Posted::refused(caller.lang, "bulk", &values, error)
    };
    // A reason picked and no text written (no JavaScript to fill it in): the reason's text.
    let reason = match desk_convention(&filter, &state.conventions.list().await?) {
        Some(slug) => {
            state.reasons.fill_for_convention(&slug, ReasonKind::Reject, &form.reason_choice, &form.reason).await?
        }
        None => form.reason.clone(),
    };
    let outcome = match caller.check_form_token(&form.csrf_token) {
        Ok(()) => BulkAction::parse(&form.action, &reason),
        Err(stale) => {
            let (status, posted) = Posted::refused(caller.lang, "bulk", &[("reason", &form.reason)], stale)?;
            return queue_page(&state, &caller, filter, Shown { posted, chosen, report: None }, status).await;
        }
    };
    let action = match outcome {
        Ok(action) => action,
        Err(error) => {
            let (status, posted) = again(error)?;
            return queue_page(&state, &caller, filter, Shown { posted, chosen, report: None }, status).await;
        }
    };
    if let BulkAction::Reject { reason } = &action {
        match Step::of(&form.step) {
            Step::Back => {
                let posted = Posted::kept("bulk", &[("reason", reason)]);
                return queue_page(&state, &caller, filter, Shown { posted, chosen, report: None }, StatusCode::OK)
                    .await;
            }
            Step::Ask if !chosen.is_empty() => {
                return confirm_bulk_reject(&state, &caller, &form, &chosen, reason).await;
            }
            _ => {}
        }
    }
    match state.review.bulk(caller.actor(), &action, &chosen).await {
        Ok(report) => {
            let shown = Shown { report: Some((action, report)), ..Shown::default() };
            queue_page(&state, &caller, filter, shown, StatusCode::OK).await
        }
        Err(error) => {
            let (status, posted) = again(error)?;
            queue_page(&state, &caller, filter, Shown { posted, chosen, report: None }, status).await
        }
    }
}

/// Rejecting several pieces asks first, naming each: each author gets the reason by email.
async fn confirm_bulk_reject(
    state: &AppState,
    caller: &Caller,
    form: &BulkForm,
    chosen: &[i64],
    reason: &str,
) -> Result<HttpResponse, ApiError> {
    let (lang, count) = (caller.lang, chosen.len());
    let heading = lang.t1("confirm-bulk-reject-heading", "count", count);
    let confirm = lang.t(if count == 1 { "confirm-reject-it" } else { "confirm-reject-them" });
    let mut consequences = vec![lang.t1("confirm-bulk-reject-listed", "count", count)];
    for piece in state.review.headlines(caller.actor(), chosen.to_vec()).await? {
        consequences.push(lang.t2("confirm-piece-by", "title", &piece.title, "byline", &piece.byline));
    }
    consequences.push(lang.t("confirm-bulk-reject-reason"));
    let ids = chosen.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let page = ConfirmPage {
        chrome: Chrome::of(caller),
        heading,
        consequences,
        action: "/review/bulk".into(),
        hidden: vec![("action", "reject".into()), ("ids", ids), ("back", form.back.clone())],
        text: Some((
            "reason",
            lang.t("confirm-reason-for-authors"),
            FormState::with(&[("reason", reason)], Problem::none()),
        )),
        confirm,
    };
    // Undoable for a while, as a rejection from the review page is.
    render_confirm(state, caller, StatusCode::OK, page)
}

#[derive(Deserialize, Default)]
struct DiffQuery {
    from: Option<i32>,
    to: Option<i32>,
}

/// What the review page offers, decided from the lifecycle and the claim (the template never
/// compares statuses).
struct Actions {
    claim: bool,
    release: bool,
    /// Approve, request changes and reject: the piece is in review and the decisions are the
    /// caller's (unclaimed, or claimed by them).
    decide: bool,
    /// Another editor holds the claim.
    claimed_by_another: bool,
    /// Hand the claim to another editor: any editor may, while it is in review.
    reassign: bool,
    scheduled_for: Option<NaiveDateTime>,
    held_for_digest: bool,
    unpublish: bool,
    /// The caller can undo the last change (see `ReviewDetail::undo`).
    undo: bool,
}

impl Actions {
    fn of(d: &ReviewDetail, me: Option<i64>) -> Actions {
        let s = &d.submission;
        let claimed_by_another =
            s.status == Status::InReview && s.assigned_editor_id.is_some_and(|editor| Some(editor) != me);
        Actions {
            claim: s.status.allows(Transition::Claim),
            release: s.status.allows(Transition::Release) && !claimed_by_another,
            decide: s.status.allows(Transition::Approve) && !claimed_by_another,
            claimed_by_another,
            reassign: s.status.allows(Transition::Reassign),
            scheduled_for: s.scheduled_for(),
            held_for_digest: s.held_for_digest(),
            unpublish: s.status.allows(Transition::Unpublish) && s.article_slug.is_some(),
            undo: d.undo.is_some(),
        }
    }

    /// Whether the page shows the form named `form`.
    fn shows(&self, form: &str) -> bool {
        match form {
            "claim" => self.claim,
            "release" => self.release,
            "approve" | "request-changes" | "reject" => self.decide,
            "reschedule" | "cancel-schedule" => self.scheduled_for.is_some(),
            "unpublish" => self.unpublish,
            "undo" => self.undo,
            "comment" => true,
            "reassign" => self.reassign,
            _ => false,
        }
    }
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    chrome: Chrome,
    d: Arc<ReviewDetail>,
    body_html: String,
    from: i32,
    to: i32,
    diff: Vec<DiffSpan>,
    /// The convention's reasons for rejecting and its change requests, for the pickers.
    reject_reasons: Vec<ReasonView>,
    change_reasons: Vec<ReasonView>,
    /// Who a claimed piece can be handed to: `(id, name)`.
    editors: Vec<(i64, String)>,
    /// `review.undo_window_hours`: how long a rejection or an unpublication can be undone.
    undo_hours: i64,
    actions: Actions,
    /// The form that was posted, when it is shown again with what was typed and what was wrong.
    posted: Posted,
}

impl ReviewPage {
    /// Whether `reason` is the one picked on `form` as posted.
    fn picked(&self, form: &str, reason: &ReasonView) -> bool {
        self.posted.of(form).value("reason_choice") == reason.id.to_string()
    }

    /// A problem with a form the page no longer offers (another editor decided meanwhile).
    fn orphan_problem(&self) -> Option<&str> {
        self.posted.any_problem().filter(|_| !self.actions.shows(self.posted.form()))
    }

    fn status(&self, status: &Status) -> String {
        status.name_in(self.chrome.lang)
    }

    fn utc(&self, at: &NaiveDateTime) -> String {
        utc(self.chrome.lang, at)
    }

    /// "You can undo the rejection (2026-12-07 14:30 UTC, by Ada) until", before the last moment.
    fn undo_offer(&self, undo: &UndoOffer) -> String {
        let lang = self.chrome.lang;
        let what = match undo.action {
            UndoAction::Reject => lang.t("review-undo-what-reject"),
            UndoAction::Unpublish => lang.t("review-undo-what-unpublish"),
            UndoAction::Release => lang.t("review-undo-what-release"),
        };
        let time = utc(lang, &undo.done_at);
        match &undo.by {
            Some(name) => lang
                .t_with("review-undo-offer-by", &[("what", what.into()), ("time", time.into()), ("name", name.into())]),
            None => lang.t_with("review-undo-offer", &[("what", what.into()), ("time", time.into())]),
        }
    }

    /// The undo button: "Undo the rejection".
    fn undo_label(&self, undo: &UndoOffer) -> String {
        let lang = self.chrome.lang;
        match undo.action {
            UndoAction::Reject => lang.t("review-undo-reject"),
            UndoAction::Unpublish => lang.t("review-undo-unpublish"),
            UndoAction::Release => lang.t("review-undo-release"),
        }
    }

    /// An entry of the timeline in a few words, in the reader's language: "revision 2: “Title”,
    /// 900 words", "reject: in review → rejected", "email “Received: …” to Ada <ada@…>: sent".
    fn summary(&self, entry: &TimelineEntry) -> String {
        let lang = self.chrome.lang;
        match (entry.kind, entry.from_status, entry.to_status) {
            (EntryKind::Revision, ..) => {
                match entry.revision.and_then(|n| self.d.revisions.iter().find(|r| r.number == n)) {
                    Some(r) => {
                        let args: [(&str, Arg); 3] =
                            [("number", r.number.into()), ("title", (&r.title).into()), ("words", r.word_count.into())];
                        lang.t_with("timeline-revision", &args)
                    }
                    None => entry.summary.clone(),
                }
            }
            (EntryKind::Transition, Some(from), Some(to)) => {
                let action = action_name(lang, entry.action.as_deref().unwrap_or_default());
                let args: [(&str, Arg); 3] =
                    [("action", action.into()), ("from", from.name_in(lang).into()), ("to", to.name_in(lang).into())];
                lang.t_with("timeline-transition", &args)
            }
            (EntryKind::Transition, ..) => {
                entry.action.as_deref().map_or_else(|| entry.summary.clone(), |action| action_name(lang, action))
            }
            (EntryKind::MessageToAuthor, ..) => lang.t("timeline-message-to-author"),
            (EntryKind::Note, ..) => lang.t("timeline-note"),
            (EntryKind::Email, ..) => match &entry.email {
                Some(email) => {
                    let to = match &email.recipient_name {
                        Some(name) => format!("{name} <{}>", email.recipient),
                        None => email.recipient.clone(),
                    };
                    let state = match email.state {
                        Delivery::Queued => lang.t("timeline-email-queued"),
                        Delivery::Sent => lang.t("timeline-email-sent"),
                        Delivery::Failed => lang.t("timeline-email-failed"),
                    };
                    let args: [(&str, Arg); 3] =
                        [("subject", (&email.subject).into()), ("to", to.into()), ("state", state.into())];
                    lang.t_with("timeline-email", &args)
                }
                None => entry.summary.clone(),
            },
        }
    }

    /// Who a note was for: "internal", "author".
    fn visibility(&self, visibility: &str) -> String {
        match visibility {
            "internal" => self.chrome.t("timeline-visibility-internal"),
            "author" => self.chrome.t("timeline-visibility-author"),
            other => other.to_string(),
        }
    }
}

#[get("/review/{id}")]
async fn detail(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    query: web::Query<DiffQuery>,
) -> Result<HttpResponse, ApiError> {
    review_page(&state, &caller, *id, &query, Posted::default(), StatusCode::OK).await
}

async fn review_page(
    state: &AppState,
    caller: &Caller,
    id: i64,
    query: &DiffQuery,
    posted: Posted,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let d = state.review.detail(caller.actor(), id).await?;
    let latest = d.submission.revisions;
    let to = query.to.filter(|n| (1..=latest).contains(n)).unwrap_or(latest);
    let from = query.from.filter(|n| (1..=latest).contains(n)).unwrap_or((to - 1).max(1));
    let text = |n: i32| d.revisions.iter().find(|r| r.number == n).map_or("", |r| r.body.as_str());
    let diff = word_diff(text(from), text(to));
    let actions = Actions::of(&d, caller.actor().map(|a| a.user_id));
    let (reject_reasons, change_reasons) = if actions.decide {
        let convention = &d.submission.convention;
        (
            state.reasons.reasons_for_convention(convention, ReasonKind::Reject).await?,
            state.reasons.reasons_for_convention(convention, ReasonKind::Changes).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let page = ReviewPage {
        chrome: Chrome::of(caller),
        body_html: d.submission.body_html.clone(),
        from,
        to,
        diff,
        reject_reasons,
        change_reasons,
        undo_hours: undo_hours(state),
        actions,
        editors: state.review.editors(caller.actor()).await?,
        posted,
        d,
    };
    render(caller, status, &page)
}

/// The review page again, with `form` as posted and the domain's refusal of it explained.
async fn refused(
    state: &AppState,
    caller: &Caller,
    id: i64,
    (form, values): (&str, &[(&'static str, &str)]),
    error: impl Into<ApiError>,
) -> Result<HttpResponse, ApiError> {
    let (status, posted) = Posted::refused(caller.lang, form, values, error)?;
    review_page(state, caller, id, &DiffQuery::default(), posted, status).await
}

/// The forms of the review page, by the last segment of the address they post to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Claim,
    Release,
    Comment,
    RequestChanges,
    Approve,
    Reschedule,
    CancelSchedule,
    Reject,
    Unpublish,
    Reassign,
    Undo,
}

impl Decision {
    fn parse(segment: &str) -> Option<Decision> {
        Some(match segment {
            "claim" => Decision::Claim,
            "release" => Decision::Release,
            "comment" => Decision::Comment,
            "request-changes" => Decision::RequestChanges,
            "approve" => Decision::Approve,
            "reschedule" => Decision::Reschedule,
            "cancel-schedule" => Decision::CancelSchedule,
            "reject" => Decision::Reject,
            "unpublish" => Decision::Unpublish,
            "reassign" => Decision::Reassign,
            "undo" => Decision::Undo,
            _ => return None,
        })
    }

    /// What the next page says once the decision is made.
    fn notice(self, publication: Option<&Publication>) -> Notice {
        match self {
            Decision::Claim => Notice::Claimed,
            Decision::Release => Notice::Released,
            Decision::Comment => Notice::CommentAdded,
            Decision::RequestChanges => Notice::ChangesRequested,
            Decision::Approve => match publication {
                Some(Publication::At(_)) => Notice::Scheduled,
                Some(Publication::HoldForDigest) => Notice::Held,
                _ => Notice::Approved,
            },
            Decision::Reschedule => Notice::Rescheduled,
            Decision::CancelSchedule => Notice::ScheduleCancelled,
            Decision::Reject => Notice::Rejected,
            Decision::Unpublish => Notice::Unpublished,
            Decision::Reassign => Notice::Reassigned,
            Decision::Undo => Notice::RejectionUndone,
        }
    }

    /// The form's name on the page (the segment it posts to).
    fn form(self) -> &'static str {
        match self {
            Decision::Claim => "claim",
            Decision::Release => "release",
            Decision::Comment => "comment",
            Decision::RequestChanges => "request-changes",
            Decision::Approve => "approve",
            Decision::Reschedule => "reschedule",
            Decision::CancelSchedule => "cancel-schedule",
            Decision::Reject => "reject",
            Decision::Unpublish => "unpublish",
            Decision::Reassign => "reassign",
            Decision::Undo => "undo",
        }
    }
}

/// Every field any decision form sends; each action reads the ones it needs.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DecisionForm {
    csrf_token: String,
    message: String,
    reason: String,
    /// The id of the convention's reason picked (rejecting, or asking for changes): its text is
    /// sent when the text field is left empty (a browser without JavaScript does not fill it in).
    reason_choice: String,
    body: String,
    visibility: String,
    publish_at: String,
    hold_for_digest: Option<String>,
    /// Who a reassigned piece goes to.
    editor_id: String,
    /// The confirmation step of a decision that cannot be undone (see [`Step`]).
    step: String,
    /// The change the undo button offered to undo (see `UndoOffer::event_id`).
    event_id: String,
}

impl DecisionForm {
    /// The fields `decision`'s form shows, as posted.
    fn values(&self, decision: Decision) -> Vec<(&'static str, &str)> {
        match decision {
            Decision::Comment => vec![("body", &self.body), ("visibility", &self.visibility)],
            Decision::RequestChanges => vec![("reason_choice", &self.reason_choice), ("message", &self.message)],
            Decision::Approve => vec![
                ("publish_at", &self.publish_at),
                ("hold_for_digest", if self.hold_for_digest.is_some() { "on" } else { "" }),
            ],
            Decision::Reschedule => vec![("publish_at", &self.publish_at)],
            Decision::Reject => vec![("reason_choice", &self.reason_choice), ("reason", &self.reason)],
            Decision::Unpublish => vec![("reason", &self.reason)],
            Decision::Reassign => vec![("editor_id", &self.editor_id)],
            Decision::Claim | Decision::Release | Decision::CancelSchedule | Decision::Undo => Vec::new(),
        }
    }

    /// The text the decision sends: what was written, or, left empty, the picked reason's text.
    async fn filled(&self, state: &AppState, caller: &Caller, id: i64, kind: ReasonKind) -> String {
        let text = match kind {
            ReasonKind::Reject => &self.reason,
            ReasonKind::Changes => &self.message,
        };
        if self.reason_choice.trim().is_empty() || !text.trim().is_empty() {
            return text.clone();
        }
        // Anyone who may not see the piece is told so by the decision itself.
        let Ok(piece) = state.review.detail(caller.actor(), id).await else { return text.clone() };
        let convention = &piece.submission.convention;
        state
            .reasons
            .fill_for_convention(convention, kind, &self.reason_choice, text)
            .await
            .unwrap_or_else(|_| text.clone())
    }
}

#[post("/review/{id}/{action}")]
async fn decide(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
    form: web::Form<DecisionForm>,
) -> Result<HttpResponse, ApiError> {
    let (id, action) = path.into_inner();
    let decision = Decision::parse(&action).ok_or_else(ApiError::not_found)?;
    if let Err(stale) = caller.check_form_token(&form.csrf_token) {
        return refused(&state, &caller, id, (decision.form(), &form.values(decision)), stale).await;
    }
    let actor = caller.actor();
    let review = &state.review;
    let publication = Publication::parse(Some(&form.publish_at), form.hold_for_digest.is_some());
    let notice = decision.notice(publication.as_ref().ok());
    let outcome = match decision {
        Decision::Claim => review.claim(actor, id).await,
        Decision::Release => review.release(actor, id).await,
        Decision::Comment => review.comment(actor, id, &form.body, &form.visibility).await,
        Decision::RequestChanges => {
            let message = form.filled(&state, &caller, id, ReasonKind::Changes).await;
            review.request_changes(actor, id, &message).await
        }
        Decision::Approve => match publication {
            Ok(when) => review.approve(actor, id, when).await,
            Err(error) => Err(error),
        },
        Decision::Reschedule => review.reschedule(actor, id, Some(&form.publish_at)).await,
        Decision::CancelSchedule => review.cancel_schedule(actor, id).await,
        Decision::Reassign => match form.editor_id.trim().parse() {
            Ok(editor) => review.reassign(actor, id, editor).await,
            Err(_) => Err(DomainError::invalid("editor_id", Message::of("invalid-choose-editor"))),
        },
        Decision::Reject => return reject(&state, &caller, id, &form).await,
        Decision::Unpublish => return unpublish(&state, &caller, id, &form).await,
        Decision::Undo => return undo(&state, &caller, id, &form).await,
    };
    match outcome {
        Ok(_) => Ok(see_other(&caller, &format!("/review/{id}"), notice)),
        Err(error) => refused(&state, &caller, id, (decision.form(), &form.values(decision)), error).await,
    }
}

fn undo_hours(state: &AppState) -> i64 {
    i64::try_from(state.settings.review.undo_window.as_secs() / 3600).unwrap_or(i64::MAX)
}

/// Undoes the last change the page offered to undo; the notice says what came back.
async fn undo(state: &AppState, caller: &Caller, id: i64, form: &DecisionForm) -> Result<HttpResponse, ApiError> {
    let outcome = match form.event_id.trim() {
        "" => state.review.undo(caller.actor(), id, None).await,
        text => match text.parse::<i64>() {
            Ok(event) => state.review.undo(caller.actor(), id, Some(event)).await,
            Err(_) => Err(DomainError::invalid("event_id", Message::of("invalid-is-not-change-this-page-offered"))),
        },
    };
    match outcome {
        Ok(undone) => {
            let notice = match undone.action {
                UndoAction::Reject => Notice::RejectionUndone,
                UndoAction::Unpublish => Notice::UnpublicationUndone,
                UndoAction::Release => Notice::ReleaseUndone,
            };
            Ok(see_other(caller, &format!("/review/{id}"), notice))
        }
        Err(error) => refused(state, caller, id, ("undo", &[]), error).await,
    }
}

/// Rejecting asks first: the confirmation page shows the reason the author will be emailed,
/// still editable. The API rejects in one call.
async fn reject(state: &AppState, caller: &Caller, id: i64, form: &DecisionForm) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor();
    let back = |reason: &str| Posted::kept("reject", &[("reason_choice", ""), ("reason", reason)]);
    match Step::of(&form.step) {
        Step::Back => review_page(state, caller, id, &DiffQuery::default(), back(&form.reason), StatusCode::OK).await,
        Step::Confirm => match state.review.reject(actor, id, &form.reason).await {
            Ok(_) => Ok(see_other(caller, &format!("/review/{id}"), Notice::Rejected)),
            Err(DomainError::Invalid(errors)) => {
                let submission = state.review.detail(actor, id).await?.submission.clone();
                confirm_reject(
                    state,
                    caller,
                    id,
                    &submission.title,
                    &form.reason,
                    errors,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
            }
            Err(error) => refused(state, caller, id, ("reject", &form.values(Decision::Reject)), error).await,
        },
        Step::Ask => {
            let reason = form.filled(state, caller, id, ReasonKind::Reject).await;
            match state.review.check_reject(actor, id, &reason).await {
                Ok(submission) => confirm_reject(
                    state,
                    caller,
                    id,
                    &submission.title,
                    &reason,
                    FieldErrors::default(),
                    StatusCode::OK,
                ),
                Err(error) => refused(state, caller, id, ("reject", &form.values(Decision::Reject)), error).await,
            }
        }
    }
}

fn confirm_reject(
    state: &AppState,
    caller: &Caller,
    id: i64,
    title: &str,
    reason: &str,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let page = ConfirmPage {
        chrome: Chrome::of(caller),
        heading: caller.lang.t1("confirm-reject-heading", "title", title),
        consequences: vec![
            final_after(state, caller.lang, &caller.lang.t("confirm-rejected-final")),
            caller.lang.t("confirm-author-emailed"),
        ],
        action: format!("/review/{id}/reject"),
        hidden: Vec::new(),
        text: Some((
            "reason",
            caller.lang.t("review-reason-for-author"),
            FormState::with(&[("reason", reason)], Problem::fields(&errors, caller.lang)),
        )),
        confirm: caller.lang.t("confirm-reject-for-good"),
    };
    render_confirm(state, caller, status, page)
}

/// The confirmation page of a decision that can be undone for a while, which its heading says.
#[derive(Template)]
#[template(path = "confirm_undoable.html")]
struct UndoableConfirmPage {
    page: ConfirmPage,
    undo_hours: i64,
}

impl std::ops::Deref for UndoableConfirmPage {
    type Target = ConfirmPage;

    fn deref(&self) -> &ConfirmPage {
        &self.page
    }
}

/// Renders the confirmation of a rejection or an unpublication: undoable for
/// `review.undo_window_hours`, final at once when that is 0.
fn render_confirm(
    state: &AppState,
    caller: &Caller,
    status: StatusCode,
    page: ConfirmPage,
) -> Result<HttpResponse, ApiError> {
    match undo_hours(state) {
        0 => render(caller, status, &page),
        undo_hours => render(caller, status, &UndoableConfirmPage { page, undo_hours }),
    }
}

/// "This is final…": at once, or once the undo window has passed.
fn final_after(state: &AppState, lang: Lang, what: &str) -> String {
    match undo_hours(state) {
        0 => lang.t1("confirm-final-now", "what", what),
        hours => lang.t2("confirm-final-after", "hours", hours, "what", what),
    }
}

/// Unpublishing asks first, like rejecting; a digest is taken down whole, which the
/// confirmation says.
async fn unpublish(state: &AppState, caller: &Caller, id: i64, form: &DecisionForm) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor();
    let step = Step::of(&form.step);
    if step == Step::Back {
        let posted = Posted::kept("unpublish", &[("reason", &form.reason)]);
        return review_page(state, caller, id, &DiffQuery::default(), posted, StatusCode::OK).await;
    }
    let submission = state.review.detail(actor, id).await?.submission.clone();
    let Some(slug) = submission.article_slug.filter(|_| submission.status.allows(Transition::Unpublish)) else {
        let error = DomainError::conflict(
            "invalid_transition",
            crate::i18n::Message::of("conflict-submission-cannot-be")
                .arg("status", submission.status.label())
                .arg("done", "unpublished")
                .arg("code", submission.status.as_str())
                .arg("action", Transition::Unpublish.as_str()),
        );
        return refused(state, caller, id, ("unpublish", &form.values(Decision::Unpublish)), error).await;
    };
    let outcome = match step {
        Step::Confirm => state.review.unpublish(actor, &slug, &form.reason).await.map(|_| None),
        _ => state.review.check_unpublish(actor, &slug, &form.reason).await.map(Some),
    };
    let (takedown, errors, status) = match outcome {
        Ok(None) => return Ok(see_other(caller, &format!("/review/{id}"), Notice::Unpublished)),
        Ok(Some(takedown)) => (takedown, FieldErrors::default(), StatusCode::OK),
        Err(DomainError::Invalid(errors)) if step == Step::Confirm => {
            (state.review.takedown(actor, &slug).await?, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(error) => return refused(state, caller, id, ("unpublish", &form.values(Decision::Unpublish)), error).await,
    };
    let lang = caller.lang;
    let mut consequences =
        vec![lang.t("confirm-readers-lose-it"), final_after(state, lang, &lang.t("confirm-unpublished-final"))];
    if takedown.pieces > 1 {
        consequences.push(lang.t1("confirm-unpublish-digest", "count", takedown.pieces));
    } else {
        consequences.push(lang.t("confirm-author-emailed"));
    }
    let page = ConfirmPage {
        chrome: Chrome::of(caller),
        heading: lang.t1("confirm-unpublish-heading", "title", &takedown.title),
        consequences,
        action: format!("/review/{id}/unpublish"),
        hidden: Vec::new(),
        text: Some((
            "reason",
            lang.t("confirm-reason-taking-down"),
            FormState::with(&[("reason", &form.reason)], Problem::fields(&errors, caller.lang)),
        )),
        confirm: lang.t("confirm-unpublish-for-good"),
    };
    render_confirm(state, caller, status, page)
}

/// The digest form: a title and the approved short pieces ticked (`pick_<id>`).
#[derive(Deserialize, Default)]
#[serde(default)]
struct DigestForm {
    csrf_token: String,
    title: String,
    back: String,
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

#[post("/review/digests")]
async fn digest(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<DigestForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let parts = picked(&form.rest, "");
    match state.review.publish_digest(caller.actor(), &form.title, parts.clone()).await {
        Ok(slug) => Ok(see_other(&caller, &format!("/articles/{slug}"), Notice::DigestPublished)),
        Err(error) => {
            let (status, posted) =
                Posted::refused(caller.lang, "digest", &[("title", &form.title), ("submissions", "")], error)?;
            let mut filter = filter_from(&form.back);
            filter.status = Status::Approved;
            queue_page(&state, &caller, filter, Shown { posted, chosen: parts, report: None }, status).await
        }
    }
}

/// The priority form, as typed: numbers are checked here, their range by the domain.
#[derive(Deserialize, Default)]
#[serde(default)]
struct PriorityForm {
    csrf_token: String,
    member: String,
    body: String,
    non_member: String,
}

impl PriorityForm {
    fn rule(&self) -> Result<QueuePriority, DomainError> {
        let mut errors = FieldErrors::default();
        let mut number = |field: &str, text: &str| {
            errors.check(
                field,
                text.trim().parse::<i32>().map_err(|_| crate::i18n::Message::of("invalid-must-whole-number")),
            )
        };
        let (member, body, non_member) =
            (number("member", &self.member), number("body", &self.body), number("non_member", &self.non_member));
        match (member, body, non_member) {
            (Some(member), Some(body), Some(non_member)) => Ok(QueuePriority { member, body, non_member }),
            _ => Err(DomainError::Invalid(errors)),
        }
    }
}

#[post("/review/priority")]
async fn priority(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<PriorityForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let outcome = match form.rule() {
        Ok(rule) => state.review.set_priority_rule(caller.actor(), rule).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(_) => Ok(see_other(&caller, "/review", Notice::PriorityChanged)),
        Err(error) => {
            let values = [("member", form.member.as_str()), ("body", &form.body), ("non_member", &form.non_member)];
            let (status, posted) = Posted::refused(caller.lang, "priority", &values, error)?;
            queue_page(&state, &caller, filter_from(""), Shown { posted, ..Shown::default() }, status).await
        }
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(digest).service(bulk).service(priority).service(queue).service(detail).service(decide);
}
