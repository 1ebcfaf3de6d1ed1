//! Manual 2.1 step 15: every entry, then Back or Application; and the form as submitted,
//! which the reviewer's screen shows too.

use cis_shared::application::{ApplicationForm, ApplicationType, Completion, IdentityDocumentKind, Violations};
use cis_shared::catalog::subject_path;
use cis_shared::messages::ErrorCode;
use cis_shared::registration::ApplicationReceipt;
use leptos::prelude::*;

use super::link::{use_link, LinkKind};
use super::state::FormState;
use crate::api::{self, ApiFailure};
use crate::components::{failure_of, ProblemBanner, Submit};
use crate::i18n::{use_i18n, RegistrationTexts};

/// Every entry with Back and Application. A 422 goes back to the form with its field
/// errors (`on_refused`); an expired link is said above, with the offer of a new one.
///
/// Under a student ID link (manual 2.3 step 9) the form goes to the link itself, whose API
/// reads its `enrollment` and ignores the rest.
#[component]
pub fn Confirmation(
    kind: LinkKind,
    on_back: Callback<()>,
    on_refused: Callback<Violations>,
    on_received: Callback<ApplicationReceipt>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<FormState>();
    let link = use_link();
    let form = state.form;
    let whole = kind != LinkKind::StudentId;
    let path = if whole { format!("{}/application", link.base) } else { link.base.clone() };
    let apply: Submit<ApplicationForm, ApplicationReceipt> = Action::new_local(move |body: &ApplicationForm| {
        let (path, body, link, locale) = (path.clone(), body.clone(), link.clone(), i18n.locale());
        async move {
            let result = api::post::<_, ApplicationReceipt>(&path, &body, locale).await;
            match &result {
                Ok(receipt) => on_received.run(receipt.clone()),
                Err(ApiFailure::Problem(p)) if p.code == ErrorCode::ValidationFailed && !p.errors.is_empty() => {
                    on_refused.run(p.errors.iter().map(|e| (e.field.clone(), e.code)).collect())
                }
                Err(failure) => {
                    link.note(failure);
                }
            }
            result
        }
    });
    let failure = Signal::derive(move || {
        failure_of(apply).get().filter(|f| !matches!(f, ApiFailure::Problem(p) if p.code == ErrorCode::TokenExpired))
    });
    let rows = move || {
        let r = i18n.r();
        let f = form.get();
        let (names, program) = choice_names(state, &f, i18n.locale());
        let application_type = match f.application_type {
            ApplicationType::Reapplication => r.type_reapplication,
            // Its rows name no type (manual 2.3 step 9).
            ApplicationType::New | ApplicationType::AdditionalStudentId => r.type_new,
        };
        submitted_form(&f, r, application_type, names, program)
    };
    let base = use_link().base;
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
                <button type="button" class="primary" id="apply" disabled=move || apply.pending().get()
                    on:click=move |_| { apply.dispatch(form.get_untracked()); }>
                    {move || i18n.r().application_button}
                </button>
            </div>
        </section>
    }
}

/// The names of the student record's choices in the screen's language: the affiliation
/// (faculty / department / subject) and the degree program.
fn choice_names(state: FormState, f: &ApplicationForm, locale: cis_shared::Locale) -> (String, String) {
    let names = state.tree.with(|t| {
        subject_path(t, f.enrollment.affiliation_id)
            .map(|path| path.map(|n| n.name.get(locale).to_owned()).join(" / "))
            .unwrap_or_default()
    });
    let program = state
        .programs
        .with(|p| p.iter().find(|p| p.code == f.enrollment.degree_program).map(|p| p.name.get(locale).to_owned()))
        .unwrap_or_default();
    (names, program)
}

/// A section of the form as submitted: its title and its rows, each a label and a value.
type Section = (&'static str, Vec<(&'static str, String)>);

/// The form as submitted, section by section with the registration screens' labels: the
/// applicant's confirmation (manual 2.1 step 15) and the reviewer's view of an application.
/// The caller names the affiliation, the degree program and the application type. Of an
/// additional student ID number (manual 2.3 step 9) only the student record.
pub fn submitted_form(
    f: &ApplicationForm,
    r: &'static RegistrationTexts,
    application_type: &'static str,
    names: String,
    program: String,
) -> impl IntoView {
    let university = university_section(f, r, names, program);
    let sections = if f.application_type == ApplicationType::AdditionalStudentId {
        vec![university]
    } else {
        vec![
            applicant_section(f, r, application_type),
            university,
            address_section(f, r),
            (
                r.purpose_section,
                vec![(r.intended_use, f.purpose.intended_use.clone()), (r.submit_to, f.purpose.submit_to.clone())],
            ),
            employer_section(f, r),
            document_section(f, r),
        ]
    };
    render(sections)
}

/// Personal setting's confirmation (manual 2.4 (a) step 4): the applicant, the address and
/// the employer, with the registration screens' labels.
pub fn personal_sections(f: &ApplicationForm, r: &'static RegistrationTexts) -> impl IntoView {
    render(vec![(r.applicant_section, applicant_section_rows(f, r)), address_section(f, r), employer_section(f, r)])
}

fn render(sections: Vec<Section>) -> impl IntoView {
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

/// An entry left empty reads "none".
fn or_none(r: &RegistrationTexts, value: &str) -> String {
    if value.trim().is_empty() {
        r.none.to_owned()
    } else {
        value.to_owned()
    }
}

fn optional(r: &RegistrationTexts, value: &Option<String>) -> String {
    or_none(r, value.as_deref().unwrap_or(""))
}

fn applicant_section(f: &ApplicationForm, r: &'static RegistrationTexts, application_type: &'static str) -> Section {
    let mut rows = vec![(r.application_type, application_type.to_owned())];
    rows.extend(applicant_section_rows(f, r));
    (r.applicant_section, rows)
}

fn applicant_section_rows(f: &ApplicationForm, r: &'static RegistrationTexts) -> Vec<(&'static str, String)> {
    vec![
        (r.applicant_name, f.applicant.name.clone()),
        (r.applicant_kana, f.applicant.name_kana.clone()),
        (r.birth_date, f.applicant.birth_date.replace('-', "/")),
    ]
}

fn university_section(f: &ApplicationForm, r: &'static RegistrationTexts, names: String, program: String) -> Section {
    let completion = match f.enrollment.completion {
        Completion::Graduated => r.graduated,
        Completion::Withdrawn => r.withdrawn,
    };
    (
        r.university_section,
        vec![
            (r.school_name, f.enrollment.name.clone()),
            (r.school_kana, f.enrollment.name_kana.clone()),
            (r.school_roman, f.enrollment.name_roman.clone()),
            (r.affiliation_all, names),
            (r.degree_program, program),
            (r.student_id, or_none(r, &f.enrollment.student_id)),
            (r.matriculation, or_none(r, &f.enrollment.matriculation.replace('-', "/"))),
            (r.graduation, f.enrollment.graduation.replace('-', "/")),
            (r.completion, completion.to_owned()),
        ],
    )
}

fn address_section(f: &ApplicationForm, r: &'static RegistrationTexts) -> Section {
    (
        r.address_section,
        vec![
            (r.postal_code, f.address.postal_code.clone()),
            (r.prefecture, f.address.prefecture.clone()),
            (r.city, f.address.city.clone()),
            (r.street, f.address.street.clone()),
            (r.apartment, optional(r, &f.address.apartment)),
            (r.phone, f.phone.clone()),
            (r.mobile_phone, f.mobile_phone.clone()),
            (r.contact_email, f.contact_email.clone()),
        ],
    )
}

fn employer_section(f: &ApplicationForm, r: &'static RegistrationTexts) -> Section {
    let e = f.employer.clone().unwrap_or_default();
    (
        r.employer_section,
        vec![
            (r.employer_name, optional(r, &e.name)),
            (r.postal_code, optional(r, &e.postal_code)),
            (r.prefecture, optional(r, &e.prefecture)),
            (r.city, optional(r, &e.city)),
            (r.street, optional(r, &e.street)),
            (r.apartment, optional(r, &e.apartment)),
            (r.phone, optional(r, &e.phone)),
        ],
    )
}

fn document_section(f: &ApplicationForm, r: &'static RegistrationTexts) -> Section {
    let kind = IdentityDocumentKind::ALL.iter().position(|k| *k == f.identity_document.kind).unwrap_or(0);
    (
        r.document_section,
        vec![(r.document_kind, r.document_kinds[kind].to_owned()), (r.remarks, or_none(r, &f.remarks))],
    )
}
