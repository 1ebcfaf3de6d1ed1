//! The pages of the two links of a mail address change (manual 2.4 (b) steps 5–6), in the
//! graduate's bundle, working whether or not the graduate is logged in in this browser:
//! the link mailed to the new address shows the address and a button that completes the
//! change (opening a link changes nothing: mail scanners open links); the link in the
//! notice to the old address has a button that undoes it. Both show LANG, as pages before
//! login do.

use cis_shared::mail_change::{MailAddress, PendingEmailChange};
use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiFailure, Method};
use crate::components::{Layout, Submit};
use crate::i18n::{use_i18n, MailChangeTexts};

/// Which of the two links a page is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Link {
    Change,
    Undo,
}

impl Link {
    fn next_step(self, code: ErrorCode, t: &'static MailChangeTexts) -> &'static str {
        match (self, code) {
            (Link::Change, ErrorCode::TokenExpired) => t.next_expired,
            (Link::Change, ErrorCode::TokenUsed) => t.next_used,
            (Link::Change, ErrorCode::EmailTaken) => t.next_taken,
            (Link::Undo, ErrorCode::TokenExpired) => t.undo_next_expired,
            (Link::Undo, ErrorCode::TokenUsed) => t.undo_next_used,
            (Link::Undo, ErrorCode::EmailTaken) => t.undo_next_taken,
            _ => t.next_invalid,
        }
    }
}

/// An unknown, expired, used or refused link: what happened and what to do next, in the
/// screen's language.
#[component]
fn LinkTrouble(failure: ApiFailure, link: Link) -> impl IntoView {
    let i18n = use_i18n();
    let code = match &failure {
        ApiFailure::Problem(p) => p.code,
        ApiFailure::Network => ErrorCode::ServiceUnavailable,
    };
    let next = move || match failure {
        ApiFailure::Network => i18n.t().network_error,
        _ => link.next_step(code, i18n.mc()),
    };
    view! {
        <section class="card" id="link-problem">
            <p class="banner" role="alert">{move || code.message(i18n.locale())}</p>
            <p id="next-step">{next}</p>
            <a href="/login" class="button secondary" id="to-login">{move || i18n.t().to_login}</a>
        </section>
    }
}

/// A time as the graduate's browser reads it, in the screen's language.
fn local_time(at: &str, locale: Locale) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(at));
    date.to_locale_string(locale.tag(), &wasm_bindgen::JsValue::UNDEFINED).into()
}

/// The button's call: `POST` on the link's path.
fn press(path: String) -> Submit<(), MailAddress> {
    let i18n = use_i18n();
    Action::new_local(move |_: &()| {
        let (path, locale) = (path.clone(), i18n.locale());
        async move { api::call::<(), MailAddress>(Method::POST, &path, None, None, locale).await }
    })
}

/// `/mail-change/:token`: the new address and the button "Change the mail address".
#[component]
pub fn MailChangeLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let mc = move || i18n.mc();
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let path = format!("/api/v1/mail-changes/{token}");
    let link = LocalResource::new({
        let path = path.clone();
        move || {
            let path = path.clone();
            async move { api::get::<PendingEmailChange>(&path, Locale::Ja).await }
        }
    });
    let change = press(path);
    let body = move || match (link.get(), change.value().get()) {
        (None, _) => view! { <p class="card">{move || i18n.r().loading}</p> }.into_any(),
        (_, Some(Ok(done))) => view! {
            <section class="card" id="mail-changed" role="status">
                <p class="strong">{move || mc().changed}</p>
                <dl class="confirm">
                    <dt>{move || mc().new_address}</dt>
                    <dd id="changed-email">{done.email}</dd>
                </dl>
                <p>{move || mc().changed_next}</p>
                <a href="/home" class="button primary" id="to-top">{move || mc().to_top}</a>
            </section>
        }
        .into_any(),
        (_, Some(Err(failure))) | (Some(Err(failure)), None) => {
            view! { <LinkTrouble failure link=Link::Change/> }.into_any()
        }
        (Some(Ok(pending)), None) => {
            let expires_at = pending.expires_at.clone();
            view! {
                <section class="card" id="mail-change-link">
                    <p>{move || mc().link_text}</p>
                    <dl class="confirm">
                        <dt>{move || mc().new_address}</dt>
                        <dd id="new-email">{pending.new_email}</dd>
                        <dt>{move || mc().valid_until}</dt>
                        <dd id="valid-until">{move || local_time(&expires_at, i18n.locale())}</dd>
                    </dl>
                    <div class="actions">
                        <button type="button" class="primary" id="change" disabled=move || change.pending().get()
                            on:click=move |_| { change.dispatch(()); }>
                            {move || mc().change_button}
                        </button>
                    </div>
                </section>
            }
            .into_any()
        }
    };
    view! { <Layout title=Signal::derive(move || i18n.mc().title)>{body}</Layout> }
}

/// `/mail-change-undo/:token`: the button "Undo the change". What the link is worth shows
/// once it is pressed (an unknown, expired or used link says so then).
#[component]
pub fn MailChangeUndoPage() -> impl IntoView {
    let i18n = use_i18n();
    let mc = move || i18n.mc();
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let undo = press(format!("/api/v1/mail-change-undos/{token}"));
    let body = move || match undo.value().get() {
        Some(Ok(done)) => view! {
            <section class="card" id="mail-change-undone" role="status">
                <p class="strong">{move || mc().undone}</p>
                <dl class="confirm">
                    <dt>{move || i18n.t().mail_address}</dt>
                    <dd id="restored-email">{done.email}</dd>
                </dl>
                <p>{move || mc().undone_next}</p>
                <a href="/login" class="button primary" id="to-login">{move || i18n.t().to_login}</a>
            </section>
        }
        .into_any(),
        Some(Err(failure)) => view! { <LinkTrouble failure link=Link::Undo/> }.into_any(),
        None => view! {
            <section class="card" id="mail-change-undo">
                <p>{move || mc().undo_text}</p>
                <div class="actions">
                    <button type="button" class="primary" id="undo" disabled=move || undo.pending().get()
                        on:click=move |_| { undo.dispatch(()); }>
                        {move || mc().undo_button}
                    </button>
                </div>
            </section>
        }
        .into_any(),
    };
    view! { <Layout title=Signal::derive(move || i18n.mc().undo_title)>{body}</Layout> }
}
