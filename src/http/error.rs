//! The HTTP layer's one error type. [`ApiError`] renders as the contract's JSON error
//! (`{"error": {"code", "message", "fields"}}`); [`error_pages`] turns any error response outside
//! `/api/` into an HTML page, and any error actix produced itself (405, a bad header, ...) into
//! the same shapes, so a client never sees a framework default.

use std::collections::BTreeMap;

use actix_web::dev::ServiceResponse;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError, UrlencodedError};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use askama::Template;
use serde::Serialize;

use crate::domain::{DomainError, FieldErrors};
use crate::i18n::{Lang, Message};
use crate::storage::StorageError;

#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    /// In English, for the JSON API.
    message: String,
    /// The same in the catalogue's terms, for pages in any language (errors of the domain).
    said: Option<Box<Message>>,
    fields: Option<FieldErrors>,
    retry_after_secs: Option<u64>,
}

/// The JSON body of every error answer.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable name: `malformed_json`, `not_found`, `invalid_transition`, ...
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// Per-field problems (422 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, Vec<String>>>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), said: None, fields: None, retry_after_secs: None }
    }

    /// An error the domain said, in English for the API and in any language for pages.
    fn said(status: StatusCode, code: &'static str, said: Message) -> ApiError {
        ApiError { said: Some(Box::new(said.clone())), ..ApiError::new(status, code, said.to_string()) }
    }

    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "There is nothing here.")
    }

    pub fn method_not_allowed() -> ApiError {
        ApiError::for_status(StatusCode::METHOD_NOT_ALLOWED)
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn payload_too_large(limit: usize) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("The request body is larger than the {limit} bytes accepted."),
        )
    }

    pub fn unauthenticated() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", "Sign in first.")
    }

    pub fn csrf_failed() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf_failed",
            "The request did not carry this session's CSRF token; reload the page and try again.",
        )
    }

    pub fn unavailable() -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "The service is busy; try again shortly.")
    }

    /// The error a status alone implies, for responses actix made without an [`ApiError`].
    fn for_status(status: StatusCode) -> ApiError {
        let (code, message) = match status {
            StatusCode::NOT_FOUND => ("not_found", "There is nothing here."),
            StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "This address does not accept that method."),
            StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "The request body is too large."),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "Send the body as JSON."),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => ("headers_too_large", "The request headers are too large."),
            s if s.is_server_error() => ("internal", "Something went wrong on our side."),
            _ => ("bad_request", "The request could not be understood."),
        };
        ApiError::new(status, code, message)
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn fields(&self) -> Option<&FieldErrors> {
        self.fields.as_ref()
    }

    /// What went wrong, in `lang`: the domain's own words where it said them, else (for errors
    /// of the HTTP layer, written in English) what the status means.
    pub fn message_in(&self, lang: Lang) -> String {
        match (&self.said, &self.fields, lang) {
            (Some(said), _, _) => said.in_lang(lang),
            (None, _, Lang::En) => self.message.clone(),
            (None, Some(fields), _) => lang.t1("problem-please-fix", "problems", fields.named(lang).join("; ")),
            (None, None, _) => lang.t(&format!("{}-explained", page_title(self.status))),
        }
    }

    fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message.clone(),
                fields: self.fields.as_ref().map(|fields| {
                    fields
                        .0
                        .iter()
                        .map(|(field, problems)| (field.clone(), problems.iter().map(Message::to_string).collect()))
                        .collect()
                }),
            },
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if let Some(seconds) = self.retry_after_secs {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        response.json(self.body())
    }
}

impl From<StorageError> for ApiError {
    fn from(error: StorageError) -> ApiError {
        match error {
            StorageError::Pool(_) | StorageError::Connect(_) | StorageError::Busy(_) => {
                tracing::warn!(%error, "database unavailable");
                ApiError::unavailable()
            }
            error => {
                tracing::error!(%error, "storage failure");
                ApiError::for_status(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> ApiError {
        match error {
            DomainError::Invalid(fields) => {
                // The message names every problem too, for clients (and error pages) that show only it.
                let summary: Vec<String> =
                    fields.0.iter().map(|(field, problems)| format!("{field} {}", english(problems))).collect();
                ApiError {
                    fields: Some(fields),
                    ..ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "invalid",
                        format!("Please fix: {}.", summary.join("; ")),
                    )
                }
            }
            DomainError::NotFound => ApiError::not_found(),
            DomainError::Conflict { code, message } => ApiError::said(StatusCode::CONFLICT, code, message),
            DomainError::Unauthenticated => ApiError::unauthenticated(),
            DomainError::InvalidCredentials => ApiError::said(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                Message::of("refused-wrong-email-or-password"),
            ),
            DomainError::Forbidden => {
                ApiError::said(StatusCode::FORBIDDEN, "forbidden", Message::of("refused-you-may-not-do-this"))
            }
            DomainError::Refused { code, message } => ApiError::said(StatusCode::FORBIDDEN, code, message),
            DomainError::Throttled { retry_after_secs } => ApiError {
                retry_after_secs: Some(retry_after_secs),
                ..ApiError::said(
                    StatusCode::TOO_MANY_REQUESTS,
                    "throttled",
                    Message::of("refused-too-many-attempts").arg("seconds", retry_after_secs),
                )
            },
            DomainError::Internal(message) => {
                tracing::error!(%message, "internal error");
                ApiError::for_status(StatusCode::INTERNAL_SERVER_ERROR)
            }
            DomainError::Storage(error) => error.into(),
        }
    }
}

/// A field's problems, in English.
fn english(problems: &[Message]) -> String {
    problems.iter().map(Message::to_string).collect::<Vec<_>>().join("; ")
}

/// Request-body and URL extractors that answer with [`ApiError`] instead of actix's defaults.
pub fn extractor_configs(max_body_bytes: usize) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(web::JsonConfig::default().limit(max_body_bytes).error_handler(move |err, _req| {
            match err {
                JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
                    ApiError::payload_too_large(max_body_bytes)
                }
                JsonPayloadError::ContentType => ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "Send the body as JSON with Content-Type: application/json.",
                ),
                JsonPayloadError::Deserialize(e) => {
                    ApiError::bad_request("malformed_json", format!("The JSON body is not valid: {e}"))
                }
                other => ApiError::bad_request("malformed_json", format!("The JSON body could not be read: {other}")),
            }
            .into()
        }))
        .app_data(web::FormConfig::default().limit(max_body_bytes).error_handler(move |err, _req| {
            match err {
                UrlencodedError::Overflow { .. } => ApiError::payload_too_large(max_body_bytes),
                other => ApiError::bad_request("malformed_form", format!("The form could not be read: {other}")),
            }
            .into()
        }))
        .app_data(web::PayloadConfig::default().limit(max_body_bytes))
        .app_data(web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req: &HttpRequest| {
            ApiError::bad_request("invalid_query", format!("The query string is not valid: {err}")).into()
        }))
        .app_data(
            // A path segment that does not parse (a word where an id belongs) names nothing.
            web::PathConfig::default()
                .error_handler(|_err: PathError, _req: &HttpRequest| ApiError::not_found().into()),
        );
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: super::pages::Chrome,
    title: &'a str,
    message: &'a str,
}

/// An error page's heading, in words rather than a status line: its catalogue key.
fn page_title(status: StatusCode) -> &'static str {
    match status {
        StatusCode::UNAUTHORIZED => "error-unauthorized",
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::METHOD_NOT_ALLOWED => "error-method-not-allowed",
        StatusCode::CONFLICT => "error-conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        StatusCode::UNPROCESSABLE_ENTITY => "error-unprocessable",
        StatusCode::TOO_MANY_REQUESTS => "error-too-many",
        StatusCode::SERVICE_UNAVAILABLE => "error-unavailable",
        s if s.is_server_error() => "error-server",
        _ => "error-bad-request",
    }
}

/// Rewrites every error into the contract's shape: JSON under `/api/`, HTML elsewhere. Error
/// responses a handler built deliberately (no error attached) pass through untouched. A page that
/// needs signing in sends a browser to the sign-in page, which comes back here afterwards; other
/// error pages keep the header of whoever is signed in.
pub fn error_pages<B: 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(|res: ServiceResponse<B>| {
        let status = res.status();
        let is_api = res.request().path().starts_with("/api/");
        let Some(error) = res.response().error() else {
            // A response the handler built itself (a form shown again with its errors) is final.
            return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
        };
        let ours = error.as_error::<ApiError>().cloned();
        if is_api && ours.is_some() {
            return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
        }
        let error = ours.unwrap_or_else(|| ApiError::for_status(status));
        let (req, old) = res.into_parts();
        Ok(ErrorHandlerResponse::Future(Box::pin(async move {
            let mut response = if is_api { error.error_response() } else { error_page(&req, status, &error).await };
            // Keep what the original said about retrying and allowed methods.
            for name in [header::RETRY_AFTER, header::ALLOW] {
                if let Some(value) = old.headers().get(&name) {
                    response.headers_mut().insert(name, value.clone());
                }
            }
            Ok(ServiceResponse::new(req, response).map_into_right_body())
        })))
    })
}

async fn error_page(req: &HttpRequest, status: StatusCode, error: &ApiError) -> HttpResponse {
    use actix_web::FromRequest;
    let caller = super::auth::Caller::extract(req).await.ok();
    let here = req.uri().path_and_query().map_or("/", |p| p.as_str());
    if status == StatusCode::UNAUTHORIZED && req.method() == actix_web::http::Method::GET {
        let to = super::pages::sign_in_link(here);
        return HttpResponse::SeeOther().insert_header((header::LOCATION, to)).finish();
    }
    let chrome = match &caller {
        Some(caller) => super::pages::Chrome::of(caller),
        // Whoever it is could not be told apart (the database may be what failed): the site as
        // this process last knew it, without waiting on the database again.
        None => match req.app_data::<actix_web::web::Data<super::AppState>>() {
            Some(state) => {
                let lang = super::auth::negotiated_language(req, None, state);
                let organisers = state.settings.discussion.default_language();
                super::pages::Chrome::signed_out(here, state.site.last_known(), (lang, organisers))
            }
            None => {
                let site = std::sync::Arc::new(crate::domain::site::SiteIdentity::unnamed(Vec::new()));
                super::pages::Chrome::signed_out(here, site, (Lang::default(), Lang::default().code()))
            }
        },
    };
    let title = chrome.t(page_title(status));
    let message = error.message_in(chrome.lang);
    let page = ErrorPage { chrome, title: &title, message: &message };
    let mut response = HttpResponse::build(status);
    // Made for this reader, in their language: no cache may keep it for another.
    response.insert_header(header::CacheControl(vec![header::CacheDirective::NoStore]));
    if let Some(caller) = &caller {
        caller.attach_cookies(&mut response);
    }
    match page.render() {
        Ok(html) => response.content_type("text/html; charset=utf-8").body(html),
        Err(_) => response.content_type("text/plain; charset=utf-8").body(title.clone()),
    }
}
