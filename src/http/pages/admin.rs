//! `/admin`: the site's name and appeals, users and their roles, editors' topics and reminders,
//! the mail transport with its test message, undelivered email, and suppressed addresses.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::editors::SettingsForm;
use super::{Chrome, CsrfOnly, FormState, Posted, Problem, render, see_other};
use crate::domain::accounts::UserView;
use crate::domain::convention::ConventionView;
use crate::domain::editors::{EditorSettings, TopicChoice};
use crate::domain::site::{CallToActionInput, MAX_CALLS_TO_ACTION, SiteIdentity, SiteInput};
use crate::domain::user::Role;
use crate::email::admin::{OutboxEntry, SuppressionEntry};
use crate::email::check::{MailStatus, TestOutcome, TestResult};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::notice::Notice;
use crate::storage::suppressions;

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    chrome: Chrome,
    users: Vec<UserView>,
    next_cursor: Option<String>,
    all_roles: [Role; 4],
    dead_letters: Vec<OutboxEntry>,
    /// Addresses that bounced hard or complained.
    suppressions: Vec<SuppressionEntry>,
    /// How many addresses are suppressed in all (the page lists the newest only).
    suppressed_total: i64,
    /// Each convention, for the links to its editors' reasons.
    conventions: Vec<ConventionView>,
    /// A form the domain refused, shown again: `roles-<user id>` or `retry`.
    /// Every editor with the topics they follow and their reminder setting, and the topics.
    editors: Vec<EditorSettings>,
    topic_choices: Vec<TopicChoice>,
    /// A form the domain refused, shown again: `roles-<user id>`, `editor-<user id>` or `retry`.
    posted: Posted,
    /// The editor's settings as posted, when their form is shown again.
    posted_editor: Option<(i64, SettingsForm)>,
    /// The transport in use, the test message's default recipient and the newest messages.
    mail: MailStatus,
    /// The test message just sent (`?mail_test=<outbox id>`), as the outbox has it now.
    mail_test: Option<TestOutcome>,
    /// The site's settings form as they are now (shown unless it was the form posted).
    site_now: FormState,
}

impl AdminPage {
    /// The site's form: as posted when it is shown again, else the settings as they are.
    fn site_form(&self) -> &FormState {
        if self.posted.form() == "site" { self.posted.of("site") } else { &self.site_now }
    }

    /// Each call to action's row of the form: its number and its fields (text, label, link).
    fn call_to_action_rows(&self) -> Vec<(usize, &'static [&'static str])> {
        SITE_FIELDS[3..].chunks(3).enumerate().map(|(n, names)| (n + 1, names)).collect()
    }
    fn roles_form(&self, user_id: &i64) -> String {
        format!("roles-{user_id}")
    }

    /// Whether `role`'s box is ticked on `user`'s form: as posted when it is shown again.
    fn ticked(&self, user: &UserView, role: &Role) -> bool {
        let form = self.roles_form(&user.id);
        if self.posted.form() == form {
            self.posted.of(&form).value(role.as_str()) == "on"
        } else {
            user.roles.contains(role)
        }
    }

    fn editor_form(&self, user_id: &i64) -> String {
        format!("editor-{user_id}")
    }

    fn posted_settings(&self, editor: &EditorSettings) -> Option<&SettingsForm> {
        self.posted_editor.as_ref().filter(|(id, _)| *id == editor.user_id).map(|(_, form)| form)
    }

    /// Whether `editor` follows `topic` on their form: as posted when it is shown again.
    fn follows(&self, editor: &EditorSettings, topic: &TopicChoice) -> bool {
        match self.posted_settings(editor) {
            Some(form) => form.topics.contains(&topic.reference),
            None => editor.topics.contains(&topic.reference),
        }
    }

    fn reminded(&self, editor: &EditorSettings) -> bool {
        self.posted_settings(editor).map_or(editor.daily_reminder, |form| form.daily_reminder)
    }

    /// The test form's address: as posted when it is shown again, else the admin's own.
    fn mail_test_to(&self) -> &str {
        if self.posted.form() == "mail-test" {
            self.posted.of("mail-test").value("to")
        } else {
            &self.mail.test_recipient
        }
    }

    /// A message's fate in words, for the list of recent messages.
    fn mail_state(&self, message: &OutboxEntry) -> String {
        let lang = self.chrome.lang;
        let error = self.reason(&message.last_error);
        let failure =
            |key: &str| lang.t_with(key, &[("attempts", message.attempts.into()), ("error", error.as_str().into())]);
        match message.status.as_str() {
            "sent" => match message.sent_at {
                Some(at) => lang.t1("admin-mail-sent-at", "at", at.format("%Y-%m-%d %H:%M UTC").to_string()),
                None => lang.t("admin-mail-sent"),
            },
            "dead" => failure("admin-mail-failed"),
            "suppressed" => crate::i18n::capitalised(&error),
            _ if message.last_error.is_some() => failure("admin-mail-retrying"),
            _ => lang.t("admin-queued"),
        }
    }

    /// Why a message was not sent, as recorded, or that no reason was.
    fn reason(&self, error: &Option<String>) -> String {
        error.clone().unwrap_or_else(|| self.chrome.t("admin-no-reason"))
    }

    /// A role's name, as its box is labelled.
    fn role_name(&self, role: &Role) -> String {
        match role {
            Role::Member => self.chrome.t("admin-role-member"),
            Role::Editor => self.chrome.t("admin-role-editor"),
            Role::Expert => self.chrome.t("admin-role-expert"),
            Role::Admin => self.chrome.t("admin-role-admin"),
        }
    }

    /// Why an address is suppressed, in one sentence: "hard bounce on 2026-12-07: 550 5.1.1 User
    /// unknown".
    fn suppressed_why(&self, suppression: &SuppressionEntry) -> String {
        let complaint = suppression.reason == suppressions::COMPLAINT;
        let key = if complaint { "admin-complaint-on" } else { "admin-hard-bounce-on" };
        self.chrome.t2(
            key,
            "date",
            suppression.created_at.format("%Y-%m-%d").to_string(),
            "diagnostic",
            &suppression.diagnostic,
        )
    }
}

#[derive(Deserialize)]
struct CursorQuery {
    cursor: Option<String>,
    /// The test message whose outcome to show beside its button.
    mail_test: Option<i64>,
}

#[get("/admin")]
async fn admin(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CursorQuery>,
) -> Result<HttpResponse, ApiError> {
    let view = (Posted::default(), None);
    admin_page_with(&state, &caller, query.cursor.as_deref(), view, query.mail_test, StatusCode::OK).await
}

async fn admin_page(
    state: &AppState,
    caller: &Caller,
    cursor: Option<&str>,
    posted: Posted,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    admin_page_with(state, caller, cursor, (posted, None), None, status).await
}

async fn admin_page_with(
    state: &AppState,
    caller: &Caller,
    cursor: Option<&str>,
    (posted, posted_editor): (Posted, Option<(i64, SettingsForm)>),
    mail_test: Option<i64>,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let session = caller.signed_in()?;
    let mail_test = match mail_test {
        Some(id) => state.mail.test_outcome(Some(&session.actor), id).await?,
        None => None,
    };
    let users = state.accounts.list_users(&session.actor, cursor).await?;
    let dead_letters = state.outbox.list(Some(&session.actor), "dead").await?;
    let (suppressions, suppressed_total) =
        state.outbox.newest_suppressions(Some(&session.actor), SUPPRESSIONS_SHOWN).await?;
    let page = AdminPage {
        chrome: Chrome::of(caller),
        users: users.items,
        next_cursor: users.next_cursor,
        all_roles: Role::ALL,
        dead_letters,
        suppressions,
        suppressed_total,
        conventions: state.conventions.list().await?,
        editors: state.editors.editors(Some(&session.actor)).await?,
        topic_choices: state.editors.topic_choices().await?,
        posted,
        posted_editor,
        mail: state.mail.status(Some(&session.actor)).await?,
        mail_test,
        site_now: site_form_now(&caller.site),
    };
    render(caller, status, &page)
}

/// One checkbox per role; an unticked box is absent from the form.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RolesForm {
    csrf_token: String,
    member: Option<String>,
    editor: Option<String>,
    expert: Option<String>,
    admin: Option<String>,
}

#[post("/admin/users/{id}/roles")]
async fn set_roles(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    form: web::Form<RolesForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    let session = caller.signed_in()?;
    let ticked = [
        (Role::Member, &form.member),
        (Role::Editor, &form.editor),
        (Role::Expert, &form.expert),
        (Role::Admin, &form.admin),
    ];
    let roles = ticked.iter().filter(|(_, v)| v.is_some()).map(|(role, _)| *role).collect();
    let user_id = path.into_inner();
    match state.accounts.set_roles(&session.actor, user_id, roles).await {
        Ok(_) => Ok(see_other(&caller, "/admin#users", Notice::RolesSaved)),
        Err(error) => {
            let values: Vec<(&'static str, &str)> =
                ticked.iter().map(|(role, v)| (role.as_str(), if v.is_some() { "on" } else { "" })).collect();
            let (status, posted) = Posted::refused(caller.lang, format!("roles-{user_id}"), &values, error)?;
            admin_page(&state, &caller, None, posted, status).await
        }
    }
}

#[post("/admin/outbox/{id}/retry")]
async fn retry(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    match state.outbox.retry(caller.actor(), path.into_inner()).await {
        Ok(()) => Ok(see_other(&caller, "/admin#dead", Notice::MailQueuedAgain)),
        Err(error) => {
            let (status, posted) = Posted::refused(caller.lang, "retry", &[], error)?;
            admin_page(&state, &caller, None, posted, status).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SuppressionForm {
    csrf_token: String,
    address: String,
}

/// Suppressed addresses the page lists, newest first; any other is cleared by typing it.
const SUPPRESSIONS_SHOWN: i64 = 100;

/// Lets mail go to a suppressed address again.
#[post("/admin/mail/suppressions/clear")]
async fn clear_suppression(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<SuppressionForm>,
) -> Result<HttpResponse, ApiError> {
    caller.check_form_token(&form.csrf_token)?;
    match state.outbox.clear_suppression(caller.actor(), &form.address).await {
        Ok(()) => Ok(see_other(&caller, "/admin#suppressed", Notice::SuppressionCleared)),
        Err(error) => {
            // A typed address that is not on the list (or one another admin cleared meanwhile)
            // is said beside the field, which keeps it.
            let error = match error {
                crate::domain::DomainError::NotFound => {
                    crate::domain::DomainError::invalid("address", crate::i18n::Message::of("invalid-not-suppressed"))
                }
                other => other,
            };
            let (status, posted) = Posted::refused(caller.lang, "suppression", &[("address", &form.address)], error)?;
            admin_page(&state, &caller, None, posted, status).await
        }
    }
}

/// An editor's topics and reminder, as an admin sets them (the fields of `/review/settings`).
#[post("/admin/editors/{id}/settings")]
async fn editor_settings(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    fields: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let form = SettingsForm::of(fields.into_inner());
    let user_id = path.into_inner();
    let outcome = match caller.check_form_token(&form.csrf_token) {
        Ok(()) => {
            state.editors.save_editor_settings(caller.actor(), user_id, form.change()).await.map_err(ApiError::from)
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(_) => Ok(see_other(&caller, "/admin#editors", Notice::EditorSettingsChanged)),
        Err(error) => {
            let (status, posted) = Posted::refused(caller.lang, format!("editor-{user_id}"), &[("topics", "")], error)?;
            admin_page_with(&state, &caller, None, (posted, Some((user_id, form))), None, status).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MailTestForm {
    csrf_token: String,
    /// Blank: the admin's own address.
    to: String,
}

/// Sends a test message now and comes back to `/admin`, where the outcome (sent, or the error in
/// words) stands beside the button. A failed delivery is an outcome, not a refused form.
#[post("/admin/mail/test")]
async fn send_test_mail(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<MailTestForm>,
) -> Result<HttpResponse, ApiError> {
    let outcome = match caller.check_form_token(&form.csrf_token) {
        Ok(()) => state.mail.send_test(caller.actor(), Some(&form.to)).await.map_err(ApiError::from),
        Err(error) => Err(error),
    };
    match outcome {
        Ok(test) => {
            let notice = match test.result {
                TestResult::Sent => Notice::MailTestSent,
                TestResult::Failed => Notice::MailTestFailed,
                TestResult::Sending => Notice::MailTestSending,
            };
            Ok(see_other(&caller, &format!("/admin?mail_test={}#mail", test.outbox_id), notice))
        }
        Err(error) => {
            let (status, posted) = Posted::refused(caller.lang, "mail-test", &[("to", &form.to)], error)?;
            admin_page(&state, &caller, None, posted, status).await
        }
    }
}

/// The names of the site form's fields, in the order the form shows them.
const SITE_FIELDS: [&str; 3 + 3 * MAX_CALLS_TO_ACTION] = [
    "title",
    "organisation",
    "footer",
    "call_to_action_1_text",
    "call_to_action_1_label",
    "call_to_action_1_url",
    "call_to_action_2_text",
    "call_to_action_2_label",
    "call_to_action_2_url",
    "call_to_action_3_text",
    "call_to_action_3_label",
    "call_to_action_3_url",
    "call_to_action_4_text",
    "call_to_action_4_label",
    "call_to_action_4_url",
];

fn site_form_now(site: &SiteIdentity) -> FormState {
    let mut values = vec![
        ("title", site.title.clone()),
        ("organisation", site.organisation.clone()),
        ("footer", site.footer.clone()),
    ];
    for (call, names) in site.calls_to_action.iter().zip(SITE_FIELDS[3..].chunks(3)) {
        values.extend([(names[0], call.text.clone()), (names[1], call.label.clone()), (names[2], call.url.clone())]);
    }
    let values: Vec<(&'static str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    FormState::with(&values, Problem::none())
}

/// The site's title, the organisation's name, the footer and the calls to action.
#[post("/admin/site")]
async fn save_site(
    state: web::Data<AppState>,
    caller: Caller,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let field = |name: &str| form.get(name).map_or("", String::as_str);
    let input = SiteInput {
        title: field("title").to_string(),
        organisation: field("organisation").to_string(),
        footer: field("footer").to_string(),
        calls_to_action: SITE_FIELDS[3..]
            .chunks(3)
            .map(|names| CallToActionInput {
                text: field(names[0]).to_string(),
                label: field(names[1]).to_string(),
                url: field(names[2]).to_string(),
            })
            .collect(),
    };
    let outcome: Result<_, ApiError> = async {
        caller.check_form_token(field("csrf_token"))?;
        Ok(state.site.update(&caller.signed_in()?.actor, input).await?)
    }
    .await;
    match outcome {
        Ok(_) => Ok(see_other(&caller, "/admin#site", Notice::SiteSaved)),
        Err(error) => {
            let values: Vec<(&'static str, &str)> = SITE_FIELDS.iter().map(|name| (*name, field(name))).collect();
            let (status, posted) = Posted::refused(caller.lang, "site", &values, error)?;
            admin_page(&state, &caller, None, posted, status).await
        }
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(admin)
        .service(set_roles)
        .service(editor_settings)
        .service(retry)
        .service(clear_suppression)
        .service(save_site)
        .service(send_test_mail);
}
