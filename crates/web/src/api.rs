//! The typed client of the API, over the shared DTOs. Every call sends the screen's
//! language so problem texts come back in it.

use cis_shared::catalog::University;
use cis_shared::{Locale, Problem};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

/// Why a call failed: the API's problem document, or no answer at all.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    Problem(Problem),
    Network,
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

pub async fn get<T: DeserializeOwned>(path: &str, locale: Locale) -> Result<T, ApiFailure> {
    read(Request::get(path).header("Accept-Language", locale.tag()).send().await).await
}

/// The university named in the header of every screen.
pub async fn university(locale: Locale) -> Result<University, ApiFailure> {
    get("/api/v1/university", locale).await
}
