//! "Password Setting" after the first login with the initial password (manual 2.1 steps
//! 21–23): password and second password, each twice, checked as typed by the same rules as
//! the API (`validate_credentials_form`); Set, then the completion message and OK.

use cis_shared::auth::{validate_credentials_form, CredentialSetup};
use cis_shared::staff::AccessToken;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{self, Method};
use crate::components::{failure_of, Layout, NoteBox, ProblemBanner, Submit};
use crate::i18n::use_i18n;
use crate::secret_form::SecretForm;
use crate::session::use_session;

#[component]
pub fn PasswordSettingPage() -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.s();
    let session = use_session();
    let navigate = use_navigate();

    // The setup token is held in memory only: after a reload the graduate logs in again.
    let Some(setup_token) = session.setup_token() else {
        let navigate = navigate.clone();
        request_animation_frame(move || navigate("/login", NavigateOptions { replace: true, ..Default::default() }));
        return ().into_any();
    };

    let password = RwSignal::new(String::new());
    let password_confirmation = RwSignal::new(String::new());
    let second_password = RwSignal::new(String::new());
    let second_password_confirmation = RwSignal::new(String::new());
    let form = SecretForm::new(move || {
        validate_credentials_form(
            &password.read(),
            &password_confirmation.read(),
            &second_password.read(),
            &second_password_confirmation.read(),
        )
    });
    // The API's answer (e.g. `password_is_initial`, which only it can tell) shows at its field.
    let set: Submit<CredentialSetup, AccessToken> = Action::new_local(move |body: &CredentialSetup| {
        let (body, locale) = (body.clone(), i18n.locale());
        async move {
            let answer =
                api::call::<_, AccessToken>(Method::POST, "/api/v1/auth/credentials", Some(&body), None, locale).await;
            if let Ok(token) = &answer {
                session.start(token.clone());
            }
            form.answered(&answer);
            answer
        }
    });
    let done = move || set.value().with(|v| matches!(v, Some(Ok(_))));

    let input = move |id: &'static str,
                      pointer: &'static str,
                      label: fn(&'static crate::i18n::Texts, &'static crate::i18n::SessionTexts) -> &'static str,
                      value: RwSignal<String>| {
        form.input(id, pointer, Signal::derive(move || label(i18n.t(), i18n.s())), value, "new-password")
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !form.submit() {
            return;
        }
        set.dispatch(CredentialSetup {
            setup_token: setup_token.clone(),
            password: password.get_untracked(),
            second_password: second_password.get_untracked(),
        });
    };

    view! {
        <Layout title=Signal::derive(move || s().password_setting_title)>
            {move || if done() {
                let navigate = navigate.clone();
                view! {
                    // manual 2.1 step 23
                    <section class="card" id="setting-done" role="status">
                        <p class="strong">{move || s().setting_done}</p>
                        <p>{move || s().setting_available}</p>
                        <button type="button" class="primary" id="ok" on:click=move |_| navigate("/home", NavigateOptions::default())>
                            {move || s().ok}
                        </button>
                    </section>
                }
                .into_any()
            } else {
                view! {
                    <form class="card password-setting" novalidate on:submit=submit.clone()>
                        {input("password", "/password", |t, _| t.password, password)}
                        {input("password-confirmation", "/password_confirmation", |_, s| s.password_confirmation, password_confirmation)}
                        {input("second-password", "/second_password", |t, _| t.second_password, second_password)}
                        {input("second-password-confirmation", "/second_password_confirmation", |_, s| s.second_password_confirmation, second_password_confirmation)}
                        <NoteBox points=Signal::derive(move || s().password_setting_notes.to_vec())/>
                        <ProblemBanner failure=failure_of(set)/>
                        <button type="submit" class="primary" id="set" disabled=move || set.pending().get()>{move || s().set}</button>
                    </form>
                }
                .into_any()
            }}
        </Layout>
    }
    .into_any()
}
