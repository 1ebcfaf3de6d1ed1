//! The pages of the two links of a mail address change (manual 2.4 (b) steps 5–6), in the
//! graduate's bundle, working whether or not the graduate is logged in in this browser:
//! the link mailed to the new address shows the address and a button that completes the
//! change (opening a link changes nothing: mail scanners open links); the link in the
//! notice to the old address has a button that undoes it. Both show LANG, as pages before
//! login do. One component serves both (each screen costs the bundle its own code).

use cis_shared::mail_change::{MailAddress, PendingEmailChange};
use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiFailure, Method};
use crate::components::{local_time, Layout, Submit};
use crate::i18n::{use_i18n, I18n, MailChangeTexts};

/// Which of the two links a page is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Link {
    /// `/mail-change/:token`, mailed to the new address.
    Change,
    /// `/mail-change-undo/:token`, in the notice to the old address.
    Undo,
}

/// What a page says, by link: (title, text before the button, button, done, after done).
fn words(link: Link, t: &'static MailChangeTexts) -> [&'static str; 5] {
    match link {
        Link::Change => [t.title, t.link_text, t.change_button, t.changed, t.changed_next],
        Link::Undo => [t.undo_title, t.undo_text, t.undo_button, t.undone, t.undone_next],
    }
}

/// What to do next after a link that does not work.
fn next_step(link: Link, failure: &ApiFailure, i18n: I18n) -> (ErrorCode, &'static str) {
    let t = i18n.mc();
    let code = match failure {
        ApiFailure::Problem(p) => p.code,
        ApiFailure::Network => return (ErrorCode::ServiceUnavailable, i18n.t().network_error),
    };
    let next = match (link, code) {
        (Link::Change, ErrorCode::TokenExpired) => t.next_expired,
        (Link::Change, ErrorCode::TokenUsed) => t.next_used,
        (Link::Change, ErrorCode::EmailTaken) => t.next_taken,
        (Link::Undo, ErrorCode::TokenExpired) => t.undo_next_expired,
        (Link::Undo, ErrorCode::TokenUsed) => t.undo_next_used,
        (Link::Undo, ErrorCode::EmailTaken) => t.undo_next_taken,
        _ => t.next_invalid,
    };
    (code, next)
}

/// `/mail-change/:token`: the new address and the button "Change the mail address".
#[component]
pub fn MailChangeLinkPage() -> impl IntoView {
    view! { <LinkPage link=Link::Change/> }
}

/// `/mail-change-undo/:token`: the button "Undo the change". What the link is worth shows
/// once it is pressed (an unknown, expired or used link says so then).
#[component]
pub fn MailChangeUndoPage() -> impl IntoView {
    view! { <LinkPage link=Link::Undo/> }
}

/// Where a link's page is.
enum State {
    /// Unknown, expired, used, refused, or no answer.
    Trouble(ApiFailure),
    /// Done: the account's address now.
    Done(String),
    /// The button waits (with what the change link would change).
    Ready(Option<PendingEmailChange>),
}

#[component]
fn LinkPage(link: Link) -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let (read, press) = match link {
        Link::Change => (Some(format!("/api/v1/mail-changes/{token}")), format!("/api/v1/mail-changes/{token}")),
        Link::Undo => (None, format!("/api/v1/mail-change-undos/{token}")),
    };
    // The change link shows what it would change; the undo link has nothing to read.
    let pending = LocalResource::new(move || {
        let read = read.clone();
        async move {
            match read {
                Some(path) => api::get::<PendingEmailChange>(&path, Locale::Ja).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let button: Submit<(), MailAddress> = Action::new_local(move |_: &()| {
        let (path, locale) = (press.clone(), i18n.locale());
        async move { api::call::<(), MailAddress>(Method::POST, &path, None, None, locale).await }
    });
    let text = move |i: usize| words(link, i18n.mc())[i];
    let body = move || {
        let state = match button.value().get() {
            Some(Ok(done)) => State::Done(done.email),
            Some(Err(failure)) => State::Trouble(failure),
            None => match pending.get()? {
                Ok(pending) => State::Ready(pending),
                Err(failure) => State::Trouble(failure),
            },
        };
        Some(match state {
            State::Trouble(failure) => {
                let (code, next) = next_step(link, &failure, i18n);
                view! {
                    <section class="card" id="link-problem">
                        <p class="banner" role="alert">{code.message(i18n.locale())}</p>
                        <p id="next-step">{next}</p>
                        <a href="/login" class="button secondary" id="to-login">{i18n.t().to_login}</a>
                    </section>
                }
                .into_any()
            }
            State::Done(email) => {
                let (label, href, to) = match link {
                    Link::Change => (i18n.mc().new_address, "/home", i18n.mc().to_top),
                    Link::Undo => (i18n.t().mail_address, "/login", i18n.t().to_login),
                };
                view! {
                    <section class="card" id="link-done" role="status">
                        <p class="strong">{text(3)}</p>
                        <dl class="confirm">
                            <dt>{label}</dt>
                            <dd id="link-email">{email}</dd>
                        </dl>
                        <p>{text(4)}</p>
                        <a href=href class="button primary" id="link-next">{to}</a>
                    </section>
                }
                .into_any()
            }
            State::Ready(pending) => {
                let shown = pending.map(|p| {
                    let until = local_time(&p.expires_at, i18n.locale());
                    view! {
                        <dl class="confirm">
                            <dt>{i18n.mc().new_address}</dt>
                            <dd id="new-email">{p.new_email}</dd>
                            <dt>{i18n.mc().valid_until}</dt>
                            <dd id="valid-until">{until}</dd>
                        </dl>
                    }
                });
                view! {
                    <section class="card" id="link-ready">
                        <p>{text(1)}</p>
                        {shown}
                        <div class="actions">
                            <button type="button" class="primary" id="press" disabled=move || button.pending().get()
                                on:click=move |_| { button.dispatch(()); }>
                                {text(2)}
                            </button>
                        </div>
                    </section>
                }
                .into_any()
            }
        })
    };
    view! {
        <Layout title=Signal::derive(move || text(0))>
            {move || body().unwrap_or_else(|| view! { <p class="card">{i18n.r().loading}</p> }.into_any())}
        </Layout>
    }
}
