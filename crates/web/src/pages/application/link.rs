//! The link the flow runs under, given to every piece of it as a context; the link's time
//! (manual 2.1 step 6: "complete the operation within the displayed time limit") and, once
//! it has run out, a new link mailed to the same address.

use std::time::Duration;

use cis_shared::messages::ErrorCode;
use cis_shared::registration::{RegistrationAccepted, StartRegistration};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{failure_of, focus, ProblemBanner, Submit};
use crate::i18n::use_i18n;

/// Which link the flow runs under: a registration link can be mailed again to the same
/// address; a resubmission link cannot. A student ID link (manual 2.3) opens only the
/// form's student record; a new one is asked for from the ⚙ menu.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LinkKind {
    Registration,
    Resubmission,
    StudentId,
}

/// The link the flow runs under, for every piece of it.
#[derive(Clone)]
pub struct Link {
    /// The API path of the link.
    pub base: String,
    pub email: String,
    /// Set by the link's clock, or by a 410 `token_expired` from the API.
    pub expired: RwSignal<bool>,
}

impl Link {
    /// A failed call: an expired link is said by [`RenewLink`], not by the call's banner.
    pub fn note(&self, failure: &ApiFailure) -> bool {
        let expired = matches!(failure, ApiFailure::Problem(p) if p.code == ErrorCode::TokenExpired);
        if expired {
            self.expired.set(true);
        }
        expired
    }
}

pub fn use_link() -> Link {
    expect_context::<Link>()
}

/// Whole minutes left until `expires_at` (milliseconds since the epoch), rounded up.
fn minutes_left(expires_at: f64, now: f64) -> i64 {
    ((expires_at - now) / 60_000.0).ceil() as i64
}

/// "This link works for about N more minutes", counted down by the browser's clock; at
/// zero the link is taken as expired (the API has the last word: a 410 says so too).
#[component]
pub fn LinkClock(expires_at: String) -> impl IntoView {
    let i18n = use_i18n();
    let link = use_link();
    let expires = js_sys::Date::parse(&expires_at);
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(5)) {
        on_cleanup(move || handle.clear());
    }
    let left = Memo::new(move |_| (!expires.is_nan()).then(|| minutes_left(expires, now.get())));
    let expired = link.expired;
    Effect::new(move |_| {
        if left.get().is_some_and(|m| m <= 0) {
            expired.set(true);
        }
    });
    move || {
        let text =
            if expired.get() { i18n.r().link_time_up.to_owned() } else { (i18n.r().link_time_left)(left.get()?) };
        let soon = left.get().is_some_and(|m| m <= 5);
        Some(view! { <p class="link-clock" class:soon=soon id="link-clock">{text}</p> })
    }
}

/// Once the link has expired: the entries are kept here, and a button mails a new link to
/// the same address (`POST /api/v1/registrations`, as the Mail address setting screen does).
#[component]
pub fn RenewLink() -> impl IntoView {
    let i18n = use_i18n();
    let link = use_link();
    let email = link.email.clone();
    let send: Submit<(), RegistrationAccepted> = Action::new_local(move |_: &()| {
        let locale = i18n.locale();
        let body = StartRegistration { email: email.clone(), locale };
        async move { api::post::<_, RegistrationAccepted>("/api/v1/registrations", &body, locale).await }
    });
    let sent = move || send.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).map(|a| a.link_valid_minutes));
    let email = link.email.clone();
    // Found out at Application, 3,800 px below: the offer comes into view with the focus.
    Effect::new(move |_| {
        if link.expired.get() {
            request_animation_frame(|| {
                if let Some(section) = document().get_element_by_id("link-expired") {
                    section.scroll_into_view();
                    focus(&section);
                }
            });
        }
    });
    move || {
        link.expired.get().then(|| {
            let email = email.clone();
            view! {
                <section class="banner renew" id="link-expired" role="alert" tabindex="-1">
                    <p class="strong">{move || i18n.r().link_time_up}</p>
                    <p>{move || i18n.r().link_expired_draft}</p>
                    {move || match sent() {
                        Some(minutes) => view! {
                            <p class="notice" role="status" id="renew-sent">{(i18n.r().renew_sent)(&email, minutes)}</p>
                        }
                        .into_any(),
                        None => view! {
                            <button type="button" class="primary" id="renew-link" disabled=move || send.pending().get()
                                on:click=move |_| { send.dispatch(()); }>
                                {move || i18n.r().renew_link}
                            </button>
                        }
                        .into_any(),
                    }}
                    <ProblemBanner failure=failure_of(send) id="renew-problem"/>
                </section>
            }
        })
    }
}
