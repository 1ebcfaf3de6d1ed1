//! The applicant form (manual 2.1 steps 9–13): the sections, and the summary of problems a
//! refused Check puts at its top. Its state and checks are in `state`.

use cis_shared::application::{ApplicationType, Completion};
use cis_shared::catalog::AffiliationNode;
use cis_shared::messages::ErrorCode;
use leptos::prelude::*;

use super::documents::DocumentSection;
use super::fields::{employer, employer_field, field, optional, some, Choice, ChoiceGroup, TextField};
use super::link::LinkKind;
use super::state::FormState;
use crate::components::{focus, Field};
use crate::i18n::use_i18n;

/// The problems of a refused Check, each a link that puts the focus on its field. One place
/// to read them, focused once, instead of an alert per field.
#[component]
pub fn ErrorSummary() -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<FormState>();
    let item = move |(pointer, code): (String, ErrorCode)| {
        let r = i18n.r();
        let message = code.message(i18n.locale());
        match field(&pointer) {
            Some((id, label)) => view! {
                <li>
                    <a href=format!("#{id}") on:click=move |ev| {
                        ev.prevent_default();
                        focus_field(id);
                    }>{label(r)}": "{message}</a>
                </li>
            }
            .into_any(),
            None => view! { <li>{message}</li> }.into_any(),
        }
    };
    move || {
        let problems = state.summary().filter(|p| !p.is_empty())?;
        let count = problems.len();
        Some(view! {
            <section class="error-summary" id="error-summary" tabindex="-1" aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{move || (i18n.r().problems_heading)(count)}</h2>
                <p>{move || i18n.r().fix_errors}</p>
                <ul>{problems.into_iter().map(item).collect_view()}</ul>
            </section>
        })
    }
}

/// The focus on the field `id`: the input itself, or a group's first radio button.
fn focus_field(id: &str) {
    let Some(element) = document().get_element_by_id(id) else { return };
    let target = if element.tag_name().eq_ignore_ascii_case("fieldset") {
        element.query_selector("input").ok().flatten()
    } else {
        Some(element)
    };
    if let Some(target) = target {
        focus(&target);
    }
}

/// The form's sections; under a student ID link (manual 2.3 step 7) only the student
/// record's, without the way back to the terms.
#[component]
pub fn ApplicantForm(kind: LinkKind, on_back: Callback<()>, on_check: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let r = move || i18n.r();
    let state = expect_context::<FormState>();
    let whole = kind != LinkKind::StudentId;
    view! {
        <form class="card application" novalidate on:submit=move |ev| {
            ev.prevent_default();
            if state.check() {
                on_check.run(());
            }
        }>
            <ErrorSummary/>
            {whole.then(|| view! { <ApplicantSection/> })}
            <UniversitySection/>
            {whole.then(|| view! { <AddressSection/><PurposeSection/><EmployerSection/><DocumentSection/> })}
            <div class="actions">
                {whole.then(|| view! {
                    <button type="button" class="secondary" id="back-to-terms" on:click=move |_| on_back.run(())>{move || r().back}</button>
                })}
                <button type="submit" class="primary" id="check">{move || r().check}</button>
            </div>
        </form>
    }
}

/// Manual 2.1 step 9.
#[component]
fn ApplicantSection() -> impl IntoView {
    let i18n = use_i18n();
    let form = expect_context::<FormState>().form;
    let kind = move |t: ApplicationType| Signal::derive(move || form.with(|f| f.application_type == t));
    let choose = move |t: ApplicationType| Callback::new(move |_| form.update(|f| f.application_type = t));
    view! {
        <h2>{move || i18n.r().applicant_section}</h2>
        <ChoiceGroup pointer="/application_type">
            <Choice name="application_type" id="type-new" checked=kind(ApplicationType::New) on_choose=choose(ApplicationType::New)>
                {move || i18n.r().type_new}
            </Choice>
            <Choice name="application_type" id="type-reapplication" checked=kind(ApplicationType::Reapplication)
                on_choose=choose(ApplicationType::Reapplication)>
                {move || i18n.r().type_reapplication}
            </Choice>
        </ChoiceGroup>
        <ApplicantFields/>
    }
}

/// The applicant's name, name in katakana and birth date (manual 2.1 step 9, 2.4 (a)).
#[component]
pub fn ApplicantFields() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="hint">{move || i18n.r().name_hint}</p>
        <TextField pointer="/applicant/name" required=true get=|f| f.applicant.name.clone() set=|f, v| f.applicant.name = v/>
        <TextField pointer="/applicant/name_kana" required=true
            get=|f| f.applicant.name_kana.clone() set=|f, v| f.applicant.name_kana = v/>
        <TextField pointer="/applicant/birth_date" required=true input_type="date"
            get=|f| f.applicant.birth_date.clone() set=|f, v| f.applicant.birth_date = v/>
    }
}

/// Manual 2.1 step 10; manual 2.3 step 7 (the additional student ID's whole form).
#[component]
fn UniversitySection() -> impl IntoView {
    let i18n = use_i18n();
    let r = move || i18n.r();
    let state = expect_context::<FormState>();
    let form = state.form;
    let completion = move |c: Completion| Signal::derive(move || form.with(|f| f.enrollment.completion == c));
    let complete = move |c: Completion| Callback::new(move |_| form.update(|f| f.enrollment.completion = c));
    view! {
        <h2>{move || r().university_section}</h2>
        <p class="section-note">{move || r().university_note}</p>
        <TextField pointer="/enrollment/name" required=true get=|f| f.enrollment.name.clone() set=|f, v| f.enrollment.name = v/>
        <TextField pointer="/enrollment/name_kana" required=true
            get=|f| f.enrollment.name_kana.clone() set=|f, v| f.enrollment.name_kana = v/>
        <TextField pointer="/enrollment/name_roman" required=true
            get=|f| f.enrollment.name_roman.clone() set=|f, v| f.enrollment.name_roman = v.to_ascii_uppercase()/>
        <AffiliationSelects/>
        <ChoiceGroup pointer="/enrollment/degree_program" required=true>
            {move || state.programs.get().into_iter().map(|p| {
                let (code, selected) = (p.code.clone(), p.code.clone());
                view! {
                    <Choice name="degree_program" value=p.code.clone()
                        checked=Signal::derive(move || form.with(|f| f.enrollment.degree_program == selected))
                        on_choose=Callback::new(move |_| state.edit("/enrollment/degree_program", |f| f.enrollment.degree_program = code.clone()))>
                        {p.name.get(i18n.locale()).to_owned()}
                    </Choice>
                }
            }).collect_view()}
        </ChoiceGroup>
        <TextField pointer="/enrollment/student_id" get=|f| f.enrollment.student_id.clone() set=|f, v| f.enrollment.student_id = v/>
        <TextField pointer="/enrollment/matriculation" input_type="month"
            get=|f| f.enrollment.matriculation.clone() set=|f, v| f.enrollment.matriculation = v/>
        <TextField pointer="/enrollment/graduation" required=true input_type="month"
            get=|f| f.enrollment.graduation.clone() set=|f, v| f.enrollment.graduation = v/>
        <ChoiceGroup pointer="/enrollment/completion">
            <Choice name="completion" id="graduated" checked=completion(Completion::Graduated) on_choose=complete(Completion::Graduated)>
                {move || r().graduated}
            </Choice>
            <Choice name="completion" id="withdrawn" checked=completion(Completion::Withdrawn) on_choose=complete(Completion::Withdrawn)>
                {move || r().withdrawn}
            </Choice>
        </ChoiceGroup>
    }
}

/// The cascaded affiliation selects (manual 2.1 step 10): the subject in the form decides
/// the faculty and department shown, so Back from the confirmation, a resubmission and a
/// restored draft keep them.
#[component]
fn AffiliationSelects() -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<FormState>();
    let (form, tree) = (state.form, state.tree);
    let path = move || {
        let chosen = form.with(|f| f.enrollment.affiliation_id);
        tree.with(|t| cis_shared::catalog::subject_path(t, chosen).map(|p| p.map(|n| n.id)))
    };
    let initial = untrack(path);
    let faculty = RwSignal::new(initial.map(|[f, _, _]| f));
    let department = RwSignal::new(initial.map(|[_, d, _]| d));
    // A form that opens filled in may come before the tree has loaded.
    Effect::new(move |_| {
        if faculty.get_untracked().is_none() {
            if let Some([f, d, _]) = path() {
                faculty.set(Some(f));
                department.set(Some(d));
            }
        }
    });
    let children_of = |nodes: Vec<AffiliationNode>, id: Option<i64>| {
        nodes.into_iter().find(|n| Some(n.id) == id).map(|n| n.children).unwrap_or_default()
    };
    let departments = move || children_of(tree.get(), faculty.get());
    let subjects = move || children_of(departments(), department.get());
    let options = move |nodes: Vec<AffiliationNode>, selected: Option<i64>| {
        let locale = i18n.locale();
        nodes
            .into_iter()
            .map(|n| view! { <option value=n.id.to_string() prop:selected=selected == Some(n.id)>{n.name.get(locale).to_owned()}</option> })
            .collect_view()
    };
    let parse_id = |ev: &leptos::ev::Event| event_target_value(ev).parse::<i64>().ok();
    let label = move |i: usize| Signal::derive(move || i18n.r().affiliation[i]);
    let choose = move || view! { <option value="">{move || i18n.r().choose}</option> };
    view! {
        <Field id="affiliation-1" label=label(0) required=true error=Signal::derive(|| None)>
            <select id="affiliation-1" on:change=move |ev| {
                faculty.set(parse_id(&ev));
                department.set(None);
                form.update(|f| f.enrollment.affiliation_id = 0);
            }>
                {choose}
                {move || options(tree.get(), faculty.get())}
            </select>
        </Field>
        <Field id="affiliation-2" label=label(1) required=true error=Signal::derive(|| None)>
            <select id="affiliation-2" on:change=move |ev| {
                department.set(parse_id(&ev));
                form.update(|f| f.enrollment.affiliation_id = 0);
            }>
                {choose}
                {move || options(departments(), department.get())}
            </select>
        </Field>
        <Field id="affiliation-3" label=label(2) required=true error=state.error("/enrollment/affiliation_id")>
            <select id="affiliation-3" on:change=move |ev| {
                let id = parse_id(&ev).unwrap_or(0);
                state.edit("/enrollment/affiliation_id", |f| f.enrollment.affiliation_id = id);
                state.touch("/enrollment/affiliation_id");
            }>
                {choose}
                {move || options(subjects(), Some(form.with(|f| f.enrollment.affiliation_id)))}
            </select>
        </Field>
    }
}

/// Manual 2.1 step 11.
#[component]
pub fn AddressSection() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2>{move || i18n.r().address_section}</h2>
        <p class="section-note">{move || i18n.r().phone_note}</p>
        <TextField pointer="/address/postal_code" required=true get=|f| f.address.postal_code.clone() set=|f, v| f.address.postal_code = v/>
        <TextField pointer="/address/prefecture" required=true get=|f| f.address.prefecture.clone() set=|f, v| f.address.prefecture = v/>
        <TextField pointer="/address/city" required=true get=|f| f.address.city.clone() set=|f, v| f.address.city = v/>
        <TextField pointer="/address/street" required=true get=|f| f.address.street.clone() set=|f, v| f.address.street = v/>
        <TextField pointer="/address/apartment" get=|f| optional(&f.address.apartment) set=|f, v| f.address.apartment = some(v)/>
        <TextField pointer="/phone" required=true input_type="tel" get=|f| f.phone.clone() set=|f, v| f.phone = v/>
        <TextField pointer="/mobile_phone" required=true input_type="tel" get=|f| f.mobile_phone.clone() set=|f, v| f.mobile_phone = v/>
        <TextField pointer="/contact_email" required=true input_type="email" get=|f| f.contact_email.clone() set=|f, v| f.contact_email = v/>
    }
}

/// Manual 2.1 step 12: the purpose.
#[component]
fn PurposeSection() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2>{move || i18n.r().purpose_section}</h2>
        <TextField pointer="/purpose/intended_use" required=true
            get=|f| f.purpose.intended_use.clone() set=|f, v| f.purpose.intended_use = v/>
        <TextField pointer="/purpose/submit_to" required=true get=|f| f.purpose.submit_to.clone() set=|f, v| f.purpose.submit_to = v/>
    }
}

/// Manual 2.1 step 12: the employer, every field optional.
#[component]
pub fn EmployerSection() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2>{move || i18n.r().employer_section}</h2>
        <TextField pointer="/employer/name" get=|f| employer_field(f, |e| &e.name) set=|f, v| employer(f).name = some(v)/>
        <TextField pointer="/employer/postal_code"
            get=|f| employer_field(f, |e| &e.postal_code) set=|f, v| employer(f).postal_code = some(v)/>
        <TextField pointer="/employer/prefecture"
            get=|f| employer_field(f, |e| &e.prefecture) set=|f, v| employer(f).prefecture = some(v)/>
        <TextField pointer="/employer/city" get=|f| employer_field(f, |e| &e.city) set=|f, v| employer(f).city = some(v)/>
        <TextField pointer="/employer/street" get=|f| employer_field(f, |e| &e.street) set=|f, v| employer(f).street = some(v)/>
        <TextField pointer="/employer/apartment"
            get=|f| employer_field(f, |e| &e.apartment) set=|f, v| employer(f).apartment = some(v)/>
        <TextField pointer="/employer/phone" input_type="tel"
            get=|f| employer_field(f, |e| &e.phone) set=|f, v| employer(f).phone = some(v)/>
    }
}
