//! `/conventions/{slug}/reasons`: editors (and admins) keep the convention's canned reasons for
//! rejecting and its change requests, which the review page's pickers offer.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, ConfirmPage, Posted, Step, render, see_other};
use crate::domain::DomainError;
use crate::domain::convention::ConventionView;
use crate::domain::policy::{Action, authorize};
use crate::domain::reasons::{MAX_BODY_CHARS, MAX_NAME_CHARS, ReasonInput, ReasonKind, ReasonView};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::notice::Notice;

#[derive(Template)]
#[template(path = "reasons.html")]
struct ReasonsPage {
    chrome: Chrome,
    convention: ConventionView,
    /// Each kind with its reasons, in order.
    lists: Vec<(ReasonKind, Vec<ReasonView>)>,
    /// The form refused, shown again: `reason-<id>`, `new-<kind>` or `delete-<id>`.
    posted: Posted,
    max_name: usize,
    max_body: usize,
}

impl ReasonsPage {
    fn form_of(&self, reason: &ReasonView) -> String {
        format!("reason-{}", reason.id)
    }

    fn new_form(&self, kind: &ReasonKind) -> String {
        format!("new-{kind}")
    }

    /// How the page names the list of `kind`.
    fn kind_label(&self, kind: &ReasonKind) -> String {
        match kind {
            ReasonKind::Reject => self.chrome.t("reasons-for-rejecting"),
            ReasonKind::Changes => self.chrome.t("reasons-changes-to-ask"),
        }
    }

    /// A field of `reason`'s form: as posted when it is the form shown again, else as stored.
    fn value(&self, reason: &ReasonView, field: &str) -> String {
        let form = self.form_of(reason);
        if self.posted.form() == form {
            return self.posted.of(&form).value(field).to_string();
        }
        match field {
            "name" => reason.name.clone(),
            "body" => reason.body.clone(),
            "position" => reason.position.to_string(),
            _ => String::new(),
        }
    }
}

async fn page(
    state: &AppState,
    caller: &Caller,
    slug: &str,
    posted: Posted,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let reasons = state.reasons.list(caller.actor(), slug, None).await?;
    let convention = state.conventions.get(slug).await?;
    let lists = ReasonKind::ALL
        .into_iter()
        .map(|kind| (kind, reasons.iter().filter(|r| r.kind == kind).cloned().collect()))
        .collect();
    let page = ReasonsPage {
        chrome: Chrome::of(caller),
        convention,
        lists,
        posted,
        max_name: MAX_NAME_CHARS,
        max_body: MAX_BODY_CHARS,
    };
    render(caller, status, &page)
}

#[get("/conventions/{slug}/reasons")]
async fn show(state: web::Data<AppState>, caller: Caller, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    authorize(caller.actor(), Action::ManageReasons)?;
    page(&state, &caller, &slug, Posted::default(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReasonFields {
    csrf_token: String,
    kind: String,
    name: String,
    body: String,
    position: String,
}

impl ReasonFields {
    fn values(&self) -> [(&'static str, &str); 3] {
        [("name", &self.name), ("body", &self.body), ("position", &self.position)]
    }
}

/// The page again, with `form` as posted and what was wrong with it.
async fn refused(
    state: &AppState,
    caller: &Caller,
    slug: &str,
    (form, values): (String, &[(&'static str, &str)]),
    error: impl Into<ApiError>,
) -> Result<HttpResponse, ApiError> {
    let (status, posted) = Posted::refused(caller.lang, form, values, error)?;
    page(state, caller, slug, posted, status).await
}

#[post("/conventions/{slug}/reasons")]
async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    form: web::Form<ReasonFields>,
) -> Result<HttpResponse, ApiError> {
    let kind = ReasonKind::parse(&form.kind).map_err(|m| DomainError::invalid("kind", m))?;
    let name = format!("new-{kind}");
    if let Err(stale) = caller.check_form_token(&form.csrf_token) {
        return refused(&state, &caller, &slug, (name, &form.values()), stale).await;
    }
    let input = ReasonInput {
        kind: Some(form.kind.clone()),
        name: Some(form.name.clone()),
        body: Some(form.body.clone()),
        position: Some(form.position.clone()),
    };
    match state.reasons.create(caller.actor(), &slug, input).await {
        Ok(reason) => {
            Ok(see_other(&caller, &format!("/conventions/{slug}/reasons#reason-{}", reason.id), Notice::ReasonAdded))
        }
        Err(error) => refused(&state, &caller, &slug, (name, &form.values()), error).await,
    }
}

#[post("/conventions/{slug}/reasons/{id}")]
async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, i64)>,
    form: web::Form<ReasonFields>,
) -> Result<HttpResponse, ApiError> {
    let (slug, id) = path.into_inner();
    let name = format!("reason-{id}");
    if let Err(stale) = caller.check_form_token(&form.csrf_token) {
        return refused(&state, &caller, &slug, (name, &form.values()), stale).await;
    }
    let input = ReasonInput {
        kind: None,
        name: Some(form.name.clone()),
        body: Some(form.body.clone()),
        position: Some(form.position.clone()),
    };
    match state.reasons.update(caller.actor(), &slug, id, input).await {
        Ok(reason) => {
            Ok(see_other(&caller, &format!("/conventions/{slug}/reasons#reason-{}", reason.id), Notice::ReasonSaved))
        }
        Err(error) => refused(&state, &caller, &slug, (name, &form.values()), error).await,
    }
}

/// Deleting asks first, on the confirmation page the other deletions use.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DeleteForm {
    csrf_token: String,
    step: String,
}

#[post("/conventions/{slug}/reasons/{id}/delete")]
async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, i64)>,
    form: web::Form<DeleteForm>,
) -> Result<HttpResponse, ApiError> {
    let (slug, id) = path.into_inner();
    if let Err(stale) = caller.check_form_token(&form.csrf_token) {
        return refused(&state, &caller, &slug, (format!("delete-{id}"), &[]), stale).await;
    }
    match Step::of(&form.step) {
        Step::Back => return page(&state, &caller, &slug, Posted::default(), StatusCode::OK).await,
        Step::Ask => {
            let reason = match state.reasons.get(caller.actor(), &slug, id).await {
                Ok(reason) => reason,
                Err(error) => return refused(&state, &caller, &slug, (format!("delete-{id}"), &[]), error).await,
            };
            let confirm = ConfirmPage {
                chrome: Chrome::of(&caller),
                heading: caller.lang.t1("confirm-delete-reason", "name", &reason.name),
                consequences: vec![
                    caller.lang.t("confirm-delete-reason-pickers"),
                    caller.lang.t("confirm-delete-reason-kept"),
                ],
                action: format!("/conventions/{slug}/reasons/{id}/delete"),
                hidden: Vec::new(),
                text: None,
                confirm: caller.lang.t("confirm-delete-it"),
            };
            return render(&caller, StatusCode::OK, &confirm);
        }
        Step::Confirm => {}
    }
    match state.reasons.delete(caller.actor(), &slug, id).await {
        Ok(()) => Ok(see_other(&caller, &format!("/conventions/{slug}/reasons"), Notice::ReasonDeleted)),
        Err(error) => refused(&state, &caller, &slug, (format!("delete-{id}"), &[]), error).await,
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(create).service(update).service(delete);
}
