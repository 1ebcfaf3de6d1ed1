//! JSON request bodies as the document describes them: an object. serde would also take a
//! struct written as an array (`[null, null]`), which no schema here allows.

use std::future::Future;
use std::pin::Pin;

use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use super::problem::ApiError;

/// A JSON object body read into `T`; anything else is 400 `bad_request`. Size and content
/// type are checked as for `web::Json` (the API's `JsonConfig`: 413, 415).
#[derive(Debug)]
pub struct JsonObject<T>(pub T);

impl<T> JsonObject<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for JsonObject<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonObject<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<JsonObject<T>, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let value = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = value.await?.into_inner();
            if !value.is_object() {
                return Err(ApiError::BadRequest("the body must be a JSON object".into()).into());
            }
            serde_json::from_value(value)
                .map(JsonObject)
                .map_err(|e| ApiError::BadRequest(format!("the JSON body does not fit: {e}")).into())
        })
    }
}
