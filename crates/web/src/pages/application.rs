//! From the link in the mail to the Application reception screen (manual 2.1 steps 6–16):
//! Permission for use, the applicant form, the confirmation, the reception. The same flow
//! reopens a submitted form from a resubmission link (`pages::resubmit`): the API paths hang
//! off a base path, `/api/v1/registrations/{token}` or `/api/v1/resubmissions/{token}`.

use std::collections::HashSet;

use cis_shared::application::{
    self as rules, ApplicationForm, ApplicationType, Completion, IdentityDocumentKind, Violations,
};
use cis_shared::catalog::{subject_path, AffiliationNode, DegreeProgram};
use cis_shared::fields::Date;
use cis_shared::messages::ErrorCode;
use cis_shared::registration::{ApplicationReceipt, RegistrationLink};
use cis_shared::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiFailure};
use crate::components::{Field, Layout, ProblemBanner};
use crate::i18n::{use_i18n, RegistrationTexts};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Step {
    Terms,
    Form,
    Confirm,
    Received,
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = params.read_untracked().get("token").unwrap_or_default();
    let base = format!("/api/v1/registrations/{token}");
    let link = LocalResource::new({
        let base = base.clone();
        move || {
            let base = base.clone();
            async move { api::get::<RegistrationLink>(&base, Locale::Ja).await }
        }
    });
    move || match link.get() {
        None => view! {
            <Layout title=Signal::derive(move || i18n.r().terms_title)>
                <p class="card">{move || i18n.r().loading}</p>
            </Layout>
        }
        .into_any(),
        Some(Err(failure)) => view! { <LinkProblem failure/> }.into_any(),
        Some(Ok(link)) => {
            let form = ApplicationForm { contact_email: link.email.clone(), ..Default::default() };
            view! { <ApplicationFlow base=base.clone() email=link.email form first_step=Step::Terms/> }.into_any()
        }
    }
}

/// An expired, used or unknown link explains itself and offers to start again.
#[component]
pub fn LinkProblem(failure: ApiFailure) -> impl IntoView {
    let i18n = use_i18n();
    let code = match &failure {
        ApiFailure::Problem(p) => p.code,
        ApiFailure::Network => ErrorCode::ServiceUnavailable,
    };
    view! {
        <Layout title=Signal::derive(move || i18n.r().mail_setting_title)>
            <section class="card" id="link-problem">
                <p class="banner" role="alert">{move || code.message(i18n.locale())}</p>
                <A href="/register" attr:class="button secondary" attr:id="start-again">{move || i18n.r().start_again}</A>
            </section>
        </Layout>
    }
}

/// The form and what the checks need, shared by the form's pieces.
#[derive(Clone, Copy)]
struct FormState {
    form: RwSignal<ApplicationForm>,
    violations: Memo<Violations>,
    touched: RwSignal<HashSet<&'static str>>,
    checked: RwSignal<bool>,
}

impl FormState {
    /// The error to show at a field: once it has been left, or after Check.
    fn error(self, pointer: &'static str) -> Signal<Option<ErrorCode>> {
        Signal::derive(move || {
            let shown = self.checked.get() || self.touched.with(|t| t.contains(pointer));
            shown.then(|| self.violations.with(|v| v.iter().find(|(p, _)| p == pointer).map(|(_, c)| *c))).flatten()
        })
    }

    fn touch(self, pointer: &'static str) {
        self.touched.update(|t| {
            t.insert(pointer);
        });
    }
}

fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date { year: now.get_full_year() as u16, month: now.get_month() as u8 + 1, day: now.get_date() as u8 }
}

/// The steps from `first_step` to the reception, for the link whose API path is `base`:
/// `form` starts filled in as given, `uploaded` lists the images already attached to it, and
/// `reason` is the reviewer's, when the university asked for a resubmission.
#[component]
pub fn ApplicationFlow(
    base: String,
    email: String,
    form: ApplicationForm,
    first_step: Step,
    #[prop(optional)] uploaded: Vec<i64>,
    #[prop(optional)] reason: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let step = RwSignal::new(first_step);
    let affiliations = LocalResource::new(move || api::affiliations(Locale::Ja));
    let programs = LocalResource::new(move || api::degree_programs(Locale::Ja));
    let uploaded = RwSignal::new(uploaded);
    let form = RwSignal::new(form);
    let tree = Memo::new(move |_| affiliations.get().and_then(Result::ok).unwrap_or_default());
    let program_list = Memo::new(move |_| programs.get().and_then(Result::ok).unwrap_or_default());
    let violations = Memo::new(move |_| {
        let (tree, programs, uploaded) = (tree.get(), program_list.get(), uploaded.get());
        let context = rules::Context {
            today: today(),
            affiliations: &tree,
            degree_programs: &programs,
            uploaded_documents: &uploaded,
        };
        form.with(|f| rules::validate(f, &context))
    });
    let state = FormState { form, violations, touched: RwSignal::new(HashSet::new()), checked: RwSignal::new(false) };
    let receipt = RwSignal::new(None::<ApplicationReceipt>);

    let title = Signal::derive(move || match step.get() {
        Step::Terms => i18n.r().terms_title,
        Step::Form => i18n.r().form_title,
        Step::Confirm => i18n.r().confirm_title,
        Step::Received => i18n.r().reception_title,
    });
    let scroll_top = || {
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    };
    let base_for_form = base.clone();
    let reason = reason.map(|reason| {
        view! {
            <section class="banner" id="resubmission-reason" role="alert">
                <p class="strong">{move || i18n.s().resubmission_reason}</p>
                <p>{reason}</p>
            </section>
        }
    });
    view! {
        <Layout title=title>
            <p class="applying-as">{email}</p>
            <div hidden=move || step.get() == Step::Received>{reason}</div>
            {move || match step.get() {
                Step::Terms => view! {
                    <Terms on_agree=Callback::new(move |_| {
                        form.update(|f| f.agreed_to_terms = true);
                        step.set(Step::Form);
                        scroll_top();
                    })/>
                }
                .into_any(),
                Step::Form => view! {
                    <ApplicantForm
                        state
                        tree
                        programs=program_list
                        uploaded
                        base=base_for_form.clone()
                        on_back=Callback::new(move |_| step.set(Step::Terms))
                        on_check=Callback::new(move |_| {
                            step.set(Step::Confirm);
                            scroll_top();
                        })
                    />
                }
                .into_any(),
                Step::Confirm => view! {
                    <Confirmation
                        form
                        tree
                        programs=program_list
                        base=base.clone()
                        on_back=Callback::new(move |_| step.set(Step::Form))
                        on_received=Callback::new(move |r: ApplicationReceipt| {
                            receipt.set(Some(r));
                            step.set(Step::Received);
                            scroll_top();
                        })
                    />
                }
                .into_any(),
                Step::Received => view! {
                    <section class="card" id="reception">
                        <p>{move || i18n.r().reception_checked}</p>
                        <p>{move || i18n.r().reception_result}</p>
                        <p class="strong">
                            {move || i18n.r().reception_number}": "
                            <span id="reception-number">{move || receipt.get().map(|r| r.reception_number)}</span>
                        </p>
                        <A href="/" attr:class="button secondary">{move || i18n.t().to_login}</A>
                    </section>
                }
                .into_any(),
            }}
        </Layout>
    }
}

/// Manual 2.1 steps 7–8.
#[component]
fn Terms(on_agree: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let agreed = RwSignal::new(false);
    view! {
        <section class="card" id="terms">
            <ol class="terms">{move || i18n.r().terms.iter().map(|t| view! { <li>{*t}</li> }).collect_view()}</ol>
            <label class="check">
                <input type="checkbox" id="agree-check" bind:checked=agreed/>
                {move || i18n.r().agree_label}
            </label>
            <div class="actions">
                <button type="button" class="primary" id="agree" disabled=move || !agreed.get() on:click=move |_| on_agree.run(())>
                    {move || i18n.r().agree}
                </button>
            </div>
        </section>
    }
}

type Getter = fn(&ApplicationForm) -> String;
type Setter = fn(&mut ApplicationForm, String);

/// A text input bound to one field of the form, with its error.
fn text_field(
    state: FormState,
    id: &'static str,
    pointer: &'static str,
    label: Signal<&'static str>,
    required: bool,
    input_type: &'static str,
    get: Getter,
    set: Setter,
) -> impl IntoView {
    view! {
        <Field id label required error=state.error(pointer)>
            <input
                id=id
                type=input_type
                prop:value=move || state.form.with(get)
                on:input=move |ev| state.form.update(|f| set(f, event_target_value(&ev)))
                on:blur=move |_| state.touch(pointer)
            />
        </Field>
    }
}

fn optional(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn employer(f: &mut ApplicationForm) -> &mut cis_shared::application::Employer {
    f.employer.get_or_insert_with(Default::default)
}

fn some(value: String) -> Option<String> {
    Some(value).filter(|v| !v.is_empty())
}

#[component]
fn ApplicantForm(
    state: FormState,
    tree: Memo<Vec<AffiliationNode>>,
    programs: Memo<Vec<DegreeProgram>>,
    uploaded: RwSignal<Vec<i64>>,
    base: String,
    on_back: Callback<()>,
    on_check: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = move || i18n.r();
    let l = |f: fn(&'static RegistrationTexts) -> &'static str| Signal::derive(move || f(use_i18n().r()));
    let form = state.form;

    // Cascaded affiliation selects (manual 2.1 step 10): the subject found in the form
    // decides the faculty and department shown, so Back from the confirmation keeps them.
    let chosen = form.with_untracked(|f| f.enrollment.affiliation_id);
    let initial = tree.with_untracked(|t| subject_path(t, chosen).map(|[f, d, _]| (f.id, d.id)));
    let faculty = RwSignal::new(initial.map(|(f, _)| f));
    let department = RwSignal::new(initial.map(|(_, d)| d));
    // A form that opens filled in (a resubmission) may come before the tree has loaded.
    Effect::new(move |_| {
        if faculty.get_untracked().is_none() {
            if let Some([f, d, _]) = tree.with(|t| subject_path(t, chosen).map(|p| p.map(|n| n.id))) {
                faculty.set(Some(f));
                department.set(Some(d));
            }
        }
    });
    let faculties = move || tree.get();
    let departments = move || {
        let id = faculty.get();
        tree.with(|t| t.iter().find(|n| Some(n.id) == id).map(|n| n.children.clone()).unwrap_or_default())
    };
    let subjects = move || {
        let id = department.get();
        departments().into_iter().find(|n| Some(n.id) == id).map(|n| n.children).unwrap_or_default()
    };
    let options = move |nodes: Vec<AffiliationNode>, selected: Option<i64>| {
        let locale = i18n.locale();
        nodes
            .into_iter()
            .map(|n| view! { <option value=n.id.to_string() prop:selected=selected == Some(n.id)>{n.name.get(locale).to_owned()}</option> })
            .collect_view()
    };
    let parse_id = |text: String| text.parse::<i64>().ok();

    let front_progress = RwSignal::new(None::<f64>);
    let back_progress = RwSignal::new(None::<f64>);
    let front_failure = RwSignal::new(None::<ApiFailure>);
    let back_failure = RwSignal::new(None::<ApiFailure>);
    let upload = move |ev: leptos::ev::Event, back: bool| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        let (progress, failure) = if back { (back_progress, back_failure) } else { (front_progress, front_failure) };
        progress.set(Some(0.0));
        failure.set(None);
        let base = use_context::<UploadBase>().map(|b| b.0).unwrap_or_default();
        let locale = i18n.locale();
        let replaces = form.with_untracked(|f| if back { f.identity_document.back } else { f.identity_document.front });
        spawn_local(async move {
            let result = api::upload_document(&base, file, replaces, locale, move |p| progress.set(Some(p))).await;
            progress.set(None);
            match result {
                Ok(doc) => {
                    uploaded.update(|u| u.push(doc.id));
                    form.update(|f| {
                        if back {
                            f.identity_document.back = Some(doc.id);
                        } else {
                            f.identity_document.front = Some(doc.id);
                        }
                    });
                    state.touch(if back { "/identity_document/back" } else { "/identity_document/front" });
                }
                Err(err) => failure.set(Some(err)),
            }
        });
    };
    provide_context(UploadBase(base.clone()));
    let preview = {
        let base = base.clone();
        move |id: Option<i64>, alt: &'static str| {
            id.map(|id| view! { <img class="preview" id=format!("{alt}-preview") src=api::document_path(&base, id) alt=alt/> })
        }
    };
    let preview_back = preview.clone();
    let show_errors = RwSignal::new(false);

    view! {
        <form class="card application" novalidate on:submit=move |ev| {
            ev.prevent_default();
            state.checked.set(true);
            if state.violations.with(Vec::is_empty) {
                on_check.run(());
            } else {
                show_errors.set(true);
            }
        }>
            <h2>{move || r().applicant_section}</h2>
            <fieldset class="field">
                <legend>{move || r().application_type}</legend>
                <label class="choice">
                    <input type="radio" name="application_type" id="type-new"
                        prop:checked=move || form.with(|f| f.application_type == ApplicationType::New)
                        on:change=move |_| form.update(|f| f.application_type = ApplicationType::New)/>
                    {move || r().type_new}
                </label>
                <label class="choice">
                    <input type="radio" name="application_type" id="type-reapplication"
                        prop:checked=move || form.with(|f| f.application_type == ApplicationType::Reapplication)
                        on:change=move |_| form.update(|f| f.application_type = ApplicationType::Reapplication)/>
                    {move || r().type_reapplication}
                </label>
            </fieldset>
            <p class="hint">{move || r().name_hint}</p>
            {text_field(state, "applicant-name", "/applicant/name", l(|r| r.applicant_name), true, "text",
                |f| f.applicant.name.clone(), |f, v| f.applicant.name = v)}
            {text_field(state, "applicant-kana", "/applicant/name_kana", l(|r| r.applicant_kana), true, "text",
                |f| f.applicant.name_kana.clone(), |f, v| f.applicant.name_kana = v)}
            {text_field(state, "birth-date", "/applicant/birth_date", l(|r| r.birth_date), true, "date",
                |f| f.applicant.birth_date.clone(), |f, v| f.applicant.birth_date = v)}

            <h2>{move || r().university_section}</h2>
            <p class="section-note">{move || r().university_note}</p>
            {text_field(state, "school-name", "/enrollment/name", l(|r| r.school_name), true, "text",
                |f| f.enrollment.name.clone(), |f, v| f.enrollment.name = v)}
            {text_field(state, "school-kana", "/enrollment/name_kana", l(|r| r.school_kana), true, "text",
                |f| f.enrollment.name_kana.clone(), |f, v| f.enrollment.name_kana = v)}
            {text_field(state, "school-roman", "/enrollment/name_roman", l(|r| r.school_roman), true, "text",
                |f| f.enrollment.name_roman.clone(), |f, v| f.enrollment.name_roman = v.to_ascii_uppercase())}
            <Field id="affiliation-1" label=l(|r| r.affiliation[0]) required=true error=Signal::derive(|| None)>
                <select id="affiliation-1" on:change=move |ev| {
                    faculty.set(parse_id(event_target_value(&ev)));
                    department.set(None);
                    form.update(|f| f.enrollment.affiliation_id = 0);
                }>
                    <option value="">{move || r().choose}</option>
                    {move || options(faculties(), faculty.get())}
                </select>
            </Field>
            <Field id="affiliation-2" label=l(|r| r.affiliation[1]) required=true error=Signal::derive(|| None)>
                <select id="affiliation-2" on:change=move |ev| {
                    department.set(parse_id(event_target_value(&ev)));
                    form.update(|f| f.enrollment.affiliation_id = 0);
                }>
                    <option value="">{move || r().choose}</option>
                    {move || options(departments(), department.get())}
                </select>
            </Field>
            <Field id="affiliation-3" label=l(|r| r.affiliation[2]) required=true error=state.error("/enrollment/affiliation_id")>
                <select id="affiliation-3" on:change=move |ev| {
                    let id = parse_id(event_target_value(&ev)).unwrap_or(0);
                    form.update(|f| f.enrollment.affiliation_id = id);
                    state.touch("/enrollment/affiliation_id");
                }>
                    <option value="">{move || r().choose}</option>
                    {move || options(subjects(), Some(form.with(|f| f.enrollment.affiliation_id)))}
                </select>
            </Field>
            <Field id="degree-program" label=l(|r| r.degree_program) required=true error=state.error("/enrollment/degree_program")>
                <div class="choices" id="degree-program">
                    {move || programs.get().into_iter().map(|p| {
                        let code = p.code.clone();
                        let selected = p.code.clone();
                        view! {
                            <label class="choice">
                                <input type="radio" name="degree_program" value=p.code.clone()
                                    prop:checked=move || form.with(|f| f.enrollment.degree_program == selected)
                                    on:change=move |_| form.update(|f| f.enrollment.degree_program = code.clone())/>
                                {p.name.get(i18n.locale()).to_owned()}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </Field>
            {text_field(state, "student-id", "/enrollment/student_id", l(|r| r.student_id), false, "text",
                |f| f.enrollment.student_id.clone(), |f, v| f.enrollment.student_id = v)}
            {text_field(state, "matriculation", "/enrollment/matriculation", l(|r| r.matriculation), false, "month",
                |f| f.enrollment.matriculation.clone(), |f, v| f.enrollment.matriculation = v)}
            {text_field(state, "graduation", "/enrollment/graduation", l(|r| r.graduation), true, "month",
                |f| f.enrollment.graduation.clone(), |f, v| f.enrollment.graduation = v)}
            <fieldset class="field">
                <legend>{move || r().completion}</legend>
                <label class="choice">
                    <input type="radio" name="completion" id="graduated"
                        prop:checked=move || form.with(|f| f.enrollment.completion == Completion::Graduated)
                        on:change=move |_| form.update(|f| f.enrollment.completion = Completion::Graduated)/>
                    {move || r().graduated}
                </label>
                <label class="choice">
                    <input type="radio" name="completion" id="withdrawn"
                        prop:checked=move || form.with(|f| f.enrollment.completion == Completion::Withdrawn)
                        on:change=move |_| form.update(|f| f.enrollment.completion = Completion::Withdrawn)/>
                    {move || r().withdrawn}
                </label>
            </fieldset>

            <h2>{move || r().address_section}</h2>
            <p class="section-note">{move || r().phone_note}</p>
            {text_field(state, "postal-code", "/address/postal_code", l(|r| r.postal_code), true, "text",
                |f| f.address.postal_code.clone(), |f, v| f.address.postal_code = v)}
            {text_field(state, "prefecture", "/address/prefecture", l(|r| r.prefecture), true, "text",
                |f| f.address.prefecture.clone(), |f, v| f.address.prefecture = v)}
            {text_field(state, "city", "/address/city", l(|r| r.city), true, "text",
                |f| f.address.city.clone(), |f, v| f.address.city = v)}
            {text_field(state, "street", "/address/street", l(|r| r.street), true, "text",
                |f| f.address.street.clone(), |f, v| f.address.street = v)}
            {text_field(state, "apartment", "/address/apartment", l(|r| r.apartment), false, "text",
                |f| optional(&f.address.apartment), |f, v| f.address.apartment = some(v))}
            {text_field(state, "phone", "/phone", l(|r| r.phone), true, "tel",
                |f| f.phone.clone(), |f, v| f.phone = v)}
            {text_field(state, "mobile-phone", "/mobile_phone", l(|r| r.mobile_phone), true, "tel",
                |f| f.mobile_phone.clone(), |f, v| f.mobile_phone = v)}
            {text_field(state, "contact-email", "/contact_email", l(|r| r.contact_email), true, "email",
                |f| f.contact_email.clone(), |f, v| f.contact_email = v)}

            <h2>{move || r().purpose_section}</h2>
            {text_field(state, "intended-use", "/purpose/intended_use", l(|r| r.intended_use), true, "text",
                |f| f.purpose.intended_use.clone(), |f, v| f.purpose.intended_use = v)}
            {text_field(state, "submit-to", "/purpose/submit_to", l(|r| r.submit_to), true, "text",
                |f| f.purpose.submit_to.clone(), |f, v| f.purpose.submit_to = v)}

            <h2>{move || r().employer_section}</h2>
            {text_field(state, "employer-name", "/employer/name", l(|r| r.employer_name), false, "text",
                |f| f.employer.as_ref().map(|e| optional(&e.name)).unwrap_or_default(), |f, v| employer(f).name = some(v))}
            {text_field(state, "employer-postal-code", "/employer/postal_code", l(|r| r.postal_code), false, "text",
                |f| f.employer.as_ref().map(|e| optional(&e.postal_code)).unwrap_or_default(), |f, v| employer(f).postal_code = some(v))}
            {text_field(state, "employer-prefecture", "/employer/prefecture", l(|r| r.prefecture), false, "text",
                |f| f.employer.as_ref().map(|e| optional(&e.prefecture)).unwrap_or_default(), |f, v| employer(f).prefecture = some(v))}
            {text_field(state, "employer-city", "/employer/city", l(|r| r.city), false, "text",
                |f| f.employer.as_ref().map(|e| optional(&e.city)).unwrap_or_default(), |f, v| employer(f).city = some(v))}
            {text_field(state, "employer-street", "/employer/street", l(|r| r.street), false, "text",
                |f| f.employer.as_ref().map(|e| optional(&e.street)).unwrap_or_default(), |f, v| employer(f).street = some(v))}
            {text_field(state, "employer-apartment", "/employer/apartment", l(|r| r.apartment), false, "text",
                |f| f.employer.as_ref().map(|e| optional(&e.apartment)).unwrap_or_default(), |f, v| employer(f).apartment = some(v))}
            {text_field(state, "employer-phone", "/employer/phone", l(|r| r.phone), false, "tel",
                |f| f.employer.as_ref().map(|e| optional(&e.phone)).unwrap_or_default(), |f, v| employer(f).phone = some(v))}

            <h2>{move || r().document_section}</h2>
            <p class="section-note">{move || r().document_note}</p>
            <fieldset class="field">
                <legend>{move || r().document_kind}</legend>
                {IdentityDocumentKind::ALL.into_iter().enumerate().map(|(i, kind)| view! {
                    <label class="choice">
                        <input type="radio" name="document_kind" id=format!("kind-{i}")
                            prop:checked=move || form.with(|f| f.identity_document.kind == kind)
                            on:change=move |_| form.update(|f| f.identity_document.kind = kind)/>
                        {move || r().document_kinds[i]}
                    </label>
                }).collect_view()}
            </fieldset>
            <Field id="front" label=l(|r| r.front_image) required=true error=state.error("/identity_document/front")>
                <input id="front" type="file" accept="image/jpeg,image/gif,image/png" on:change=move |ev| upload(ev, false)/>
                {move || front_progress.get().map(|p| view! {
                    <progress max="1" value=p></progress><span class="uploading">{r().uploading}</span>
                })}
                <ProblemBanner failure=front_failure/>
                {move || preview(form.with(|f| f.identity_document.front), "front")}
            </Field>
            <Field id="back" label=l(|r| r.back_image) error=state.error("/identity_document/back")>
                <input id="back" type="file" accept="image/jpeg,image/gif,image/png" on:change=move |ev| upload(ev, true)/>
                {move || back_progress.get().map(|p| view! {
                    <progress max="1" value=p></progress><span class="uploading">{r().uploading}</span>
                })}
                <ProblemBanner failure=back_failure/>
                {move || preview_back(form.with(|f| f.identity_document.back), "back")}
            </Field>
            <p class="hint">{move || r().image_shown}</p>
            <Field id="remarks" label=l(|r| r.remarks) error=state.error("/remarks")>
                <textarea id="remarks" rows="3"
                    prop:value=move || form.with(|f| f.remarks.clone())
                    on:input=move |ev| form.update(|f| f.remarks = event_target_value(&ev))></textarea>
            </Field>
            <p class="banner" role="alert" id="fix-errors">
                {move || (show_errors.get() && !state.violations.with(Vec::is_empty)).then(|| r().fix_errors)}
            </p>
            <div class="actions">
                <button type="button" class="secondary" id="back-to-terms" on:click=move |_| on_back.run(())>{move || r().back}</button>
                <button type="submit" class="primary" id="check">{move || r().check}</button>
            </div>
        </form>
    }
}

/// The link's API path, for the uploads.
#[derive(Clone)]
struct UploadBase(String);

/// Manual 2.1 step 15: every entry, then Back or Application.
#[component]
fn Confirmation(
    form: RwSignal<ApplicationForm>,
    tree: Memo<Vec<AffiliationNode>>,
    programs: Memo<Vec<DegreeProgram>>,
    base: String,
    on_back: Callback<()>,
    on_received: Callback<ApplicationReceipt>,
) -> impl IntoView {
    let i18n = use_i18n();
    let failure = RwSignal::new(None::<ApiFailure>);
    let sending = RwSignal::new(false);
    let submit_base = base.clone();
    let submit = move |_| {
        sending.set(true);
        failure.set(None);
        let path = format!("{submit_base}/application");
        let locale = i18n.locale();
        let body = form.get_untracked();
        spawn_local(async move {
            match api::post::<_, ApplicationReceipt>(&path, &body, locale).await {
                Ok(receipt) => on_received.run(receipt),
                Err(err) => failure.set(Some(err)),
            }
            sending.set(false);
        });
    };
    let rows = move || {
        let r = i18n.r();
        let locale = i18n.locale();
        let f = form.get();
        let names = tree.with(|t| {
            subject_path(t, f.enrollment.affiliation_id)
                .map(|path| path.map(|n| n.name.get(locale).to_owned()).join(" / "))
                .unwrap_or_default()
        });
        let program = programs
            .with(|p| p.iter().find(|p| p.code == f.enrollment.degree_program).map(|p| p.name.get(locale).to_owned()))
            .unwrap_or_default();
        let application_type = match f.application_type {
            ApplicationType::New => r.type_new,
            ApplicationType::Reapplication => r.type_reapplication,
        };
        submitted_form(&f, r, application_type, names, program)
    };
    let images = move || {
        let f = form.get();
        [f.identity_document.front, f.identity_document.back]
            .into_iter()
            .flatten()
            .map(|id| view! { <img class="preview" src=api::document_path(&base, id) alt=""/> })
            .collect_view()
    };
    view! {
        <section class="card" id="confirmation">
            {rows}
            <div class="previews">{images}</div>
            <ProblemBanner failure/>
            <div class="actions">
                <button type="button" class="secondary" id="back-to-form" on:click=move |_| on_back.run(())>{move || i18n.r().back}</button>
                <button type="button" class="primary" id="apply" disabled=move || sending.get() on:click=submit>
                    {move || i18n.r().application_button}
                </button>
            </div>
        </section>
    }
}

/// The form as submitted, section by section with the registration screens' labels: the
/// applicant's confirmation (manual 2.1 step 15) and the reviewer's view of an application.
/// The caller names the affiliation, the degree program and the application type.
pub fn submitted_form(
    f: &ApplicationForm,
    r: &'static RegistrationTexts,
    application_type: &'static str,
    names: String,
    program: String,
) -> impl IntoView {
    let none = r.none.to_owned();
    let or_none = |v: &str| if v.trim().is_empty() { none.clone() } else { v.to_owned() };
    let opt = |v: &Option<String>| or_none(v.as_deref().unwrap_or(""));
    let kind_index = IdentityDocumentKind::ALL.iter().position(|k| *k == f.identity_document.kind).unwrap_or(0);
    let e = f.employer.clone().unwrap_or_default();
    let sections: Vec<(&'static str, Vec<(&'static str, String)>)> = vec![
        (
            r.applicant_section,
            vec![
                (r.application_type, application_type.to_owned()),
                (r.applicant_name, f.applicant.name.clone()),
                (r.applicant_kana, f.applicant.name_kana.clone()),
                (r.birth_date, f.applicant.birth_date.replace('-', "/")),
            ],
        ),
        (
            r.university_section,
            vec![
                (r.school_name, f.enrollment.name.clone()),
                (r.school_kana, f.enrollment.name_kana.clone()),
                (r.school_roman, f.enrollment.name_roman.clone()),
                (r.affiliation_all, names),
                (r.degree_program, program),
                (r.student_id, or_none(&f.enrollment.student_id)),
                (r.matriculation, or_none(&f.enrollment.matriculation.replace('-', "/"))),
                (r.graduation, f.enrollment.graduation.replace('-', "/")),
                (
                    r.completion,
                    match f.enrollment.completion {
                        Completion::Graduated => r.graduated,
                        Completion::Withdrawn => r.withdrawn,
                    }
                    .to_owned(),
                ),
            ],
        ),
        (
            r.address_section,
            vec![
                (r.postal_code, f.address.postal_code.clone()),
                (r.prefecture, f.address.prefecture.clone()),
                (r.city, f.address.city.clone()),
                (r.street, f.address.street.clone()),
                (r.apartment, opt(&f.address.apartment)),
                (r.phone, f.phone.clone()),
                (r.mobile_phone, f.mobile_phone.clone()),
                (r.contact_email, f.contact_email.clone()),
            ],
        ),
        (
            r.purpose_section,
            vec![(r.intended_use, f.purpose.intended_use.clone()), (r.submit_to, f.purpose.submit_to.clone())],
        ),
        (
            r.employer_section,
            vec![
                (r.employer_name, opt(&e.name)),
                (r.postal_code, opt(&e.postal_code)),
                (r.prefecture, opt(&e.prefecture)),
                (r.city, opt(&e.city)),
                (r.street, opt(&e.street)),
                (r.apartment, opt(&e.apartment)),
                (r.phone, opt(&e.phone)),
            ],
        ),
        (
            r.document_section,
            vec![(r.document_kind, r.document_kinds[kind_index].to_owned()), (r.remarks, or_none(&f.remarks))],
        ),
    ];
    sections
        .into_iter()
        .map(|(title, rows)| {
            view! {
                <h2>{title}</h2>
                <dl class="confirm">
                    {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
            }
        })
        .collect_view()
}
