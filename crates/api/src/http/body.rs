//! JSON request bodies as the document describes them: an object. serde would also take a
//! struct written as an array (`[null, null]`), at the top or nested, which no schema here
//! allows: what was read is written back and compared, so an array that became an object is
//! refused.

use std::future::Future;
use std::pin::Pin;

use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

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

impl<T: DeserializeOwned + Serialize + 'static> FromRequest for JsonObject<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<JsonObject<T>, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let value = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = value.await?.into_inner();
            if !value.is_object() {
                return Err(ApiError::BadRequest("the body must be a JSON object".into()).into());
            }
            let body: T = serde_json::from_value(value.clone())
                .map_err(|e| ApiError::BadRequest(format!("the JSON body does not fit: {e}")))?;
            match serde_json::to_value(&body) {
                Ok(read) if !objects_as_sent(&value, &read) => {
                    Err(ApiError::BadRequest("an object of the body was sent as an array".into()).into())
                }
                _ => Ok(JsonObject(body)),
            }
        })
    }
}

/// Every object of `read` (the body as understood) was an object in `sent`, or absent or
/// `null` there (a default).
fn objects_as_sent(sent: &Value, read: &Value) -> bool {
    match (sent, read) {
        (Value::Object(sent), Value::Object(read)) => {
            read.iter().all(|(key, value)| sent.get(key).is_none_or(|s| s.is_null() || objects_as_sent(s, value)))
        }
        (_, Value::Object(_)) => false,
        (Value::Array(sent), Value::Array(read)) => sent.iter().zip(read).all(|(s, r)| objects_as_sent(s, r)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::objects_as_sent;

    #[test]
    fn a_nested_object_sent_as_an_array_is_noticed() {
        let read = json!({"a": 1, "employer": {"name": null, "phone": null}, "list": [{"x": 1}]});
        assert!(objects_as_sent(&json!({"a": 1, "employer": {}, "list": [{"x": 1}]}), &read));
        assert!(objects_as_sent(&json!({"a": 1, "list": [{"x": 1}]}), &read));
        assert!(!objects_as_sent(&json!({"a": 1, "employer": [null, null], "list": [{"x": 1}]}), &read));
        assert!(!objects_as_sent(&json!({"a": 1, "employer": {}, "list": [[1]]}), &read));
    }
}
