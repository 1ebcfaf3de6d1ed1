//! The academic records import (issue 11): staff choose a CSV file and it is checked first
//! (`dry_run=true`: its rows, its students and every problem at its row and column; nothing
//! saved); Import, offered only for a file without problems, saves it. The columns named are
//! the shared parser's (`COLUMNS`), so the note cannot drift from what the API reads.

use cis_shared::academic_records::{ImportError, ImportReport, COLUMNS};
use leptos::prelude::*;

use super::{use_staff, StaffFrame};
use crate::components::{failure_of, ProblemBanner, Submit};
use crate::i18n::use_i18n;

/// The most problems listed: a file with thousands of bad rows is corrected from the first.
const SHOWN_PROBLEMS: usize = 100;

/// A file sent for its preview or its import.
#[derive(Clone)]
struct Run {
    file: web_sys::File,
    dry_run: bool,
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff();
    let file = StoredValue::new_local(None::<web_sys::File>);
    let file_name = RwSignal::new(None::<String>);
    // The last report, and whether it was the preview.
    let report = RwSignal::new(None::<(bool, ImportReport)>);
    let send: Submit<Run, ImportReport> = Action::new_local(move |run: &Run| {
        let (run, locale) = (run.clone(), i18n.locale());
        async move {
            let path = format!("/api/v1/staff/academic-records/imports?dry_run={}", run.dry_run);
            let answer = session.post_file::<ImportReport>(&path, &run.file, locale).await;
            report.set(answer.as_ref().ok().map(|r| (run.dry_run, r.clone())));
            if answer.as_ref().is_ok_and(|r| r.saved) {
                file.set_value(None);
                file_name.set(None);
            }
            answer
        }
    });
    let chosen = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(chosen) = input.files().and_then(|files| files.get(0)) else { return };
        // The same file chosen again, once corrected, is a change again.
        input.set_value("");
        file_name.set(Some(chosen.name()));
        file.set_value(Some(chosen.clone()));
        report.set(None);
        send.dispatch_local(Run { file: chosen, dry_run: true });
    };
    let import = move |_| {
        if let Some(chosen) = file.get_value() {
            send.dispatch_local(Run { file: chosen, dry_run: false });
        }
    };
    let importable = move || matches!(report.get(), Some((true, r)) if r.errors.is_empty() && r.rows > 0);
    let result = move || {
        let (_, r) = report.get()?;
        let t = i18n.printing();
        if r.saved {
            return Some(
                view! { <p class="notice ok" role="status" id="imported">{(t.imported)(r.rows, r.students)}</p> }
                    .into_any(),
            );
        }
        let verdict = if r.errors.is_empty() {
            view! { <p class="notice" id="no-problems">{t.no_problems}</p> }.into_any()
        } else {
            view! { <ProblemList errors=r.errors.clone()/> }.into_any()
        };
        Some(
            view! {
                <section class="card" id="import-preview">
                    <h2 class="break">{file_name.get()}</h2>
                    <p id="import-summary">{(t.preview)(r.rows, r.students)}</p>
                    {verdict}
                    <button type="button" class="primary narrow" id="import" on:click=import
                        disabled=move || !importable() || send.pending().get()>{t.import}</button>
                </section>
            }
            .into_any(),
        )
    };
    // Drawn again, with its texts, when the language changes; the file chosen is kept.
    let screen = move || {
        let t = i18n.printing();
        view! {
            <section class="card" id="import-form">
                <p class="hint">{t.import_note}</p>
                <p class="section-note">{t.columns_note}</p>
                <p><code id="import-columns">{COLUMNS.join(",")}</code></p>
                <div class="field">
                    <label for="csv-file">{t.choose_csv}</label>
                    <input id="csv-file" type="file" accept=".csv,text/csv" on:change=chosen disabled=move || send.pending().get()/>
                </div>
                {move || send.pending().get().then(|| view! { <p class="loading" role="status">{t.checking}</p> })}
                <ProblemBanner failure=failure_of(send) id="import-problem"/>
            </section>
            {result}
        }
    };
    view! { <StaffFrame title=Signal::derive(move || i18n.printing().import_title)>{screen}</StaffFrame> }
}

/// Every problem of the file (the first hundred), at its row and column, in words.
#[component]
fn ProblemList(errors: Vec<ImportError>) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.printing(), i18n.locale());
    let more = errors.len().saturating_sub(SHOWN_PROBLEMS);
    let rows = errors
        .into_iter()
        .take(SHOWN_PROBLEMS)
        .map(|e| {
            let column = if e.column == "file" {
                view! { <span>{t.whole_file}</span> }.into_any()
            } else {
                view! { <code>{e.column.clone()}</code> }.into_any()
            };
            view! {
                <tr class="import-error" data-row=e.row.to_string() data-column=e.column.clone()>
                    <td class="number">{e.row}</td><td>{column}</td><td>{e.code.message(locale)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="banner" role="alert" id="import-problems">{t.problems}</p>
        <div class="table-scroll">
            <table class="staff-table" id="import-errors">
                <thead><tr><th>{t.row}</th><th>{t.column}</th><th>{t.problem}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(more > 0).then(|| view! { <p class="section-note" id="more-problems">{(t.more_problems)(more)}</p> })}
    }
}
