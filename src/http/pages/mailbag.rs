//! The mailbag's pages: the public list and threads, the ask form (with its "similar questions"
//! step), follow-ups, and the inbox where experts answer and editors decide.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{
    Chrome, ConfirmPage, CursorQuery, FormState, Posted, Problem, Step, message, redirect, render, render_html, reply,
    see_other, shared,
};
use crate::domain::mailbag::{
    Channel, InboxAnswer, InboxFollowup, InboxQuestion, QuestionInput, QuestionStatus, QuestionTransition, Sent,
    ThreadSummary, ThreadView,
};
use crate::domain::policy::{Action, authorize};
use crate::domain::{DomainError, Page};
use crate::http::AppState;
use crate::http::api::THREADS_PER_PAGE;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::notice::Notice;
use crate::i18n::Message;

#[derive(Template)]
#[template(path = "mailbag.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<ThreadSummary>,
}

#[get("/mailbag")]
async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CursorQuery>,
) -> Result<HttpResponse, ApiError> {
    state
        .shared_pages
        .page(&state, &caller, async |chrome| {
            let page = state.mailbag.threads(query.cursor.as_deref(), THREADS_PER_PAGE).await?;
            render_html(&ListPage { chrome, page })
        })
        .await
}

#[derive(Template)]
#[template(path = "mailbag_ask.html")]
struct AskPage<'a> {
    chrome: Chrome,
    form: FormState,
    topics: &'a [String],
    similar: Option<Vec<ThreadSummary>>,
    time_token: String,
    /// Sent sooner than the time trap allows: say so beside the send button.
    too_quick: bool,
}

#[get("/mailbag/ask")]
async fn ask_form(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let page = AskPage {
        chrome: Chrome::of(&caller),
        form: FormState::default(),
        topics: state.mailbag.topics(),
        similar: None,
        time_token: state.mailbag.time_token(crate::storage::now(), caller.form_token()),
        too_quick: false,
    };
    render(&caller, StatusCode::OK, &page)
}

/// What the public forms send: the question (or follow-up), the honeypot, the time token.
#[derive(Deserialize, Default)]
#[serde(default)]
struct QuestionForm {
    csrf_token: String,
    time_token: String,
    step: String,
    name: String,
    email: String,
    topic: String,
    body: String,
    website: String,
}

impl QuestionForm {
    fn input(&self) -> QuestionInput {
        QuestionInput {
            name: self.name.clone(),
            email: self.email.clone(),
            body: self.body.clone(),
            topic: self.topic.clone(),
            website: self.website.clone(),
        }
    }

    fn state(&self, problem: Problem) -> FormState {
        FormState::with(
            &[("name", &self.name), ("email", &self.email), ("topic", &self.topic), ("body", &self.body)],
            problem,
        )
    }

    /// The time-trap token of the form shown again after a problem: still the one it was first
    /// shown with (the trap counts from then), unless that cannot be sent back any more because
    /// the visitor's CSRF token has changed meanwhile (a page left open across a sign-in).
    fn token_again(&self, state: &AppState, caller: &Caller) -> String {
        if !self.time_token.is_empty() && caller.check_form_token(&self.csrf_token).is_ok() {
            self.time_token.clone()
        } else {
            fresh_token(state, caller)
        }
    }
}

/// A time-trap token for a form shown now. Also the one a form sent too quickly comes back with:
/// the second press counts from then, so a machine resending at once is sent back again, while a
/// person who looks the form over gets through.
fn fresh_token(state: &AppState, caller: &Caller) -> String {
    state.mailbag.time_token(crate::storage::now(), caller.form_token())
}

#[post("/mailbag/ask")]
async fn ask(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<QuestionForm>,
) -> Result<HttpResponse, ApiError> {
    let page =
        |form_state: FormState, similar: Option<Vec<ThreadSummary>>, time_token: String, too_quick: bool| AskPage {
            chrome: Chrome::of(&caller),
            form: form_state,
            topics: state.mailbag.topics(),
            similar,
            time_token,
            too_quick,
        };
    let again = async |problem: Problem| Ok(page(form.state(problem), None, form.token_again(&state, &caller), false));
    if form.step == "preview" {
        let outcome = async {
            caller.check_form_token(&form.csrf_token)?;
            Ok(state.mailbag.similar(&form.body).await?)
        }
        .await;
        // The time trap counts from when the form was first shown, so a preview keeps the token.
        let done = |similar| {
            let shown = form.token_again(&state, &caller);
            render(&caller, StatusCode::OK, &page(form.state(Problem::none()), Some(similar), shown, false))
        };
        return reply(&caller, outcome, done, again).await;
    }
    let outcome = async {
        caller.check_form_token(&form.csrf_token)?;
        let channel = Channel::Form { time_token: &form.time_token, bound_to: caller.form_token() };
        Ok(state.mailbag.ask(form.input(), (&caller.client_ip, caller.lang), channel).await?)
    }
    .await;
    let done = |sent| match sent {
        Sent::Accepted => {
            let lang = caller.lang;
            let (heading, text) = (lang.t("mailbag-ask-thanks"), lang.t("mailbag-ask-thanks-text"));
            let back = lang.t("mailbag-ask-back");
            message(&caller, StatusCode::OK, &heading, &text, Some(("/mailbag", back.as_str())))
        }
        Sent::TooQuick => {
            let fresh = fresh_token(&state, &caller);
            render(&caller, StatusCode::OK, &page(form.state(Problem::none()), None, fresh, true))
        }
    };
    reply(&caller, outcome, done, again).await
}

#[derive(Template)]
#[template(path = "mailbag_thread.html")]
struct ThreadPage {
    chrome: Chrome,
    t: ThreadView,
    form: FormState,
    time_token: String,
    /// The follow-up was sent sooner than the time trap allows: say so beside its send button.
    too_quick: bool,
}

#[get("/mailbag/{slug}")]
async fn thread(state: web::Data<AppState>, caller: Caller, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    state
        .shared_pages
        .page(&state, &caller, async |chrome| {
            let t = state.mailbag.thread(&slug).await?;
            let time_token = shared::time_token(&state, &chrome);
            render_html(&ThreadPage { chrome, t, form: FormState::default(), time_token, too_quick: false })
        })
        .await
}

#[post("/mailbag/{slug}/followups")]
async fn follow_up(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    form: web::Form<QuestionForm>,
) -> Result<HttpResponse, ApiError> {
    let page = |t: ThreadView, form: FormState, time_token: String, too_quick: bool| ThreadPage {
        chrome: Chrome::of(&caller),
        t,
        form,
        time_token,
        too_quick,
    };
    // Sent too quickly, the thread is shown again: it is loaded here, as the answer needs it.
    let outcome = async {
        caller.check_form_token(&form.csrf_token)?;
        let channel = Channel::Form { time_token: &form.time_token, bound_to: caller.form_token() };
        match state.mailbag.follow_up(&slug, form.input(), &caller.client_ip, channel).await? {
            Sent::Accepted => Ok(None),
            Sent::TooQuick => Ok(Some(state.mailbag.thread(&slug).await?)),
        }
    }
    .await;
    let done = |too_quick: Option<ThreadView>| match too_quick {
        None => Ok(see_other(&caller, &format!("/mailbag/{slug}#followup-heading"), Notice::FollowupSent)),
        Some(t) => {
            let fresh = fresh_token(&state, &caller);
            render(&caller, StatusCode::OK, &page(t, form.state(Problem::none()), fresh, true))
        }
    };
    reply(&caller, outcome, done, async |problem| {
        let t = state.mailbag.thread(&slug).await?;
        Ok(page(t, form.state(problem), form.token_again(&state, &caller), false))
    })
    .await
}

#[derive(Template)]
#[template(path = "mailbag_inbox.html")]
struct InboxPage<'a> {
    chrome: Chrome,
    statuses: [QuestionStatus; 5],
    status: String,
    topics: &'a [String],
    topic: String,
    page: Page<InboxQuestion>,
    next_link: Option<String>,
    followups: Vec<InboxFollowup>,
    /// Approved follow-ups shown under their threads and waiting for an expert's answer.
    unanswered: Vec<InboxFollowup>,
    answers: Vec<InboxAnswer>,
    cosignatures: Vec<InboxAnswer>,
    /// A decision button the domain refused (decided meanwhile by someone else).
    posted: Posted,
}

/// What the inbox says once a decision button has done its work.
fn decision_notice(kind: &str, decision: &str) -> Notice {
    match (kind, decision) {
        ("followup", "approve") => Notice::FollowupApproved,
        ("followup", _) => Notice::FollowupRejected,
        ("answer", "approve") => Notice::AnswerApproved,
        ("answer", _) => Notice::AnswerRejected,
        (_, "confirm") => Notice::CosignatureConfirmed,
        _ => Notice::CosignatureDeclined,
    }
}

#[derive(Deserialize)]
struct InboxQuery {
    status: Option<String>,
    topic: Option<String>,
    cursor: Option<String>,
}

#[get("/mailbag/inbox")]
async fn inbox(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<InboxQuery>,
) -> Result<HttpResponse, ApiError> {
    inbox_page(&state, &caller, query.into_inner(), Posted::default(), StatusCode::OK).await
}

async fn inbox_page(
    state: &AppState,
    caller: &Caller,
    query: InboxQuery,
    posted: Posted,
    status_code: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let InboxQuery { status, topic, cursor } = query;
    let page = state.mailbag.inbox(caller.actor(), status.as_deref(), topic.as_deref(), cursor.as_deref()).await?;
    let status = status.filter(|s| !s.is_empty()).unwrap_or_else(|| "pending".into());
    let topic = topic.unwrap_or_default();
    let next_link = page.next_cursor.as_ref().map(|cursor| {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("status", &status)
            .append_pair("topic", &topic)
            .append_pair("cursor", cursor)
            .finish();
        format!("/mailbag/inbox?{query}")
    });
    let page = InboxPage {
        chrome: Chrome::of(caller),
        statuses: QuestionStatus::ALL,
        status,
        topics: state.mailbag.topics(),
        topic,
        page,
        next_link,
        followups: state.mailbag.pending_followups(caller.actor()).await?,
        unanswered: state.mailbag.unanswered_followups(caller.actor()).await?,
        answers: state.mailbag.pending_answers(caller.actor()).await?,
        cosignatures: state.mailbag.awaiting_cosignature(caller.actor()).await?,
        posted,
    };
    render(caller, status_code, &page)
}

#[derive(Template)]
#[template(path = "mailbag_question.html")]
struct QuestionPage {
    chrome: Chrome,
    q: InboxQuestion,
    experts: Vec<(i64, String)>,
    /// The form that was posted, when it is shown again with what was typed and what was wrong.
    posted: Posted,
    /// The co-signers ticked, when the answer form is shown again.
    chosen: Vec<i64>,
}

impl QuestionPage {
    /// Whether the co-signer `id` is ticked in `form`: only in the form that was posted.
    fn chose(&self, form: &str, id: &i64) -> bool {
        self.posted.form() == form && self.chosen.contains(id)
    }

    /// The name of the form that answers the follow-up `id`.
    fn followup_form(&self, id: &i64) -> String {
        format!("followup-{id}")
    }

    /// Its headline, or what it is before it has one.
    fn headline(&self) -> String {
        self.q.headline.clone().unwrap_or_else(|| self.chrome.t("mailbag-question-untitled"))
    }

    /// Its status, in words.
    fn status(&self) -> String {
        match self.q.status {
            QuestionStatus::Pending => self.chrome.t("mailbag-question-status-pending"),
            QuestionStatus::Answered => self.chrome.t("mailbag-question-status-answered"),
            QuestionStatus::Published => self.chrome.t("mailbag-question-status-published"),
            QuestionStatus::Rejected => self.chrome.t("mailbag-question-status-rejected"),
            QuestionStatus::Spam => self.chrome.t("mailbag-question-status-spam"),
        }
    }
}

#[get("/mailbag/inbox/{id}")]
async fn question(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    question_page(&state, &caller, *id, Posted::default(), Vec::new(), StatusCode::OK).await
}

async fn question_page(
    state: &AppState,
    caller: &Caller,
    id: i64,
    posted: Posted,
    chosen: Vec<i64>,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let q = state.mailbag.inbox_question(caller.actor(), id).await?;
    let me = caller.actor().map(|a| a.user_id);
    let experts = state.mailbag.experts(caller.actor()).await?.into_iter().filter(|(id, _)| Some(*id) != me).collect();
    render(caller, status, &QuestionPage { chrome: Chrome::of(caller), q, experts, posted, chosen })
}

/// Every field a decision form in the inbox sends; `cosigner_<id>` boxes name co-signers.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DecisionForm {
    csrf_token: String,
    body: String,
    headline: String,
    reason: String,
    /// On an answer: the follow-up it answers (empty: the question itself).
    followup_id: String,
    /// The confirmation step of a decision that cannot be undone (see [`Step`]).
    step: String,
    #[serde(flatten)]
    rest: std::collections::HashMap<String, String>,
}

#[post("/mailbag/inbox/{id}/{action}")]
async fn decide(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
    form: web::Form<DecisionForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let (id, action) = path.into_inner();
    let actor = caller.actor();
    let cosigners: Vec<i64> =
        form.rest.keys().filter_map(|key| key.strip_prefix("cosigner_")).filter_map(|id| id.parse().ok()).collect();
    let (form_name, outcome) = match action.as_str() {
        "answer" => match form.followup_id.trim() {
            "" => ("answer".to_string(), state.mailbag.answer(actor, id, &form.body, cosigners.clone(), None).await),
            followup => {
                let answered = match followup.parse::<i64>() {
                    Ok(followup) => {
                        state.mailbag.answer(actor, id, &form.body, cosigners.clone(), Some(followup)).await
                    }
                    Err(_) => Err(DomainError::invalid("followup_id", Message::of("invalid-is-not-follow-up"))),
                };
                (format!("followup-{followup}"), answered)
            }
        },
        "publish" => ("publish".to_string(), state.mailbag.publish(actor, id, &form.headline).await),
        "reject" => return dismiss(&state, &caller, id, QuestionTransition::Reject, &form).await,
        "spam" => return dismiss(&state, &caller, id, QuestionTransition::MarkSpam, &form).await,
        _ => return Err(ApiError::not_found()),
    };
    match outcome {
        Ok(_) => Ok(redirect(&format!("/mailbag/inbox/{id}"))),
        Err(error) => {
            let values: &[(&'static str, &str)] = match form_name.as_str() {
                "publish" => &[("headline", &form.headline)],
                _ => &[("body", &form.body), ("cosigners", "")],
            };
            let (status, posted) = Posted::refused(caller.lang, form_name, values, error)?;
            question_page(&state, &caller, id, posted, cosigners, status).await
        }
    }
}

/// Rejecting a question, or marking it as spam, cannot be undone: the editor is asked first.
async fn dismiss(
    state: &AppState,
    caller: &Caller,
    id: i64,
    transition: QuestionTransition,
    form: &DecisionForm,
) -> Result<HttpResponse, ApiError> {
    let spam = transition == QuestionTransition::MarkSpam;
    let form_name = if spam { "spam" } else { "reject" };
    let values = [("reason", form.reason.as_str())];
    let refused = |error: DomainError| async move {
        let (status, posted) = Posted::refused(caller.lang, form_name, &values, error)?;
        question_page(state, caller, id, posted, Vec::new(), status).await
    };
    match Step::of(&form.step) {
        Step::Back => {
            question_page(state, caller, id, Posted::kept(form_name, &values), Vec::new(), StatusCode::OK).await
        }
        Step::Confirm => match state.mailbag.dismiss(caller.actor(), id, spam, &form.reason).await {
            Ok(_) => Ok(redirect(&format!("/mailbag/inbox/{id}"))),
            Err(error) => refused(error).await,
        },
        Step::Ask => {
            authorize(caller.actor(), Action::ModerateMailbag)?;
            let q = state.mailbag.inbox_question(caller.actor(), id).await?;
            if let Err(error) = q.status.after(transition) {
                return refused(error).await;
            }
            let excerpt: String = q.body.chars().take(80).collect();
            let lang = caller.lang;
            let (heading, confirm) = if spam {
                (
                    lang.t1("mailbag-question-confirm-spam", "excerpt", excerpt),
                    lang.t("mailbag-question-confirm-spam-button"),
                )
            } else {
                (
                    lang.t1("mailbag-question-confirm-reject", "excerpt", excerpt),
                    lang.t("mailbag-question-confirm-reject-button"),
                )
            };
            let page = ConfirmPage {
                chrome: Chrome::of(caller),
                heading,
                consequences: vec![lang.t1("mailbag-question-confirm-consequence", "name", &q.asker_name)],
                action: format!("/mailbag/inbox/{id}/{form_name}"),
                hidden: vec![("reason", form.reason.clone())],
                text: None,
                confirm,
            };
            render(caller, StatusCode::OK, &page)
        }
    }
}

/// A decision button of the inbox, and the confirmation step of the ones that cannot be undone.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ButtonForm {
    csrf_token: String,
    /// See [`Step`].
    step: String,
}

/// A decision from a button of the inbox: the form's token is checked before the decision runs
/// (a future does nothing until awaited). A rejection asks first, on a page of its own. Then the
/// editor or expert is back at the inbox, which says what was done, or what stood in the way.
async fn decided<T>(
    state: &AppState,
    caller: &Caller,
    form: &ButtonForm,
    (kind, id, decision): (&str, i64, &str),
    outcome: impl std::future::Future<Output = Result<T, DomainError>>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    if decision == "reject" {
        match Step::of(&form.step) {
            Step::Back => return Ok(redirect("/mailbag/inbox")),
            Step::Ask => {
                authorize(caller.actor(), Action::ModerateMailbag)?;
                let page = ConfirmPage {
                    chrome: Chrome::of(caller),
                    heading: caller.lang.t1("inbox-confirm-reject", "kind", kind),
                    consequences: vec![caller.lang.t("inbox-confirm-reject-final")],
                    action: format!("/mailbag/{kind}s/{id}/reject"),
                    hidden: Vec::new(),
                    text: None,
                    confirm: caller.lang.t("confirm-reject-for-good"),
                };
                return render(caller, StatusCode::OK, &page);
            }
            Step::Confirm => {}
        }
    }
    match outcome.await {
        Ok(_) => Ok(see_other(caller, "/mailbag/inbox", decision_notice(kind, decision))),
        Err(error) => {
            let (status, posted) = Posted::refused(caller.lang, kind, &[], error)?;
            let query = InboxQuery { status: None, topic: None, cursor: None };
            inbox_page(state, caller, query, posted, status).await
        }
    }
}

#[post("/mailbag/followups/{id}/{decision}")]
async fn moderate_followup(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
    form: web::Form<ButtonForm>,
) -> Result<HttpResponse, ApiError> {
    let (id, decision) = path.into_inner();
    let outcome = state.mailbag.moderate_followup(caller.actor(), id, &decision);
    decided(&state, &caller, &form, ("followup", id, &decision), outcome).await
}

#[post("/mailbag/answers/{id}/{decision}")]
async fn moderate_answer(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
    form: web::Form<ButtonForm>,
) -> Result<HttpResponse, ApiError> {
    let (id, decision) = path.into_inner();
    let outcome = state.mailbag.moderate_answer(caller.actor(), id, &decision);
    decided(&state, &caller, &form, ("answer", id, &decision), outcome).await
}

#[post("/mailbag/cosignatures/{id}/{decision}")]
async fn decide_cosignature(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
    form: web::Form<ButtonForm>,
) -> Result<HttpResponse, ApiError> {
    let (id, decision) = path.into_inner();
    let outcome = state.mailbag.decide_cosignature(caller.actor(), id, &decision);
    decided(&state, &caller, &form, ("cosignature", id, &decision), outcome).await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(ask_form)
        .service(ask)
        .service(inbox)
        .service(question)
        .service(decide)
        .service(moderate_followup)
        .service(moderate_answer)
        .service(decide_cosignature)
        .service(thread)
        .service(follow_up);
}
