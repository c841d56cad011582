//! `/review/settings`: the topics an editor follows and their daily reminder. The admins' view of
//! every editor's settings is a section of `/admin` (see `admin.rs`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

use super::{Chrome, FormState, Problem, render, reply, see_other};
use crate::domain::editors::{SettingsChange, TopicChoice};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::notice::Notice;

#[derive(Template)]
#[template(path = "review_settings.html")]
struct SettingsPage {
    chrome: Chrome,
    choices: Vec<TopicChoice>,
    /// The topics ticked: as saved, or as posted when the form comes back.
    followed: Vec<String>,
    daily_reminder: bool,
    form: FormState,
}

impl SettingsPage {
    fn follows(&self, choice: &TopicChoice) -> bool {
        self.followed.contains(&choice.reference)
    }
}

#[get("/review/settings")]
async fn settings(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let saved = state.editors.settings(caller.actor()).await?;
    let page = SettingsPage {
        chrome: Chrome::of(&caller),
        choices: state.editors.topic_choices().await?,
        followed: saved.topics,
        daily_reminder: saved.daily_reminder,
        form: FormState::default(),
    };
    render(&caller, StatusCode::OK, &page)
}

/// A settings form as posted: one `topic` per ticked topic, `daily_reminder` when ticked. The
/// admins' form of each editor on `/admin` has the same fields.
pub(super) struct SettingsForm {
    pub csrf_token: String,
    pub topics: Vec<String>,
    pub daily_reminder: bool,
}

impl SettingsForm {
    pub fn of(fields: Vec<(String, String)>) -> SettingsForm {
        let mut form = SettingsForm { csrf_token: String::new(), topics: Vec::new(), daily_reminder: false };
        for (name, value) in fields {
            match name.as_str() {
                "csrf_token" => form.csrf_token = value,
                "topic" => form.topics.push(value),
                "daily_reminder" => form.daily_reminder = !value.is_empty(),
                _ => {}
            }
        }
        form
    }

    /// Every field is on the form, so a box left unticked is a topic no longer followed.
    pub fn change(&self) -> SettingsChange {
        SettingsChange { topics: Some(self.topics.clone()), daily_reminder: Some(self.daily_reminder) }
    }
}

#[post("/review/settings")]
async fn save(
    state: web::Data<AppState>,
    caller: Caller,
    fields: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let form = SettingsForm::of(fields.into_inner());
    let outcome = async {
        caller.check_form_token(&form.csrf_token)?;
        Ok(state.editors.save_settings(caller.actor(), form.change()).await?)
    }
    .await;
    let done = |_| Ok(see_other(&caller, "/review/settings", Notice::EditorSettingsSaved));
    reply(&caller, outcome, done, async |problem: Problem| {
        Ok(SettingsPage {
            chrome: Chrome::of(&caller),
            choices: state.editors.topic_choices().await?,
            followed: form.topics.clone(),
            daily_reminder: form.daily_reminder,
            form: FormState::with(&[], problem),
        })
    })
    .await
}

/// Registered before the review pages, so `/review/settings` is not taken for a submission id.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(settings).service(save);
}
