//! The documents staff prepare, on an order's screen (issue 11): each line of a certificate
//! type staff prepare (the medical examination certificate), whether its PDF is attached,
//! and a file field to attach it, or replace it until a copy is issued from it.

use cis_shared::documents::PreparedDocument;
use cis_shared::Locale;
use leptos::prelude::*;

use super::upload::chosen_file;
use super::{local_time, use_staff};
use crate::api::Method;
use crate::components::{failure_of, ProblemBanner, Submit};
use crate::i18n::{use_i18n, I18n};

pub struct PreparedTexts {
    pub title: &'static str,
    pub waiting: &'static str,
    pub attached: &'static str,
    pub pages: &'static str,
    pub attach: &'static str,
    pub replace: &'static str,
    pub issued: &'static str,
}

const JA: PreparedTexts = PreparedTexts {
    title: "大学で準備する証明書",
    waiting: "書類の添付待ち（添付するまで印刷できません）",
    attached: "添付済み",
    pages: "ページ",
    attach: "PDFを添付",
    replace: "PDFを差し替え",
    issued: "この書類から証明書を発行済みのため、差し替えできません。",
};

const EN: PreparedTexts = PreparedTexts {
    title: "Certificates the university prepares",
    waiting: "Waiting for its document (it cannot be printed until attached)",
    attached: "Attached",
    pages: "pages",
    attach: "Attach PDF",
    replace: "Replace PDF",
    issued: "A certificate has been issued from this document; it can no longer be replaced.",
};

impl I18n {
    pub fn prepared(&self) -> &'static PreparedTexts {
        match self.locale() {
            Locale::Ja => &JA,
            Locale::En => &EN,
        }
    }
}

/// The order's lines staff prepare, each with its document; nothing when it has none.
#[component]
pub fn PreparedDocuments(number: String, lines: Vec<PreparedDocument>) -> impl IntoView {
    let i18n = use_i18n();
    (!lines.is_empty()).then(|| {
        let rows = lines.into_iter().map(|line| view! { <PreparedLine number=number.clone() line/> }).collect_view();
        view! {
            <section class="card" id="prepared-documents">
                <h2>{move || i18n.prepared().title}</h2>
                <ul class="prepared">{rows}</ul>
            </section>
        }
    })
}

#[component]
fn PreparedLine(number: String, line: PreparedDocument) -> impl IntoView {
    let (i18n, session) = (use_i18n(), use_staff());
    let n = line.line;
    let current = RwSignal::new(line);
    let chosen = RwSignal::new(false);
    let input_id = format!("prepared-file-{n}");
    let attach: Submit<(), Option<PreparedDocument>> = Action::new_local(move |_: &()| {
        let (locale, id) = (i18n.locale(), format!("prepared-file-{n}"));
        let path = format!("/api/v1/staff/orders/{number}/lines/{n}/document");
        async move {
            let Some(file) = chosen_file(&id) else { return Ok(None) };
            let answer = session.send_file::<PreparedDocument>(Method::PUT, &path, &file, locale).await;
            if let Ok(Some(document)) = &answer {
                current.set(document.clone());
            }
            answer
        }
    });
    let state = move || {
        let (t, locale) = (i18n.prepared(), i18n.locale());
        current.with(|l| match &l.attached_at {
            Some(at) => format!("{} {} ({} {})", t.attached, local_time(at, locale), l.pages.unwrap_or(0), t.pages),
            None => t.waiting.to_owned(),
        })
    };
    let form = move || {
        let t = i18n.prepared();
        if !current.with(|l| l.replaceable) {
            return view! { <p class="note">{t.issued}</p> }.into_any();
        }
        let label = if current.with(|l| l.attached_at.is_some()) { t.replace } else { t.attach };
        view! {
            <input type="file" accept="application/pdf,.pdf" id=input_id.clone() on:change=move |_| chosen.set(true)/>
            <button type="button" class="primary" id=format!("attach-{n}")
                disabled=move || !chosen.get() || attach.pending().get()
                on:click=move |_| { attach.dispatch(()); }>{label}</button>
        }
        .into_any()
    };
    view! {
        <li class="prepared-line" id=format!("prepared-{n}")>
            <strong>{move || current.with(|l| l.name.get(i18n.locale()).to_owned())}</strong>" "
            <span class="prepared-state">{state}</span>
            <ProblemBanner failure=failure_of(attach) id="prepared-problem"/>
            {form}
        </li>
    }
}
