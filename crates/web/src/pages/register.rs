//! "Mail address setting" (manual 2.1 steps 3–5; 2.5 (a) for the LANG pull-down).

use cis_shared::email::Email;
use cis_shared::messages::ErrorCode;
use cis_shared::registration::{RegistrationAccepted, StartRegistration};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api;
use crate::components::{failure_of, focus_first_invalid, Field, Layout, NoteBox, ProblemBanner, Submit};
use crate::i18n::use_i18n;

#[component]
pub fn MailAddressPage() -> impl IntoView {
    let i18n = use_i18n();
    let r = move || i18n.r();

    let email = RwSignal::new(String::new());
    let check = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<ErrorCode>);
    let check_error = RwSignal::new(None::<ErrorCode>);
    let mismatch = RwSignal::new(false);
    let start: Submit<StartRegistration, RegistrationAccepted> = Action::new_local(move |body: &StartRegistration| {
        let (body, locale) = (body.clone(), i18n.locale());
        async move { api::post::<_, RegistrationAccepted>("/api/v1/registrations", &body, locale).await }
    });
    let sent = move || start.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).map(|a| a.link_valid_minutes));

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked();
        email_error.set(Email::parse(&address).err());
        check_error.set(check.with_untracked(String::is_empty).then_some(ErrorCode::Required));
        mismatch.set(check_error.get_untracked().is_none() && check.get_untracked() != address);
        if email_error.get_untracked().is_some() || check_error.get_untracked().is_some() || mismatch.get_untracked() {
            focus_first_invalid();
            return;
        }
        start.dispatch(StartRegistration { email: address, locale: i18n.locale() });
    };

    let form = move || {
        view! {
            <form class="card" on:submit=submit novalidate>
                <Field id="email" label=Signal::derive(move || i18n.t().mail_address) error=email_error>
                    <input id="email" type="email" inputmode="email" autocomplete="email" bind:value=email/>
                </Field>
                <Field id="email-check" label=Signal::derive(move || r().check_field) error=check_error>
                    <input id="email-check" type="email" inputmode="email" autocomplete="off" bind:value=check/>
                </Field>
                <p class="error" id="email-mismatch" role="alert">{move || mismatch.get().then(|| r().mismatch)}</p>
                <NoteBox points=Signal::derive(move || r().mail_notes.to_vec())/>
                <div class="note-extra">
                    <p>{move || r().mail_checks_intro}</p>
                    <ol>{move || r().mail_checks.iter().map(|c| view! { <li>{*c}</li> }).collect_view()}</ol>
                </div>
                <ProblemBanner failure=failure_of(start)/>
                <div class="actions">
                    <a href="/" rel="external" class="button secondary" id="back">{move || r().back}</a>
                    <button type="submit" class="primary" id="check" disabled=move || start.pending().get()>{move || r().check}</button>
                </div>
            </form>
        }
    };

    let done = move |minutes: i64| {
        view! {
            <section class="card" id="sent">
                <p>{move || r().sent_text}</p>
                <p class="strong">{move || format!("{}{}{}", r().sent_valid_for, minutes, r().minutes)}</p>
                <a href="/" rel="external" class="button secondary">{move || i18n.t().to_login}</a>
            </section>
        }
    };

    view! {
        <Layout title=Signal::derive(move || if sent().is_some() { r().sent_title } else { r().mail_setting_title })>
            {move || match sent() {
                Some(minutes) => done(minutes).into_any(),
                None => form().into_any(),
            }}
        </Layout>
    }
}
