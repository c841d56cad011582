//! What every request passes before any handler sees it, and what answers when no route does.
//!
//! Text no page can show ([`crate::domain::text`]) is refused here, once, for every route. A path
//! segment holding such text names nothing (404); a query value or a field of a JSON or form body
//! is a mistake in that field (422, naming it). So no handler, query or template ever meets a NUL
//! or a lone surrogate.
//!
//! `HEAD` is served as `GET` (actix-http then sends the headers, `Content-Length` included,
//! without the body), and a path that exists answers a method it lacks with 405 and `Allow`.

use std::borrow::Cow;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{HttpServiceFactory, Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{Next, from_fn};
use actix_web::{HttpMessage, web};
use percent_encoding::percent_decode;

use super::AppState;
use super::error::ApiError;
use crate::domain::text::{is_showable_text, showable_utf8, unshowable, without_unshowable};
use crate::domain::{DomainError, FieldErrors};

/// Middleware: refuses a request whose path, query or body holds text that cannot be shown.
pub async fn refuse_unshowable_text(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if showable_utf8(&percent_decode(req.uri().path().as_bytes()).collect::<Vec<u8>>()).is_none() {
        return Ok(req.error_response(ApiError::not_found()));
    }
    let mut problems = unshowable_pairs(req.query_string().as_bytes());
    let body = match body_kind(req.content_type()) {
        Some(kind) => {
            let bytes = match req.extract::<web::Bytes>().await {
                Ok(bytes) => bytes,
                Err(error) => {
                    let error = unreadable_body(&req, &error);
                    return Ok(req.error_response(error));
                }
            };
            problems.extend(match kind {
                BodyKind::Json => unshowable_json_fields(&bytes),
                BodyKind::Form => unshowable_pairs(&bytes),
            });
            Some(bytes)
        }
        None => None,
    };
    if !problems.is_empty() {
        let mut fields = FieldErrors::default();
        for field in problems {
            if !fields.0.contains_key(&field) {
                fields.add(&field, unshowable());
            }
        }
        return Ok(req.error_response(ApiError::from(DomainError::Invalid(fields))));
    }
    if let Some(bytes) = body {
        // The handler's extractor reads the body again, from what was buffered here.
        req.set_payload(Payload::from(bytes));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// Middleware: a `HEAD` request is routed as the `GET` it asks the headers of. actix-http decided
/// from the request line that the answer has no body, so it keeps `Content-Length` and sends none.
pub async fn serve_head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// The name of the resource that answers what no route does; metrics label it `unmatched`.
pub const UNMATCHED: &str = "unmatched";

/// The last resource of the app (and of a scope): it matches every path left over. Routing has
/// by then tried every route whose pattern fits the path, and actix's method guards have noted
/// the methods those routes take; the resource's default answer reads them into 405 and `Allow`.
/// When no pattern fitted, there is no such list, and the path is simply not found.
pub fn unmatched() -> impl HttpServiceFactory {
    web::resource("/{tail}*").name(UNMATCHED).wrap(from_fn(method_not_allowed_or_not_found))
}

async fn method_not_allowed_or_not_found(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let answer = next.call(req).await?;
    let allowed = answer.headers().get(header::ALLOW).and_then(|value| value.to_str().ok()).map(allow_header);
    let (req, _) = answer.into_parts();
    Ok(match allowed {
        Some(allow) => {
            let mut response = ServiceResponse::from_err(ApiError::method_not_allowed(), req);
            response.headers_mut().insert(header::ALLOW, allow);
            response
        }
        None => ServiceResponse::from_err(ApiError::not_found(), req),
    })
}

/// `Allow` as actix lists it (once per matching route, so possibly repeated), each method once,
/// with `HEAD` wherever `GET` is, since [`serve_head_as_get`] serves it.
fn allow_header(listed: &str) -> HeaderValue {
    let mut methods: Vec<&str> = Vec::new();
    for method in listed.split(',').map(str::trim).filter(|m| !m.is_empty()) {
        if !methods.contains(&method) {
            methods.push(method);
        }
        if method == "GET" && !methods.contains(&"HEAD") {
            methods.push("HEAD");
        }
    }
    HeaderValue::from_str(&methods.join(", ")).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[derive(Clone, Copy)]
enum BodyKind {
    Json,
    Form,
}

/// The bodies whose text the handlers read; others (none today) pass untouched.
fn body_kind(content_type: &str) -> Option<BodyKind> {
    let content_type = content_type.to_ascii_lowercase();
    // As `web::Json` accepts them: any type whose subtype is `json` or ends in `+json`.
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if essence.ends_with("/json") || essence.ends_with("+json") {
        Some(BodyKind::Json)
    } else if content_type == "application/x-www-form-urlencoded" {
        Some(BodyKind::Form)
    } else {
        None
    }
}

fn unreadable_body(req: &ServiceRequest, error: &actix_web::Error) -> ApiError {
    if error.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
        let limit = req.app_data::<web::Data<AppState>>().map_or(0, |state| state.settings.server.max_body_bytes);
        ApiError::payload_too_large(limit)
    } else {
        ApiError::bad_request("unreadable_body", "The request body could not be read.")
    }
}

/// A field name as it can be shown back, even when the name itself was the problem.
fn field_name(raw: &[u8]) -> String {
    without_unshowable(&String::from_utf8_lossy(raw)).into_owned()
}

/// The keys of `a=1&b=2` (a query string or a form body) whose key or value is not showable
/// text once decoded.
fn unshowable_pairs(encoded: &[u8]) -> Vec<String> {
    let decode = |part: &[u8]| -> Vec<u8> {
        let spaced: Vec<u8> = part.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
        percent_decode(&spaced).collect()
    };
    encoded
        .split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (key, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &[][..]),
            };
            let (key, value) = (decode(key), decode(value));
            (showable_utf8(&key).is_none() || showable_utf8(&value).is_none()).then(|| field_name(&key))
        })
        .collect()
}

/// The top-level fields of a JSON body holding text that cannot be shown, in a key or a string
/// anywhere inside them. A body that is not JSON passes: the handler's extractor answers 400.
fn unshowable_json_fields(body: &[u8]) -> Vec<String> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Vec::new();
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&lone_surrogates_marked(text)) else {
        return Vec::new();
    };
    match &value {
        serde_json::Value::Object(fields) => fields
            .iter()
            .filter(|(key, value)| !is_showable_text(key) || !json_is_showable(value))
            .map(|(key, _)| without_unshowable(key).into_owned())
            .collect(),
        other if !json_is_showable(other) => vec!["body".to_string()],
        _ => Vec::new(),
    }
}

fn json_is_showable(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(text) => is_showable_text(text),
        serde_json::Value::Array(items) => items.iter().all(json_is_showable),
        serde_json::Value::Object(fields) => {
            fields.iter().all(|(key, value)| is_showable_text(key) && json_is_showable(value))
        }
        _ => true,
    }
}

/// JSON text with every escaped lone surrogate (`"\ud800"`) written as `\uffff` instead. A JSON
/// parser refuses a lone surrogate outright, which would make it a syntax error (400); written as
/// a noncharacter it parses and is refused as the text it is, in the field that holds it.
fn lone_surrogates_marked(json: &str) -> Cow<'_, str> {
    let bytes = json.as_bytes();
    let unit_at = |at: usize| -> Option<u32> {
        let escape = bytes.get(at..at + 6)?;
        if escape[0] != b'\\' || escape[1] != b'u' {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(&escape[2..]).ok()?, 16).ok()
    };
    let (mut marked, mut copied, mut at, mut in_string) = (String::new(), 0, 0, false);
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                in_string = !in_string;
                at += 1;
            }
            b'\\' if in_string => match unit_at(at) {
                Some(0xD800..=0xDBFF) if unit_at(at + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) => {
                    at += 12;
                }
                Some(0xD800..=0xDFFF) => {
                    marked.push_str(&json[copied..at]);
                    marked.push_str("\\uffff");
                    at += 6;
                    copied = at;
                }
                // Any other escape is two bytes, or six for `\uXXXX`; skipping two is enough
                // either way, as the rest of a `\u` escape holds no quote or backslash.
                _ => at += 2,
            },
            _ => at += 1,
        }
    }
    if copied == 0 {
        return Cow::Borrowed(json);
    }
    marked.push_str(&json[copied..]);
    Cow::Owned(marked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_lists_each_method_once_and_head_with_get() {
        assert_eq!(allow_header("GET, POST, GET"), "GET, HEAD, POST");
        assert_eq!(allow_header("POST"), "POST");
        assert_eq!(allow_header("HEAD, GET"), "HEAD, GET");
    }

    #[test]
    fn query_values_and_keys_are_decoded_before_the_check() {
        assert!(unshowable_pairs(b"q=plain+text&tag=%C3%A9t%C3%A9&cursor=").is_empty());
        assert_eq!(unshowable_pairs(b"q=a%00b&tag=ok"), ["q"]);
        assert_eq!(unshowable_pairs(b"language=%EF%BF%BF"), ["language"]);
        assert_eq!(unshowable_pairs(b"q=%ED%A0%80"), ["q"], "a lone surrogate as WTF-8");
        assert_eq!(unshowable_pairs(b"a%01b=x"), ["ab"], "the key itself, shown without it");
        assert_eq!(unshowable_pairs(b"title=%C2%85&body=fine"), ["title"]);
    }

    #[test]
    fn json_fields_are_named_by_their_top_level_key() {
        assert!(unshowable_json_fields(br#"{"title":"ok \t\n","tags":["a","b"],"n":1}"#).is_empty());
        assert_eq!(unshowable_json_fields(br#"{"title":"a\u0000b","body":"fine"}"#), ["title"]);
        assert_eq!(unshowable_json_fields(br#"{"tags":["ok","\u007f"]}"#), ["tags"]);
        assert_eq!(unshowable_json_fields(br#"{"nested":{"k\u0001":1}}"#), ["nested"]);
        assert_eq!(unshowable_json_fields(br#"{"body":"\ud800"}"#), ["body"]);
        assert_eq!(unshowable_json_fields(br#"{"body":"x\udc00y"}"#), ["body"]);
        assert_eq!(unshowable_json_fields("{\"body\":\"\u{FDD0}\"}".as_bytes()), ["body"]);
        assert_eq!(unshowable_json_fields(br#"["\u0000"]"#), ["body"]);
        assert!(
            unshowable_json_fields(br#"{"body":"\ud83d\ude00 \\ud800"}"#).is_empty(),
            "a pair, an escaped backslash"
        );
        assert!(unshowable_json_fields(b"{not json").is_empty());
    }
}
