//! The mailbag's pages: the public list and threads, the ask form (with its "similar questions"
//! step), follow-ups, and the inbox where experts answer and editors decide.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, CsrfOnly, FormState, Problem, message, redirect, render, reply};
use crate::domain::mailbag::{
    Channel, InboxAnswer, InboxFollowup, InboxQuestion, QuestionInput, QuestionStatus, Sent, ThreadSummary, ThreadView,
};
use crate::domain::{DomainError, FieldErrors, Page};
use crate::http::AppState;
use crate::http::api::THREADS_PER_PAGE;
use crate::http::auth::Caller;
use crate::http::error::ApiError;

#[derive(Template)]
#[template(path = "mailbag.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<ThreadSummary>,
}

#[derive(Deserialize)]
struct CursorQuery {
    cursor: Option<String>,
}

#[get("/mailbag")]
async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CursorQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = state.mailbag.threads(query.cursor.as_deref(), THREADS_PER_PAGE).await?;
    render(&caller, StatusCode::OK, &ListPage { chrome: Chrome::of(&caller), page })
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

    fn state(&self, problem: impl Into<Problem>) -> FormState {
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
            render(&caller, StatusCode::OK, &page(form.state(FieldErrors::default()), Some(similar), shown, false))
        };
        return reply(&caller, outcome, done, again).await;
    }
    let outcome = async {
        caller.check_form_token(&form.csrf_token)?;
        let channel = Channel::Form { time_token: &form.time_token, bound_to: caller.form_token() };
        Ok(state.mailbag.ask(form.input(), &caller.client_ip, channel).await?)
    }
    .await;
    let done = |sent| match sent {
        Sent::Accepted => message(
            &caller,
            StatusCode::OK,
            "Thank you for your question",
            "Our experts read every question. If yours is answered and published, we will email you the link.",
            Some(("/mailbag", "Back to the mailbag")),
        ),
        Sent::TooQuick => {
            let fresh = fresh_token(&state, &caller);
            render(&caller, StatusCode::OK, &page(form.state(FieldErrors::default()), None, fresh, true))
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
    sent: bool,
    /// The follow-up was sent sooner than the time trap allows: say so beside its send button.
    too_quick: bool,
}

#[derive(Deserialize)]
struct SentQuery {
    sent: Option<String>,
}

#[get("/mailbag/{slug}")]
async fn thread(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    query: web::Query<SentQuery>,
) -> Result<HttpResponse, ApiError> {
    let t = state.mailbag.thread(&slug).await?;
    let page = ThreadPage {
        chrome: Chrome::of(&caller),
        t,
        form: FormState::default(),
        time_token: state.mailbag.time_token(crate::storage::now(), caller.form_token()),
        sent: query.sent.is_some(),
        too_quick: false,
    };
    render(&caller, StatusCode::OK, &page)
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
        sent: false,
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
        None => Ok(redirect(&format!("/mailbag/{slug}?sent=1#followup-heading"))),
        Some(t) => {
            let fresh = fresh_token(&state, &caller);
            render(&caller, StatusCode::OK, &page(t, form.state(FieldErrors::default()), fresh, true))
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
    /// What the button just pressed did.
    done: Option<&'static str>,
}

/// The sentence the inbox shows after a decision button, from the `done` its redirect carries
/// (never the raw query text).
fn decision_notice(done: &str) -> Option<&'static str> {
    Some(match done {
        "followup-approve" => {
            "The follow-up is approved and shown under its question; it waits for an expert's answer."
        }
        "followup-reject" => "The follow-up is rejected; it will not be shown.",
        "answer-approve" => "The answer is approved and shown with its question.",
        "answer-reject" => "The answer is rejected; it will not be shown.",
        "cosignature-confirm" => "Your signature is confirmed; your name is shown with the answer.",
        "cosignature-decline" => "You declined; your name will not be shown with the answer.",
        _ => return None,
    })
}

#[derive(Deserialize)]
struct InboxQuery {
    status: Option<String>,
    topic: Option<String>,
    cursor: Option<String>,
    done: Option<String>,
}

#[get("/mailbag/inbox")]
async fn inbox(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<InboxQuery>,
) -> Result<HttpResponse, ApiError> {
    let InboxQuery { status, topic, cursor, done } = query.into_inner();
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
        chrome: Chrome::of(&caller),
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
        done: done.as_deref().and_then(decision_notice),
    };
    render(&caller, StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "mailbag_question.html")]
struct QuestionPage {
    chrome: Chrome,
    q: InboxQuestion,
    experts: Vec<(i64, String)>,
}

#[get("/mailbag/inbox/{id}")]
async fn question(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let q = state.mailbag.inbox_question(caller.actor(), *id).await?;
    let me = caller.actor().map(|a| a.user_id);
    let experts = state.mailbag.experts(caller.actor()).await?.into_iter().filter(|(id, _)| Some(*id) != me).collect();
    render(&caller, StatusCode::OK, &QuestionPage { chrome: Chrome::of(&caller), q, experts })
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
    match action.as_str() {
        "answer" => {
            let cosigners = form
                .rest
                .keys()
                .filter_map(|key| key.strip_prefix("cosigner_"))
                .filter_map(|id| id.parse().ok())
                .collect();
            let followup = match form.followup_id.trim() {
                "" => None,
                text => Some(text.parse().map_err(|_| DomainError::invalid("followup_id", "is not a follow-up"))?),
            };
            state.mailbag.answer(actor, id, &form.body, cosigners, followup).await?
        }
        "publish" => state.mailbag.publish(actor, id, &form.headline).await?,
        "reject" => state.mailbag.dismiss(actor, id, false, &form.reason).await?,
        "spam" => state.mailbag.dismiss(actor, id, true, "").await?,
        _ => return Err(ApiError::not_found()),
    };
    Ok(redirect(&format!("/mailbag/inbox/{id}")))
}

/// A decision from a button of the inbox: the form's token is checked before the decision runs
/// (a future does nothing until awaited), then the editor or expert is back at the inbox, which
/// says what was done.
async fn decided<T>(
    caller: &Caller,
    form: &CsrfOnly,
    (kind, decision): (&str, &str),
    outcome: impl std::future::Future<Output = Result<T, crate::domain::DomainError>>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    outcome.await?;
    let done = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("done", &format!("{kind}-{decision}"))
        .finish();
    Ok(redirect(&format!("/mailbag/inbox?{done}")))
}

#[post("/mailbag/followups/{id}/{decision}")]
async fn moderate_followup(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, ApiError> {
    let (id, decision) = path.into_inner();
    decided(&caller, &form, ("followup", &decision), state.mailbag.moderate_followup(caller.actor(), id, &decision))
        .await
}

#[post("/mailbag/answers/{id}/{decision}")]
async fn moderate_answer(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, ApiError> {
    let (id, decision) = path.into_inner();
    decided(&caller, &form, ("answer", &decision), state.mailbag.moderate_answer(caller.actor(), id, &decision)).await
}

#[post("/mailbag/cosignatures/{id}/{decision}")]
async fn decide_cosignature(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, ApiError> {
    let (id, decision) = path.into_inner();
    decided(&caller, &form, ("cosignature", &decision), state.mailbag.decide_cosignature(caller.actor(), id, &decision))
        .await
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
