//! Staff login: mail address and password, then the queue.

use cis_shared::email::Email;
use cis_shared::messages::ErrorCode;
use cis_shared::staff::{AccessToken, StaffLogin};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::{use_staff, Farewell};
use crate::api::{self, Method};
use crate::components::{failure_of, focus_first_invalid, Field, Layout, ProblemBanner, Submit};
use crate::i18n::use_i18n;

#[component]
pub fn StaffLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.staff();
    let session = use_staff();
    let navigate = use_navigate();

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<ErrorCode>);
    let password_error = RwSignal::new(None::<ErrorCode>);
    let login: Submit<StaffLogin, AccessToken> = Action::new_local(move |body: &StaffLogin| {
        let (body, locale) = (body.clone(), i18n.locale());
        async move {
            let answer =
                api::call::<_, AccessToken>(Method::POST, "/api/v1/staff/login", Some(&body), None, locale).await;
            if let Ok(token) = &answer {
                password.set(String::new());
                session.log_in(token.access_token.clone());
            }
            answer
        }
    });

    // Logged in already (a reload, or after the login below): on to the queue.
    Effect::new(move |_| {
        if session.logged_in() {
            navigate("/staff", NavigateOptions { replace: true, ..Default::default() });
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        email_error.set(Email::parse(&email.get_untracked()).err());
        password_error.set(password.with_untracked(String::is_empty).then_some(ErrorCode::Required));
        if email_error.get_untracked().is_some() || password_error.get_untracked().is_some() {
            focus_first_invalid();
            return;
        }
        login.dispatch(StaffLogin {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        });
    };

    let farewell = move || {
        session.farewell().map(|why| {
            let text = match why {
                Farewell::Expired => s().session_ended,
                Farewell::LoggedOut => s().logged_out,
            };
            view! { <p class="notice" role="status" id="farewell">{text}</p> }
        })
    };

    view! {
        <Layout title=Signal::derive(move || s().login_title)>
            <form class="card login staff-login" on:submit=submit novalidate>
                {farewell}
                <Field id="email" label=Signal::derive(move || s().mail_address) error=email_error>
                    <input id="email" type="email" inputmode="email" autocomplete="username" bind:value=email/>
                </Field>
                <Field id="password" label=Signal::derive(move || s().password) error=password_error>
                    <input id="password" type="password" autocomplete="current-password" bind:value=password/>
                </Field>
                <ProblemBanner failure=failure_of(login) id="problem"/>
                <button type="submit" class="primary" id="login" disabled=move || login.pending().get()>
                    {move || s().login_button}
                </button>
            </form>
        </Layout>
    }
}
