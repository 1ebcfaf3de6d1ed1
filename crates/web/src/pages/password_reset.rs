//! The page of the mailed reset link (manual 2.4 (f) steps 5–8): the link's state first
//! (an unknown, expired or used link says what happened and how to ask for a new mail);
//! then the password and the second password, each twice (`BothSecrets`), the Note with the
//! Password Setting's rules, Set, "The password and the second password have been set.",
//! OK, and the login screen.

use cis_shared::messages::ErrorCode;
use cis_shared::password_reset::{PasswordReset, PasswordResetLink};
use cis_shared::Locale;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::api::{self, ApiFailure, Method};
use crate::components::{failure_of, failure_text, Layout, NoteBox, ProblemBanner, Submit};
use crate::i18n::use_i18n;
use crate::secret_form::BothSecrets;

#[component]
pub fn PasswordResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let path = format!("/api/v1/password-resets/{token}");
    let link = LocalResource::new({
        let path = path.clone();
        move || {
            let path = path.clone();
            async move { api::get::<PasswordResetLink>(&path, Locale::Ja).await }
        }
    });
    view! {
        <Layout title=Signal::derive(move || i18n.reset().reset_title)>
            {move || match link.get() {
                None => view! { <p class="card">{move || i18n.reset().loading}</p> }.into_any(),
                Some(Err(failure)) => view! { <LinkProblem failure/> }.into_any(),
                Some(Ok(link)) => view! { <ResetForm path=path.clone() email=link.email/> }.into_any(),
            }}
        </Layout>
    }
}

/// Whether a failure says the link no longer works (404, 410).
fn link_failure(failure: &ApiFailure) -> bool {
    matches!(failure, ApiFailure::Problem(p)
        if matches!(p.code, ErrorCode::TokenInvalid | ErrorCode::TokenExpired | ErrorCode::TokenUsed | ErrorCode::NotFound))
}

/// An unknown, expired or used link: what happened, what to do, and the way to a new mail.
#[component]
fn LinkProblem(failure: ApiFailure) -> impl IntoView {
    let i18n = use_i18n();
    let code = match &failure {
        ApiFailure::Problem(p) => Some(p.code),
        ApiFailure::Network => None,
    };
    let texts = move || {
        let r = i18n.reset();
        match code {
            Some(ErrorCode::TokenExpired) => (r.link_expired_title, r.link_expired_text.to_owned()),
            Some(ErrorCode::TokenUsed) => (r.link_used_title, r.link_used_text.to_owned()),
            Some(ErrorCode::TokenInvalid | ErrorCode::NotFound) => {
                (r.link_invalid_title, r.link_invalid_text.to_owned())
            }
            _ => (r.reset_title, failure_text(&failure, i18n)),
        }
    };
    let (title, text) = (texts.clone(), texts);
    view! {
        <section class="card link-problem" id="link-problem" role="alert">
            <h2>{move || title().0}</h2>
            <p>{move || text().1}</p>
            <div class="actions">
                <A href="/password/forgot" attr:class="button" attr:id="ask-again">{move || i18n.reset().ask_again}</A>
            </div>
            <p><A href="/login" attr:id="to-login">{move || i18n.t().to_login}</A></p>
        </section>
    }
}

/// The form of manual 2.4 (f) steps 6–7, then the completion (step 8).
#[component]
fn ResetForm(path: String, email: String) -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.s();
    let navigate = use_navigate();
    let secrets = BothSecrets::new();
    let form = secrets.form;
    let set: Submit<PasswordReset, ()> = Action::new_local(move |body: &PasswordReset| {
        let (body, locale, path) = (body.clone(), i18n.locale(), path.clone());
        async move {
            let answer = api::call_no_content(Method::POST, &path, Some(&body), None, locale).await;
            form.answered(&answer);
            answer
        }
    });
    // Only a change of stage renders again: a 422 keeps the form (and the focus) in place.
    let stage = Memo::new(move |_| {
        set.value().with(|v| match v {
            Some(Ok(())) => Stage::Done,
            Some(Err(failure)) if link_failure(failure) => Stage::Gone(failure.clone()),
            _ => Stage::Form,
        })
    });
    let notes = Signal::derive(move || {
        // The Password Setting's rules, the old secrets instead of the initial password.
        let rules = s().password_setting_notes;
        let mut points = rules[..4].to_vec();
        points.extend([i18n.reset().not_old_secrets, rules[5]]);
        points
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !form.submit() {
            return;
        }
        let (password, second_password) = secrets.values();
        set.dispatch(PasswordReset { password, second_password });
    };

    move || match stage.get() {
        Stage::Done => {
            let navigate = navigate.clone();
            view! {
                <section class="card" id="setting-done" role="status">
                    <p class="strong">{move || s().setting_done}</p>
                    <p>{move || i18n.reset().reset_done_login}</p>
                    <button type="button" class="primary" id="ok" on:click=move |_| navigate("/login", NavigateOptions::default())>
                        {move || s().ok}
                    </button>
                </section>
            }
            .into_any()
        }
        Stage::Gone(failure) => view! { <LinkProblem failure/> }.into_any(),
        Stage::Form => {
            let email = email.clone();
            view! {
            <form class="card password-setting" novalidate on:submit=submit>
                <p class="account">{move || i18n.reset().account}": "<strong id="reset-email">{email.clone()}</strong></p>
                // For password managers: the login the new secrets belong to.
                <input type="text" hidden autocomplete="username" value=email.clone() readonly/>
                {secrets.inputs()}
                <NoteBox points=notes/>
                <ProblemBanner failure=failure_of(set)/>
                <button type="submit" class="primary" id="set" disabled=move || set.pending().get()>{move || s().set}</button>
            </form>
            }
            .into_any()
        }
    }
}

/// Where the form is: filled in, done, or refused because the link no longer works.
#[derive(Clone, PartialEq)]
enum Stage {
    Form,
    Done,
    Gone(ApiFailure),
}
