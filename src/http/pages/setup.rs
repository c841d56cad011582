//! `/setup`: the first run's page, opened with the link the server printed at start while the
//! site has no admin (see [`crate::domain::setup`]).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, FormState, Problem, message, render, reply, see_other};
use crate::domain::accounts::RegistrationInput;
use crate::domain::setup::{FirstConvention, SetUp, SetupInput};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::notice::Notice;

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    chrome: Chrome,
    token: String,
    form: FormState,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenQuery {
    token: String,
}

#[get("/setup")]
async fn setup_form(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    if let Err(error) = state.first_run.check(&query.token).await {
        return refused(&caller, error.into());
    }
    // The discussion usually opens the day the site is set up.
    let today = format!("{}T00:00", chrono::Utc::now().format("%Y-%m-%d"));
    let form = FormState::with(&[("discussion_opens_at", &today)], Problem::none());
    let page = SetupPage { chrome: Chrome::of(&caller), token: query.token.clone(), form };
    render(&caller, StatusCode::OK, &page)
}

/// A link that does not open the setup (set up already, or not a link the server printed): a
/// page that says so, never the form again.
fn refused(caller: &Caller, error: ApiError) -> Result<HttpResponse, ApiError> {
    if !super::explainable(&error) {
        return Err(error);
    }
    let lang = caller.lang;
    let (href, label) =
        if caller.signed_in().is_ok() { ("/", lang.t("setup-front-page")) } else { ("/login", lang.t("sign-in")) };
    message(caller, error.status(), &lang.t("setup-refused"), &error.message_in(lang), Some((href, label.as_str())))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SetupForm {
    csrf_token: String,
    token: String,
    site_title: String,
    organisation: String,
    display_name: String,
    email: String,
    location: String,
    password: String,
    open_convention: String,
    convention_title: String,
    convention_location: String,
    starts_on: String,
    ends_on: String,
    discussion_opens_at: String,
    discussion_closes_at: String,
    disclaimer: String,
    topics: String,
}

impl SetupForm {
    fn input(&self) -> SetupInput {
        SetupInput {
            site_title: self.site_title.clone(),
            organisation: self.organisation.clone(),
            admin: RegistrationInput {
                email: self.email.clone(),
                password: self.password.clone(),
                display_name: self.display_name.clone(),
                location: self.location.clone(),
            },
            convention: (self.open_convention == "on").then(|| FirstConvention {
                title: self.convention_title.clone(),
                location: self.convention_location.clone(),
                starts_on: self.starts_on.clone(),
                ends_on: self.ends_on.clone(),
                discussion_opens_at: self.discussion_opens_at.clone(),
                discussion_closes_at: self.discussion_closes_at.clone(),
                disclaimer: self.disclaimer.clone(),
                topics: self.topics.clone(),
            }),
        }
    }

    /// What was typed, to show again (never the password).
    fn typed(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("site_title", &self.site_title),
            ("organisation", &self.organisation),
            ("display_name", &self.display_name),
            ("email", &self.email),
            ("location", &self.location),
            ("open_convention", &self.open_convention),
            ("convention_title", &self.convention_title),
            ("convention_location", &self.convention_location),
            ("starts_on", &self.starts_on),
            ("ends_on", &self.ends_on),
            ("discussion_opens_at", &self.discussion_opens_at),
            ("discussion_closes_at", &self.discussion_closes_at),
            ("disclaimer", &self.disclaimer),
            ("topics", &self.topics),
        ]
    }
}

/// Sets the site up and signs its first admin in, then on to `/admin`; or the form again, as
/// typed, with what is wrong beside each field.
#[post("/setup")]
async fn set_up(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<SetupForm>,
) -> Result<HttpResponse, ApiError> {
    let outcome: Result<SetUp, ApiError> = async {
        caller.check_form_token(&form.csrf_token)?;
        Ok(state.first_run.complete(&form.token, form.input()).await?)
    }
    .await;
    let outcome = match outcome {
        Err(error) if matches!(error.code(), "set_up" | "setup_link") => return refused(&caller, error),
        other => other,
    };
    let done = |set_up: SetUp| {
        let cookie = caller.session_cookie(&set_up.signed_in.token, state.settings.accounts.session_absolute);
        let notice = if set_up.convention.is_some() { Notice::SiteSetUpWithConvention } else { Notice::SiteSetUp };
        let mut response = see_other(&caller, "/admin", notice);
        response.add_cookie(&cookie).map_err(|_| ApiError::unavailable())?;
        Ok(response)
    };
    reply(&caller, outcome, done, async |problem| {
        Ok(SetupPage {
            chrome: Chrome::of(&caller),
            token: form.token.clone(),
            form: FormState::with(&form.typed(), problem),
        })
    })
    .await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(setup_form).service(set_up);
}
