//! "Password Setting" after the first login with the initial password (manual 2.1 steps
//! 21–23): password and second password, each twice (`BothSecrets`), checked as typed by
//! the same rules as the API; Set, then the completion message and OK.

use cis_shared::auth::CredentialSetup;
use cis_shared::staff::AccessToken;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{self, Method};
use crate::components::{failure_of, Layout, NoteBox, ProblemBanner, Submit};
use crate::i18n::use_i18n;
use crate::secret_form::BothSecrets;
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

    let secrets = BothSecrets::new();
    let form = secrets.form;
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

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !form.submit() {
            return;
        }
        let (password, second_password) = secrets.values();
        set.dispatch(CredentialSetup { setup_token: setup_token.clone(), password, second_password });
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
                        {secrets.inputs()}
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
