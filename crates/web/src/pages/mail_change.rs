//! "Change mail address" while logged in (manual 2.4 (b) steps 1–4): the new address and
//! its check, the Note, and the current password again; Check, then "a confirmation mail
//! has been sent", whatever becomes of the address.

use std::collections::HashSet;

use cis_shared::auth::Me;
use cis_shared::mail_change::{validate_mail_change_form, MailChangeAccepted, MailChangeRequest};
use cis_shared::messages::ErrorCode;
use cis_shared::Locale;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::{ApiFailure, Method};
use crate::components::{failure_of, failure_text, focus, focus_first_invalid, Field, NoteBox, Submit};
use crate::i18n::use_i18n;
use crate::menu::GraduateLayout;
use crate::session::use_session;

#[component]
pub fn MailChangePage() -> impl IntoView {
    let i18n = use_i18n();
    let (mc, r) = (move || i18n.mc(), move || i18n.r());
    let session = use_session();
    let me = LocalResource::new(move || session.call::<(), Me>(Method::GET, "/api/v1/me", None, Locale::Ja));
    let current = move || me.get().and_then(Result::ok).map(|me| me.email).unwrap_or_default();

    let new_email = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let violations = Memo::new(move |_| {
        validate_mail_change_form(&new_email.read(), &confirmation.read(), &password.read(), &current())
    });
    let touched = RwSignal::new(HashSet::<&'static str>::new());
    let checked = RwSignal::new(false);
    // The API's verdict on a field, until that field changes.
    let server_errors = RwSignal::new(Vec::<(String, ErrorCode)>::new());
    let ask: Submit<MailChangeRequest, MailChangeAccepted> = Action::new_local(move |body: &MailChangeRequest| {
        let (body, locale) = (body.clone(), i18n.locale());
        async move {
            let path = "/api/v1/me/mail-change";
            let answer = session.call::<_, MailChangeAccepted>(Method::POST, path, Some(&body), locale).await;
            match &answer {
                Err(ApiFailure::Problem(p)) if p.code == ErrorCode::InvalidCredentials => {
                    password.set(String::new());
                    request_animation_frame(|| {
                        if let Some(field) = document().get_element_by_id("current-password") {
                            focus(&field);
                        }
                    });
                }
                Err(ApiFailure::Problem(p)) if !p.errors.is_empty() => {
                    server_errors.set(p.errors.iter().map(|e| (e.field.clone(), e.code)).collect());
                    focus_first_invalid();
                }
                _ => {}
            }
            answer
        }
    });
    let failure = failure_of(ask);
    // A wrong current password: the API's text speaks of the login's address and password.
    let banner = move |f: &ApiFailure| match f {
        ApiFailure::Problem(p) if p.code == ErrorCode::InvalidCredentials => mc().wrong_password.to_owned(),
        other => failure_text(other, i18n),
    };
    let sent = move || ask.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).map(|a| a.link_valid_minutes));

    let error = move |pointer: &'static str| {
        Signal::derive(move || {
            let server = server_errors.with(|e| e.iter().find(|(p, _)| p == pointer).map(|(_, c)| *c));
            let shown = checked.get() || touched.with(|t| t.contains(pointer));
            let own = violations.with(|v| v.iter().find(|(p, _)| p == pointer).map(|(_, c)| *c));
            server.or(own.filter(|_| shown))
        })
    };
    let input = move |id: &'static str, pointer: &'static str, kind: &'static str, autocomplete: &'static str| {
        let value = match pointer {
            "/new_email" => new_email,
            "/new_email_confirmation" => confirmation,
            _ => password,
        };
        let label = move || match pointer {
            "/new_email" => mc().new_address,
            "/new_email_confirmation" => r().check_field,
            _ => mc().current_password,
        };
        view! {
            <Field id label=Signal::derive(label) required=true error=error(pointer)>
                <input
                    id=id
                    type=kind
                    inputmode=(kind == "email").then_some("email")
                    autocomplete=autocomplete
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        server_errors.update(|e| e.retain(|(p, _)| p != pointer));
                    }
                    on:blur=move |_| touched.update(|t| { t.insert(pointer); })
                />
            </Field>
        }
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        checked.set(true);
        if !violations.with(Vec::is_empty) {
            focus_first_invalid();
            return;
        }
        ask.dispatch(MailChangeRequest { new_email: new_email.get_untracked(), password: password.get_untracked() });
    };

    let form = move || {
        view! {
            <form class="card" id="mail-change" novalidate on:submit=submit>
                <dl class="confirm">
                    <dt>{move || mc().current_address}</dt>
                    <dd id="current-email">{current}</dd>
                </dl>
                {input("new-email", "/new_email", "email", "email")}
                {input("new-email-check", "/new_email_confirmation", "email", "off")}
                {input("current-password", "/password", "password", "current-password")}
                <NoteBox points=Signal::derive(move || mc().notes.to_vec())/>
                <div class="note-extra">
                    <p>{move || r().mail_checks_intro}</p>
                    <ol>{move || r().mail_checks.iter().map(|c| view! { <li>{*c}</li> }).collect_view()}</ol>
                </div>
                {move || failure.get().map(|f| view! { <p class="banner" role="alert" id="problem">{banner(&f)}</p> })}
                <div class="actions">
                    <a href="/home" class="button secondary" id="back">{move || r().back}</a>
                    <button type="submit" class="primary" id="check" disabled=move || ask.pending().get()>{move || r().check}</button>
                </div>
            </form>
        }
    };
    let done = move |minutes: i64| {
        view! {
            <section class="card" id="mail-change-sent" role="status">
                <p class="strong">{move || mc().sent}</p>
                <p>{move || format!("{}{}{}", r().sent_valid_for, minutes, r().minutes)}</p>
                <a href="/home" class="button secondary" id="to-top">{move || mc().to_top}</a>
            </section>
        }
    };

    view! {
        <GraduateLayout title=Signal::derive(move || i18n.mc().title)>
            {move || match sent() {
                Some(minutes) => done(minutes).into_any(),
                None => form().into_any(),
            }}
        </GraduateLayout>
    }
}
