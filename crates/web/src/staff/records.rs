//! The account an additional student ID number is for (manual 2.3), as the reviewer sees
//! it beside the student record to add: the person, and the student records it has.

use cis_shared::application::Completion;
use cis_shared::catalog::{DegreeProgram, LocalizedName};
use cis_shared::staff::ApplicantAccount;
use cis_shared::Locale;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The name of a degree program in the screen's language (its code when unknown).
pub fn program_name(programs: &[DegreeProgram], code: &str, locale: Locale) -> String {
    programs.iter().find(|p| p.code == code).map(|p| p.name.get(locale).to_owned()).unwrap_or_else(|| code.to_owned())
}

pub fn path_names(path: &[LocalizedName], locale: Locale) -> String {
    path.iter().map(|n| n.get(locale)).collect::<Vec<_>>().join(" / ")
}

/// The account an additional student ID is for, and the student records it has (manual
/// 2.3): the reviewer compares the record to add with them.
#[component]
pub fn AccountRecords(account: ApplicantAccount, programs: Memo<Vec<DegreeProgram>>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        let (r, s, locale) = (i18n.r(), i18n.staff(), i18n.locale());
        let person = [
            (s.name, account.name.clone()),
            (r.applicant_kana, account.name_kana.clone()),
            (s.birth_date, account.birth_date.replace('-', "/")),
            (s.mail_address, account.email.clone()),
            (s.status, s.account_state(account.state).to_owned()),
        ];
        let records = account.enrollments.iter().map(|e| {
            let completion = match e.completion {
                Completion::Graduated => r.graduated,
                Completion::Withdrawn => r.withdrawn,
            };
            let rows = [
                (r.student_id, e.student_id.clone()),
                (r.school_name, e.name.clone()),
                (r.affiliation_all, path_names(&e.affiliation_path, locale)),
                (r.degree_program, program_name(&programs.get(), &e.degree_program, locale)),
                (r.graduation, e.graduation.replace('-', "/")),
                (r.completion, completion.to_owned()),
            ];
            view! {
                <dl class="confirm account-record">
                    {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
            }
        });
        view! {
            <dl class="confirm" id="account-data">
                {person.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            <h3>{s.account_records}</h3>
            {(account.enrollments.is_empty()).then(|| view! { <p>{s.no_records}</p> })}
            <div id="account-records">{records.collect_view()}</div>
        }
    };
    view! { {rows} }
}
