//! The public verification of a certificate (issue 11), at `/verify`, without login: by the
//! verification code printed on the copy, or by the copy's PDF file. The QR code on every
//! copy opens `/verify#XXXX-XXXX-XXXX-XXXX`: the code is in the fragment, so it never reaches
//! a server log, and the page checks it as soon as it opens (and again when a second QR code
//! is scanned into the open page). The page shows only what the API answers: the type, the
//! holder, the issue date, the university, and whether the copy stands or was revoked.

use cis_shared::documents::{check_code, group_code, CopyStatus, FileVerification, Verification, MAX_PDF_BYTES};
use cis_shared::messages::ErrorCode;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{
    failure_of, focus_first_invalid, local_time, mark_invalid, Field, Layout, NoteBox, ProblemBanner, Submit,
};
use crate::i18n::{copy_status, use_i18n};

/// One check: a code in its canonical form, or a file.
#[derive(Clone)]
enum Check {
    Code(String),
    File(web_sys::File),
}

/// What a check found.
#[derive(Clone)]
enum Verdict {
    Code(Verification),
    /// No copy has this (well-formed) code: the API's 404.
    NoSuchCode,
    File(FileVerification),
}

/// The page's state, shared by its two ways and the result.
#[derive(Clone, Copy)]
struct Checker {
    code: RwSignal<String>,
    code_error: RwSignal<Option<ErrorCode>>,
    file_too_large: RwSignal<bool>,
    check: Submit<Check, Verdict>,
}

impl Checker {
    fn new() -> Checker {
        let i18n = use_i18n();
        let check: Submit<Check, Verdict> = Action::new_local(move |check: &Check| {
            let (check, locale) = (check.clone(), i18n.locale());
            async move {
                match check {
                    Check::Code(code) => match api::verification(&code, locale).await {
                        Ok(copy) => Ok(Verdict::Code(copy)),
                        Err(ApiFailure::Problem(p)) if p.status == 404 => Ok(Verdict::NoSuchCode),
                        Err(failure) => Err(failure),
                    },
                    Check::File(file) => api::verify_file(&file, locale).await.map(Verdict::File),
                }
            }
        });
        Checker {
            code: RwSignal::new(String::new()),
            code_error: RwSignal::new(None),
            file_too_large: RwSignal::new(false),
            check,
        }
    }

    /// Checks the code field: a malformed code is refused at the field, without asking the
    /// API (which would answer it as an unknown one); a code is shown back in its printed form.
    fn check_code(self) {
        match check_code(&self.code.get_untracked()) {
            Ok(code) => {
                self.code_error.set(None);
                self.code.set(group_code(&code));
                self.check.dispatch_local(Check::Code(code));
            }
            Err(error) => {
                self.code_error.set(Some(error));
                self.check.clear();
                focus_first_invalid();
            }
        }
    }

    /// The code in the address's fragment, when there is one, checked at once.
    fn check_fragment(self) {
        let hash = window().location().hash().unwrap_or_default();
        let hash = hash.trim_start_matches('#');
        if hash.is_empty() {
            return;
        }
        let typed = js_sys::decode_uri_component(hash).ok().map(String::from);
        self.code.set(typed.unwrap_or_else(|| hash.to_owned()));
        self.check_code();
    }

    fn check_file(self, file: web_sys::File) {
        let too_large = file.size() > MAX_PDF_BYTES as f64;
        self.file_too_large.set(too_large);
        if too_large {
            self.check.clear();
        } else if !self.check.pending().get_untracked() {
            self.check.dispatch_local(Check::File(file));
        }
    }
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let v = move || i18n.verification();
    let checker = Checker::new();
    Effect::new(move |_| untrack(move || checker.check_fragment()));
    let hash_change = window_event_listener(leptos::ev::hashchange, move |_| checker.check_fragment());
    on_cleanup(move || hash_change.remove());
    view! {
        <Layout title=Signal::derive(move || v().title)>
            <p class="verify-intro">{move || v().intro}</p>
            <VerdictArea checker/>
            <CodeForm checker/>
            <FileForm checker/>
            <NoteBox points=Signal::derive(move || v().notes.to_vec())/>
        </Layout>
    }
}

#[component]
fn CodeForm(checker: Checker) -> impl IntoView {
    let i18n = use_i18n();
    let v = move || i18n.verification();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        checker.check_code();
    };
    view! {
        <form class="card" id="code-form" on:submit=submit novalidate>
            <h2>{move || v().by_code}</h2>
            <Field id="code" label=Signal::derive(move || v().code_label) error=checker.code_error>
                <input id="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false"
                    placeholder="XXXX-XXXX-XXXX-XXXX" bind:value=checker.code/>
            </Field>
            <p class="hint" id="code-hint">{move || v().code_hint}</p>
            <button type="submit" class="primary" id="check-code" disabled=move || checker.check.pending().get()>
                {move || v().check}
            </button>
        </form>
    }
}

/// The file: dropped anywhere on the page (the zone lights up while one is dragged over
/// it), or chosen with the file input.
#[component]
fn FileForm(checker: Checker) -> impl IntoView {
    let i18n = use_i18n();
    let v = move || i18n.verification();
    let dragging = RwSignal::new(false);
    // Only files: text dragged into the code field drops there as usual.
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            dragging.set(true);
        }
    });
    let left = window_event_listener(leptos::ev::dragleave, move |ev| {
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let dropped = window_event_listener(leptos::ev::drop, move |ev| {
        dragging.set(false);
        if !carries_files(&ev) {
            return;
        }
        // Not opened by the browser in place of the page.
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|files| files.get(0)) {
            checker.check_file(file);
        }
    });
    on_cleanup(move || {
        over.remove();
        left.remove();
        dropped.remove();
    });
    let chosen = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        // The same file chosen again is a change again.
        input.set_value("");
        checker.check_file(file);
    };
    mark_invalid("file", checker.file_too_large.into());
    view! {
        <section class="card" id="file-form">
            <h2>{move || v().by_file}</h2>
            <p class="hint">{move || v().file_hint}</p>
            <div class="drop-zone" id="drop-zone" class:dragging=dragging>
                <p class="drop-text">{move || v().drop_here}</p>
                <label for="file">{move || v().choose_file}</label>
                <input id="file" type="file" accept="application/pdf,.pdf" on:change=chosen
                    disabled=move || checker.check.pending().get()/>
            </div>
            <p class="error" id="file-error">
                {move || checker.file_too_large.get().then(|| v().file_too_large)}
            </p>
        </section>
    }
}

fn carries_files(ev: &leptos::ev::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|d| d.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
}

/// The last check's outcome: "Checking…", the verdict, or why there is none.
#[component]
fn VerdictArea(checker: Checker) -> impl IntoView {
    let i18n = use_i18n();
    let check = checker.check;
    let verdict = move || {
        if check.pending().get() {
            return Some(
                view! { <p class="checking" id="checking">{move || i18n.verification().checking}</p> }.into_any(),
            );
        }
        let verdict = check.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok().cloned()))?;
        Some(view! { <VerdictView verdict/> }.into_any())
    };
    view! {
        <div class="verdict-area" id="result" aria-live="polite">
            {verdict}
            <ProblemBanner failure=failure_of(check)/>
        </div>
    }
}

#[component]
fn VerdictView(verdict: Verdict) -> impl IntoView {
    let i18n = use_i18n();
    let v = move || i18n.verification();
    match verdict {
        Verdict::Code(copy) => view! { <CopyView copy/> }.into_any(),
        Verdict::NoSuchCode => {
            view! { <p class="verdict unknown" id="no-such-code">{move || v().no_such_code}</p> }.into_any()
        }
        Verdict::File(FileVerification { copy: Some(copy), .. }) => {
            let date = printed_date(&copy.issued_on);
            view! {
                <p class="file-matches" id="file-matches">{move || (v().file_matches)(&date)}</p>
                <CopyView copy/>
            }
            .into_any()
        }
        Verdict::File(FileVerification { copy: None, .. }) => {
            view! { <p class="verdict unknown" id="no-match">{move || v().no_match}</p> }.into_any()
        }
    }
}

/// A copy: valid in green, revoked in red with since when (Japan time) and why.
#[component]
fn CopyView(copy: Verification) -> impl IntoView {
    let i18n = use_i18n();
    let v = move || i18n.verification();
    let (status, revoked) = (copy.status, copy.status == CopyStatus::Revoked);
    let revoked_at = copy.revoked_at.clone().unwrap_or_default();
    let headline = {
        let revoked_at = revoked_at.clone();
        move || match status {
            CopyStatus::Valid => v().valid.to_owned(),
            CopyStatus::Revoked => (v().revoked_since)(&local_time(&revoked_at, i18n.locale())),
        }
    };
    let revocation = revoked.then(|| {
        let reason = copy.revocation_reason.clone().unwrap_or_default();
        view! {
            <dt>{move || v().revoked_at}</dt>
            <dd id="revoked-at">{move || local_time(&revoked_at, i18n.locale())}</dd>
            <dt>{move || v().reason}</dt>
            <dd id="revocation-reason">{reason}</dd>
        }
    });
    let (valid, data_status) = (!revoked, if revoked { "revoked" } else { "valid" });
    view! {
        <section class="copy" class:valid=valid class:revoked=revoked id="verification" data-status=data_status>
            <p class="verdict" id="verdict"><StatusIcon revoked/>{headline}</p>
            <dl class="confirm">
                <dt>{move || v().certificate}</dt><dd id="certificate-type">{copy.certificate_type}</dd>
                <dt>{move || v().holder}</dt><dd id="holder-name">{copy.holder_name}</dd>
                <dt>{move || v().issued_on}</dt><dd id="issued-on">{printed_date(&copy.issued_on)}</dd>
                <dt>{move || v().university}</dt><dd id="issuer">{copy.university}</dd>
                <dt>{move || v().status}</dt><dd id="copy-status">{move || copy_status(status, i18n.locale())}</dd>
                {revocation}
            </dl>
        </section>
    }
}

/// A tick in a circle, or a cross: drawn, as an emoji would be an empty box without an
/// emoji font.
#[component]
fn StatusIcon(revoked: bool) -> impl IntoView {
    let mark = if revoked { "M5 5l6 6M11 5l-6 6" } else { "M4.5 8.5l2.5 2.5 4.5-5" };
    view! {
        <svg class="status-icon" viewBox="0 0 16 16" width="20" height="20" aria-hidden="true" focusable="false">
            <circle cx="8" cy="8" r="7.5" fill="currentColor"/>
            <path d=mark fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>
        </svg>
    }
}

/// The issue date as the app writes dates (`2026/11/26`) from the API's `2026-11-26`.
fn printed_date(iso: &str) -> String {
    iso.replace('-', "/")
}
