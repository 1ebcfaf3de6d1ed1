//! The typed client of the API, over the shared DTOs. Every call sends the screen's
//! language so problem texts come back in it.

use cis_shared::catalog::{AffiliationNode, DegreeProgram, University};
use cis_shared::documents::{FileVerification, Verification};
use cis_shared::messages::ErrorCode;
use cis_shared::registration::UploadedDocument;
use cis_shared::{Locale, Problem};
pub use gloo_net::http::Method;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Why a call failed: the API's problem document, or no answer at all.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    Problem(Problem),
    Network,
}

impl ApiFailure {
    /// A 401's code (`unauthorized`, `session_expired`): the session is over, or its access
    /// token is. The sessions (`session`, `staff`) decide what follows, in one place each.
    pub fn unauthorized(&self) -> Option<ErrorCode> {
        match self {
            ApiFailure::Problem(p) if p.status == 401 => Some(p.code),
            _ => None,
        }
    }
}

async fn read<T: DeserializeOwned>(response: Result<Response, gloo_net::Error>) -> Result<T, ApiFailure> {
    let response = response.map_err(|_| ApiFailure::Network)?;
    if response.ok() {
        response.json::<T>().await.map_err(|_| ApiFailure::Network)
    } else {
        match response.json::<Problem>().await {
            Ok(problem) => Err(ApiFailure::Problem(problem)),
            Err(_) => Err(ApiFailure::Network),
        }
    }
}

/// The JSON body `{}`: the cookie-authenticated POSTs (refresh, logout) take JSON only.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Empty {}

/// Any call: `method` on `path`, with a JSON body when given and a bearer token (graduate
/// or staff) when given. For answers without a body (204) use [`call_no_content`].
pub async fn call<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&B>,
    bearer: Option<&str>,
    locale: Locale,
) -> Result<T, ApiFailure> {
    read(send(method, path, body, bearer, locale, None).await).await
}

/// [`call`] with an `Idempotency-Key`: the same key sent again (a retry after a lost
/// answer, a second click) is answered as the first, never done twice.
pub async fn call_once<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&B>,
    bearer: Option<&str>,
    (locale, key): (Locale, &str),
) -> Result<T, ApiFailure> {
    read(send(method, path, body, bearer, locale, Some(key)).await).await
}

/// A new idempotency key: 32 random hexadecimal digits from the browser's cryptographic
/// generator.
pub fn idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
        .unwrap_or(false);
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// [`call`] for operations that answer 204 No Content.
pub async fn call_no_content<B: Serialize>(
    method: Method,
    path: &str,
    body: Option<&B>,
    bearer: Option<&str>,
    locale: Locale,
) -> Result<(), ApiFailure> {
    let response = send(method, path, body, bearer, locale, None).await.map_err(|_| ApiFailure::Network)?;
    if response.ok() {
        Ok(())
    } else {
        match response.json::<Problem>().await {
            Ok(problem) => Err(ApiFailure::Problem(problem)),
            Err(_) => Err(ApiFailure::Network),
        }
    }
}

async fn send<B: Serialize>(
    method: Method,
    path: &str,
    body: Option<&B>,
    bearer: Option<&str>,
    locale: Locale,
    key: Option<&str>,
) -> Result<Response, gloo_net::Error> {
    let mut builder = RequestBuilder::new(path).method(method).header("Accept-Language", locale.tag());
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(key) = key {
        builder = builder.header("Idempotency-Key", key);
    }
    match body {
        Some(body) => builder.json(body)?.send().await,
        None => builder.send().await,
    }
}

pub async fn get<T: DeserializeOwned>(path: &str, locale: Locale) -> Result<T, ApiFailure> {
    read(Request::get(path).header("Accept-Language", locale.tag()).send().await).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B, locale: Locale) -> Result<T, ApiFailure> {
    let request =
        Request::post(path).header("Accept-Language", locale.tag()).json(body).map_err(|_| ApiFailure::Network)?;
    read(request.send().await).await
}

/// POSTs `body` and saves the file the answer holds under `file_name`, as the browser saves
/// a download (a `blob:` URL on a clicked `<a download>`), for files a plain link cannot
/// fetch: a token that must not be in a URL, or a bearer header.
pub async fn save_download<B: Serialize>(
    path: &str,
    body: &B,
    bearer: Option<&str>,
    (locale, file_name): (Locale, &str),
) -> Result<(), ApiFailure> {
    let response = send(Method::POST, path, Some(body), bearer, locale, None).await.map_err(|_| ApiFailure::Network)?;
    if !response.ok() {
        return Err(match response.json::<Problem>().await {
            Ok(problem) => ApiFailure::Problem(problem),
            Err(_) => ApiFailure::Network,
        });
    }
    let media_type = response.headers().get("content-type").unwrap_or_default();
    let bytes = response.binary().await.map_err(|_| ApiFailure::Network)?;
    save_bytes(&bytes, &media_type, file_name).map_err(|_| ApiFailure::Network)
}

/// Hands `bytes` to the browser as a download named `file_name`.
pub fn save_bytes(bytes: &[u8], media_type: &str, file_name: &str) -> Result<(), wasm_bindgen::JsValue> {
    let url = object_url::of_bytes(bytes, media_type)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(wasm_bindgen::JsValue::NULL)?;
    let link: web_sys::HtmlElement = document.create_element("a")?.dyn_into()?;
    link.set_attribute("href", &url)?;
    link.set_attribute("download", file_name)?;
    link.click();
    // Revoked once the browser has taken the download (at once, some browsers drop it).
    let revoke = Closure::once_into_js(move || object_url::revoke(&url));
    if let Some(window) = web_sys::window() {
        window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)?;
    }
    Ok(())
}

/// `URL.createObjectURL` and `URL.revokeObjectURL`.
pub mod object_url {
    /// `bytes` as a `blob:` URL of `media_type`. Revoke it with [`revoke`] when done.
    pub fn of_bytes(bytes: &[u8], media_type: &str) -> Result<String, wasm_bindgen::JsValue> {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let blob = web_sys::Blob::new_with_u8_array_sequence(&parts)?;
        // Blob.slice is the way to give the blob its type without BlobPropertyBag.
        create(&blob.slice_with_f64_and_f64_and_content_type(0.0, blob.size(), media_type)?)
    }

    #[wasm_bindgen::prelude::wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = URL, js_name = createObjectURL, catch)]
        pub fn create(blob: &web_sys::Blob) -> Result<String, wasm_bindgen::JsValue>;
        #[wasm_bindgen(js_namespace = URL, js_name = revokeObjectURL)]
        pub fn revoke(url: &str);
    }
}

/// The university named in the header of every screen.
pub async fn university(locale: Locale) -> Result<University, ApiFailure> {
    get("/api/v1/university", locale).await
}

pub async fn affiliations(locale: Locale) -> Result<Vec<AffiliationNode>, ApiFailure> {
    get("/api/v1/catalog/affiliations", locale).await
}

pub async fn degree_programs(locale: Locale) -> Result<Vec<DegreeProgram>, ApiFailure> {
    get("/api/v1/catalog/degree-programs", locale).await
}

/// What a copy's verification code says. `code` is canonical ([`normalize_code`]), so it needs
/// no escaping in the path; a code no copy has is a 404.
///
/// [`normalize_code`]: cis_shared::documents::normalize_code
pub async fn verification(code: &str, locale: Locale) -> Result<Verification, ApiFailure> {
    get(&format!("/api/v1/verifications/{code}"), locale).await
}

/// Whether a file is, byte for byte, a copy the university issued.
pub async fn verify_file(file: &web_sys::File, locale: Locale) -> Result<FileVerification, ApiFailure> {
    post_file("/api/v1/verifications/files", file, None, locale).await
}

/// A file POSTed as the one part of a multipart form, `file` (a PDF to verify, a CSV to
/// import), with a bearer token when given.
pub async fn post_file<T: DeserializeOwned>(
    path: &str,
    file: &web_sys::File,
    bearer: Option<&str>,
    locale: Locale,
) -> Result<T, ApiFailure> {
    let form = file_form(file)?;
    let mut builder = Request::post(path).header("Accept-Language", locale.tag());
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    read(builder.body(form).map_err(|_| ApiFailure::Network)?.send().await).await
}

/// One file as the multipart part `file`, `method` on `path` with a bearer token (what staff
/// upload: a prepared document, the university's seal): the answer's JSON, or `None` for a
/// 204.
pub async fn send_file<T: DeserializeOwned>(
    method: Method,
    path: &str,
    file: &web_sys::File,
    bearer: Option<&str>,
    locale: Locale,
) -> Result<Option<T>, ApiFailure> {
    let form = file_form(file)?;
    let mut builder = RequestBuilder::new(path).method(method).header("Accept-Language", locale.tag());
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let response = builder.body(form).map_err(|_| ApiFailure::Network)?.send().await;
    match response {
        Ok(response) if response.status() == 204 => Ok(None),
        other => read(other).await.map(Some),
    }
}

/// A form of one part, `file`.
fn file_form(file: &web_sys::File) -> Result<web_sys::FormData, ApiFailure> {
    let form = web_sys::FormData::new().map_err(|_| ApiFailure::Network)?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| ApiFailure::Network)?;
    Ok(form)
}

/// The path of an uploaded document's image, for the preview. `base` is the link's API path
/// (`/api/v1/registrations/{token}` or `/api/v1/resubmissions/{token}`).
pub fn document_path(base: &str, id: i64) -> String {
    format!("{base}/documents/{id}")
}

/// Uploads an identity document image, reporting progress from 0.0 to 1.0 (fetch cannot
/// report upload progress; XMLHttpRequest can), to `{base}/documents`.
/// An image it `replaces` (an earlier upload for the same side) is deleted by the server.
pub async fn upload_document(
    base: &str,
    file: web_sys::File,
    replaces: Option<i64>,
    locale: Locale,
    on_progress: impl Fn(f64) + 'static,
) -> Result<UploadedDocument, ApiFailure> {
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiFailure::Network)?;
    let url = match replaces {
        Some(id) => format!("{base}/documents?replaces={id}"),
        None => format!("{base}/documents"),
    };
    xhr.open("POST", &url).map_err(|_| ApiFailure::Network)?;
    xhr.set_request_header("Accept-Language", locale.tag()).map_err(|_| ApiFailure::Network)?;
    let form = file_form(&file)?;

    let (done_tx, done_rx) = futures_channel::oneshot::channel::<()>();
    let done_tx = std::rc::Rc::new(std::cell::RefCell::new(Some(done_tx)));
    let finish = {
        let done_tx = done_tx.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(tx) = done_tx.borrow_mut().take() {
                let _ = tx.send(());
            }
        })
    };
    xhr.set_onloadend(Some(finish.as_ref().unchecked_ref()));
    let progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            on_progress(event.loaded() / event.total());
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    xhr.send_with_opt_form_data(Some(&form)).map_err(|_| ApiFailure::Network)?;
    let _ = done_rx.await;
    drop((finish, progress));

    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    if status == 0 {
        return Err(ApiFailure::Network);
    }
    if (200..300).contains(&status) {
        serde_json::from_str(&text).map_err(|_| ApiFailure::Network)
    } else {
        Err(serde_json::from_str::<Problem>(&text).map(ApiFailure::Problem).unwrap_or(ApiFailure::Network))
    }
}
