//! The author's pages: `/submit`, `/me/submissions`, one submission, editing, submitting and
//! withdrawing.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, CsrfOnly, FormState, redirect, render};
use crate::domain::convention::ConventionView;
use crate::domain::lifecycle::Transition;
use crate::domain::submission::{EssayInput, SubmissionSummary, SubmissionView};
use crate::domain::{DomainError, FieldErrors};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;

#[derive(Template)]
#[template(path = "essay_form.html")]
struct EssayForm<'a> {
    chrome: Chrome,
    heading: &'a str,
    action: String,
    conventions: Vec<ConventionView>,
    /// Creating asks for the convention; editing keeps it.
    choose_convention: bool,
    languages: &'a [String],
    /// (slug, "Convention: Topic") of every open convention's topics.
    topics: Vec<(String, String)>,
    form: FormState,
}

impl<'a> EssayForm<'a> {
    fn new(
        caller: &Caller,
        state: &'a AppState,
        heading: &'a str,
        action: String,
        conventions: Vec<ConventionView>,
        form: FormState,
    ) -> EssayForm<'a> {
        let topics = conventions
            .iter()
            .flat_map(|c| c.topics.iter().map(move |t| (t.slug.clone(), format!("{}: {}", c.title, t.title))))
            .collect();
        EssayForm {
            chrome: Chrome::of(caller),
            heading,
            choose_convention: action == "/submit",
            action,
            conventions,
            languages: &state.settings.discussion.languages,
            topics,
            form,
        }
    }
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

    fn state(&self, errors: FieldErrors) -> FormState {
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
    caller.signed_in()?;
    let conventions = open_conventions(&state).await?;
    let form_key = crate::domain::accounts::new_secret().0;
    let form = FormState::with(&[("form_key", &form_key)], FieldErrors::default());
    let page = EssayForm::new(&caller, &state, "Submit an essay", "/submit".into(), conventions, form);
    render(&caller, StatusCode::OK, &page)
}

#[post("/submit")]
async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<EssayFields>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    match state.submissions.create(caller.actor(), form.input(), Some(&form.form_key)).await {
        Ok(created) => Ok(redirect(&format!("/submissions/{}", created.id))),
        Err(DomainError::Invalid(errors)) => {
            let conventions = open_conventions(&state).await?;
            let page =
                EssayForm::new(&caller, &state, "Submit an essay", "/submit".into(), conventions, form.state(errors));
            render(&caller, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "mine.html")]
struct MinePage {
    chrome: Chrome,
    items: Vec<SubmissionSummary>,
}

#[get("/me/submissions")]
async fn mine(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let items = state.submissions.mine(caller.actor()).await?;
    render(&caller, StatusCode::OK, &MinePage { chrome: Chrome::of(&caller), items })
}

#[derive(Template)]
#[template(path = "submission.html")]
struct SubmissionPage {
    chrome: Chrome,
    s: SubmissionView,
    body_html: String,
    can_withdraw: bool,
}

#[get("/submissions/{id}")]
async fn submission(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let s = state.submissions.get(caller.actor(), *id).await?;
    let page = SubmissionPage {
        chrome: Chrome::of(&caller),
        body_html: s.body_html.clone(),
        can_withdraw: s.status.after(Transition::Withdraw).is_ok()
            && caller.actor().is_some_and(|a| a.user_id == s.author_id),
        s,
    };
    render(&caller, StatusCode::OK, &page)
}

#[get("/submissions/{id}/edit")]
async fn edit_form(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let s = state.submissions.get(caller.actor(), *id).await?;
    if !s.status.is_editable() || caller.actor().is_none_or(|a| a.user_id != s.author_id) {
        return Err(DomainError::conflict(
            "invalid_transition",
            format!("A submission that is {} cannot be edited.", s.status),
        )
        .into());
    }
    let fields = EssayFields {
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
    };
    let own = vec![state.conventions.get(&s.convention).await?];
    let action = format!("/submissions/{}/edit", s.id);
    let page = EssayForm::new(&caller, &state, "Edit your essay", action, own, fields.state(FieldErrors::default()));
    render(&caller, StatusCode::OK, &page)
}

#[post("/submissions/{id}/edit")]
async fn edit(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    form: web::Form<EssayFields>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let input = EssayInput { convention: None, ..form.input() };
    match state.submissions.revise(caller.actor(), *id, input).await {
        Ok(saved) => Ok(redirect(&format!("/submissions/{}", saved.id))),
        Err(DomainError::Invalid(errors)) => {
            let own = vec![state.conventions.get(&form.convention).await?];
            let page = EssayForm::new(
                &caller,
                &state,
                "Edit your essay",
                format!("/submissions/{id}/edit"),
                own,
                form.state(errors),
            );
            render(&caller, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other.into()),
    }
}

/// The author's transitions from the submission page: `submit` and `withdraw`.
#[post("/submissions/{id}/{action}")]
async fn act(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, String)>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let (id, action) = path.into_inner();
    match action.as_str() {
        "submit" => state.submissions.submit(caller.actor(), id).await?,
        "withdraw" => state.submissions.withdraw(caller.actor(), id).await?,
        _ => return Err(ApiError::not_found()),
    };
    Ok(redirect(&format!("/submissions/{id}")))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(submit_form)
        .service(create)
        .service(mine)
        .service(submission)
        .service(edit_form)
        .service(edit)
        .service(act);
}
