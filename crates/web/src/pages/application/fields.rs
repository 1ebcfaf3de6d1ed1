//! The applicant form's fields as components with named props, and the one table that
//! names every field: its JSON pointer (as in the API's 422), the element that takes the
//! focus, and its label, for the fields themselves and for the error summary.

use cis_shared::application::ApplicationForm;
use leptos::prelude::*;

use super::state::FormState;
use crate::components::{mark_invalid, Field};
use crate::i18n::{use_i18n, RegistrationTexts};

pub type Label = fn(&'static RegistrationTexts) -> &'static str;
pub type Getter = fn(&ApplicationForm) -> String;
pub type Setter = fn(&mut ApplicationForm, String);

/// Pointer, element id, label.
const FIELDS: &[(&str, &str, Label)] = &[
    ("/application_type", "application-type", |r| r.application_type),
    ("/applicant/name", "applicant-name", |r| r.applicant_name),
    ("/applicant/name_kana", "applicant-kana", |r| r.applicant_kana),
    ("/applicant/birth_date", "birth-date", |r| r.birth_date),
    ("/enrollment/name", "school-name", |r| r.school_name),
    ("/enrollment/name_kana", "school-kana", |r| r.school_kana),
    ("/enrollment/name_roman", "school-roman", |r| r.school_roman),
    ("/enrollment/affiliation_id", "affiliation-3", |r| r.affiliation[2]),
    ("/enrollment/degree_program", "degree-program", |r| r.degree_program),
    ("/enrollment/student_id", "student-id", |r| r.student_id),
    ("/enrollment/matriculation", "matriculation", |r| r.matriculation),
    ("/enrollment/graduation", "graduation", |r| r.graduation),
    ("/enrollment/completion", "completion", |r| r.completion),
    ("/address/postal_code", "postal-code", |r| r.postal_code),
    ("/address/prefecture", "prefecture", |r| r.prefecture),
    ("/address/city", "city", |r| r.city),
    ("/address/street", "street", |r| r.street),
    ("/address/apartment", "apartment", |r| r.apartment),
    ("/phone", "phone", |r| r.phone),
    ("/mobile_phone", "mobile-phone", |r| r.mobile_phone),
    ("/contact_email", "contact-email", |r| r.contact_email),
    ("/purpose/intended_use", "intended-use", |r| r.intended_use),
    ("/purpose/submit_to", "submit-to", |r| r.submit_to),
    ("/employer/name", "employer-name", |r| r.employer_name),
    ("/employer/postal_code", "employer-postal-code", |r| r.postal_code),
    ("/employer/prefecture", "employer-prefecture", |r| r.prefecture),
    ("/employer/city", "employer-city", |r| r.city),
    ("/employer/street", "employer-street", |r| r.street),
    ("/employer/apartment", "employer-apartment", |r| r.apartment),
    ("/employer/phone", "employer-phone", |r| r.phone),
    ("/identity_document/kind", "document-kind", |r| r.document_kind),
    ("/identity_document/front", "front", |r| r.front_image),
    ("/identity_document/back", "back", |r| r.back_image),
    ("/remarks", "remarks", |r| r.remarks),
];

/// The element id and the label of the field at `pointer`.
pub fn field(pointer: &str) -> Option<(&'static str, Label)> {
    FIELDS.iter().find(|(p, _, _)| *p == pointer).map(|(_, id, label)| (*id, *label))
}

fn spec(pointer: &'static str) -> (&'static str, Signal<&'static str>) {
    let (id, label) = field(pointer).unwrap_or(("", |_| ""));
    (id, Signal::derive(move || label(use_i18n().r())))
}

/// A text input bound to one field of the form, with its error.
#[component]
pub fn TextField(
    pointer: &'static str,
    get: Getter,
    set: Setter,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] input_type: &'static str,
) -> impl IntoView {
    let state = expect_context::<FormState>();
    let (id, label) = spec(pointer);
    view! {
        <Field id label required error=state.error(pointer)>
            <input
                id=id
                type=input_type
                prop:value=move || state.form.with(get)
                on:input=move |ev| state.edit(pointer, |f| set(f, event_target_value(&ev)))
                on:blur=move |_| state.touch(pointer)
            />
        </Field>
    }
}

/// Radio buttons under a legend: a `<fieldset>` whose id is the field's, with its error.
#[component]
pub fn ChoiceGroup(pointer: &'static str, #[prop(optional)] required: bool, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<FormState>();
    let (id, label) = spec(pointer);
    let error = state.error(pointer);
    mark_invalid(id, Signal::derive(move || error.get().is_some()));
    view! {
        <fieldset class="field" id=id class:invalid=move || error.get().is_some()>
            <legend>
                {label}
                {required.then(|| view! { <span class="required">{move || i18n.t().required}</span> })}
            </legend>
            {children()}
            <p class="error" id=format!("{id}-error")>
                {move || error.get().map(|code| code.message(i18n.locale()))}
            </p>
        </fieldset>
    }
}

/// One radio button of a [`ChoiceGroup`].
#[component]
pub fn Choice(
    name: &'static str,
    #[prop(into)] checked: Signal<bool>,
    on_choose: Callback<()>,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional, into)] value: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input type="radio" name=name id=id value=value prop:checked=move || checked.get() on:change=move |_| on_choose.run(())/>
            {children()}
        </label>
    }
}

pub fn optional(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

pub fn some(value: String) -> Option<String> {
    Some(value).filter(|v| !v.is_empty())
}

pub fn employer(f: &mut ApplicationForm) -> &mut cis_shared::application::Employer {
    f.employer.get_or_insert_with(Default::default)
}

pub fn employer_field(f: &ApplicationForm, get: fn(&cis_shared::application::Employer) -> &Option<String>) -> String {
    f.employer.as_ref().map(|e| optional(get(e))).unwrap_or_default()
}
