//! "Change password" and "Change second password" (manual 2.4 (d), (e)): the current one,
//! the new one twice, the Note with the rules; Change → "Change complete" → OK. Checked as
//! typed by the API's own rules (`validate_secret_change_form`); what only the server can
//! tell (a wrong current secret, the other secret, an easily guessed one) comes back from it.

use cis_shared::auth::{validate_secret_change_form, PasswordChange, SecondPasswordChange};
use cis_shared::messages::ErrorCode;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{ApiFailure, Method};
use crate::components::{failure_of, failure_text, focus, NoteBox, Submit};
use crate::i18n::{use_i18n, SessionTexts};
use crate::menu::GraduateLayout;
use crate::secret_form::SecretForm;
use crate::session::use_session;

/// Which secret the screen changes: its path, its fields and its texts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    Password,
    SecondPassword,
}

type Text = fn(&'static SessionTexts) -> &'static str;

impl Secret {
    fn path(self) -> &'static str {
        match self {
            Secret::Password => "/api/v1/me/password",
            Secret::SecondPassword => "/api/v1/me/second-password",
        }
    }

    /// The JSON pointers of the current and the new secret.
    fn fields(self) -> [&'static str; 2] {
        match self {
            Secret::Password => ["/current_password", "/new_password"],
            Secret::SecondPassword => ["/current_second_password", "/new_second_password"],
        }
    }

    /// What a wrong current secret is told (the API's text speaks of the login's address).
    fn wrong_current(self) -> Text {
        match self {
            Secret::Password => |s| s.wrong_current_password,
            Secret::SecondPassword => |s| s.wrong_current_second_password,
        }
    }

    /// Title, lead of the rules, the three labels and the completion message.
    fn texts(self) -> [Text; 6] {
        match self {
            Secret::Password => [
                |s| s.password_change_title,
                |s| s.password_rules_lead,
                |s| s.current_password,
                |s| s.new_password,
                |s| s.new_password_confirmation,
                |s| s.password_changed,
            ],
            Secret::SecondPassword => [
                |s| s.second_password_change_title,
                |s| s.second_password_rules_lead,
                |s| s.current_second_password,
                |s| s.new_second_password,
                |s| s.new_second_password_confirmation,
                |s| s.second_password_changed,
            ],
        }
    }

    fn body(self, current: String, new: String) -> Body {
        match self {
            Secret::Password => Body::Password(PasswordChange { current_password: current, new_password: new }),
            Secret::SecondPassword => Body::SecondPassword(SecondPasswordChange {
                current_second_password: current,
                new_second_password: new,
            }),
        }
    }
}

/// What the screen sends: the body of its secret's operation.
#[derive(Clone, serde::Serialize)]
#[serde(untagged)]
enum Body {
    Password(PasswordChange),
    SecondPassword(SecondPasswordChange),
}

#[component]
pub fn PasswordChangePage() -> impl IntoView {
    view! { <SecretChangePage secret=Secret::Password/> }
}

#[component]
pub fn SecondPasswordChangePage() -> impl IntoView {
    view! { <SecretChangePage secret=Secret::SecondPassword/> }
}

#[component]
fn SecretChangePage(secret: Secret) -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.s();
    let [title, lead, current_label, new_label, confirmation_label, done_text] = secret.texts();
    let [current_field, new_field] = secret.fields();
    let confirmation_field: &'static str = match secret {
        Secret::Password => "/new_password_confirmation",
        Secret::SecondPassword => "/new_second_password_confirmation",
    };

    let values = [RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new())];
    let [current, new, confirmation] = values;
    let form = SecretForm::new(move || {
        validate_secret_change_form(&current.read(), &new.read(), &confirmation.read(), [current_field, new_field])
    });
    let session = use_session();
    let change: Submit<Body, ()> = Action::new_local(move |body: &Body| {
        let (body, locale) = (body.clone(), i18n.locale());
        async move {
            let answer = session.call_no_content(Method::POST, secret.path(), Some(&body), locale).await;
            form.answered(&answer);
            if matches!(&answer, Err(ApiFailure::Problem(p)) if p.code == ErrorCode::InvalidCredentials) {
                // Typed again from empty, where the graduate's eyes are.
                current.set(String::new());
                request_animation_frame(|| {
                    if let Some(field) = document().get_element_by_id("current") {
                        focus(&field);
                    }
                });
            }
            answer
        }
    });
    let done = move || change.value().with(|v| matches!(v, Some(Ok(()))));
    let input = move |id: &'static str,
                      pointer: &'static str,
                      label: Text,
                      value: RwSignal<String>,
                      autocomplete: &'static str| {
        form.input(id, pointer, Signal::derive(move || label(i18n.s())), value, autocomplete)
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if form.submit() {
            change.dispatch(secret.body(current.get_untracked(), new.get_untracked()));
        }
    };
    let navigate = use_navigate();

    view! {
        <GraduateLayout title=Signal::derive(move || title(s()))>
            {move || if done() {
                let navigate = navigate.clone();
                view! {
                    <section class="card" id="change-done" role="status">
                        <h2>{move || s().change_complete}</h2>
                        <p class="strong">{move || done_text(s())}</p>
                        <p>{move || s().other_sessions_ended}</p>
                        <button type="button" class="primary" id="ok" on:click=move |_| navigate("/home", NavigateOptions::default())>
                            {move || s().ok}
                        </button>
                    </section>
                }
                .into_any()
            } else {
                view! {
                    <form class="card secret-change" novalidate on:submit=submit>
                        {input("current", current_field, current_label, current, "current-password")}
                        {input("new", new_field, new_label, new, "new-password")}
                        {input("confirmation", confirmation_field, confirmation_label, confirmation, "new-password")}
                        <NoteBox lead=Signal::derive(move || lead(s())) points=Signal::derive(move || s().secret_rules.to_vec())/>
                        {move || failure_of(change).get().map(|f| {
                            let text = match &f {
                                ApiFailure::Problem(p) if p.code == ErrorCode::InvalidCredentials => {
                                    secret.wrong_current()(s()).to_owned()
                                }
                                other => failure_text(other, i18n),
                            };
                            view! { <p class="banner" role="alert" id="problem">{text}</p> }
                        })}
                        <div class="actions">
                            <A href="/home" attr:class="button secondary" attr:id="back">{move || s().back}</A>
                            <button type="submit" class="primary" id="change" disabled=move || change.pending().get()>
                                {move || s().change}
                            </button>
                        </div>
                    </form>
                }
                .into_any()
            }}
        </GraduateLayout>
    }
}
