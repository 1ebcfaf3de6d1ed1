//! Files staff upload with their token: a prepared document, the university's seal. A 401
//! ends the session here too ([`super::watch`]).

use cis_shared::Locale;
use serde::de::DeserializeOwned;

use super::StaffSession;
use crate::api::{self, ApiFailure, Method};

impl StaffSession {
    /// Sends `file` as the multipart part `file`: the answer's JSON, or `None` for a 204.
    pub async fn send_file<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        file: &web_sys::File,
        locale: Locale,
    ) -> Result<Option<T>, ApiFailure> {
        let token = self.token();
        let result = api::send_file(method, path, file, token.as_deref(), locale).await;
        super::watch(self.token, self.farewell, result)
    }
}

impl StaffSession {
    /// An image the API serves to staff as a `blob:` URL (an `<img>` cannot send the bearer
    /// header), or `None` when it answers 404. Revoke it with [`super::revoke_object_url`].
    pub async fn image_url(
        &self,
        path: &str,
        content_type: &str,
        locale: Locale,
    ) -> Result<Option<String>, ApiFailure> {
        let token = self.token().unwrap_or_default();
        let response = gloo_net::http::Request::get(path)
            .header("Accept-Language", locale.tag())
            .header("Authorization", &format!("Bearer {token}"))
            .send()
            .await
            .map_err(|_| ApiFailure::Network)?;
        if response.status() == 404 {
            return Ok(None);
        }
        if !response.ok() {
            let failure = match response.json::<cis_shared::Problem>().await {
                Ok(problem) => ApiFailure::Problem(problem),
                Err(_) => ApiFailure::Network,
            };
            return super::watch(self.token, self.farewell, Err(failure));
        }
        let bytes = response.binary().await.map_err(|_| ApiFailure::Network)?;
        api::object_url::of_bytes(&bytes, content_type).map(Some).map_err(|_| ApiFailure::Network)
    }
}

/// The file chosen in the `<input type="file">` with this id, if any.
pub fn chosen_file(id: &str) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input = web_sys::window()?.document()?.get_element_by_id(id)?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    input.files()?.get(0)
}
