//! `/admin/conventions`: admins create and change conventions, add disclaimer versions (each in a
//! language), and give the convention's and its topics' texts in the discussion's other languages.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, FormState, Posted, Problem, render, see_other};
use crate::domain::DomainError;
use crate::domain::convention::{
    ConventionInput, ConventionTranslationInput, ConventionView, DisclaimerView, TopicInput, TopicTranslationInput,
    TopicView,
};
use crate::domain::discussion::LanguageChoice;
use crate::domain::policy::{Action, authorize};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::notice::Notice;
use crate::i18n::Message;

#[derive(Template)]
#[template(path = "conventions_admin.html")]
struct ConventionsPage {
    chrome: Chrome,
    /// "Conventions", or "Convention" when one is being changed.
    heading: String,
    conventions: Vec<ConventionView>,
    editing: bool,
    action: String,
    form: FormState,
    /// The topic or disclaimer form, or a conflict on the convention form, shown again.
    posted: Posted,
    disclaimers: Vec<DisclaimerView>,
    /// The discussion's languages, the default first: what a disclaimer may be written in.
    languages: Vec<LanguageChoice>,
    /// The convention's texts in each of the discussion's other languages.
    translations: Vec<TranslationForm>,
    /// Each topic, with its texts in each of the discussion's other languages.
    topics: Vec<(TopicView, Vec<TranslationForm>)>,
    /// Where the editors' canned reasons of the convention being changed are kept.
    reasons_link: String,
}

impl ConventionsPage {
    /// What a translation form shows: as posted and refused, or else the texts given so far.
    fn form_of<'a>(&'a self, form: &'a TranslationForm) -> &'a FormState {
        if self.posted.form() == form.name { self.posted.of(&form.name) } else { &form.filled }
    }
}

/// A form giving texts in another of the discussion's languages: the convention's (title and
/// homepage text) or a topic's (title and framing).
struct TranslationForm {
    /// Its name on the page (`translation-es`, `topic-dues-es`), which its fields' ids start with.
    name: String,
    action: String,
    language: LanguageChoice,
    /// The texts given so far in that language.
    filled: FormState,
}

impl TranslationForm {
    fn convention(slug: &str, c: &ConventionView, language: &LanguageChoice) -> TranslationForm {
        let given = c.translations.iter().find(|t| t.language == language.code);
        let title = given.and_then(|t| t.title.as_deref()).unwrap_or_default();
        let text = given.and_then(|t| t.homepage_text.as_deref()).unwrap_or_default();
        TranslationForm {
            name: format!("translation-{}", language.code),
            action: format!("/admin/conventions/{slug}/translations/{}", language.code),
            language: language.clone(),
            filled: FormState::with(&[("title", title), ("homepage_text", text)], Problem::none()),
        }
    }

    fn topic(slug: &str, topic: &TopicView, language: &LanguageChoice) -> TranslationForm {
        let given = topic.translations.iter().find(|t| t.language == language.code);
        let title = given.and_then(|t| t.title.as_deref()).unwrap_or_default();
        let framing = given.and_then(|t| t.framing.as_deref()).unwrap_or_default();
        TranslationForm {
            name: topic_form_name(&topic.slug, &language.code),
            action: format!("/admin/conventions/{slug}/topics/{}/translations/{}", topic.slug, language.code),
            language: language.clone(),
            filled: FormState::with(&[("title", title), ("framing", framing)], Problem::none()),
        }
    }
}

fn topic_form_name(topic: &str, language: &str) -> String {
    format!("topic-{topic}-{language}")
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ConventionFields {
    csrf_token: String,
    slug: String,
    number: String,
    title: String,
    location: String,
    starts_on: String,
    ends_on: String,
    discussion_opens_at: String,
    discussion_closes_at: String,
    submission_deadline_at: String,
    word_limit: String,
    homepage_text: String,
}

impl ConventionFields {
    fn of(c: &ConventionView) -> ConventionFields {
        ConventionFields {
            slug: c.slug.clone(),
            number: c.number.map(|n| n.to_string()).unwrap_or_default(),
            title: c.title.clone(),
            location: c.location.clone(),
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
            discussion_opens_at: c.discussion_opens_at.format("%Y-%m-%dT%H:%M").to_string(),
            discussion_closes_at: c.discussion_closes_at.format("%Y-%m-%dT%H:%M").to_string(),
            submission_deadline_at: c.submission_deadline_at.format("%Y-%m-%dT%H:%M").to_string(),
            word_limit: c.word_limit.to_string(),
            homepage_text: c.homepage_text.clone().unwrap_or_default(),
            csrf_token: String::new(),
        }
    }

    fn input(&self) -> ConventionInput {
        ConventionInput {
            slug: Some(self.slug.clone()),
            number: Some(self.number.clone()),
            title: Some(self.title.clone()),
            location: Some(self.location.clone()),
            starts_on: Some(self.starts_on.clone()),
            ends_on: Some(self.ends_on.clone()),
            discussion_opens_at: Some(self.discussion_opens_at.clone()),
            discussion_closes_at: Some(self.discussion_closes_at.clone()),
            submission_deadline_at: Some(self.submission_deadline_at.clone()),
            word_limit: Some(self.word_limit.clone()),
            homepage_text: Some(self.homepage_text.clone()),
        }
    }

    fn state(&self, errors: Problem) -> FormState {
        FormState::with(
            &[
                ("slug", &self.slug),
                ("number", &self.number),
                ("title", &self.title),
                ("location", &self.location),
                ("starts_on", &self.starts_on),
                ("ends_on", &self.ends_on),
                ("discussion_opens_at", &self.discussion_opens_at),
                ("discussion_closes_at", &self.discussion_closes_at),
                ("submission_deadline_at", &self.submission_deadline_at),
                ("word_limit", &self.word_limit),
                ("homepage_text", &self.homepage_text),
            ],
            errors,
        )
    }
}

async fn page(
    state: &AppState,
    caller: &Caller,
    editing: Option<&str>,
    (form, posted): (FormState, Posted),
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let languages = LanguageChoice::all(&state.settings.discussion.languages);
    // Texts can be given in each language but the default, which the convention's own are in.
    let others: Vec<&LanguageChoice> = languages.iter().skip(1).collect();
    let (heading, action, disclaimers, translations, topics) = match editing {
        Some(slug) => {
            let c = state.conventions.get(slug).await?;
            let translations = others.iter().map(|l| TranslationForm::convention(slug, &c, l)).collect();
            let topics = c
                .topics
                .into_iter()
                .map(|t| {
                    let forms = others.iter().map(|l| TranslationForm::topic(slug, &t, l)).collect();
                    (t, forms)
                })
                .collect();
            (
                caller.lang.t("admin-convention"),
                format!("/admin/conventions/{slug}"),
                state.conventions.disclaimers(slug).await?,
                translations,
                topics,
            )
        }
        None => {
            (caller.lang.t("admin-conventions"), "/admin/conventions".to_string(), Vec::new(), Vec::new(), Vec::new())
        }
    };
    let page = ConventionsPage {
        chrome: Chrome::of(caller),
        heading,
        conventions: if editing.is_none() { state.conventions.list().await? } else { Vec::new() },
        editing: editing.is_some(),
        action,
        form,
        posted,
        disclaimers,
        languages,
        translations,
        topics,
        reasons_link: editing.map(|slug| format!("/conventions/{slug}/reasons")).unwrap_or_default(),
    };
    render(caller, status, &page)
}

#[get("/admin/conventions")]
async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    authorize(caller.actor(), Action::ManageConventions)?;
    let blank = ConventionFields { word_limit: "1500".into(), ..ConventionFields::default() };
    page(&state, &caller, None, (blank.state(Problem::none()), Posted::default()), StatusCode::OK).await
}

#[post("/admin/conventions")]
async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<ConventionFields>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    match state.conventions.create(caller.actor(), form.input()).await {
        Ok(c) => Ok(see_other(&caller, &format!("/admin/conventions/{}", c.slug), Notice::ConventionSaved)),
        Err(error) => convention_refused(&state, &caller, None, &form, error).await,
    }
}

#[get("/admin/conventions/{slug}")]
async fn edit_form(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    authorize(caller.actor(), Action::ManageConventions)?;
    let c = state.conventions.get(&slug).await?;
    let form = ConventionFields::of(&c).state(Problem::none());
    page(&state, &caller, Some(&c.slug), (form, Posted::default()), StatusCode::OK).await
}

#[post("/admin/conventions/{slug}")]
async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    form: web::Form<ConventionFields>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    match state.conventions.update(caller.actor(), &slug, form.input()).await {
        Ok(c) => Ok(see_other(&caller, &format!("/admin/conventions/{}", c.slug), Notice::ConventionSaved)),
        Err(error) => convention_refused(&state, &caller, Some(&slug), &form, error).await,
    }
}

/// The convention form again, as typed: field errors beside the fields (422), a conflict at the
/// top of the form (409).
async fn convention_refused(
    state: &AppState,
    caller: &Caller,
    editing: Option<&str>,
    form: &ConventionFields,
    error: DomainError,
) -> Result<HttpResponse, ApiError> {
    let (status, form, posted) = match error {
        DomainError::Invalid(errors) => {
            (StatusCode::UNPROCESSABLE_ENTITY, form.state(Problem::fields(&errors, caller.lang)), Posted::default())
        }
        other => {
            let (status, posted) = Posted::refused(caller.lang, "convention", &[], other)?;
            (status, form.state(Problem::none()), posted)
        }
    };
    page(state, caller, editing, (form, posted), status).await
}

/// The convention's own form as it is stored, and `form` of the page as posted and refused.
async fn refused_on_edit_page(
    state: &AppState,
    caller: &Caller,
    slug: &str,
    (form, values): (&str, &[(&'static str, &str)]),
    error: DomainError,
) -> Result<HttpResponse, ApiError> {
    let (status, posted) = Posted::refused(caller.lang, form, values, error)?;
    let c = state.conventions.get(slug).await?;
    page(state, caller, Some(slug), (ConventionFields::of(&c).state(Problem::none()), posted), status).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DisclaimerFields {
    csrf_token: String,
    body: String,
    language: String,
}

#[post("/admin/conventions/{slug}/disclaimers")]
async fn add_disclaimer(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    form: web::Form<DisclaimerFields>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    match state.conventions.add_disclaimer(caller.actor(), &slug, &form.body, Some(&form.language)).await {
        Ok(_) => {
            Ok(see_other(&caller, &format!("/admin/conventions/{slug}#disclaimer-heading"), Notice::DisclaimerAdded))
        }
        Err(error) => {
            let values = [("body", form.body.as_str()), ("language", &form.language)];
            refused_on_edit_page(&state, &caller, &slug, ("disclaimer", &values), error).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ConventionTranslationFields {
    csrf_token: String,
    title: String,
    homepage_text: String,
}

#[post("/admin/conventions/{slug}/translations/{language}")]
async fn save_translation(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    form: web::Form<ConventionTranslationFields>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let (slug, language) = path.into_inner();
    let input =
        ConventionTranslationInput { title: Some(form.title.clone()), homepage_text: Some(form.homepage_text.clone()) };
    match state.conventions.save_translation(caller.actor(), &slug, &language, input).await {
        Ok(_) => {
            Ok(see_other(&caller, &format!("/admin/conventions/{slug}#translations-heading"), Notice::ConventionSaved))
        }
        Err(error) => {
            let values = [("title", form.title.as_str()), ("homepage_text", &form.homepage_text)];
            let name = format!("translation-{language}");
            refused_on_edit_page(&state, &caller, &slug, (&name, &values), error).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TopicTranslationFields {
    csrf_token: String,
    title: String,
    framing: String,
}

#[post("/admin/conventions/{slug}/topics/{topic}/translations/{language}")]
async fn save_topic_translation(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String, String)>,
    form: web::Form<TopicTranslationFields>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let (slug, topic, language) = path.into_inner();
    let input = TopicTranslationInput { title: Some(form.title.clone()), framing: Some(form.framing.clone()) };
    match state.conventions.save_topic_translation(caller.actor(), (&slug, &topic), &language, input).await {
        Ok(_) => Ok(see_other(&caller, &format!("/admin/conventions/{slug}#topics-heading"), Notice::TopicSaved)),
        Err(error) => {
            let values = [("title", form.title.as_str()), ("framing", &form.framing)];
            refused_on_edit_page(&state, &caller, &slug, (&topic_form_name(&topic, &language), &values), error).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TopicFields {
    csrf_token: String,
    slug: String,
    title: String,
    framing: String,
    position: String,
}

#[post("/admin/conventions/{slug}/topics")]
async fn save_topic(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    form: web::Form<TopicFields>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let values = [
        ("slug", form.slug.as_str()),
        ("title", &form.title),
        ("framing", &form.framing),
        ("position", &form.position),
    ];
    let position = match form.position.trim() {
        "" => None,
        text => match text.parse() {
            Ok(position) => Some(position),
            Err(_) => {
                let error = DomainError::invalid("position", Message::of("invalid-must-whole-number"));
                return refused_on_edit_page(&state, &caller, &slug, ("topic", &values), error).await;
            }
        },
    };
    let input = TopicInput {
        slug: Some(form.slug.clone()),
        title: Some(form.title.clone()),
        framing: Some(form.framing.clone()),
        position,
    };
    match state.conventions.save_topic(caller.actor(), &slug, input).await {
        Ok(_) => Ok(see_other(&caller, &format!("/admin/conventions/{slug}#topics-heading"), Notice::TopicSaved)),
        Err(error) => refused_on_edit_page(&state, &caller, &slug, ("topic", &values), error).await,
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(edit_form)
        .service(update)
        .service(add_disclaimer)
        .service(save_topic)
        .service(save_translation)
        .service(save_topic_translation);
}
