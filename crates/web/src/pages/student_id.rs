//! The link of the mail "Register an additional student ID number" (manual 2.3 steps
//! 7–10): the registration flow (`pages::application`) with only its student record, its
//! confirmation and its reception; under a resubmission link, filled in as sent and with
//! the university's reason. No login needed: the link is the key.

use cis_shared::application::{ApplicationForm, ApplicationType, Enrollment};
use cis_shared::Locale;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::Deserialize;

use crate::api;
use crate::components::Layout;
use crate::i18n::use_i18n;
use crate::pages::application::{ApplicationFlow, LinkKind, LinkProblem, Step};

/// What the page reads of the API's `StudentIdLink` (`cis_shared::student_id`): the rest
/// (the records' names and affiliations, the locale) is left unread, which keeps the
/// applicant bundle, whose budget is nearly spent, from carrying its decoder.
#[derive(Clone, Deserialize)]
struct StudentIdLink {
    email: String,
    expires_at: String,
    enrollments: Vec<Registered>,
    enrollment: Enrollment,
    returned: Option<Returned>,
}

/// A student record the account has: its student ID.
#[derive(Clone, Deserialize)]
struct Registered {
    student_id: String,
}

/// The application the university sent back: why.
#[derive(Clone, Deserialize)]
struct Returned {
    reason: String,
}

#[component]
pub fn StudentIdPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let base = format!("/api/v1/student-id-applications/{token}");
    let path = base.clone();
    let link = LocalResource::new(move || {
        let path = path.clone();
        async move { api::get::<StudentIdLink>(&path, Locale::Ja).await }
    });
    move || match link.get() {
        None => view! {
            <Layout title=Signal::derive(move || i18n.sid_form().title)>
                <p class="card">{move || i18n.r().loading}</p>
            </Layout>
        }
        .into_any(),
        Some(Err(failure)) => view! { <LinkProblem failure student_id=true/> }.into_any(),
        Some(Ok(link)) => {
            let form = ApplicationForm {
                application_type: ApplicationType::AdditionalStudentId,
                enrollment: link.enrollment,
                ..Default::default()
            };
            let registered = link.enrollments.into_iter().map(|e| e.student_id).collect::<Vec<_>>();
            view! {
                <ApplicationFlow
                    kind=LinkKind::StudentId
                    base=base.clone()
                    email=link.email
                    expires_at=link.expires_at
                    form
                    first_step=Step::Form
                    reason=link.returned.map(|r| r.reason)
                    registered
                />
            }
            .into_any()
        }
    }
}
