//! "Personal setting" (manual 2.4 (a)): the applicant's information, the address and the
//! employer, prefilled → Check → the confirmation → Application → "Change complete" → OK.
//! The fields, their checks and the confirmation's rows are the application form's own.

use cis_shared::application::{ApplicationForm, Violations};
use cis_shared::profile::{validate_profile, Profile};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::application::{
    personal_sections, AddressSection, ApplicantFields, EmployerSection, ErrorSummary, FormState, Rules,
};
use crate::api::{ApiFailure, Method};
use crate::components::{failure_of, ProblemBanner, Submit};
use crate::i18n::use_i18n;
use crate::menu::GraduateLayout;
use crate::session::use_session;

/// The profile in the application form's shape, so that the form's fields edit it.
fn as_form(p: Profile) -> ApplicationForm {
    let mut form = ApplicationForm {
        applicant: p.applicant,
        address: p.address,
        phone: p.phone,
        mobile_phone: p.mobile_phone,
        contact_email: p.contact_email,
        employer: p.employer,
        ..ApplicationForm::default()
    };
    form.agreed_to_terms = true;
    form
}

fn of_form(f: &ApplicationForm) -> Profile {
    Profile {
        applicant: f.applicant.clone(),
        address: f.address.clone(),
        phone: f.phone.clone(),
        mobile_phone: f.mobile_phone.clone(),
        contact_email: f.contact_email.clone(),
        employer: f.employer.clone(),
    }
}

fn rules(f: &ApplicationForm, context: &cis_shared::application::Context<'_>) -> Violations {
    validate_profile(&of_form(f), context.today)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Form,
    Confirm,
    Done,
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let loaded = LocalResource::new(move || async move {
        session.call::<(), Profile>(Method::GET, "/api/v1/me/profile", None, i18n.locale()).await
    });
    let body = move || {
        let profile = match loaded.get()? {
            Ok(profile) => profile,
            Err(failure) => return Some(view! { <ProblemBanner failure=Some(failure)/> }.into_any()),
        };
        Some(view! { <ProfileSteps profile/> }.into_any())
    };
    view! {
        <GraduateLayout title=Signal::derive(move || i18n.s().menu_profile)>
            {move || loaded.get().is_none().then(|| view! { <p class="card">{i18n.r().loading}</p> })}
            {body}
        </GraduateLayout>
    }
}

#[component]
fn ProfileSteps(profile: Profile) -> impl IntoView {
    let i18n = use_i18n();
    let r = move || i18n.r();
    let session = use_session();
    let state = FormState::with_rules(as_form(profile), Vec::new(), Rules::Form(rules));
    provide_context(state);
    let step = RwSignal::new(Step::Form);
    let save: Submit<Profile, Profile> = Action::new_local(move |body: &Profile| {
        let (body, locale) = (body.clone(), i18n.locale());
        async move {
            let answer = session.call::<_, Profile>(Method::PUT, "/api/v1/me/profile", Some(&body), locale).await;
            match &answer {
                Ok(_) => step.set(Step::Done),
                Err(ApiFailure::Problem(p)) if !p.errors.is_empty() => {
                    step.set(Step::Form);
                    state.refuse_from_server(p.errors.iter().map(|e| (e.field.clone(), e.code)).collect());
                }
                Err(_) => {}
            }
            answer
        }
    });
    let navigate = use_navigate();
    move || match step.get() {
        Step::Form => view! {
            <form class="card application profile" novalidate on:submit=move |ev| {
                ev.prevent_default();
                if state.check() {
                    step.set(Step::Confirm);
                }
            }>
                <ErrorSummary/>
                <h2>{move || r().applicant_section}</h2>
                <ApplicantFields/>
                <AddressSection/>
                <EmployerSection/>
                <div class="actions">
                    <A href="/home" attr:class="button secondary" attr:id="back">{move || r().back}</A>
                    <button type="submit" class="primary" id="check">{move || r().check}</button>
                </div>
            </form>
        }
        .into_any(),
        Step::Confirm => view! {
            <section class="card confirmation" id="confirmation">
                <h2>{move || r().confirm_title}</h2>
                {move || state.form.with(|f| personal_sections(f, i18n.r()))}
                <ProblemBanner failure=failure_of(save)/>
                <div class="actions">
                    <button type="button" class="secondary" id="back-to-form" on:click=move |_| step.set(Step::Form)>
                        {move || r().back}
                    </button>
                    <button type="button" class="primary" id="apply" disabled=move || save.pending().get()
                        on:click=move |_| { save.dispatch(state.form.with_untracked(of_form)); }>
                        {move || r().application_button}
                    </button>
                </div>
            </section>
        }
        .into_any(),
        Step::Done => {
            let navigate = navigate.clone();
            view! {
                <section class="card" id="change-done" role="status">
                    <h2>{move || i18n.s().change_complete}</h2>
                    <p class="strong">{move || i18n.s().profile_changed}</p>
                    <button type="button" class="primary" id="ok" on:click=move |_| navigate("/home", NavigateOptions::default())>
                        {move || i18n.s().ok}
                    </button>
                </section>
            }
            .into_any()
        }
    }
}
