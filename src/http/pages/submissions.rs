//! The author's pages: `/submit`, `/me/submissions`, one submission, editing, submitting and
//! withdrawing.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{
    Chrome, ConfirmPage, CsrfOnly, CursorQuery, FormState, Problem, Step, explainable, redirect, render, reply,
    see_other,
};
use crate::domain::accounts::UserView;
use crate::domain::convention::ConventionView;
use crate::domain::discussion::LanguageChoice;
use crate::domain::lifecycle::{Status, Transition};
use crate::domain::policy::{Action, authorize};
use crate::domain::submission::{EssayInput, EventView, SubmissionSummary, SubmissionView};
use crate::domain::{DomainError, Page};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::notice::Notice;
use crate::http::upload::{self, DocumentNote, Upload};
use crate::i18n::Lang;
use crate::i18n::Message;

#[derive(Template)]
#[template(path = "essay_form.html")]
struct EssayForm {
    chrome: Chrome,
    /// "Submit an essay", or "Edit your essay".
    heading: String,
    action: String,
    conventions: Vec<ConventionView>,
    /// Creating asks for the convention; editing keeps it.
    choose_convention: bool,
    languages: Vec<LanguageChoice>,
    /// (slug, "Convention: Topic") of every open convention's topics.
    topics: Vec<(String, String)>,
    form: FormState,
    /// What the button does: "Save the draft", or "Save the revision" for a piece the editors
    /// sent back.
    save_label: String,
    /// The editors' request for changes, shown above the form while the author works on it.
    request: Option<EventView>,
    unconfirmed: Option<Unconfirmed>,
    /// A document whose text was just put into the form, not saved yet.
    converted: Option<DocumentNote>,
}

impl EssayForm {
    fn new(
        caller: &Caller,
        state: &AppState,
        action: String,
        conventions: Vec<ConventionView>,
        form: FormState,
    ) -> EssayForm {
        let topics = conventions
            .iter()
            .flat_map(|c| c.topics.iter().map(move |t| (t.slug.clone(), format!("{}: {}", c.title, t.title))))
            .collect();
        let creating = action == "/submit";
        let heading = if creating { caller.lang.t("nav-submit") } else { caller.lang.t("essay-form-edit-heading") };
        EssayForm {
            chrome: Chrome::of(caller),
            heading,
            choose_convention: creating,
            action,
            conventions,
            languages: LanguageChoice::all(&state.settings.discussion.languages),
            topics,
            form,
            save_label: caller.lang.t("essay-form-save-draft"),
            request: None,
            unconfirmed: None,
            converted: None,
        }
    }

    /// The edit page of `s`: its button, and the editors' request when they asked for changes.
    fn editing(mut self, s: &SubmissionView) -> EssayForm {
        self.request = changes_request(s).cloned();
        if s.status == Status::ChangesRequested {
            self.save_label = self.chrome.lang.t("essay-form-save-revision");
        }
        self
    }
}

/// The notice for a member whose address is not confirmed yet, wherever sending to the editors
/// waits on it: what to do, and "Send the link again".
struct Unconfirmed {
    heading: String,
    email: String,
    /// Where the answer to "Send the link again" leads back to.
    next: String,
    /// On a form the answer opens in a new tab, so that what was typed stays where it is.
    new_tab: bool,
}

impl Unconfirmed {
    fn of(lang: Lang, user: &UserView, next: String, new_tab: bool) -> Option<Unconfirmed> {
        (!user.email_verified).then(|| Unconfirmed {
            heading: lang.t("unconfirmed-heading-this"),
            email: user.email.clone(),
            next,
            new_tab,
        })
    }

    async fn for_caller(
        state: &AppState,
        caller: &Caller,
        next: String,
        new_tab: bool,
    ) -> Result<Option<Unconfirmed>, ApiError> {
        match caller.actor() {
            Some(actor) if !actor.email_verified => {
                Ok(Unconfirmed::of(caller.lang, &state.accounts.me(actor).await?, next, new_tab))
            }
            _ => Ok(None),
        }
    }
}

/// The editors' latest request for changes, while the piece waits on the author for them.
fn changes_request(s: &SubmissionView) -> Option<&EventView> {
    if s.status != Status::ChangesRequested {
        return None;
    }
    s.comments.iter().rev().find(|c| c.action == Transition::RequestChanges.as_str())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EssayFields {
    csrf_token: String,
    convention: String,
    title: String,
    body: String,
    byline_name: String,
    byline_location: String,
    byline_state: String,
    byline_club: String,
    byline_district: String,
    author_kind: String,
    language: String,
    topic: String,
    reply_to: String,
    video_url: String,
    tags: String,
    /// The key the submit form was rendered with: posting it twice makes one draft.
    form_key: String,
    /// "Put its text in the form" was pressed.
    convert: String,
}

/// The essay form as posted: urlencoded, or multipart when it carries a document.
struct EssayPost {
    fields: EssayFields,
    document: Option<Upload>,
}

impl actix_web::FromRequest for EssayPost {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &actix_web::HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            if !upload::is_multipart(&req) {
                let form = web::Form::<EssayFields>::from_request(&req, &mut payload).await?;
                return Ok(EssayPost { fields: form.into_inner(), document: None });
            }
            let limit = req.app_data::<web::Data<AppState>>().map_or(0, |s| s.settings.server.max_body_bytes);
            let body = upload::read(&req, payload, limit).await?;
            let pairs = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(body.fields.into_iter());
            let fields = EssayFields::deserialize(pairs)
                .map_err(|e| ApiError::bad_request("unreadable_body", format!("The form could not be read: {e}")))?;
            Ok(EssayPost { fields, document: body.document })
        })
    }
}

impl EssayPost {
    /// Whether a document came with the post (or "Put its text in the form" was pressed).
    fn carries_document(&self) -> bool {
        self.document.is_some() || !self.fields.convert.is_empty()
    }

    /// The document's text put into the form, which is shown again to look over, with nothing
    /// saved (the author saves when it reads right); or why it could not be read, beside the file
    /// field, with everything typed kept.
    async fn document_into_form(
        mut self,
        caller: &Caller,
        page: impl FnOnce(FormState) -> EssayForm,
    ) -> Result<HttpResponse, ApiError> {
        let fields = &mut self.fields;
        let document = self.document.take();
        let outcome = async {
            // Only a member writing an essay may make the server convert a document.
            caller.signed_in()?;
            caller.check_form_token(&fields.csrf_token)?;
            let document = document.ok_or_else(|| {
                DomainError::invalid(upload::DOCUMENT_FIELD, Message::of("invalid-choose-document-docx-odt-md-or"))
            })?;
            // Saving with a file chosen and an essay typed: which one is meant is the author's to
            // say, not ours to guess (the document's text would replace what was typed).
            if fields.convert.is_empty() && !fields.body.trim().is_empty() {
                return Err(DomainError::invalid(
                    upload::DOCUMENT_FIELD,
                    crate::i18n::Message::of("invalid-document-and-essay"),
                )
                .into());
            }
            let (converted, note) = upload::convert(document).await?;
            let mut input = EssayInput { title: Some(fields.title.clone()), ..EssayInput::default() };
            input.take_document(converted);
            fields.title = input.title.unwrap_or_default();
            fields.body = input.body.unwrap_or_default();
            Ok::<_, ApiError>(note)
        }
        .await;
        match outcome {
            Ok(note) => {
                let mut form = page(fields.state(Problem::none()));
                form.converted = Some(note);
                render(caller, StatusCode::OK, &form)
            }
            Err(error) if explainable(&error) => {
                render(caller, error.status(), &page(fields.state(Problem::new(&error, caller.lang))))
            }
            Err(error) => Err(error),
        }
    }
}

impl EssayFields {
    fn input(&self) -> EssayInput {
        EssayInput {
            convention: Some(self.convention.clone()),
            title: Some(self.title.clone()),
            body: Some(self.body.clone()),
            byline_name: Some(self.byline_name.clone()),
            byline_location: Some(self.byline_location.clone()),
            byline_state: Some(self.byline_state.clone()),
            byline_club: Some(self.byline_club.clone()),
            byline_district: Some(self.byline_district.clone()),
            author_kind: Some(self.author_kind.clone()),
            language: Some(self.language.clone()),
            topic: Some(self.topic.clone()),
            reply_to: Some(self.reply_to.clone()),
            video_url: Some(self.video_url.clone()),
            tags: Some(self.tags.split(',').map(str::to_string).collect()),
        }
    }

    fn state(&self, errors: Problem) -> FormState {
        FormState::with(
            &[
                ("convention", &self.convention),
                ("title", &self.title),
                ("body", &self.body),
                ("byline_name", &self.byline_name),
                ("byline_location", &self.byline_location),
                ("byline_state", &self.byline_state),
                ("byline_club", &self.byline_club),
                ("byline_district", &self.byline_district),
                ("author_kind", &self.author_kind),
                ("language", &self.language),
                ("topic", &self.topic),
                ("reply_to", &self.reply_to),
                ("video_url", &self.video_url),
                ("tags", &self.tags),
                ("form_key", &self.form_key),
            ],
            errors,
        )
    }
}

/// Conventions whose discussion has not closed, for the form's choice.
async fn open_conventions(state: &AppState) -> Result<Vec<ConventionView>, ApiError> {
    let now = crate::storage::now();
    Ok(state.conventions.list().await?.into_iter().filter(|c| c.discussion_closes_at > now).collect())
}

#[get("/submit")]
async fn submit_form(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let session = caller.signed_in()?;
    let me = state.accounts.me(&session.actor).await?;
    let conventions = open_conventions(&state).await?;
    let form_key = crate::domain::accounts::new_secret().0;
    // The byline starts as the account's name and place; the author changes it for a body or a
    // pen name.
    let values =
        [("form_key", form_key.as_str()), ("byline_name", &me.display_name), ("byline_location", &me.location)];
    let form = FormState::with(&values, Problem::none());
    let mut page = EssayForm::new(&caller, &state, "/submit".into(), conventions, form);
    page.unconfirmed = Unconfirmed::of(caller.lang, &me, "/submit".into(), true);
    render(&caller, StatusCode::OK, &page)
}

#[post("/submit")]
async fn create(state: web::Data<AppState>, caller: Caller, post: EssayPost) -> Result<HttpResponse, ApiError> {
    if post.carries_document() {
        let conventions = open_conventions(&state).await?;
        let unconfirmed = Unconfirmed::for_caller(&state, &caller, "/submit".into(), true).await?;
        return post
            .document_into_form(&caller, |form| {
                let mut page = EssayForm::new(&caller, &state, "/submit".into(), conventions, form);
                page.unconfirmed = unconfirmed;
                page
            })
            .await;
    }
    let form = post.fields;
    let outcome = async {
        caller.check_form_token(&form.csrf_token)?;
        Ok(state.submissions.create(caller.actor(), form.input(), Some(&form.form_key)).await?)
    }
    .await;
    let done =
        |created: SubmissionView| Ok(see_other(&caller, &format!("/submissions/{}", created.id), Notice::DraftSaved));
    reply(&caller, outcome, done, async |problem| {
        let conventions = open_conventions(&state).await?;
        let mut page = EssayForm::new(&caller, &state, "/submit".into(), conventions, form.state(problem));
        page.unconfirmed = Unconfirmed::for_caller(&state, &caller, "/submit".into(), true).await?;
        Ok(page)
    })
    .await
}

#[derive(Template)]
#[template(path = "mine.html")]
struct MinePage {
    chrome: Chrome,
    items: Page<SubmissionSummary>,
    unconfirmed: Option<Unconfirmed>,
}

impl MinePage {
    /// A piece's status, as its author reads it.
    fn status(&self, status: &Status) -> String {
        status.name_in(self.chrome.lang)
    }
}

#[get("/me/submissions")]
async fn mine(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CursorQuery>,
) -> Result<HttpResponse, ApiError> {
    let items = state.submissions.mine(caller.actor(), query.cursor.as_deref()).await?;
    let unconfirmed = Unconfirmed::for_caller(&state, &caller, "/me/submissions".into(), false)
        .await?
        .map(|u| Unconfirmed { heading: caller.lang.t("unconfirmed-heading-essays"), ..u });
    render(&caller, StatusCode::OK, &MinePage { chrome: Chrome::of(&caller), items, unconfirmed })
}

#[derive(Template)]
#[template(path = "submission.html")]
struct SubmissionPage {
    chrome: Chrome,
    s: SubmissionView,
    /// The author may change it and send it to the editors.
    can_send: bool,
    can_withdraw: bool,
    /// The editors' request for changes, at the top while it waits on the author.
    request: Option<EventView>,
    /// Every other note from the editors, oldest first.
    notes: Vec<EventView>,
    unconfirmed: Option<Unconfirmed>,
    /// Why the last button pressed did nothing, shown beside it.
    problem: Option<String>,
}

impl SubmissionPage {
    async fn load(state: &AppState, caller: &Caller, id: i64) -> Result<SubmissionPage, ApiError> {
        let s = state.submissions.get(caller.actor(), id).await?;
        let own = caller.actor().is_some_and(|a| a.user_id == s.author_id);
        let request = changes_request(&s).cloned();
        let notes = s.comments.iter().filter(|c| request.as_ref().is_none_or(|r| r.id != c.id)).cloned().collect();
        let unconfirmed = if own && s.status.is_editable() {
            Unconfirmed::for_caller(state, caller, format!("/submissions/{id}"), false).await?
        } else {
            None
        };
        Ok(SubmissionPage {
            chrome: Chrome::of(caller),
            can_send: own && s.status.is_editable(),
            can_withdraw: own && s.status.after(Transition::Withdraw).is_ok(),
            request,
            notes,
            unconfirmed,
            problem: None,
            s,
        })
    }

    /// Where the piece stands, in the author's words.
    fn standing(&self) -> String {
        let lang = self.chrome.lang;
        let at = |t: Option<chrono::NaiveDateTime>| t.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string());
        match self.s.status {
            Status::Draft => lang.t("submission-standing-draft"),
            Status::ChangesRequested => lang.t("submission-standing-changes-requested"),
            Status::Submitted => match at(self.s.submitted_at) {
                Some(at) => lang.t1("submission-standing-submitted-on", "when", at),
                None => lang.t("submission-standing-submitted"),
            },
            Status::InReview => lang.t("submission-standing-in-review"),
            Status::Approved => match at(self.s.publish_at) {
                Some(at) => lang.t1("submission-standing-approved-on", "when", at),
                None => lang.t("submission-standing-approved-digest"),
            },
            Status::Published => lang.t("submission-standing-published"),
            Status::Rejected => lang.t("submission-standing-rejected"),
            Status::Withdrawn => lang.t("submission-standing-withdrawn"),
            Status::Unpublished => lang.t("submission-standing-unpublished"),
        }
    }

    /// Its status, as the author reads it.
    fn status(&self, status: &Status) -> String {
        status.name_in(self.chrome.lang)
    }

    /// The page again with why the button pressed did nothing: for what the author can act on
    /// (a refusal, a workflow conflict, a field problem); anything else is an error page.
    fn explaining(mut self, caller: &Caller, error: DomainError) -> Result<HttpResponse, ApiError> {
        let error = ApiError::from(error);
        if !explainable(&error) {
            return Err(error);
        }
        self.problem = Some(error.message_in(caller.lang));
        render(caller, error.status(), &self)
    }
}

#[get("/submissions/{id}")]
async fn submission(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let page = SubmissionPage::load(&state, &caller, *id).await?;
    render(&caller, StatusCode::OK, &page)
}

/// The essay as stored, in the form's fields.
fn fields_of(s: &SubmissionView) -> EssayFields {
    EssayFields {
        title: s.title.clone(),
        body: s.body.clone(),
        byline_name: s.byline_name.clone(),
        byline_location: s.byline_location.clone(),
        tags: s.tags.join(", "),
        convention: s.convention.clone(),
        byline_state: s.byline_state.clone().unwrap_or_default(),
        byline_club: s.byline_club.clone().unwrap_or_default(),
        byline_district: s.byline_district.clone().unwrap_or_default(),
        author_kind: s.author_kind.as_str().to_string(),
        language: s.language.clone(),
        topic: s.topic.clone().unwrap_or_default(),
        reply_to: s.reply_to.clone().unwrap_or_default(),
        video_url: s.video_url.clone().unwrap_or_default(),
        ..EssayFields::default()
    }
}

/// Only its author edits a piece, and only while it can change.
fn editable(caller: &Caller, s: &SubmissionView) -> Result<(), ApiError> {
    if !s.status.is_editable() || caller.actor().is_none_or(|a| a.user_id != s.author_id) {
        return Err(DomainError::conflict(
            "invalid_transition",
            crate::i18n::Message::of("conflict-cannot-be-edited")
                .arg("status", s.status.label())
                .arg("code", s.status.as_str()),
        )
        .into());
    }
    Ok(())
}

#[get("/submissions/{id}/edit")]
async fn edit_form(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let s = state.submissions.get(caller.actor(), *id).await?;
    editable(&caller, &s)?;
    let own = vec![state.conventions.get(&s.convention).await?];
    let action = format!("/submissions/{}/edit", s.id);
    let form = fields_of(&s).state(Problem::none());
    let mut page = EssayForm::new(&caller, &state, action, own, form).editing(&s);
    page.unconfirmed = Unconfirmed::for_caller(&state, &caller, format!("/submissions/{}", s.id), true).await?;
    render(&caller, StatusCode::OK, &page)
}

#[post("/submissions/{id}/edit")]
async fn edit(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    post: EssayPost,
) -> Result<HttpResponse, ApiError> {
    if post.carries_document() {
        let s = state.submissions.get(caller.actor(), *id).await?;
        editable(&caller, &s)?;
        let own = vec![state.conventions.get(&s.convention).await?];
        let unconfirmed = Unconfirmed::for_caller(&state, &caller, format!("/submissions/{id}"), true).await?;
        let action = format!("/submissions/{id}/edit");
        return post
            .document_into_form(&caller, |form| {
                let mut page = EssayForm::new(&caller, &state, action, own, form).editing(&s);
                page.unconfirmed = unconfirmed;
                page
            })
            .await;
    }
    let form = post.fields;
    let input = EssayInput { convention: None, ..form.input() };
    let outcome = async {
        caller.check_form_token(&form.csrf_token)?;
        Ok(state.submissions.revise(caller.actor(), *id, input).await?)
    }
    .await;
    let done = |saved: SubmissionView| {
        let notice = if saved.status == Status::ChangesRequested { Notice::RevisionSaved } else { Notice::DraftSaved };
        Ok(see_other(&caller, &format!("/submissions/{}", saved.id), notice))
    };
    reply(&caller, outcome, done, async |problem| {
        let s = state.submissions.get(caller.actor(), *id).await?;
        let own = vec![state.conventions.get(&s.convention).await?];
        let action = format!("/submissions/{id}/edit");
        let mut page = EssayForm::new(&caller, &state, action, own, form.state(problem)).editing(&s);
        page.unconfirmed = Unconfirmed::for_caller(&state, &caller, format!("/submissions/{id}"), true).await?;
        Ok(page)
    })
    .await
}

/// "Send to the editors" (or the revision): back to the page, which shows the new status, or
/// says beside the button why it could not be sent.
#[post("/submissions/{id}/submit")]
async fn send(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    match state.submissions.submit(caller.actor(), *id).await {
        Ok(_) => Ok(see_other(&caller, &format!("/submissions/{id}"), Notice::SentToEditors)),
        Err(error) => SubmissionPage::load(&state, &caller, *id).await?.explaining(&caller, error),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WithdrawForm {
    csrf_token: String,
    /// See [`Step`].
    step: String,
}

/// Withdrawing cannot be undone, so the button asks first: its post shows "Withdraw «title»?",
/// on the confirmation page every irreversible decision shares, and only its confirming post
/// (`step=confirm`) withdraws. No script needed.
#[post("/submissions/{id}/withdraw")]
async fn withdraw(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    form: web::Form<WithdrawForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    match Step::of(&form.step) {
        Step::Back => return Ok(redirect(&format!("/submissions/{id}"))),
        Step::Confirm => {
            return match state.submissions.withdraw(caller.actor(), *id).await {
                Ok(_) => Ok(see_other(&caller, &format!("/submissions/{id}"), Notice::Withdrawn)),
                Err(error) => SubmissionPage::load(&state, &caller, *id).await?.explaining(&caller, error),
            };
        }
        Step::Ask => {}
    }
    let page = SubmissionPage::load(&state, &caller, *id).await?;
    authorize(caller.actor(), Action::EditSubmission { author_id: page.s.author_id })?;
    if let Err(error) = page.s.status.after(Transition::Withdraw) {
        return page.explaining(&caller, error);
    }
    let lang = caller.lang;
    let confirm = ConfirmPage {
        chrome: Chrome::of(&caller),
        heading: lang.t1("submission-withdraw-confirm-heading", "title", &page.s.title),
        consequences: vec![lang.t("submission-withdraw-consequence"), lang.t("submission-withdraw-go-back")],
        action: format!("/submissions/{id}/withdraw"),
        hidden: Vec::new(),
        text: None,
        confirm: lang.t("submission-withdraw-confirm"),
    };
    render(&caller, StatusCode::OK, &confirm)
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(submit_form)
        .service(create)
        .service(mine)
        .service(submission)
        .service(edit_form)
        .service(edit)
        .service(send)
        .service(withdraw);
}
