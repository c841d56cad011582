//! `multipart/form-data` bodies: the essay form and the API's submissions take an essay's fields
//! this way along with one uploaded document (the `document` field), which
//! [`crate::documents`] turns into the essay's body. The body is read as a stream with limits of
//! our own, counted as it arrives whatever it claims: the whole body at most [`MAX_BODY_BYTES`],
//! text fields together as small as any form's, at most [`MAX_FIELDS`] fields with short names,
//! one document of at most [`documents::MAX_UPLOAD_BYTES`]. Nothing is written to disk; the
//! document's bytes are dropped once converted, and at most [`CONVERSIONS`] conversions run at
//! once, whoever sends them (callers convert only for a signed-in member).

use actix_web::dev::Payload;
use actix_web::{HttpMessage, HttpRequest, web};
use futures_util::StreamExt;

use super::error::ApiError;
use crate::documents;
use crate::domain::text::{self, showable_utf8, without_unshowable};
use crate::domain::{DomainError, FieldErrors};

/// The field that carries the document.
pub const DOCUMENT_FIELD: &str = "document";

/// A whole multipart body at most: a document somewhat past its limit (so the answer can say
/// "too large" beside the field rather than cut the connection) and the form's text.
pub const MAX_BODY_BYTES: usize = 2 * documents::MAX_UPLOAD_BYTES;

/// Fields in one body, and the length of a field's name: the essay form has about twenty.
pub const MAX_FIELDS: usize = 64;
const MAX_NAME_BYTES: usize = 64;

/// Conversions at once: one per core here. A conversion of a large document holds a core for a
/// good part of a second and some tens of MB.
pub const CONVERSIONS: usize = 2;
static CONVERTING: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(CONVERSIONS));

/// How long a conversion waits for its turn before the sender is asked to try again.
const CONVERSION_QUEUE: std::time::Duration = std::time::Duration::from_secs(10);

/// A file as uploaded.
pub struct Upload {
    pub file_name: String,
    /// At most [`documents::MAX_UPLOAD_BYTES`] + 1: one byte more says it was too large.
    pub bytes: Vec<u8>,
}

/// A multipart body: its text fields in order, and the document if one was chosen (a browser
/// sends the field empty, with no file name, when none was).
pub struct MultipartBody {
    pub fields: Vec<(String, String)>,
    pub document: Option<Upload>,
}

impl MultipartBody {
    /// The text field `name` (the last, if repeated).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

pub fn is_multipart(req: &HttpRequest) -> bool {
    req.content_type().eq_ignore_ascii_case("multipart/form-data")
}

/// Reads a multipart body; text fields together may be at most `text_limit` bytes (the server's
/// body limit, as for any form).
pub async fn read(req: &HttpRequest, payload: Payload, text_limit: usize) -> Result<MultipartBody, ApiError> {
    let unreadable =
        || ApiError::bad_request("unreadable_body", "The request body could not be read as multipart/form-data.");
    let too_large = || ApiError::payload_too_large(MAX_BODY_BYTES);
    let claimed =
        req.headers().get(actix_web::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse().ok());
    if claimed.is_some_and(|length: usize| length > MAX_BODY_BYTES) {
        return Err(too_large());
    }
    // Read whole (counted as it arrives: a chunked body says no length) before it is parsed: the
    // parser looks for the end of a part's headers again in all it holds each time more arrives,
    // so headers that never end, sent in many small pieces, cost time growing with the square of
    // the body (19 MB took 4.7 s); given the body at once, it looks once.
    let mut body = web::BytesMut::new();
    let mut payload = payload;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| unreadable())?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    let whole = futures_util::stream::once(async move { Ok::<_, actix_web::error::PayloadError>(body.freeze()) });
    let mut multipart = actix_multipart::Multipart::new(req.headers(), whole);
    let (mut fields, mut document, mut text_bytes, mut count) = (Vec::new(), None, 0usize, 0usize);
    let mut unshowable = FieldErrors::default();
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|_| unreadable())?;
        count += 1;
        let name = field.name().unwrap_or_default().to_string();
        if count > MAX_FIELDS || name.len() > MAX_NAME_BYTES {
            return Err(ApiError::bad_request("too_many_fields", "The form has too many fields, or too long a name."));
        }
        let file_name = field.content_disposition().and_then(|d| d.get_filename()).map(str::to_string);
        if name == DOCUMENT_FIELD {
            let mut bytes = Vec::new();
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(|_| unreadable())?;
                // Past the limit the rest is read and dropped (up to the body's limit), so the
                // answer can say "too large" beside the field instead of cutting the connection.
                let room = (documents::MAX_UPLOAD_BYTES + 1).saturating_sub(bytes.len());
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            let file_name = without_unshowable(&file_name.unwrap_or_default()).into_owned();
            if !file_name.is_empty() || !bytes.is_empty() {
                if document.is_some() {
                    return Err(ApiError::bad_request("one_document", "Send one document at a time."));
                }
                document = Some(Upload { file_name, bytes });
            }
            continue;
        }
        let mut value = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| unreadable())?;
            text_bytes += chunk.len();
            if text_bytes > text_limit {
                return Err(ApiError::payload_too_large(text_limit));
            }
            value.extend_from_slice(&chunk);
        }
        match (showable_utf8(&value), showable_utf8(name.as_bytes())) {
            (Some(text), Some(_)) => fields.push((name, text.to_string())),
            _ => unshowable.add(&without_unshowable(&name), text::unshowable()),
        }
    }
    if !unshowable.is_empty() {
        return Err(DomainError::Invalid(unshowable).into());
    }
    Ok(MultipartBody { fields, document })
}

/// What became of an uploaded document, for the person who sent it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct DocumentNote {
    /// The file's name, as sent.
    pub file_name: String,
    /// What it held that an essay cannot, left out ("2 images", "3 comments"), in English.
    pub dropped: Vec<String>,
    /// The same, for a page in any language.
    #[serde(skip)]
    pub left: Vec<documents::Dropped>,
}

impl DocumentNote {
    /// What was left out, in `lang`: "2 images; 3 comments".
    pub fn left_out(&self, lang: &crate::i18n::Lang) -> String {
        self.left.iter().map(|d| d.in_lang(*lang)).collect::<Vec<_>>().join("; ")
    }
}

/// Converts an uploaded document off the server's event loop (it may take a good part of a
/// second for a large one), [`CONVERSIONS`] at a time. The error is said beside the `document`
/// field; a sender who waited too long for a turn is asked to try again.
pub async fn convert(upload: Upload) -> Result<(documents::Converted, DocumentNote), DomainError> {
    let _turn = tokio::time::timeout(CONVERSION_QUEUE, CONVERTING.acquire())
        .await
        .map_err(|_| DomainError::Throttled { retry_after_secs: 10 })?
        .map_err(|e| DomainError::Internal(format!("the conversions' semaphore: {e}")))?;
    let Upload { file_name, bytes } = upload;
    let name = file_name.clone();
    let converted = actix_web::web::block(move || documents::convert(&name, &bytes))
        .await
        .map_err(|e| DomainError::Internal(format!("converting a document: {e}")))?
        .map_err(|e| DomainError::invalid(DOCUMENT_FIELD, e.message()))?;
    let note = DocumentNote {
        file_name,
        dropped: converted.dropped.iter().map(ToString::to_string).collect(),
        left: converted.dropped.clone(),
    };
    Ok((converted, note))
}
