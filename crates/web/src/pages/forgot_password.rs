//! "Reset password" and "Password reset mail sent" (manual 2.4 (f) steps 1–4): the mail
//! address, the Note and its checklist, Send; every address gets the same sent screen.

use cis_shared::email::Email;
use cis_shared::messages::ErrorCode;
use cis_shared::password_reset::StartPasswordReset;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, Method};
use crate::components::{failure_of, focus, focus_first_invalid, Field, Layout, NoteBox, ProblemBanner, Submit};
use crate::i18n::use_i18n;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let p = move || i18n.reset();

    let email = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<ErrorCode>);
    // The answer's body (how long the link works) is the manual's "30 minutes": not read.
    let send: Submit<StartPasswordReset, ()> = Action::new_local(move |body: &StartPasswordReset| {
        let (body, locale) = (body.clone(), i18n.locale());
        async move { api::call_no_content(Method::POST, "/api/v1/password-resets", Some(&body), None, locale).await }
    });
    let sent = move || send.value().with(|v| matches!(v, Some(Ok(_))));

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked().trim().to_owned();
        email_error.set(Email::parse(&address).err());
        if email_error.get_untracked().is_some() {
            focus_first_invalid();
            return;
        }
        send.dispatch(StartPasswordReset { email: address, locale: i18n.locale() });
    };

    let form = move || {
        view! {
            <form class="card forgot-password" on:submit=submit novalidate>
                <Field id="email" label=Signal::derive(move || i18n.t().mail_address) error=email_error>
                    <input id="email" type="email" inputmode="email" autocomplete="username" bind:value=email/>
                </Field>
                <NoteBox points=Signal::derive(move || p().forgot_notes.to_vec())/>
                <div class="note-extra">
                    <p>{move || p().checks_intro}</p>
                    <ol>{move || p().checks.iter().map(|c| view! { <li>{*c}</li> }).collect_view()}</ol>
                </div>
                <ProblemBanner failure=failure_of(send)/>
                <div class="actions">
                    <A href="/login" attr:class="button secondary" attr:id="back">{move || p().back}</A>
                    <button type="submit" class="primary" id="send" disabled=move || send.pending().get()>{move || p().send}</button>
                </div>
            </form>
        }
    };

    view! {
        <Layout title=Signal::derive(move || if sent() { p().sent_title } else { p().forgot_title })>
            {move || if sent() { view! { <SentNotice/> }.into_any() } else { form().into_any() }}
        </Layout>
    }
}

/// "A password reset mail has been sent." and the manual's two points; the focus moves
/// here so that a screen reader reads it.
#[component]
fn SentNotice() -> impl IntoView {
    let i18n = use_i18n();
    let p = move || i18n.reset();
    let notice = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if let Some(section) = notice.get() {
            focus(&section);
        }
    });
    view! {
        <section class="card" id="reset-sent" role="status" tabindex="-1" node_ref=notice>
            <p class="strong">{move || p().sent_text}</p>
            <ol>{move || p().sent_points.iter().map(|c| view! { <li>{*c}</li> }).collect_view()}</ol>
            <A href="/login" attr:class="button secondary" attr:id="to-login">{move || i18n.t().to_login}</A>
        </section>
    }
}
