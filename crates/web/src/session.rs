//! The graduate's session in the browser (manual 2.2).
//!
//! The access token lives in memory only; the refresh cookie is HttpOnly, so after a reload
//! [`Session::call`] first asks `POST /api/v1/auth/refresh` for a new access token. Every
//! authenticated call goes through it: it counts as activity for the idle clock, an expired
//! access token (401 `unauthorized`, they last 15 minutes) is refreshed once and the call
//! retried, and a session the server has ended (401 `session_expired`) sends the graduate to
//! the login screen with the automatic-logout message.

use std::future::Future;
use std::time::Duration;

use cis_shared::messages::ErrorCode;
use cis_shared::staff::AccessToken;
use cis_shared::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::{self, ApiFailure, Method};
use crate::i18n::use_i18n;

/// What the login screen says when it opens after a session.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Farewell {
    LoggedOut,
    /// Manual 2.2 Note: "You will log out automatically if you do not make any operation".
    Expired,
}

/// Idle sessions end on the server after `Me.idle_timeout_seconds`; until the SPA has read
/// it, the server's default.
const DEFAULT_IDLE_MS: f64 = 1800.0 * 1000.0;
/// The warning comes this long before the automatic logout.
const WARNING_MS: f64 = 60.0 * 1000.0;

#[derive(Clone, Copy)]
pub struct Session {
    access_token: StoredValue<Option<String>>,
    setup_token: StoredValue<Option<String>>,
    /// An access token is held: the idle clock runs.
    active: RwSignal<bool>,
    /// `Date.now()` of the last authenticated call.
    last_activity: RwSignal<f64>,
    idle_ms: RwSignal<f64>,
    farewell: RwSignal<Option<Farewell>>,
    /// Set when the session ends; [`SessionWatch`] takes the graduate to the login screen.
    leave: RwSignal<bool>,
    /// While a refresh is under way, the calls waiting for its token: one refresh at a time,
    /// as the refresh token is single-use and two at once would end the session as a replay.
    refreshing: StoredValue<Option<Vec<Waiter>>>,
}

type Waiter = futures_channel::oneshot::Sender<Result<String, ApiFailure>>;

pub fn provide_session() {
    provide_context(Session {
        access_token: StoredValue::new(None),
        setup_token: StoredValue::new(None),
        active: RwSignal::new(false),
        last_activity: RwSignal::new(now()),
        idle_ms: RwSignal::new(DEFAULT_IDLE_MS),
        farewell: RwSignal::new(None),
        leave: RwSignal::new(false),
        refreshing: StoredValue::new(None),
    });
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The browser's clock (a test may move it on through `Date.now`).
fn now() -> f64 {
    js_sys::Date::now()
}

impl Session {
    /// Logged in: the tokens of a login or of the Password Setting screen.
    pub fn start(self, token: AccessToken) {
        self.access_token.set_value(Some(token.access_token));
        self.setup_token.set_value(None);
        self.farewell.set(None);
        self.touch();
        self.active.set(true);
    }

    /// The first login gave a setup token, good only for the Password Setting screen.
    pub fn set_setup_token(self, token: String) {
        self.setup_token.set_value(Some(token));
    }

    pub fn setup_token(self) -> Option<String> {
        self.setup_token.get_value()
    }

    /// Logged in: an access token is held (in memory: not after a reload until a call
    /// refreshes it).
    pub fn is_active(self) -> bool {
        self.active.get_untracked()
    }

    /// What the login screen should say about the last session, if anything.
    pub fn farewell(self) -> Option<Farewell> {
        self.farewell.get()
    }

    pub fn clear_farewell(self) {
        self.farewell.set(None);
    }

    /// The server's idle limit, from `Me.idle_timeout_seconds`.
    pub fn set_idle_timeout(self, seconds: i64) {
        self.idle_ms.set(seconds as f64 * 1000.0);
    }

    fn touch(self) {
        self.last_activity.set(now());
    }

    /// Forgets the tokens and goes to the login screen, saying why.
    fn end(self, farewell: Option<Farewell>) {
        self.access_token.set_value(None);
        self.setup_token.set_value(None);
        self.active.set(false);
        self.farewell.set(farewell);
        self.leave.set(true);
    }

    /// A new access token from the refresh cookie, shared by the calls that ask while it is
    /// under way. On 401 the session is over.
    async fn refresh(self, locale: Locale) -> Result<String, ApiFailure> {
        self.touch();
        let under_way = self
            .refreshing
            .try_update_value(|waiting| match waiting {
                Some(list) => {
                    let (tx, rx) = futures_channel::oneshot::channel();
                    list.push(tx);
                    Some(rx)
                }
                None => {
                    *waiting = Some(Vec::new());
                    None
                }
            })
            .flatten();
        if let Some(answer) = under_way {
            return answer.await.unwrap_or(Err(ApiFailure::Network));
        }
        let result = self.refresh_now(locale).await;
        for waiter in self.refreshing.try_update_value(Option::take).flatten().unwrap_or_default() {
            let _ = waiter.send(result.clone());
        }
        result
    }

    async fn refresh_now(self, locale: Locale) -> Result<String, ApiFailure> {
        match api::call::<_, AccessToken>(Method::POST, "/api/v1/auth/refresh", Some(&api::Empty {}), None, locale)
            .await
        {
            Ok(token) => {
                let access = token.access_token.clone();
                self.access_token.set_value(Some(access.clone()));
                self.active.set(true);
                Ok(access)
            }
            Err(failure) => self.watch(Err(failure)),
        }
    }

    /// The one place a 401 is handled for the graduate: the session is over (the login
    /// screen says so after `session_expired`), whichever call found out.
    fn watch<T>(self, result: Result<T, ApiFailure>) -> Result<T, ApiFailure> {
        if let Err(failure) = &result {
            match failure.unauthorized() {
                Some(ErrorCode::SessionExpired) => self.end(Some(Farewell::Expired)),
                Some(ErrorCode::Unauthorized) => self.end(None),
                // A 401 about what was sent (a wrong current password) leaves the session be.
                _ => {}
            }
        }
        result
    }

    /// Runs `send` with the access token (refreshed first after a reload), refreshing once
    /// more and retrying when the token has expired.
    async fn authorized<T, F, Fut>(self, locale: Locale, send: F) -> Result<T, ApiFailure>
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = Result<T, ApiFailure>>,
    {
        let token = match self.access_token.get_value() {
            Some(token) => token,
            None => self.refresh(locale).await?,
        };
        self.touch();
        let result = match send(token).await {
            Err(failure) if failure.unauthorized() == Some(ErrorCode::Unauthorized) => {
                let token = self.refresh(locale).await?;
                send(token).await
            }
            other => other,
        };
        self.watch(result)
    }

    /// An authenticated call answering JSON.
    pub async fn call<B: Serialize, T: DeserializeOwned>(
        self,
        method: Method,
        path: &str,
        body: Option<&B>,
        locale: Locale,
    ) -> Result<T, ApiFailure> {
        self.authorized(locale, |token| {
            let method = method.clone();
            async move { api::call(method, path, body, Some(&token), locale).await }
        })
        .await
    }

    /// An authenticated call sent with an `Idempotency-Key` (placing an order).
    pub async fn call_once<B: Serialize, T: DeserializeOwned>(
        self,
        path: &str,
        body: &B,
        locale: Locale,
        key: &str,
    ) -> Result<T, ApiFailure> {
        self.authorized(locale, |token| async move {
            api::call_once(Method::POST, path, Some(body), Some(&token), (locale, key)).await
        })
        .await
    }

    /// An authenticated call answering 204 No Content.
    pub async fn call_no_content<B: Serialize>(
        self,
        method: Method,
        path: &str,
        body: Option<&B>,
        locale: Locale,
    ) -> Result<(), ApiFailure> {
        self.authorized(locale, |token| {
            let method = method.clone();
            async move { api::call_no_content(method, path, body, Some(&token), locale).await }
        })
        .await
    }

    /// Logout: the server clears the refresh cookie; whatever it answers, the token is
    /// forgotten and the login screen says so.
    pub async fn logout(self, locale: Locale) {
        let token = self.access_token.get_value();
        let _ =
            api::call_no_content(Method::POST, "/api/v1/auth/logout", Some(&api::Empty {}), token.as_deref(), locale)
                .await;
        self.end(Some(Farewell::LoggedOut));
    }

    /// The idle limit has passed: the server ends the session too; clear the cookie.
    fn expire(self, locale: Locale) {
        let token = self.access_token.get_value();
        self.end(Some(Farewell::Expired));
        spawn_local(async move {
            let empty = Some(&api::Empty {});
            let _ = api::call_no_content(Method::POST, "/api/v1/auth/logout", empty, token.as_deref(), locale).await;
        });
    }
}

/// Inside the router: goes to the login screen when the session ends, and keeps the idle
/// clock (manual 2.2 Note) — a warning a minute before the automatic logout, with a button
/// that keeps the session by making a call, then the logout itself.
#[component]
pub fn SessionWatch() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.leave.get() {
            session.leave.set(false);
            navigate("/login", NavigateOptions::default());
        }
    });

    let clock = RwSignal::new(now());
    if let Ok(handle) = set_interval_with_handle(move || clock.set(now()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    let remaining = Memo::new(move |_| {
        session.active.get().then(|| session.idle_ms.get() - (clock.get() - session.last_activity.get()))
    });
    Effect::new(move |_| {
        if remaining.get().is_some_and(|ms| ms <= 0.0) {
            session.expire(i18n.locale());
        }
    });
    // A memo: the dialog is built once when the warning starts, not at every tick.
    let warning = Memo::new(move |_| remaining.get().is_some_and(|ms| ms > 0.0 && ms <= WARNING_MS));
    let keeping = RwSignal::new(false);
    let keep = move |_| {
        keeping.set(true);
        let locale = i18n.locale();
        spawn_local(async move {
            let _ = session.call::<(), cis_shared::auth::Me>(Method::GET, "/api/v1/me", None, locale).await;
            keeping.set(false);
        });
    };
    move || {
        warning.get().then(|| {
            view! {
                <div class="modal-backdrop">
                    <div class="dialog card" role="alertdialog" aria-modal="true" aria-labelledby="idle-warning-text" id="idle-warning">
                        <p id="idle-warning-text">{move || i18n.s().idle_warning}</p>
                        <button type="button" class="primary" id="stay-logged-in" disabled=move || keeping.get() on:click=keep>
                            {move || i18n.s().idle_continue}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
