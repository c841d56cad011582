//! [`OptionalJson`]: a JSON request body that may be left out.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;

/// A JSON body that may be left out entirely (`None`). A body that is there must be JSON and must
/// parse, with the same 400/415 answers as `web::Json`: `Option<web::Json<T>>` would instead turn
/// a malformed body into `None`, and the action would go ahead on its defaults (an approval with
/// a mistyped `publish_at` published at once).
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned + 'static> FromRequest for OptionalJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let bytes = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let bytes = bytes.await?;
            if bytes.is_empty() {
                return Ok(OptionalJson(None));
            }
            let mut replay = Payload::from(bytes);
            let json = web::Json::<T>::from_request(&req, &mut replay).await?;
            Ok(OptionalJson(Some(json.into_inner())))
        })
    }
}
