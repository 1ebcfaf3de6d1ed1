//! "Manual" (manual 3.1): the graduates' operating manual of this service in the chosen
//! language, from the ⚙ menu and from the login screen. Logged in, it is framed with the
//! menu; otherwise with the LANG pull-down and a way back to the login screen.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::Layout;
use crate::i18n::{use_i18n, Chapter};
use crate::menu::GraduateLayout;
use crate::session::use_session;

#[component]
pub fn ManualPage() -> impl IntoView {
    let i18n = use_i18n();
    let title = Signal::derive(move || i18n.manual().title);
    if use_session().is_active() {
        view! { <GraduateLayout title><ManualText/></GraduateLayout> }.into_any()
    } else {
        view! {
            <Layout title>
                <ManualText/>
                <p class="card"><A href="/login" attr:id="to-login">{move || i18n.t().to_login}</A></p>
            </Layout>
        }
        .into_any()
    }
}

#[component]
fn ManualText() -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let manual = i18n.manual();
        let contents = manual
            .chapters
            .iter()
            .map(|c| view! { <li><a href=format!("#{}", c.id)>{c.title}</a></li> })
            .collect_view();
        view! {
            <nav class="card manual-contents" aria-labelledby="manual-contents">
                <h2 id="manual-contents">{manual.contents}</h2>
                <ul>{contents}</ul>
            </nav>
            {manual.chapters.iter().map(|c| chapter(c, manual.steps, manual.notes)).collect_view()}
        }
    }
}

fn chapter(c: &'static Chapter, steps_label: &'static str, notes_label: &'static str) -> impl IntoView {
    let steps = (!c.steps.is_empty()).then(|| {
        view! {
            <h3>{steps_label}</h3>
            <ol class="manual-steps">{c.steps.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}</ol>
        }
    });
    let notes = (!c.notes.is_empty()).then(|| {
        view! {
            <h3>{notes_label}</h3>
            <ul class="manual-notes">{c.notes.iter().map(|n| view! { <li>{*n}</li> }).collect_view()}</ul>
        }
    });
    view! {
        <section class="card manual-chapter" id=c.id>
            <h2>{c.title}</h2>
            <p>{c.lead}</p>
            {steps}
            {notes}
        </section>
    }
}
