//! The forms of secrets (Password Setting, Change password, Change second password, a
//! password reset): password inputs checked as typed by the API's own rules, each error
//! shown once its field has been left or after a submit, and the API's refusals at their
//! fields until the field changes.

use std::collections::HashSet;

use cis_shared::application::Violations;
use cis_shared::messages::ErrorCode;
use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::components::{focus_first_invalid, Field};

#[derive(Clone, Copy)]
pub struct SecretForm {
    violations: Memo<Violations>,
    touched: RwSignal<HashSet<&'static str>>,
    checked: RwSignal<bool>,
    server: RwSignal<Violations>,
}

impl SecretForm {
    /// `rules` reads the inputs' signals and names what breaks a rule.
    pub fn new(rules: impl Fn() -> Violations + Send + Sync + 'static) -> SecretForm {
        SecretForm {
            violations: Memo::new(move |_| rules()),
            touched: RwSignal::new(HashSet::new()),
            checked: RwSignal::new(false),
            server: RwSignal::new(Vec::new()),
        }
    }

    /// The error to show at `pointer`: the API's, else the form's own once shown.
    pub fn error(self, pointer: &'static str) -> Signal<Option<ErrorCode>> {
        Signal::derive(move || {
            let find = |v: &Violations| v.iter().find(|(p, _)| p == pointer).map(|(_, c)| *c);
            let shown = self.checked.get() || self.touched.with(|t| t.contains(pointer));
            self.server.with(find).or_else(|| shown.then(|| self.violations.with(find)).flatten())
        })
    }

    /// A labelled password input bound to `value`, its errors at `pointer`.
    pub fn input(
        self,
        id: &'static str,
        pointer: &'static str,
        label: Signal<&'static str>,
        value: RwSignal<String>,
        autocomplete: &'static str,
    ) -> impl IntoView {
        view! {
            <Field id label required=true error=self.error(pointer)>
                <input
                    id=id
                    type="password"
                    autocomplete=autocomplete
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        self.server.update(|e| e.retain(|(p, _)| p != pointer));
                    }
                    on:blur=move |_| {
                        self.touched.update(|t| {
                            t.insert(pointer);
                        })
                    }
                />
            </Field>
        }
    }

    /// A submit: every error shows; `true` when the form may be sent, else the focus goes
    /// to the first field in error.
    pub fn submit(self) -> bool {
        self.checked.set(true);
        let ok = self.violations.with_untracked(Vec::is_empty);
        if !ok {
            focus_first_invalid();
        }
        ok
    }

    /// The API's answer: a 422's field errors go to their fields.
    pub fn answered<T>(self, answer: &Result<T, ApiFailure>) {
        if let Err(ApiFailure::Problem(p)) = answer {
            if !p.errors.is_empty() {
                self.server.set(p.errors.iter().map(|e| (e.field.clone(), e.code)).collect());
                focus_first_invalid();
            }
        }
    }
}

/// The password and the second password, each with its confirmation, checked together
/// (`validate_credentials_form`): the four fields of the first login's Password Setting
/// (manual 2.1 step 21) and of a reset through the mailed link (2.4 (f) step 6).
#[derive(Clone, Copy)]
pub struct BothSecrets {
    pub form: SecretForm,
    password: RwSignal<String>,
    password_confirmation: RwSignal<String>,
    second_password: RwSignal<String>,
    second_password_confirmation: RwSignal<String>,
}

impl Default for BothSecrets {
    fn default() -> Self {
        Self::new()
    }
}

impl BothSecrets {
    pub fn new() -> BothSecrets {
        let [password, password_confirmation, second_password, second_password_confirmation] =
            std::array::from_fn(|_| RwSignal::new(String::new()));
        let form = SecretForm::new(move || {
            cis_shared::auth::validate_credentials_form(
                &password.read(),
                &password_confirmation.read(),
                &second_password.read(),
                &second_password_confirmation.read(),
            )
        });
        BothSecrets { form, password, password_confirmation, second_password, second_password_confirmation }
    }

    /// The password and the second password as typed.
    pub fn values(self) -> (String, String) {
        (self.password.get_untracked(), self.second_password.get_untracked())
    }

    /// The four inputs, in the manual's order.
    pub fn inputs(self) -> impl IntoView {
        let i18n = crate::i18n::use_i18n();
        let input = move |id, pointer, label: fn(crate::i18n::I18n) -> &'static str, value| {
            self.form.input(id, pointer, Signal::derive(move || label(i18n)), value, "new-password")
        };
        view! {
            {input("password", "/password", |i| i.t().password, self.password)}
            {input("password-confirmation", "/password_confirmation", |i| i.s().password_confirmation, self.password_confirmation)}
            {input("second-password", "/second_password", |i| i.t().second_password, self.second_password)}
            {input("second-password-confirmation", "/second_password_confirmation", |i| i.s().second_password_confirmation, self.second_password_confirmation)}
        }
    }
}
