//! `multipart/form-data` bodies: the essay form and the API's submissions take an essay's fields
//! this way along with one uploaded document (the `document` field), which
//! [`crate::documents`] turns into the essay's body. The body is read as a stream with limits of
//! our own: text fields as small as any form's, the document up to
//! [`documents::MAX_UPLOAD_BYTES`]. Nothing is written to disk; the document's bytes are dropped
//! once converted.

use actix_web::dev::Payload;
use actix_web::{HttpMessage, HttpRequest};
use futures_util::StreamExt;

use super::error::ApiError;
use crate::documents;
use crate::domain::text::{UNSHOWABLE, showable_utf8};
use crate::domain::{DomainError, FieldErrors};

/// The field that carries the document.
pub const DOCUMENT_FIELD: &str = "document";

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
    let mut multipart = actix_multipart::Multipart::new(req.headers(), payload);
    let (mut fields, mut document, mut text_bytes) = (Vec::new(), None, 0usize);
    let mut unshowable = FieldErrors::default();
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|_| unreadable())?;
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.content_disposition().and_then(|d| d.get_filename()).map(str::to_string);
        if name == DOCUMENT_FIELD {
            let (mut bytes, mut sent) = (Vec::new(), 0usize);
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(|_| unreadable())?;
                // Somewhat past the limit the rest is read and dropped, so the answer can say "too
                // large" beside the field instead of cutting the connection; far past it, not.
                sent += chunk.len();
                if sent > 4 * documents::MAX_UPLOAD_BYTES {
                    return Err(ApiError::payload_too_large(documents::MAX_UPLOAD_BYTES));
                }
                let room = (documents::MAX_UPLOAD_BYTES + 1).saturating_sub(bytes.len());
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            let file_name = file_name.unwrap_or_default();
            if !file_name.is_empty() || !bytes.is_empty() {
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
        match showable_utf8(&value) {
            Some(text) => fields.push((name, text.to_string())),
            None => unshowable.add(&name, UNSHOWABLE),
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
    /// What it held that an essay cannot, left out ("2 images", "3 comments").
    pub dropped: Vec<String>,
}

/// Converts an uploaded document off the server's event loop (it may take a good part of a
/// second for a large one). The error is said beside the `document` field.
pub async fn convert(upload: Upload) -> Result<(documents::Converted, DocumentNote), DomainError> {
    let Upload { file_name, bytes } = upload;
    let name = file_name.clone();
    let converted = actix_web::web::block(move || documents::convert(&name, &bytes))
        .await
        .map_err(|e| DomainError::Internal(format!("converting a document: {e}")))?
        .map_err(|e| DomainError::invalid(DOCUMENT_FIELD, e.to_string()))?;
    let note = DocumentNote { file_name, dropped: converted.dropped.iter().map(ToString::to_string).collect() };
    Ok((converted, note))
}
