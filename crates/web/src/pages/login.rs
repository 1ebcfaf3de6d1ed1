//! Graduate login (manual 2.2; 2.5 (b) for the LANG pull-down).

use cis_shared::email::Email;
use cis_shared::messages::ErrorCode;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{Field, Layout, NoteBox};
use crate::i18n::use_i18n;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let second_password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<ErrorCode>);
    let password_error = RwSignal::new(None::<ErrorCode>);
    let second_password_error = RwSignal::new(None::<ErrorCode>);
    let unavailable = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        email_error.set(Email::parse(&email.get_untracked()).err());
        password_error.set(password.with_untracked(String::is_empty).then_some(ErrorCode::Required));
        // The second password stays empty at the first login (manual 2.1 step 20).
        second_password_error.set(None);
        let valid = email_error.get_untracked().is_none() && password_error.get_untracked().is_none();
        // The login API arrives with the review issue; until then the form checks its input.
        unavailable.set(valid);
    };

    view! {
        <Layout title=Signal::derive(move || t().login_title)>
            <form class="card login" on:submit=submit novalidate>
                <Field id="email" label=Signal::derive(move || t().mail_address) error=email_error>
                    <input
                        id="email"
                        type="email"
                        inputmode="email"
                        autocomplete="username"
                        placeholder=move || format!("✉ {}", t().mail_address)
                        bind:value=email
                    />
                </Field>
                <Field id="password" label=Signal::derive(move || t().password) error=password_error>
                    <input
                        id="password"
                        type="password"
                        autocomplete="current-password"
                        placeholder=move || format!("🔒 {}", t().password)
                        bind:value=password
                    />
                </Field>
                <Field id="second-password" label=Signal::derive(move || t().second_password) error=second_password_error>
                    <input
                        id="second-password"
                        type="password"
                        autocomplete="off"
                        placeholder=move || format!("🔒 {}", t().second_password)
                        bind:value=second_password
                    />
                </Field>
                <p class="forgot">
                    <A href="/password/forgot">{move || t().forgot_password}</A>
                </p>
                <NoteBox points=Signal::derive(move || t().login_notes.to_vec())/>
                <p class="notice" role="status">{move || unavailable.get().then(|| t().login_unavailable)}</p>
                <button type="submit" class="primary" id="login">{move || t().login_button}</button>
            </form>
            <section class="card registration">
                <h2>{move || t().new_registration}</h2>
                <p>{move || t().new_registration_text}</p>
                <A href="/register" attr:class="button secondary" attr:id="new-registration">
                    {move || t().new_registration_procedure}
                </A>
            </section>
        </Layout>
    }
}
