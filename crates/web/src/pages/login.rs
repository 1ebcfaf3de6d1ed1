//! Graduate login (manual 2.2; 2.5 (b) for the LANG pull-down): tokens open the top page,
//! the first login with the initial password the Password Setting screen (2.1 step 21).

use cis_shared::auth::{GraduateLogin, LoginOutcome};
use cis_shared::email::Email;
use cis_shared::messages::ErrorCode;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{self, Method};
use crate::components::{failure_of, focus_first_invalid, Field, Layout, LockIcon, NoteBox, ProblemBanner, Submit};
use crate::i18n::use_i18n;
use crate::session::{use_session, Farewell};

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
    let session = use_session();
    let navigate = use_navigate();
    let login: Submit<GraduateLogin, LoginOutcome> = Action::new_local(move |body: &GraduateLogin| {
        let (body, locale, navigate) = (body.clone(), i18n.locale(), navigate.clone());
        async move {
            let outcome =
                api::call::<_, LoginOutcome>(Method::POST, "/api/v1/auth/login", Some(&body), None, locale).await;
            match &outcome {
                Ok(LoginOutcome::Tokens(token)) => {
                    session.start(token.clone());
                    navigate("/home", NavigateOptions::default());
                }
                Ok(LoginOutcome::SetupRequired(setup)) => {
                    session.set_setup_token(setup.setup_token.clone());
                    navigate("/password/setting", NavigateOptions::default());
                }
                Err(_) => {}
            }
            outcome
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        email_error.set(Email::parse(&email.get_untracked()).err());
        password_error.set(password.with_untracked(String::is_empty).then_some(ErrorCode::Required));
        // The second password stays empty at the first login (manual 2.1 step 20).
        second_password_error.set(None);
        if email_error.get_untracked().is_some() || password_error.get_untracked().is_some() {
            focus_first_invalid();
            return;
        }
        session.clear_farewell();
        login.dispatch(GraduateLogin {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            second_password: second_password.get_untracked(),
        });
    };
    let farewell = move || {
        session.farewell().map(|f| {
            let text = match f {
                Farewell::LoggedOut => i18n.s().logged_out,
                Farewell::Expired => ErrorCode::SessionExpired.message(i18n.locale()),
            };
            let class = if f == Farewell::Expired { "banner" } else { "notice" };
            view! { <p class=class role="status" id="session-notice">{text}</p> }
        })
    };

    view! {
        <Layout title=Signal::derive(move || t().login_title)>
            {farewell}
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
                    <div class="with-icon">
                        <LockIcon/>
                        <input
                            id="password"
                            type="password"
                            autocomplete="current-password"
                            placeholder=move || t().password
                            bind:value=password
                        />
                    </div>
                </Field>
                <Field id="second-password" label=Signal::derive(move || t().second_password) error=second_password_error>
                    <div class="with-icon">
                        <LockIcon/>
                        <input
                            id="second-password"
                            type="password"
                            autocomplete="off"
                            placeholder=move || t().second_password
                            bind:value=second_password
                        />
                    </div>
                </Field>
                <p class="forgot">
                    <A href="/password/forgot">{move || t().forgot_password}</A>
                </p>
                <NoteBox points=Signal::derive(move || t().login_notes.to_vec())/>
                <ProblemBanner failure=failure_of(login)/>
                <button type="submit" class="primary" id="login" disabled=move || login.pending().get()>
                    {move || t().login_button}
                </button>
            </form>
            <section class="card registration">
                <h2>{move || t().new_registration}</h2>
                <p>{move || t().new_registration_text}</p>
                // The application for an account is another application: a page load.
                <a href="/register" rel="external" class="button secondary" id="new-registration">
                    {move || t().new_registration_procedure}
                </a>
            </section>
            <p class="card manual-link">
                <A href="/manual" attr:id="manual">{move || t().operating_manual}</A>
            </p>
        </Layout>
    }
}
