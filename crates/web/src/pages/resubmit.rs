//! A resubmission link from the result mail: the submitted form reopens filled in, with the
//! reviewer's reason, and goes through the check, the confirmation and the reception again.

use cis_shared::registration::ResubmissionLink;
use cis_shared::Locale;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::Layout;
use crate::i18n::use_i18n;
use crate::pages::application::{ApplicationFlow, LinkKind, LinkProblem, Step};

#[component]
pub fn ResubmissionPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let base = format!("/api/v1/resubmissions/{token}");
    let link = LocalResource::new({
        let base = base.clone();
        move || {
            let base = base.clone();
            async move { api::get::<ResubmissionLink>(&base, Locale::Ja).await }
        }
    });
    move || match link.get() {
        None => view! {
            <Layout title=Signal::derive(move || i18n.r().form_title)>
                <p class="card">{move || i18n.r().loading}</p>
            </Layout>
        }
        .into_any(),
        Some(Err(failure)) => view! { <LinkProblem failure/> }.into_any(),
        Some(Ok(link)) => {
            let uploaded = link.documents.iter().map(|d| d.id).collect::<Vec<_>>();
            view! {
                <ApplicationFlow
                    kind=LinkKind::Resubmission
                    base=base.clone()
                    email=link.email
                    expires_at=link.expires_at
                    form=link.form
                    first_step=Step::Form
                    uploaded
                    reason=Some(link.reason)
                />
            }
            .into_any()
        }
    }
}
