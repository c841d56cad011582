//! The author's pages: `/submit`, `/me/submissions`, one submission, editing, submitting and
//! withdrawing.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, FormState, redirect, render};
use crate::domain::convention::ConventionView;
use crate::domain::lifecycle::Transition;
use crate::domain::submission::{EssayInput, SubmissionSummary, SubmissionView};
use crate::domain::{DomainError, FieldErrors, markdown};
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
    form: FormState,
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
    tags: String,
}

impl EssayFields {
    fn input(&self) -> EssayInput {
        EssayInput {
            convention: Some(self.convention.clone()),
            title: Some(self.title.clone()),
            body: Some(self.body.clone()),
            byline_name: Some(self.byline_name.clone()),
            byline_location: Some(self.byline_location.clone()),
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
                ("tags", &self.tags),
            ],
            errors,
        )
    }
}

/// Conventions whose discussion has not closed, for the form's choice.
async fn open_conventions(state: &AppState) -> Result<Vec<ConventionView>, ApiError> {
    let now = crate::storage::now();
    Ok(state
        .conventions
        .list()
        .await?
        .into_iter()
        .filter(|c| c.discussion_closes_at > now)
        .collect())
}

#[get("/submit")]
async fn submit_form(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.signed_in()?;
    let conventions = open_conventions(&state).await?;
    let form = FormState::with(&[], FieldErrors::default());
    let page = EssayForm {
        chrome: Chrome::of(&caller),
        heading: "Submit an essay",
        action: "/submit".into(),
        conventions,
        form,
    };
    render(&caller, StatusCode::OK, &page)
}

#[post("/submit")]
async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<EssayFields>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    match state.submissions.create(caller.actor(), form.input()).await {
        Ok(created) => Ok(redirect(&format!("/submissions/{}", created.id))),
        Err(DomainError::Invalid(errors)) => {
            let conventions = open_conventions(&state).await?;
            let page = EssayForm {
                chrome: Chrome::of(&caller),
                heading: "Submit an essay",
                action: "/submit".into(),
                conventions,
                form: form.state(errors),
            };
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
    render(
        &caller,
        StatusCode::OK,
        &MinePage {
            chrome: Chrome::of(&caller),
            items,
        },
    )
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
        body_html: markdown::to_html(&s.body),
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
        ..EssayFields::default()
    };
    let page = EssayForm {
        chrome: Chrome::of(&caller),
        heading: "Edit your essay",
        action: format!("/submissions/{}/edit", s.id),
        conventions: Vec::new(),
        form: fields.state(FieldErrors::default()),
    };
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
    let input = EssayInput {
        convention: None,
        ..form.input()
    };
    match state.submissions.revise(caller.actor(), *id, input).await {
        Ok(saved) => Ok(redirect(&format!("/submissions/{}", saved.id))),
        Err(DomainError::Invalid(errors)) => {
            let page = EssayForm {
                chrome: Chrome::of(&caller),
                heading: "Edit your essay",
                action: format!("/submissions/{id}/edit"),
                conventions: Vec::new(),
                form: form.state(errors),
            };
            render(&caller, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfOnly {
    csrf_token: String,
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
