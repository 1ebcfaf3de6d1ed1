//! Login history (beyond the manual, from the ⚙ menu): the account's live sessions — the
//! device read from the login's user agent, where it connected from, when it logged in and
//! was last active — with this device marked, and End for every other one, confirmed first.
//! On a phone the table reflows into one block per session.

use cis_shared::auth::Me;
use cis_shared::sessions::{Device, SessionInfo};
use cis_shared::Locale;
use leptos::prelude::*;

use crate::api::{ApiFailure, Method};
use crate::components::{failure_of, local_time, NoteBox, ProblemBanner, Submit};
use crate::i18n::{use_i18n, I18n};
use crate::menu::GraduateLayout;
use crate::session::use_session;

/// The device of a session in the screen's language ("Firefox on Windows").
fn device_name(session: &SessionInfo, i18n: I18n) -> String {
    let device = Device::from_user_agent(session.user_agent.as_deref().unwrap_or(""));
    device.describe(i18n.locale()).unwrap_or_else(|| i18n.history().unknown_device.to_owned())
}

/// Moves the focus to the element with this id once it is on the screen.
fn focus_later(id: String) {
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(&id) {
            crate::components::focus(&element);
        }
    });
}

#[component]
pub fn LoginHistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let list = LocalResource::new(move || async move {
        session.call::<(), Vec<SessionInfo>>(Method::GET, "/api/v1/me/sessions", None, Locale::Ja).await
    });
    let me = LocalResource::new(move || async move {
        let me = session.call::<(), Me>(Method::GET, "/api/v1/me", None, Locale::Ja).await;
        if let Ok(me) = &me {
            session.set_idle_timeout(me.idle_timeout_seconds);
        }
        me
    });
    // The session waiting for confirmation, and whether one has just been ended.
    let confirming = RwSignal::new(None::<SessionInfo>);
    let ended = RwSignal::new(false);
    let end: Submit<i64, ()> = Action::new_local(move |id: &i64| {
        let (path, locale) = (format!("/api/v1/me/sessions/{id}"), i18n.locale());
        async move {
            let answer = session.call_no_content::<()>(Method::DELETE, &path, None, locale).await;
            // Ended here or elsewhere meanwhile: the list says which remain.
            list.refetch();
            if answer.is_ok() {
                confirming.set(None);
                ended.set(true);
                focus_later("session-ended".to_owned());
            }
            answer
        }
    });
    let failure = RwSignal::new(None::<ApiFailure>);
    Effect::new(move |_| {
        // 401s take the graduate to the login screen; the rest is said here.
        if let Some(Err(err)) = list.get() {
            if err.unauthorized().is_none() {
                failure.set(Some(err));
            }
        }
    });
    let ask = Callback::new(move |target: SessionInfo| {
        ended.set(false);
        confirming.set(Some(target));
    });
    let cancel = Callback::new(move |_| {
        if let Some(target) = confirming.get_untracked() {
            focus_later(format!("end-{}", target.id));
        }
        confirming.set(None);
    });
    let ends_at = move || {
        let me = me.get()?.ok()?;
        Some((i18n.history().ends_at)(&local_time(&me.session_ends_at, i18n.locale())))
    };

    view! {
        <GraduateLayout title=Signal::derive(move || i18n.history().title)>
            <section class="card login-history">
                <p>{move || i18n.history().intro}</p>
                <p id="session-ends-at" class="hint">{ends_at}</p>
                <ProblemBanner failure/>
                <p id="session-ended" class="notice" role="status" tabindex="-1">
                    {move || ended.get().then(|| i18n.history().ended)}
                </p>
                {move || list.get().is_none().then(|| view! { <p>{i18n.r().loading}</p> })}
                {move || list.get().and_then(Result::ok).map(|sessions| view! { <SessionTable sessions ask/> })}
                <NoteBox points=Signal::derive(move || i18n.history().notes.to_vec())/>
            </section>
            {move || confirming.get().map(|target| view! { <ConfirmEnd target end on_cancel=cancel/> })}
        </GraduateLayout>
    }
}

/// The sessions, newest first; on a phone each row is a block with its labels.
#[component]
fn SessionTable(sessions: Vec<SessionInfo>, ask: Callback<SessionInfo>) -> impl IntoView {
    let i18n = use_i18n();
    let h = move || i18n.history();
    let rows = sessions.into_iter().map(|s| view! { <SessionRow session=s ask/> }).collect_view();
    view! {
        <table class="sessions" id="sessions">
            <thead>
                <tr>
                    <th scope="col">{move || h().device}</th>
                    <th scope="col">{move || h().client_address}</th>
                    <th scope="col">{move || h().started}</th>
                    <th scope="col">{move || h().last_active}</th>
                    <th scope="col"><span class="visually-hidden">{move || h().end}</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn SessionRow(session: SessionInfo, ask: Callback<SessionInfo>) -> impl IntoView {
    let i18n = use_i18n();
    let h = move || i18n.history();
    let (id, current) = (session.id, session.current);
    let device_id = format!("device-{id}");
    let target = session.clone();
    let action = if current {
        view! { <span class="this-device">{move || h().this_device}</span> }.into_any()
    } else {
        view! {
            <button type="button" class="secondary end-session" id=format!("end-{id}") aria-describedby=device_id.clone()
                on:click=move |_| ask.run(target.clone())>
                {move || h().end}
            </button>
        }
        .into_any()
    };
    let (started, last_active) = (session.started_at.clone(), session.last_active_at.clone());
    let address = session.client_address.clone();
    let user_agent = session.user_agent.clone().unwrap_or_default();
    view! {
        <tr class=if current { "session current" } else { "session" } id=format!("session-{id}")>
            <td data-label=move || h().device>
                <span class="device" id=device_id title=user_agent>{move || device_name(&session, i18n)}</span>
            </td>
            <td data-label=move || h().client_address class="address">
                {move || address.clone().unwrap_or_else(|| h().unknown.to_owned())}
            </td>
            <td data-label=move || h().started class="started">{move || local_time(&started, i18n.locale())}</td>
            <td data-label=move || h().last_active class="last-active">{move || local_time(&last_active, i18n.locale())}</td>
            <td class="actions">{action}</td>
        </tr>
    }
}

/// "End the login of …?": Cancel (which has the focus first, and which Escape presses) or
/// End. The focus stays inside while it is open.
#[component]
fn ConfirmEnd(target: SessionInfo, end: Submit<i64, ()>, on_cancel: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let h = move || i18n.history();
    let cancel_button = NodeRef::<leptos::html::Button>::new();
    let end_button = NodeRef::<leptos::html::Button>::new();
    request_animation_frame(move || {
        if let Some(button) = cancel_button.get_untracked() {
            let _ = button.focus();
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => on_cancel.run(()),
        "Tab" => {
            // Two buttons: Tab and Shift+Tab go from one to the other.
            ev.prevent_default();
            let on_cancel_button = document().active_element().is_some_and(|a| a.id() == "confirm-cancel");
            let next = if on_cancel_button { end_button.get_untracked() } else { cancel_button.get_untracked() };
            if let Some(next) = next {
                let _ = next.focus();
            }
        }
        _ => {}
    };
    let id = target.id;
    // Only what this dialog's End answered, not an earlier one's.
    let opened = end.version().get_untracked();
    let failure = Signal::derive(move || (end.version().get() > opened).then(|| failure_of(end).get()).flatten());
    let text = move || {
        let address = target.client_address.clone().unwrap_or_else(|| h().unknown.to_owned());
        (h().confirm_text)(&device_name(&target, i18n), &address, &local_time(&target.started_at, i18n.locale()))
    };
    view! {
        <div class="modal-backdrop" on:keydown=on_key>
            <div class="dialog card" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title"
                aria-describedby="confirm-text" id="confirm-end">
                <h2 id="confirm-title">{move || h().confirm_title}</h2>
                <p id="confirm-text">{text}</p>
                <ProblemBanner failure id="confirm-problem"/>
                <div class="dialog-actions">
                    <button type="button" class="secondary" id="confirm-cancel" node_ref=cancel_button
                        on:click=move |_| on_cancel.run(())>
                        {move || h().cancel}
                    </button>
                    <button type="button" class="primary" id="confirm-end-button" node_ref=end_button
                        disabled=move || end.pending().get() on:click=move |_| { end.dispatch(id); }>
                        {move || h().end}
                    </button>
                </div>
            </div>
        </div>
    }
}
