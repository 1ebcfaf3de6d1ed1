//! "Register additional student ID number" of the ⚙ menu (manual 2.3 steps 3–5): the Note
//! and Send, then Application Completed and OK. The mail's one-time link opens the form
//! (`pages::student_id`, in the applicant bundle).

use cis_shared::student_id::StudentIdRequested;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::Method;
use crate::components::{failure_of, NoteBox, ProblemBanner, Submit};
use crate::i18n::use_i18n;
use crate::menu::GraduateLayout;
use crate::session::use_session;

#[component]
pub fn StudentIdRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.sid();
    let session = use_session();
    let navigate = use_navigate();
    let send: Submit<(), StudentIdRequested> = Action::new_local(move |_: &()| {
        let locale = i18n.locale();
        async move { session.call::<(), _>(Method::POST, "/api/v1/me/student-id-requests", None, locale).await }
    });
    let sent = move || send.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).cloned());
    let title = Signal::derive(move || if sent().is_some() { t().completed_title } else { t().title });

    view! {
        <GraduateLayout title>
            {move || match sent() {
                // manual 2.3 step 5
                Some(done) => {
                    let navigate = navigate.clone();
                    view! {
                        <section class="card" id="student-id-requested" role="status">
                            <p class="strong">{move || t().completed}</p>
                            <p id="mail-sent">{(t().mail_sent)(&done.email, done.link_valid_minutes)}</p>
                            <button type="button" class="primary" id="ok"
                                on:click=move |_| navigate("/home", NavigateOptions::default())>
                                {move || t().ok}
                            </button>
                        </section>
                    }
                    .into_any()
                }
                // manual 2.3 step 4
                None => view! {
                    <section class="card" id="student-id-request">
                        <NoteBox points=Signal::derive(move || t().notes.to_vec())/>
                        <ProblemBanner failure=failure_of(send)/>
                        <div class="actions">
                            <button type="button" class="primary" id="send" disabled=move || send.pending().get()
                                on:click=move |_| { send.dispatch(()); }>
                                {move || t().send}
                            </button>
                        </div>
                    </section>
                }
                .into_any(),
            }}
        </GraduateLayout>
    }
}
